import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import { createOAuthClient } from '../../../dev/gmail/index.js';
import {
  gmailForConnection,
  type StoredGrant,
  storeRefreshedTokens,
} from '../../../gmail/connected-gmail.js';
import { TokenKeyUnknownError } from '../../../security/token-cipher.js';
import { tokenCipherFromEnv } from '../../../security/token-keys.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { TOKEN_KEY, TOKEN_KEY_ID } from '../../../testing/token-key.js';
import { type Api, eventually, useApi } from './harness.js';

let api: Api;
let token: string;

useApi(async (started) => {
  api = started;
  token = (await api.newWorkspace('tokens')).token;
});

async function connected(label: string, raws: string[] = []) {
  await api.mailbox(label, raws);
  const conn = await api.newConnection(token, label);
  const res = await api.connectGmail(token, conn.id);
  expect(res.status).toBe(200);
  return conn;
}

async function grantOf(connectionId: string) {
  const [row] = await api.stack.sql<StoredGrant[]>`
    SELECT oauth_tokens, token_generation FROM connections WHERE id = ${connectionId}`;
  return row!;
}

const gmailDeps = (cipher = api.deps.cipher) => ({
  sql: api.stack.sql,
  cipher,
  settings: api.deps.gmailSettings,
});

/** Whether the emulator still honours this refresh token (it does not once the grant is revoked). */
async function refreshWorks(refreshToken: string): Promise<boolean> {
  const client = createOAuthClient({ emulatorUrl: api.stack.emulator.url });
  client.setCredentials({ refresh_token: refreshToken });
  return client.getAccessToken().then(
    () => true,
    () => false,
  );
}

describe('disconnect', () => {
  it('clears the tokens, moves the generation on and revokes the grant at Google', async () => {
    const conn = await connected('Disconnect');
    const before = await grantOf(conn.id);
    const refreshToken = api.deps.cipher.open(before.oauth_tokens!, conn.id).refresh_token!;
    expect(await refreshWorks(refreshToken)).toBe(true);
    const since = Date.now();

    const res = await api.call<Connection>('DELETE', `/api/connections/${conn.id}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.gmailStatus).toBe('revoked');

    const revokes = api.stack.emulator.faults.calls({ kind: 'oauth.revoke', since });
    expect(revokes.map((r) => r.status)).toEqual([200]);
    const after = await grantOf(conn.id);
    expect(after.oauth_tokens).toBeNull();
    expect(BigInt(after.token_generation)).toBeGreaterThan(BigInt(before.token_generation));
    expect(await refreshWorks(refreshToken)).toBe(false);
    const [logged] = await api.stack.sql<{ context: { grant: string } }[]>`
      SELECT context FROM activity_log WHERE connection_id = ${conn.id} AND event = 'connector_disconnect_succeeded'`;
    expect(logged!.context.grant).toBe('revoked');
  });

  it('lets no refresh that read the tokens before the disconnect write them back', async () => {
    const conn = await connected('Racing refresh');
    const before = await grantOf(conn.id);
    const tokens = api.deps.cipher.open(before.oauth_tokens!, conn.id);
    // the refresh's write while still connected lands: the check below could fail
    expect(await storeRefreshedTokens(api.deps, conn.id, before.token_generation, tokens)).toBe(true);

    await api.call('DELETE', `/api/connections/${conn.id}`, { token });
    // the refresh googleapis started before the disconnect finishes now, with the generation it read
    const written = await storeRefreshedTokens(api.deps, conn.id, before.token_generation, {
      ...tokens,
      access_token: 'ya29.refreshed-too-late',
    });
    expect(written).toBe(false);
    expect((await grantOf(conn.id)).oauth_tokens).toBeNull();
  });

  it('keeps the grant at Google while another connection still uses the same Gmail account', async () => {
    const leaving = await connected('Shared one');
    const staying = await connected('Shared two');
    const since = Date.now();
    await api.call('DELETE', `/api/connections/${leaving.id}`, { token });
    expect(api.stack.emulator.faults.calls({ kind: 'oauth.revoke', since })).toEqual([]);
    const gmail = await gmailForConnection(gmailDeps(), staying.id);
    expect((await gmail.users.getProfile({ userId: 'me' })).status).toBe(200);
    const [logged] = await api.stack.sql<{ context: { grant: string } }[]>`
      SELECT context FROM activity_log WHERE connection_id = ${leaving.id} AND event = 'connector_disconnect_succeeded'`;
    expect(logged!.context.grant).toBe('kept_shared');
  });
});

describe('key rotation', () => {
  it('seals a token sealed with an older key again with the current one when it is used', async () => {
    const conn = await connected('Rotated');
    const old = (await grantOf(conn.id)).oauth_tokens!;
    expect(old.keyId).toBe(TOKEN_KEY_ID);
    const ring = tokenCipherFromEnv({
      TOKEN_ENCRYPTION_KEYS: `k-new:${randomBytes(32).toString('base64')},${TOKEN_KEY_ID}:${TOKEN_KEY}`,
    });

    const gmail = await gmailForConnection(gmailDeps(ring), conn.id);
    expect((await gmail.users.getProfile({ userId: 'me' })).status).toBe(200);

    const resealed = (await grantOf(conn.id)).oauth_tokens!;
    expect(resealed.keyId).toBe('k-new');
    expect(ring.open(resealed, conn.id)).toEqual(api.deps.cipher.open(old, conn.id));
    // the old key alone no longer opens it: it really is the new key's ciphertext
    expect(() => api.deps.cipher.open(resealed, conn.id)).toThrow(TokenKeyUnknownError);
  });

  it('puts a connection whose tokens no configured key opens in needs_reauth with TOKEN_KEY_UNKNOWN, without retrying', async () => {
    const conn = await connected('Lost key', [airbnbConfirmation(31)]);
    const status = () => api.statusOf(token, conn.id);
    await api.idleAfter(token, conn.id, 1);
    const lost = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEYS: `gone:${randomBytes(32).toString('base64')}` });
    const tokens = api.deps.cipher.open((await grantOf(conn.id)).oauth_tokens!, conn.id);
    const sealed = lost.seal(tokens, conn.id);
    await api.stack
      .sql`UPDATE connections SET oauth_tokens = ${api.stack.sql.json(sealed as never)} WHERE id = ${conn.id}`;

    const sync = await api.call('POST', `/api/connections/${conn.id}/sync`, { token });
    expect(sync.status).toBe(202);
    const parked = await eventually(
      async () => {
        const s = await status();
        return s.gmail === 'needs_reauth' ? s : undefined;
      },
      60_000,
      'needs_reauth',
    );
    expect(parked.lastRun).toMatchObject({ status: 'failed', errorCode: 'TOKEN_KEY_UNKNOWN' });
    const row = await eventually(async () => {
      const [r] = await api.stack.sql<{ gmail_status: string; last_error_code: string | null }[]>`
        SELECT gmail_status, last_error_code FROM connections WHERE id = ${conn.id}`;
      return r!.last_error_code ? r : undefined;
    });
    expect(row).toEqual({ gmail_status: 'error', last_error_code: 'TOKEN_KEY_UNKNOWN' });

    // one attempt of the failing activity, not a retry storm, and no further run until a new consent
    const history = await api.stack.client.workflow.getHandle(parked.lastRun!.workflowId).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a === 1)).toBe(true);
    const again = await api.call('POST', `/api/connections/${conn.id}/sync`, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('GMAIL_NOT_CONNECTED');
  });
});
