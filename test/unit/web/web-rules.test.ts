import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionStatus } from '../../../api/connection-status.js';
import { CONNECTION_FACING_CODES, ERROR_HELP, helpFor } from '../../../contracts/error-help.js';
import { CODE } from '../../../contracts/errors.js';
import { activityText } from '../../../web/activity-words.js';
import { badgeOf } from '../../../web/components/badge.js';
import { candidateReasons } from '../../../web/components/candidate-reasons.js';
import { ConnectionCard, timelinessText } from '../../../web/components/connection-card.js';
import { wantsHtml } from '../../../web/oauth-callback-page.js';

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11',
  platform: 'airbnb',
  reservationLabel: 'Airbnb',
  gmailLabelId: 'Label_1',
  gmailAddress: 'host@example.com',
  gmailStatus: 'connected',
  syncState: 'active',
  syncIntervalMinutes: 15,
  lastSyncAt: null,
  lastErrorAt: null,
  lastError: null,
  timeliness: 'onTime',
  syncLagSeconds: 0,
  push: { state: 'off', watchExpiresAt: null, lastNotificationAt: null },
  createdAt: '2026-06-01T10:00:00.000Z',
  updatedAt: '2026-06-01T10:00:00.000Z',
  ...over,
});
const status = (over: Partial<ConnectionStatus> = {}): ConnectionStatus => ({
  state: 'idle',
  syncState: 'active',
  gmail: 'ok',
  intervalMinutes: 15,
  pollIntervalMinutes: 15,
  push: { state: 'off', watchExpiresAt: null, lastNotificationAt: null },
  runCount: 1,
  currentRun: null,
  lastRun: null,
  nextSyncAt: null,
  lastError: null,
  timeliness: 'onTime',
  syncLagSeconds: 0,
  source: 'workflow',
  ...over,
});
const revoked = { code: CODE.AUTH_REVOKED, message: 'revoked', at: '2026-06-01T10:00:00.000Z' };
const labelMissing = {
  code: CODE.LABEL_NOT_FOUND,
  message: 'Gmail has no label "Airbnb"',
  at: '2026-06-01T10:00:00.000Z',
};

describe('the status badge', () => {
  it.each([
    [
      'never connected',
      connection({ gmailStatus: 'pending' }),
      status({ gmail: 'needs_reauth', source: 'database' }),
      'not_connected',
    ],
    [
      'deleted (tokens forgotten)',
      connection({ gmailStatus: 'revoked' }),
      status({ gmail: 'needs_reauth', source: 'database' }),
      'not_connected',
    ],
    [
      'Google revoked access',
      connection({ gmailStatus: 'error' }),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', lastError: revoked }),
      'needs_reauth',
    ],
    [
      'revoked while paused',
      connection({ gmailStatus: 'error', syncState: 'paused' }),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', syncState: 'paused' }),
      'needs_reauth',
    ],
    ['a run in flight', connection(), status({ state: 'syncing' }), 'syncing'],
    [
      'paused',
      connection({ syncState: 'paused' }),
      status({ state: 'paused', syncState: 'paused' }),
      'paused',
    ],
    [
      'label missing at connect',
      connection({ gmailStatus: 'error', lastError: labelMissing }),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', lastError: labelMissing, source: 'database' }),
      'error',
    ],
    [
      'label missing at connect, paused',
      connection({ gmailStatus: 'error', syncState: 'paused', lastError: labelMissing }),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', syncState: 'paused', source: 'database' }),
      'error',
    ],
    [
      'disconnected after Google had revoked access',
      connection({ gmailStatus: 'revoked', lastError: revoked }),
      status({ gmail: 'needs_reauth', lastError: revoked, source: 'database' }),
      'not_connected',
    ],
    [
      'a workflow that saw the revocation before Postgres did',
      connection(),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', lastError: revoked }),
      'needs_reauth',
    ],
    [
      'no key opens the tokens',
      connection({ gmailStatus: 'error' }),
      status({
        state: 'needs_reauth',
        gmail: 'needs_reauth',
        lastError: { ...revoked, code: CODE.TOKEN_KEY_UNKNOWN },
      }),
      'needs_reauth',
    ],
    ['the last run failed', connection(), status({ state: 'error' }), 'error'],
    ['healthy', connection(), status(), 'connected'],
  ] as const)('%s → %s', (_, conn, stat, badge) => {
    expect(badgeOf({ connection: conn, status: stat })).toBe(badge);
  });
});

describe('error help', () => {
  it('explains every connection-facing code with an action', () => {
    for (const code of CONNECTION_FACING_CODES) {
      expect(ERROR_HELP[code].explanation.length, code).toBeGreaterThan(10);
      expect(ERROR_HELP[code].action.length, code).toBeGreaterThan(5);
    }
  });

  it('falls back for a code no person should see', () => {
    expect(helpFor(CODE.UNSUPPORTED_MEDIA_TYPE).explanation).toBe('Something went wrong.');
    expect(helpFor(CODE.LABEL_NOT_FOUND).fix).toBe('edit_label');
  });
});

describe('activity in words', () => {
  it('says what a sync did with its counts', () => {
    const entry = {
      id: '1',
      event: 'connector_sync_completed',
      category: 'connector' as const,
      connectionId: null,
      context: { emailsArchived: 37, bookingsEnriched: 4 },
      createdAt: '2026-06-01T10:00:00.000Z',
    };
    expect(activityText(entry)).toBe('Gmail sync completed — 37 e-mails archived, 4 bookings enriched');
    expect(activityText({ ...entry, context: { emailsArchived: 1, bookingsEnriched: 1 } })).toBe(
      'Gmail sync completed — 1 e-mail archived, 1 booking enriched',
    );
    expect(activityText({ ...entry, event: 'connector_something_new' })).toBe('something new');
  });
});

describe('why a candidate ranks where it does', () => {
  const fact = {
    confirmationCode: 'HMABC',
    checkIn: '2026-07-10',
    checkOut: '2026-07-14',
    guestName: 'Ada Lovelace',
  } as Parameters<typeof candidateReasons>[0];
  const candidate = {
    bookingId: '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11',
    feedId: '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a12',
    score: 0.8,
    checkIn: '2026-07-11',
    checkOut: '2026-07-15',
    status: 'confirmed' as const,
    confirmationCode: 'hmabc',
    guestName: 'ada lovelace',
  };
  it('names the code, the date distance and the name', () => {
    expect(candidateReasons(fact, candidate)).toEqual([
      'same confirmation code',
      'dates 2 days off',
      'guest name matches',
    ]);
  });
  it('says only what both sides know', () => {
    expect(
      candidateReasons(
        { ...fact, confirmationCode: null, guestName: null },
        { ...candidate, checkIn: '2026-07-10', checkOut: '2026-07-14' },
      ),
    ).toEqual(['exactly the same dates']);
  });
});

describe('the callback answers HTML only to a browser', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['application/json', false],
    ['*/*', false],
    [undefined, false],
  ])('%s → %s', (accept, html) => {
    expect(wantsHtml(accept)).toBe(html);
  });
});

describe('a card says whether its connection syncs on schedule, by the API’s verdict', () => {
  it.each([
    [{ timeliness: 'onTime', syncLagSeconds: 0 }, 'yes'],
    [{ timeliness: 'delayed', syncLagSeconds: 45 * 60 }, 'delayed: 45 minutes past its interval'],
    [{ timeliness: 'failing', syncLagSeconds: 0 }, 'no: its last sync failed'],
  ] as const)('%o → %s', (verdict, text) => {
    expect(timelinessText(verdict)).toBe(text);
  });
});

describe('a card says whether Gmail push is on, and the interval in force', () => {
  const text = async (stat: ConnectionStatus) =>
    String(await ConnectionCard({ connection: connection(), status: stat })).replace(/<[^>]+>/g, '');

  it('push healthy: the long interval, the watch’s expiry and the last notification', async () => {
    const card = await text(
      status({
        pollIntervalMinutes: 60,
        push: {
          state: 'watching',
          watchExpiresAt: '2026-06-08T10:00:00.000Z',
          lastNotificationAt: '2026-06-01T10:05:00.000Z',
        },
      }),
    );
    expect(card).toContain('every 60 minutes while push is on (15 without)');
    expect(card).toContain('on: new mail is read within seconds');
    expect(card).toContain('lapses 8 Jun 2026');
    expect(card).toContain('last notification 1 Jun 2026');
  });

  it.each([
    ['off', 'off: new mail waits for the next scheduled sync'],
    ['failed', 'the Gmail watch could not be set up'],
    ['silent', 'Gmail stopped telling us about new mail'],
    ['expired', 'the Gmail watch lapsed'],
  ] as const)('push %s: the short interval, and why', async (state, words) => {
    const card = await text(status({ push: { state, watchExpiresAt: null, lastNotificationAt: null } }));
    expect(card).toContain(words);
    expect(card).toContain('every 15 minutes');
    expect(card).not.toContain('while push is on');
  });
});

describe('a card refreshes itself while its state is still moving', () => {
  const refreshes = async (conn: Connection, stat: ConnectionStatus) =>
    String(await ConnectionCard({ connection: conn, status: stat })).includes('hx-trigger="every 2s"');
  const lastRun = {
    runId: 'r1',
    workflowId: 'sync-1',
    status: 'completed',
    finishedAt: '2026-06-01T10:00:00.000Z',
    errorCode: null,
    emailsScanned: 3,
    emailsArchived: 3,
    duplicatesSkipped: 0,
    factsExtracted: 3,
    bookingsEnriched: 3,
    reviewItemsCreated: 0,
  } as const;

  it.each([
    // the workflow's status says syncing while a reconnect's catch-up run is due (connection-state.ts)
    ['a run due or in flight', true, connection(), status({ state: 'syncing', lastRun })],
    [
      'revoked, written down',
      false,
      connection({ gmailStatus: 'error' }),
      status({ state: 'needs_reauth', gmail: 'needs_reauth', lastRun }),
    ],
    ['idle after a run', false, connection(), status({ lastRun })],
  ] as const)('%s → refreshes: %s', async (_, live, conn, stat) => {
    expect(await refreshes(conn, stat)).toBe(live);
  });
});
