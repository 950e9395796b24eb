import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionStatus } from '../../../api/connection-status.js';
import { OAUTH_BINDING_COOKIE } from '../../../api/oauth-cookie.js';
import { codeChallengeOf, issueState, signState } from '../../../api/oauth-state.js';
import type { ConnectionHealth } from '../../../api/routes/sync.js';
import type { ErrorResponse } from '../../../api/schemas.js';
import { connectionWorkflowId } from '../../../contracts/workflows.js';
import { DEFAULT_USER } from '../../../dev/gmail/index.js';
import { SYSTEM_LABELS } from '../../../gmail/system-labels.js';
import type { SealedTokens } from '../../../security/token-cipher.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type Api, cookieOf, eventually, type Landing, type Reply, startApi } from './harness.js';

let api: Api;
let workspace: { id: string; token: string };
let labelId: string;

beforeAll(async () => {
  api = await startApi();
  workspace = await api.newWorkspace('oauth');
  labelId = (await api.mailbox('Airbnb', [airbnbConfirmation(1)])).labelId;
});
afterAll(async () => {
  await api?.stop();
});

const callback = (query: Record<string, string>, binding?: string) =>
  api.call<Connection & ErrorResponse>(
    'GET',
    `/api/connections/gmail/callback?${new URLSearchParams(query)}`,
    {
      headers: binding ? { Cookie: `${OAUTH_BINDING_COOKIE}=${binding}` } : {},
    },
  );

/** What a callback that was refused must leave behind: no tokens, not connected, no workflow. */
async function expectNothingStored(connectionId: string) {
  const [row] = await api.stack.sql<{ oauth_tokens: unknown; gmail_status: string }[]>`
    SELECT oauth_tokens, gmail_status FROM connections WHERE id = ${connectionId}`;
  expect(row!.oauth_tokens).toBeNull();
  expect(row!.gmail_status).not.toBe('connected');
  await expect(
    api.stack.client.workflow.getHandle(connectionWorkflowId(connectionId)).describe(),
  ).rejects.toThrow();
}

async function events(connectionId: string) {
  return api.stack.sql<{ event: string; context: Record<string, unknown> }[]>`
    SELECT event, context FROM activity_log WHERE connection_id = ${connectionId} ORDER BY id`;
}

describe('GET /api/connections/:id/gmail/start', () => {
  it('redirects to the consent page with offline access, forced consent, read-only scope and a signed state', async () => {
    const conn = await api.newConnection(workspace.token, 'Start');
    const res = await api.call('GET', `/api/connections/${conn.id}/gmail/start`, { token: workspace.token });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${api.stack.emulator.url}/o/oauth2/v2/auth`);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/gmail.readonly');
    expect(url.searchParams.get('client_id')).toBe(api.stack.emulator.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(api.deps.gmailSettings.redirectUri);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect((await events(conn.id)).map((e) => e.event)).toEqual(['connector_connect_started']);
  });

  it('sets the binding cookie: HttpOnly, SameSite=Lax, only for the callback, for as long as the state lives', async () => {
    const conn = await api.newConnection(workspace.token, 'Cookie');
    const res = await api.call('GET', `/api/connections/${conn.id}/gmail/start`, { token: workspace.token });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${OAUTH_BINDING_COOKIE}=`));
    expect(set).toBeDefined();
    const attributes = set!.split(/;\s*/).slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining([
        'HttpOnly',
        'SameSite=Lax',
        'Path=/api/connections/gmail/callback',
        'Max-Age=600',
      ]),
    );
    expect(cookieOf(res.headers, OAUTH_BINDING_COOKIE)!.length).toBeGreaterThan(
      `${OAUTH_BINDING_COOKIE}=`.length + 40,
    );
  });

  it('answers 422 LABEL_NOT_CONFIGURED for a connection without a label', async () => {
    const [conn] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO connections (workspace_id, platform) VALUES (${workspace.id}, 'airbnb') RETURNING id`;
    const res = await api.call('GET', `/api/connections/${conn!.id}/gmail/start`, { token: workspace.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LABEL_NOT_CONFIGURED');
  });

  it('answers 404 for an unknown connection', async () => {
    const res = await api.call('GET', '/api/connections/00000000-0000-4000-8000-000000000000/gmail/start', {
      token: workspace.token,
    });
    expect(res.status).toBe(404);
  });
});

describe('the full consent round trip', () => {
  let conn: Connection;
  let landing: Landing;
  let connected: Reply<Connection>;

  beforeAll(async () => {
    conn = await api.newConnection(workspace.token, 'Airbnb', { syncIntervalMinutes: 60 });
    landing = await api.consent(workspace.token, conn.id);
    connected = await api.land(landing);
  });

  it('ends connected, with the Gmail address and the label id', () => {
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({
      id: conn.id,
      gmailStatus: 'connected',
      gmailAddress: DEFAULT_USER,
      gmailLabelId: labelId,
      syncState: 'active',
      lastError: null,
    });
  });

  it('starts the connection workflow, with its search attributes, and the initial sync archives the label', async () => {
    const handle = api.stack.client.workflow.getHandle(connectionWorkflowId(conn.id));
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.type).toBe('connectionWorkflow');
    expect(description.taskQueue).toBe(api.stack.taskQueue);
    const attributes = Object.fromEntries(
      description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]),
    );
    expect(attributes).toMatchObject({
      WorkspaceId: workspace.id,
      ConnectionId: conn.id,
      GmailLabel: 'Airbnb',
    });
    // Temporal's task-queue fairness: its activities inherit the workspace as their fairness key
    expect(description.priority?.fairnessKey).toBe(workspace.id);

    await eventually(
      async () => {
        const [row] = await api.stack
          .sql`SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.id}`;
        return row!.n === 1 ? true : undefined;
      },
      60_000,
      'the initial sync',
    );
    const runs = await api.stack.sql<
      { trigger: string }[]
    >`SELECT trigger FROM sync_runs WHERE connection_id = ${conn.id}`;
    expect(runs.map((r) => r.trigger)).toContain('initial');
  });

  it('records connect started (its state used) and succeeded', async () => {
    const log = await events(conn.id);
    expect(log.map((e) => e.event)).toEqual(
      expect.arrayContaining(['connector_connect_started', 'connector_connect_succeeded']),
    );
    expect(log.find((e) => e.event === 'connector_connect_started')!.context).toHaveProperty('usedAt');
  });

  it('stores the tokens sealed: no plaintext token anywhere in the connection rows or the activity log', async () => {
    const [row] = await api.stack.sql<
      { oauth_tokens: SealedTokens }[]
    >`SELECT oauth_tokens FROM connections WHERE id = ${conn.id}`;
    const tokens = api.deps.cipher.open(row!.oauth_tokens, conn.id);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.access_token).toEqual(expect.any(String));

    const columns = await api.stack.sql<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns
      WHERE table_name = 'connections' AND data_type IN ('text', 'jsonb', 'character varying')`;
    expect(columns.map((c) => c.column_name)).toContain('oauth_tokens');
    const dump = await api.stack.sql<{ value: string | null }[]>`
      SELECT ${api.stack.sql.unsafe(columns.map((c) => `${c.column_name}::text`).join(' || chr(10) || '))} AS value
      FROM connections`;
    const everything = dump.map((d) => d.value ?? '').join('\n');
    const activity = JSON.stringify(await api.stack.sql`SELECT context FROM activity_log`);
    for (const secret of [tokens.refresh_token!, tokens.access_token!]) {
      expect(everything).not.toContain(secret);
      expect(activity).not.toContain(secret);
    }
  });

  it('rejects the same state a second time (400 INVALID_STATE)', async () => {
    const replay = await api.land(landing);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('INVALID_STATE');
  });

  it('signals the running workflow on a second consent instead of starting another', async () => {
    const handle = api.stack.client.workflow.getHandle(connectionWorkflowId(conn.id));
    const before = (await handle.describe()).runId;
    const again = await api.connectGmail(workspace.token, conn.id);
    expect(again.status).toBe(200);
    expect(again.body.gmailStatus).toBe('connected');
    const after = await handle.describe();
    expect(after.status.name).toBe('RUNNING');
    expect(after.runId).toBe(before);
  });
});

describe('callback rejections', () => {
  const secret = () => api.env.OAUTH_STATE_SECRET;
  /** A new connection on `label` and a state issued for it, as gmail/start would. */
  const stateForNew = async (label: string) => {
    const conn = await api.newConnection(workspace.token, label);
    const issued = await issueState(api.stack.sql, secret(), {
      connectionId: conn.id,
      workspaceId: workspace.id,
    });
    return { conn, ...issued };
  };

  it('rejects a forged, tampered, foreign-signed or expired state with 400 INVALID_STATE', async () => {
    const conn = await api.newConnection(workspace.token, 'Forgery');
    const target = { connectionId: conn.id, workspaceId: workspace.id };
    const issued = await issueState(api.stack.sql, secret(), target);
    const genuine = issued.state;
    const [body, mac] = genuine.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const tampered = Buffer.from(
      JSON.stringify({ ...claims, workspaceId: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    const expired = (await issueState(api.stack.sql, secret(), target, Date.now() - 11 * 60_000)).state;
    const states = [
      'garbage',
      'a.b.c',
      `${tampered}.${mac}`,
      signState('some-other-secret-0123456789', { ...claims }),
      signState(secret(), { ...claims, nonce: 'never-issued-nonce-000' }),
      expired,
    ];
    for (const state of states) {
      // with the genuine binding cookie: the state alone is what is refused
      const res = await callback({ code: 'anything', state }, issued.browserBinding);
      expect(res.status, state).toBe(400);
      expect(res.body.error.code).toBe('INVALID_STATE');
    }
    const [row] = await api.stack.sql`SELECT gmail_status FROM connections WHERE id = ${conn.id}`;
    expect(row!.gmail_status).toBe('pending');
  });

  it('validates the query', async () => {
    for (const query of [{}, { code: 'abc' }, { state: 'abc' }] as Record<string, string>[]) {
      const res = await callback(query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it("answers Google's refusal with 400 OAUTH_DENIED and records the failure", async () => {
    const { conn, state, browserBinding } = await stateForNew('Denied');
    const res = await callback({ error: 'access_denied', state }, browserBinding);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('OAUTH_DENIED');
    expect((await events(conn.id)).map((e) => e.event)).toContain('connector_connect_failed');
  });

  it('answers a code Google does not know with 400 OAUTH_CODE_REJECTED', async () => {
    const { state, browserBinding } = await stateForNew('Bad code');
    const res = await callback({ code: 'not-a-real-code', state }, browserBinding);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('OAUTH_CODE_REJECTED');
  });

  it('marks a connection whose label Gmail lacks: 422 LABEL_NOT_FOUND, gmailStatus error', async () => {
    const conn = await api.newConnection(workspace.token, 'No such label');
    const res = await api.connectGmail(workspace.token, conn.id);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'LABEL_NOT_FOUND' } });
    const read = await api.call<Connection>('GET', `/api/connections/${conn.id}`, {
      token: workspace.token,
    });
    expect(read.body).toMatchObject({
      gmailStatus: 'error',
      gmailAddress: DEFAULT_USER,
      lastError: { code: 'LABEL_NOT_FOUND' },
    });
    const health = await api.call<ConnectionHealth>('GET', `/api/connections/${conn.id}/health`, {
      token: workspace.token,
    });
    expect(health.body.lastError?.code).toBe('LABEL_NOT_FOUND');
    const log = (await events(conn.id)).map((e) => e.event);
    expect(log).toContain('connector_connect_failed');
    expect(log).not.toContain('connector_connect_succeeded');
    // the tokens Google issued are not kept for a connection that cannot sync
    await expectNothingStored(conn.id);
  });

  it('keeps a connection paused before consent paused after it', async () => {
    await api.mailbox('Paused first');
    const conn = await api.newConnection(workspace.token, 'Paused first');
    const paused = await api.call<ConnectionStatus>('POST', `/api/connections/${conn.id}/pause`, {
      token: workspace.token,
    });
    expect(paused.body.state).toBe('paused');
    const res = await api.connectGmail(workspace.token, conn.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gmailStatus: 'connected', syncState: 'paused' });
    const status = await eventually(async () => {
      const s = await api.call<ConnectionStatus>('GET', `/api/connections/${conn.id}/status`, {
        token: workspace.token,
      });
      return s.body.source === 'workflow' ? s.body : undefined;
    });
    expect(status.state).toBe('paused');
    const runs = await api.stack.sql`SELECT 1 FROM sync_runs WHERE connection_id = ${conn.id}`;
    expect(runs).toHaveLength(0);
  });
});

describe('the consent is bound to the browser that started it', () => {
  it('refuses a callback with a valid state but no binding cookie: 403, nothing stored, the state still usable', async () => {
    await api.mailbox('Bound');
    const conn = await api.newConnection(workspace.token, 'Bound');
    const landing = await api.consent(workspace.token, conn.id);
    const res = await api.land(landing, null);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OAUTH_BINDING_MISMATCH');
    await expectNothingStored(conn.id);
    // the browser that started it still finishes it: only the cookie was missing
    const own = await api.land(landing);
    expect(own.status).toBe(200);
    expect(own.body.gmailStatus).toBe('connected');
  });

  it("refuses a victim's callback carrying the attacker's state (the victim has another or no cookie)", async () => {
    const victim = await api.newWorkspace('victim');
    await api.mailbox('Planted');
    const attackers = await api.newConnection(workspace.token, 'Planted');
    const planted = await api.consent(workspace.token, attackers.id);
    // the victim's browser has a binding cookie of its own consent, not the attacker's
    const victimConn = await api.newConnection(victim.token, 'Victim label');
    const victimsOwn = await api.consent(victim.token, victimConn.id);
    const res = await api.land(planted, victimsOwn.cookie);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OAUTH_BINDING_MISMATCH');
    await expectNothingStored(attackers.id);
    const forged = await api.land(planted, `${OAUTH_BINDING_COOKIE}=${'A'.repeat(43)}`);
    expect(forged.status).toBe(403);
    await expectNothingStored(attackers.id);
  });
});

describe('PKCE', () => {
  it('fails the exchange when the consent carried a challenge of another verifier: 400 OAUTH_CODE_REJECTED, nothing stored', async () => {
    await api.mailbox('Pkce');
    const conn = await api.newConnection(workspace.token, 'Pkce');
    const landing = await api.consent(workspace.token, conn.id, DEFAULT_USER, (url) => {
      url.searchParams.set(
        'code_challenge',
        codeChallengeOf('an-attackers-own-verifier-0123456789-abcdefgh'),
      );
      return url;
    });
    const res = await api.land(landing);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('OAUTH_CODE_REJECTED');
    await expectNothingStored(conn.id);
  });
});

describe('system labels are never a reservation label', () => {
  // every name Gmail reserves, and the prefix and case variants the rule also catches
  it.each([...SYSTEM_LABELS, 'inbox', 'CATEGORY_PROMOTIONS', 'category_social'])(
    'refuses %s on create and on PATCH: 422 LABEL_NOT_ALLOWED naming the field',
    async (label) => {
      const created = await api.call('POST', '/api/connections', {
        token: workspace.token,
        json: { platform: 'airbnb', reservationLabel: label },
      });
      expect(created.status).toBe(422);
      expect(created.body.error).toMatchObject({
        code: 'LABEL_NOT_ALLOWED',
        details: [{ path: 'json.reservationLabel' }],
      });
      const conn = await api.newConnection(workspace.token, `Patch ${label} ${Math.random()}`);
      const patched = await api.call('PATCH', `/api/connections/${conn.id}`, {
        token: workspace.token,
        json: { reservationLabel: label },
      });
      expect(patched.status).toBe(422);
      expect(patched.body.error.code).toBe('LABEL_NOT_ALLOWED');
      const [row] = await api.stack.sql`SELECT reservation_label FROM connections WHERE id = ${conn.id}`;
      expect(row!.reservation_label).toBe(conn.reservationLabel);
    },
  );

  it('refuses one at gmail/start and at the callback (a row written before the rule): 422, nothing stored', async () => {
    const [conn] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO connections (workspace_id, platform, reservation_label)
      VALUES (${workspace.id}, 'airbnb', 'INBOX') RETURNING id`;
    const start = await api.call('GET', `/api/connections/${conn!.id}/gmail/start`, {
      token: workspace.token,
    });
    expect(start.status).toBe(422);
    expect(start.body.error.code).toBe('LABEL_NOT_ALLOWED');
    const { state, browserBinding } = await issueState(api.stack.sql, api.env.OAUTH_STATE_SECRET, {
      connectionId: conn!.id,
      workspaceId: workspace.id,
    });
    const res = await callback({ code: 'whatever', state }, browserBinding);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LABEL_NOT_ALLOWED');
    await expectNothingStored(conn!.id);
  });
});
