import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_BINDING_COOKIE } from '../../../api/oauth-cookie.js';
import { approveConsent, DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { ADMIN_TOKEN, spawnApi } from '../../../testing/api-process.js';
import type { ChildHandle } from '../../../testing/child-process.js';
import { freePort } from '../../../testing/ports.js';
import { type Stack, startStack } from '../../support/stack.js';

/**
 * The consent through `api/server.ts` as its own process, over real HTTP, configured by the
 * environment alone as `npm run dev` runs it: a callback that arrives without the binding cookie
 * connects nothing; the browser that carries it connects.
 */
let stack: Stack;
let api: ChildHandle;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = await spawnApi({
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    taskQueue: stack.taskQueue,
    port,
    emulator: stack.emulator,
  });
});
afterAll(async () => {
  await api?.kill('SIGTERM');
  await stack?.stop();
});

async function json<T>(path: string, init: RequestInit): Promise<T> {
  const res = await fetch(`${base}${path}`, init);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('the OAuth callback over HTTP', () => {
  it('connects nothing without the cookie gmail/start set, and connects with it', async () => {
    const ws = await json<{ apiToken: string }>('/api/workspaces', {
      method: 'POST',
      headers: { 'X-Admin-Token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'http' }),
    });
    const auth = { Authorization: `Bearer ${ws.apiToken}` };
    await seedMessages({ emulatorUrl: stack.emulator.url, user: DEFAULT_USER, label: 'Airbnb', raws: [] });
    const conn = await json<{ id: string }>('/api/connections', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'airbnb', reservationLabel: 'Airbnb' }),
    });
    const start = await fetch(`${base}/api/connections/${conn.id}/gmail/start`, {
      headers: auth,
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const cookie = start.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${OAUTH_BINDING_COOKIE}=`))!
      .split(';', 1)[0]!;
    const { redirectUrl } = await approveConsent(start.headers.get('location')!, DEFAULT_USER);
    // the API's own redirect URI, PUBLIC_URL or API_HOST:API_PORT: the same origin as gmail/start
    const callback = `${base}${new URL(redirectUrl).pathname}${new URL(redirectUrl).search}`;

    const without = await fetch(callback);
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('OAUTH_BINDING_MISMATCH');
    const [row] = await stack.sql`SELECT oauth_tokens, gmail_status FROM connections WHERE id = ${conn.id}`;
    expect(row).toEqual({ oauth_tokens: null, gmail_status: 'pending' });

    const withCookie = await fetch(callback, { headers: { cookie } });
    expect(withCookie.status).toBe(200);
    expect(((await withCookie.json()) as { gmailStatus: string }).gmailStatus).toBe('connected');
    // spent: the response tells the browser to drop the cookie
    expect(withCookie.headers.getSetCookie().some((c) => /^cn_oauth_binding=;.*Max-Age=0/.test(c))).toBe(
      true,
    );
  });
});
