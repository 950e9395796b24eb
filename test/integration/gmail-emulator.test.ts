import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { gmail_v1 } from 'googleapis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approveConsent,
  createOAuthClient,
  DEFAULT_USER,
  GMAIL_MODIFY_SCOPE,
  type GmailEmulator,
  gmailAt,
  importEmails,
  type OAuthClient,
  seedMessages,
  startGmailEmulator,
} from '../../dev/gmail/index.js';
import { syntheticConfirmation } from '../../testing/mail.js';

const DEMO = join(import.meta.dirname, '../../dev/demo/emails');
const FIRST_THREE = [
  '01-airbnb-confirmation-en.eml',
  '02-airbnb-confirmacion-es.eml',
  '03-airbnb-conferma-it.eml',
].map((f) => join(DEMO, f));

interface SeenError {
  status: number | undefined;
  reason: string | undefined;
  retryAfter: string | null;
  data: unknown;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;
}

function header(headers: unknown, name: string): string | null {
  const get = field(headers, 'get');
  if (typeof get === 'function') return get.call(headers, name) ?? null;
  const value = field(headers, name);
  return typeof value === 'string' ? value : null;
}

/** What a caller can read off the GaxiosError googleapis throws. */
async function errorOf(call: Promise<unknown>): Promise<SeenError> {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  const response = field(err, 'response');
  const data = field(response, 'data');
  const reason = field(field(field(data, 'error'), 'errors'), '0');
  return {
    status: Number(field(response, 'status')) || undefined,
    reason: typeof field(reason, 'reason') === 'string' ? String(field(reason, 'reason')) : undefined,
    retryAfter: header(field(response, 'headers'), 'retry-after'),
    data,
  };
}

describe('Gmail emulator behind googleapis', () => {
  let emulator: GmailEmulator;
  let stateDir: string;
  let statePath: string;
  let oauth: OAuthClient;
  let gmail: gmail_v1.Gmail;
  let tokens: { access_token: string; refresh_token: string };
  let labelId: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'gmail-emulator-'));
    statePath = join(stateDir, 'state.json');
    emulator = await startGmailEmulator({ port: 0, statePath });
    oauth = createOAuthClient({
      emulatorUrl: emulator.url,
      redirectUri: 'http://127.0.0.1:9/api/connections/gmail/callback',
    });
    gmail = gmailAt(emulator.url, oauth, { retry: false });
  });

  afterAll(async () => {
    await emulator?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  afterEach(() => {
    emulator.faults.clear();
  });

  it('runs the consent flow and exchanges the code with the OAuth2 client', async () => {
    const authUrl = oauth.generateAuthUrl({
      access_type: 'offline',
      scope: [GMAIL_MODIFY_SCOPE],
      state: 'st-1',
    });
    expect(authUrl.startsWith(`${emulator.url}/o/oauth2/v2/auth?`)).toBe(true);
    const consent = await approveConsent(authUrl, DEFAULT_USER);
    expect(consent.state).toBe('st-1');
    expect(consent.redirectUrl.startsWith('http://127.0.0.1:9/api/connections/gmail/callback?')).toBe(true);

    const { tokens: issued } = await oauth.getToken(consent.code);
    expect(issued.access_token).toBeTruthy();
    expect(issued.refresh_token).toBeTruthy();
    oauth.setCredentials(issued);
    tokens = { access_token: String(issued.access_token), refresh_token: String(issued.refresh_token) };
  });

  it('serves getProfile', async () => {
    const { data } = await gmail.users.getProfile({ userId: 'me' });
    expect(data).toMatchObject({ emailAddress: DEFAULT_USER, messagesTotal: 0, threadsTotal: 0 });
    expect(Number(data.historyId)).toBeGreaterThan(0);
  });

  it('imports .eml files under a label and lists them by label, with paging', async () => {
    const result = await importEmails({
      emulatorUrl: emulator.url,
      user: DEFAULT_USER,
      label: 'Airbnb',
      files: FIRST_THREE,
    });
    expect(result.imported).toBe(3);
    labelId = result.labelId;

    const labels = await gmail.users.labels.list({ userId: 'me' });
    expect(labels.data.labels?.find((l) => l.id === labelId)?.name).toBe('Airbnb');

    const all = await gmail.users.messages.list({ userId: 'me', labelIds: [labelId], maxResults: 500 });
    expect(all.data.messages).toHaveLength(3);
    const first = await gmail.users.messages.list({ userId: 'me', labelIds: [labelId], maxResults: 2 });
    expect(first.data.messages).toHaveLength(2);
    const second = await gmail.users.messages.list({
      userId: 'me',
      labelIds: [labelId],
      maxResults: 2,
      pageToken: first.data.nextPageToken ?? undefined,
    });
    expect(second.data.messages).toHaveLength(1);
    expect(second.data.nextPageToken).toBeFalsy();
  });

  it('gives the exact bytes in format raw and every decoded header in format metadata', async () => {
    const list = await gmail.users.messages.list({ userId: 'me', labelIds: [labelId] });
    const raws = await Promise.all(
      (list.data.messages ?? []).map(async (m) => {
        const { data } = await gmail.users.messages.get({ userId: 'me', id: String(m.id), format: 'raw' });
        return Buffer.from(String(data.raw), 'base64url');
      }),
    );
    const files = await Promise.all(FIRST_THREE.map((f) => readFile(f)));
    for (const file of files) expect(raws.some((raw) => raw.equals(file))).toBe(true);

    const spanish = (list.data.messages ?? [])[1];
    const { data } = await gmail.users.messages.get({
      userId: 'me',
      id: String(spanish?.id),
      format: 'metadata',
      metadataHeaders: ['Subject', 'X-Template'],
    });
    expect(data.payload?.headers).toEqual([
      { name: 'Subject', value: 'Reserva confirmada: Lucía Fernández Ortega llega el 8 may.' },
      { name: 'X-Template', value: 'BOOKING_CONFIRMATION_TO_HOST' },
    ]);
  });

  it('answers messages.get from its index: fresh after a label change, 404 for an unknown id', async () => {
    const [first] =
      (await gmail.users.messages.list({ userId: 'me', labelIds: [labelId] })).data.messages ?? [];
    const id = String(first?.id);
    const before = (await gmail.users.messages.get({ userId: 'me', id, format: 'minimal' })).data;
    await gmail.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['STARRED'] } });
    const after = (await gmail.users.messages.get({ userId: 'me', id, format: 'raw' })).data;
    expect(after.labelIds).toContain('STARRED');
    expect(BigInt(after.historyId ?? '0')).toBeGreaterThan(BigInt(before.historyId ?? '0'));
    expect(after.sizeEstimate).toBe(Buffer.byteLength(String(after.raw)));
    const seen = await errorOf(gmail.users.messages.get({ userId: 'me', id: 'no-such-id', format: 'raw' }));
    expect(seen).toMatchObject({ status: 404, reason: 'notFound' });
  });

  it('lists a message added after the profile historyId in history.list, with increasing ids', async () => {
    const before = (await gmail.users.getProfile({ userId: 'me' })).data.historyId ?? '';
    const { ids } = await seedMessages({
      emulatorUrl: emulator.url,
      user: DEFAULT_USER,
      label: 'Airbnb',
      raws: [await readFile(join(DEMO, '07-vrbo-reservation.eml'))],
    });
    const { data } = await gmail.users.history.list({
      userId: 'me',
      startHistoryId: before,
      labelId,
      historyTypes: ['messageAdded'],
    });
    const added = (data.history ?? []).flatMap((h) => h.messagesAdded ?? []).map((a) => a.message?.id);
    expect(added).toEqual(ids);
    expect(BigInt(data.historyId ?? '0')).toBeGreaterThan(BigInt(before));
  });

  it('keeps history ids strictly increasing across a burst of imports', async () => {
    const { ids } = await seedMessages({
      emulatorUrl: emulator.url,
      user: DEFAULT_USER,
      label: 'Load',
      raws: Array.from({ length: 40 }, (_, i) => syntheticConfirmation(i)),
      concurrency: 8,
    });
    const historyIds = await Promise.all(
      ids.map(async (id) =>
        BigInt(
          (await gmail.users.messages.get({ userId: 'me', id, format: 'minimal' })).data.historyId ?? '0',
        ),
      ),
    );
    expect(new Set(historyIds).size).toBe(ids.length);
    const page = await gmail.users.history.list({ userId: 'me', startHistoryId: '1', maxResults: 10 });
    const pageIds = (page.data.history ?? []).map((h) => BigInt(h.id ?? '0'));
    expect(pageIds).toEqual([...pageIds].sort((a, b) => (a < b ? -1 : 1)));
    expect(page.data.nextPageToken).toBeTruthy();
  });

  it('answers 429 with a Retry-After header for the next K calls only', async () => {
    emulator.faults.rateLimit({ times: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const seen = await errorOf(gmail.users.messages.list({ userId: 'me' }));
      expect(seen).toMatchObject({ status: 429, retryAfter: '7', reason: 'rateLimitExceeded' });
    }
    await expect(gmail.users.messages.list({ userId: 'me' })).resolves.toBeTruthy();
  });

  it('answers 403 rateLimitExceeded and userRateLimitExceeded with usageLimits bodies', async () => {
    emulator.faults.quotaExceeded({ times: 1 }).quotaExceeded({ times: 1, reason: 'userRateLimitExceeded' });
    const first = await errorOf(gmail.users.labels.list({ userId: 'me' }));
    expect(first.status).toBe(403);
    expect(first.data).toEqual({
      error: {
        code: 403,
        message: 'Rate Limit Exceeded',
        errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }],
        status: 'PERMISSION_DENIED',
      },
    });
    const second = await errorOf(gmail.users.labels.list({ userId: 'me' }));
    expect(second).toMatchObject({ status: 403, reason: 'userRateLimitExceeded' });
  });

  it('answers 503 and 500, and can target one route kind', async () => {
    emulator.faults.serverError({ status: 503, routes: ['messages.get'] });
    const list = await gmail.users.messages.list({ userId: 'me', labelIds: [labelId] });
    const id = String(list.data.messages?.[0]?.id);
    expect((await errorOf(gmail.users.messages.get({ userId: 'me', id }))).status).toBe(503);
    emulator.faults.clear().serverError({ status: 500, probability: 1 });
    expect((await errorOf(gmail.users.getProfile({ userId: 'me' }))).status).toBe(500);
  });

  it('answers 404 to history.list from a history id older than the stale point', async () => {
    const { historyId } = (await gmail.users.getProfile({ userId: 'me' })).data;
    emulator.faults.staleHistoryBefore(String(BigInt(historyId ?? '0') - 1n));
    const stale = await errorOf(gmail.users.history.list({ userId: 'me', startHistoryId: '100000' }));
    expect(stale).toMatchObject({ status: 404, reason: 'notFound' });
    await expect(
      gmail.users.history.list({ userId: 'me', startHistoryId: historyId ?? '' }),
    ).resolves.toBeTruthy();
    expect(emulator.faults.count({ kind: 'history.list' })).toBeGreaterThanOrEqual(2);
  });

  it('answers invalid_grant to a refresh, and no Gmail call follows', async () => {
    emulator.faults.invalidGrant();
    const expired = createOAuthClient({ emulatorUrl: emulator.url });
    expired.setCredentials({
      refresh_token: tokens.refresh_token,
      access_token: 'stale',
      expiry_date: Date.now() - 1,
    });
    const since = Date.now();
    const seen = await errorOf(
      gmailAt(emulator.url, expired, { retry: false }).users.getProfile({ userId: 'me' }),
    );
    expect(seen.status).toBe(400);
    expect(seen.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
    expect(emulator.faults.count({ kind: 'oauth.token', since })).toBe(1);
    expect(emulator.faults.count({ kind: 'profile.get', since })).toBe(0);

    emulator.faults.invalidGrant(false);
    const refreshed = await expired.refreshAccessToken();
    expect(refreshed.credentials.access_token).toBeTruthy();
  });

  it('adds latency to Gmail calls', async () => {
    const quick = Date.now();
    await gmail.users.labels.list({ userId: 'me' });
    const baseline = Date.now() - quick;
    emulator.faults.latency(250);
    const slow = Date.now();
    await gmail.users.labels.list({ userId: 'me' });
    expect(Date.now() - slow).toBeGreaterThanOrEqual(Math.max(240, baseline));
  });

  it('is switchable over HTTP for another process and counts calls per kind', async () => {
    const post = await fetch(`${emulator.url}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        errors: [{ status: 429, times: 1, retryAfterSeconds: 3, routes: ['labels.list'] }],
      }),
    });
    expect(post.status).toBe(200);
    expect((await errorOf(gmail.users.labels.list({ userId: 'me' }))).retryAfter).toBe('3');

    const bad = await fetch(`${emulator.url}/_faults`, {
      method: 'POST',
      body: JSON.stringify({ errors: [{ status: 418 }] }),
    });
    expect(bad.status).toBe(400);

    const state = await (await fetch(`${emulator.url}/_faults`)).json();
    expect(field(field(state, 'calls'), 'labels.list')).toBeGreaterThan(0);
    const calls = await (await fetch(`${emulator.url}/_faults/calls?kind=labels.list`)).json();
    const records = field(calls, 'calls');
    expect(Array.isArray(records) && records.every((r) => typeof field(r, 'at') === 'number')).toBe(true);

    await fetch(`${emulator.url}/_faults`, { method: 'POST', body: JSON.stringify({ invalidGrant: true }) });
    expect(emulator.faults.settings().invalidGrant).toBe(true);
    await fetch(`${emulator.url}/_faults`, { method: 'DELETE' });
    expect(emulator.faults.settings()).toMatchObject({ invalidGrant: false, errors: [] });
  });

  it('loads a directory through the CLI', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'cli/mailbox.ts', 'import', '--user', DEFAULT_USER, '--label', 'Demo', DEMO],
      { cwd: join(import.meta.dirname, '../..'), env: { ...process.env, GMAIL_EMULATOR_URL: emulator.url } },
    );
    expect(stdout).toMatch(/imported 14 message\(s\)/);
    const labels = await gmail.users.labels.list({ userId: 'me' });
    const demo = labels.data.labels?.find((l) => l.name === 'Demo');
    expect(demo?.messagesTotal).toBe(14);
  });

  it('persists the mailbox and tokens to statePath and reloads them', async () => {
    const before = (await gmail.users.getProfile({ userId: 'me' })).data;
    await emulator.stop();
    emulator = await startGmailEmulator({ port: 0, statePath });
    const reopened = gmailAt(emulator.url, oauth, { retry: false });
    const after = (await reopened.users.getProfile({ userId: 'me' })).data;
    expect(after).toEqual(before);
    gmail = reopened;
    const { ids } = await seedMessages({
      emulatorUrl: emulator.url,
      user: DEFAULT_USER,
      label: 'Airbnb',
      raws: [syntheticConfirmation(1000)],
    });
    const { data } = await reopened.users.messages.get({ userId: 'me', id: ids[0] ?? '', format: 'minimal' });
    expect(BigInt(data.historyId ?? '0')).toBeGreaterThan(BigInt(before.historyId ?? '0'));
  });
});

describe('the OAuth endpoints, as strict as Google', () => {
  let emulator: GmailEmulator;
  let oauth: OAuthClient;
  beforeAll(async () => {
    emulator = await startGmailEmulator({ port: 0 });
    oauth = createOAuthClient({ emulatorUrl: emulator.url });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  async function consentWithChallenge() {
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const authUrl = oauth.generateAuthUrl({
      access_type: 'offline',
      scope: [GMAIL_MODIFY_SCOPE],
      code_challenge: codeChallenge!,
      code_challenge_method: 'S256' as never,
    });
    return { codeVerifier, code: (await approveConsent(authUrl, DEFAULT_USER)).code };
  }

  it('refuses a PKCE exchange with a wrong or no verifier (invalid_grant), accepts the right one', async () => {
    const wrong = await consentWithChallenge();
    await expect(
      oauth.getToken({ code: wrong.code, codeVerifier: `${wrong.codeVerifier}x` }),
    ).rejects.toMatchObject({
      response: { status: 400, data: { error: 'invalid_grant' } },
    });
    const missing = await consentWithChallenge();
    await expect(oauth.getToken({ code: missing.code })).rejects.toMatchObject({ response: { status: 400 } });
    const right = await consentWithChallenge();
    const { tokens } = await oauth.getToken({ code: right.code, codeVerifier: right.codeVerifier });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it("revokes the whole grant from googleapis' revokeToken (token in the query), and says invalid_token after", async () => {
    const { codeVerifier, code } = await consentWithChallenge();
    const { tokens } = await oauth.getToken({ code, codeVerifier });
    const authorised = createOAuthClient({ emulatorUrl: emulator.url });
    authorised.setCredentials({ access_token: tokens.access_token });
    expect(
      (await gmailAt(emulator.url, authorised, { retry: false }).users.getProfile({ userId: 'me' })).status,
    ).toBe(200);

    await oauth.revokeToken(tokens.refresh_token!);
    expect(emulator.faults.calls({ kind: 'oauth.revoke' }).map((c) => c.status)).toEqual([200]);
    // the access token issued with it is gone too, and so is the refresh token
    await expect(
      gmailAt(emulator.url, authorised, { retry: false }).users.getProfile({ userId: 'me' }),
    ).rejects.toMatchObject({
      status: 401,
    });
    const refreshing = createOAuthClient({ emulatorUrl: emulator.url });
    refreshing.setCredentials({ refresh_token: tokens.refresh_token });
    await expect(refreshing.getAccessToken()).rejects.toThrow();
    await expect(oauth.revokeToken(tokens.refresh_token!)).rejects.toMatchObject({
      response: { status: 400 },
    });
  });
});
