import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictPage } from '../../../api/routes/conflicts.js';
import type { FeedList } from '../../../api/routes/ical-feeds.js';
import type { ListingNameList } from '../../../api/routes/listing-names.js';
import { type DemoChannel, serveDemoFeed } from '../../../dev/demo-feed-server.js';
import { DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { type DemoAccount, seedDemo } from '../../../dev/seed.js';
import { vrboReservation } from '../../../testing/mail.js';
import { freePort } from '../../../testing/ports.js';
import { type ServedApp, serveApp, WEB_ADMIN_TOKEN } from '../../../testing/web-server.js';
import { type Stack, startStack } from '../../support/stack.js';
import { eventually } from '../api/harness.js';

/**
 * The "done when", as a black box on what `npm run dev` runs: the demo seeded through the
 * API and the emulator's consent page (dev/seed.ts), its three calendars served on loopback by the
 * demo feed server, a worker, and nothing but HTTP calls from here on. The calendars change by
 * serving more events for a channel (`extra`), as the channel's own calendar would.
 */
const DEMO_FEED = new URL('../../../dev/demo/feed.ics', import.meta.url).pathname;

let stack: Stack;
let app: ServedApp;
let demo: DemoAccount;
let dataDir: string;
let feeds: Awaited<ReturnType<typeof serveDemoFeed>>;
const extra: Record<DemoChannel, string[]> = { airbnb: [], vrbo: [], booking: [] };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const compact = (iso: string) => iso.replaceAll('-', '');

function event(uid: string, from: string, to: string, summary: string, description?: string): string {
  return [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE:${compact(from)}`,
    `DTEND;VALUE=DATE:${compact(to)}`,
    `SUMMARY:${summary}`,
    `UID:${uid}`,
    ...(description ? [`DESCRIPTION:${description}`] : []),
    'END:VEVENT',
  ].join('\r\n');
}

async function call<T>(method: string, path: string): Promise<T> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${demo.apiToken}` },
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const openConflicts = async () => (await call<ConflictPage>('GET', '/api/conflicts?status=open')).items;

/** Imports the channel's calendar now (resume starts a fresh import) and waits for it. */
async function reimport(channel: DemoChannel) {
  const feedId = demo.feedIds![channel]!;
  const before = await importedAt(feedId);
  await call('POST', `/api/ical-feeds/${feedId}/resume`);
  await eventually(
    async () => ((await importedAt(feedId)) !== before ? true : undefined),
    30_000,
    `${channel} import`,
  );
}

async function importedAt(feedId: string) {
  const { items } = await call<FeedList>('GET', '/api/ical-feeds');
  return items.find((f) => f.id === feedId)?.lastImportedAt ?? null;
}

/** "Sync now", then wait for that run (its child workflow id) to complete. */
async function syncNowAndWait() {
  const { workflowId } = await call<{ runId: string; workflowId: string }>(
    'POST',
    `/api/connections/${demo.connectionId}/sync`,
  );
  return eventually(
    async () => {
      const [run] = await stack.sql<{ status: string; finished_at: Date | null }[]>`
        SELECT status, finished_at FROM sync_runs WHERE workflow_id = ${workflowId}`;
      return run?.status === 'completed' && run.finished_at ? { finishedAt: run.finished_at } : undefined;
    },
    60_000,
    'the sync',
  );
}

const DEMO_FILES: Record<DemoChannel, string> = {
  airbnb: DEMO_FEED,
  vrbo: new URL('../../../dev/demo/vrbo.ics', import.meta.url).pathname,
  booking: new URL('../../../dev/demo/booking.ics', import.meta.url).pathname,
};

/** The demo's calendar of the channel, with the events a test added to it. */
function served(channel: DemoChannel): string | null {
  if (extra[channel].length === 0) return null;
  const text = readFileSync(DEMO_FILES[channel], 'utf8').replace(/\r?\n/g, '\r\n');
  return text.replace('END:VCALENDAR', `${extra[channel].join('\r\n')}\r\nEND:VCALENDAR`);
}

beforeAll(async () => {
  feeds = await serveDemoFeed({ port: await freePort(), file: DEMO_FEED, override: served });
  const feedHost = new URL(feeds.url).host;
  stack = await startStack({ name: 'devstack', feedAllowPrivateHosts: [feedHost] });
  app = await serveApp(stack, { FEED_ALLOW_PRIVATE_HOSTS: feedHost });
  dataDir = await mkdtemp(join(tmpdir(), 'devstack-'));
  demo = await seedDemo({
    apiUrl: app.url,
    adminToken: WEB_ADMIN_TOKEN,
    emulatorUrl: stack.emulator.url,
    feedUrls: feeds.urls,
    dataDir,
    log: () => {},
  });
  await eventually(
    async () =>
      (
        await stack.sql`SELECT 1 FROM sync_runs WHERE connection_id = ${demo.connectionId} AND status = 'completed'`
      )[0],
    90_000,
    'the first sync',
  );
});

afterAll(async () => {
  feeds?.server.close();
  await app?.stop();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm run dev, as a black box', () => {
  it('seeds one property on three channels whose calendars raise nothing, and learns its listing names', async () => {
    expect(await openConflicts()).toEqual([]);
    const { items } = await call<ListingNameList>('GET', '/api/listing-names');
    const mapped = items.filter((n) => n.propertyId === demo.propertyId).map((n) => [n.platform, n.source]);
    expect(mapped).toEqual(
      expect.arrayContaining([
        ['airbnb', 'match'],
        ['vrbo', 'match'],
      ]),
    );
    // the Scidoo relay names the place in words no match has tied yet: suggested, not applied
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          platform: 'booking',
          propertyId: null,
          suggestedPropertyId: demo.propertyId,
        }),
      ]),
    );
  });

  it('two calendars of the property that overlap give one open double_booking', async () => {
    extra.airbnb.push(
      event(
        'dev-a1@airbnb.com',
        day(30),
        day(34),
        'Reserved',
        'https://www.airbnb.com/hosting/reservations/details/HMDEVSTK01',
      ),
    );
    extra.booking.push(event('dev-b1@booking.com', day(32), day(35), 'CLOSED - Not available'));
    await reimport('airbnb');
    await reimport('booking');
    const conflicts = await openConflicts();
    expect(conflicts.map((c) => [c.kind, c.nights])).toEqual([
      ['double_booking', { from: day(32), to: day(34) }],
    ]);
    // imported again, the same overlap is the same conflict
    await reimport('booking');
    expect((await openConflicts()).map((c) => c.id)).toEqual(conflicts.map((c) => c.id));
  });

  it('back-to-back stays on two channels give none', async () => {
    const before = (await openConflicts()).map((c) => c.id);
    extra.vrbo.push(event('dev-v1@vrbo.com', day(40), day(44), 'Reserved - Ada Lovelace'));
    extra.airbnb.push(event('dev-a2@airbnb.com', day(44), day(46), 'Reserved'));
    extra.booking.push(event('dev-b2@booking.com', day(46), day(47), 'CLOSED - Not available'));
    await reimport('vrbo');
    await reimport('airbnb');
    await reimport('booking');
    expect((await openConflicts()).map((c) => c.id)).toEqual(before);
  });

  it('a confirmation mail for nights another channel holds gives mail_overlaps_calendar at its sync, before that channel’s feed changes', async () => {
    extra.airbnb.push(
      event(
        'dev-a3@airbnb.com',
        day(60),
        day(64),
        'Reserved',
        'https://www.airbnb.com/hosting/reservations/details/HMDEVSTK02',
      ),
    );
    await reimport('airbnb');
    const vrboBefore = await importedAt(demo.feedIds!.vrbo!);
    const sent = new Date();
    await seedMessages({
      emulatorUrl: stack.emulator.url,
      user: DEFAULT_USER,
      label: 'Airbnb',
      raws: [
        vrboReservation({
          code: 'HA-DEV001',
          guest: 'Sophie Martin',
          checkIn: day(62),
          checkOut: day(66),
          listing: 'Vrbo #4471902 - Loft Santa Croce with terrace',
          sent,
        }),
      ],
    });
    const synced = await syncNowAndWait();
    const warning = (await openConflicts()).find((c) => c.kind === 'mail_overlaps_calendar');
    expect(warning).toMatchObject({
      nights: { from: day(62), to: day(64) },
      sides: [
        {
          facts: [expect.objectContaining({ channel: 'vrbo', confirmationCode: 'HA-DEV001' })],
          bookings: [],
        },
        { bookings: [expect.objectContaining({ channel: 'airbnb', checkIn: day(60) })], facts: [] },
      ],
    });
    // raised by the sync itself: Vrbo's calendar was not imported again, and does not show the stay
    expect(await importedAt(demo.feedIds!.vrbo!)).toBe(vrboBefore);
    expect(Date.parse(warning!.detectedAt)).toBeLessThanOrEqual(synced.finishedAt.getTime());
    const [message] = await stack.sql<{ archived: Date }[]>`
      SELECT m.archived_at AS archived FROM gmail_messages m
      JOIN reservation_facts f ON f.message_id = m.id WHERE f.confirmation_code = 'HA-DEV001'`;
    expect(Date.parse(warning!.detectedAt)).toBeGreaterThanOrEqual(message!.archived.getTime());
  });
});
