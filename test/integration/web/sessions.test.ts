import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotatedToken } from '../../../api/routes/workspaces.js';
import { ADMIN_TOKEN, type Api, cookieOf, startApi } from '../api/harness.js';

/**
 * A web session lives no longer than the token it was made with (issue 20): rotate or revoke ends
 * every session of the workspace at once; so do "Sign out everywhere" and the idle timeout; a new
 * sign-in replaces the session the browser had.
 */
let api: Api;

beforeAll(async () => {
  api = await startApi({ stack: { worker: false }, env: { WEB_SESSION_IDLE_MINUTES: '60' } });
});
afterAll(async () => {
  await api?.stop();
});

/** What the app answers a session: a page (200), the sign-in page (303 there) or, to htmx, 401. */
async function home(session: string, htmx = false) {
  const headers: Record<string, string> = { Cookie: session, Origin: 'http://localhost' };
  if (htmx) headers['HX-Request'] = 'true';
  const res = await api.app.request('/app', { headers });
  return { status: res.status, location: res.headers.get('location'), hx: res.headers.get('hx-redirect') };
}

const SIGNED_OUT = { status: 303, location: '/app/sign-in', hx: null };
const SIGNED_OUT_HTMX = { status: 401, location: null, hx: '/app/sign-in' };

describe('a session and the token it was made with', () => {
  it('ends, with every other session of the workspace, the moment the token is rotated', async () => {
    const ws = await api.newWorkspace('rotating');
    const [first, second] = [await api.webSession(ws.token), await api.webSession(ws.token)];
    expect((await home(first)).status).toBe(200);

    const rotated = await api.call<RotatedToken>('POST', `/api/workspaces/${ws.id}/api-token`, {
      token: ws.token,
    });
    expect(rotated.status).toBe(200);
    expect(await home(first)).toEqual(SIGNED_OUT);
    expect(await home(second, true)).toEqual(SIGNED_OUT_HTMX);
    // and it can no longer act: a pause posted with it goes to the sign-in page
    const conn = await api.newConnection(rotated.body.apiToken, 'After rotation');
    const pause = await api.web('POST', `/app/connections/${conn.id}/pause`, first, {});
    expect(pause.status).toBe(303);
    expect(pause.headers.get('location')).toBe('/app/sign-in');

    // the new token signs in as usual
    expect((await home(await api.webSession(rotated.body.apiToken))).status).toBe(200);
  });

  it('ends the moment the admin revokes the token', async () => {
    const ws = await api.newWorkspace('revoked');
    const session = await api.webSession(ws.token);
    expect((await home(session)).status).toBe(200);
    const revoked = await api.call('DELETE', `/api/workspaces/${ws.id}/api-token`, {
      headers: { 'X-Admin-Token': ADMIN_TOKEN },
    });
    expect(revoked.status).toBe(200);
    expect(await home(session)).toEqual(SIGNED_OUT);
  });

  it("of another workspace is not touched by this one's rotation", async () => {
    const [mine, other] = [await api.newWorkspace('mine'), await api.newWorkspace('other')];
    const otherSession = await api.webSession(other.token);
    await api.call('POST', `/api/workspaces/${mine.id}/api-token`, { token: mine.token });
    expect((await home(otherSession)).status).toBe(200);
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the workspace, not only the one that asked', async () => {
    const ws = await api.newWorkspace('everywhere');
    const [laptop, phone] = [await api.webSession(ws.token), await api.webSession(ws.token)];
    const other = await api.newWorkspace('bystander');
    const bystander = await api.webSession(other.token);

    const res = await api.web('POST', '/app/sign-out-everywhere', laptop, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/sign-in');
    expect(await home(laptop)).toEqual(SIGNED_OUT);
    expect(await home(phone)).toEqual(SIGNED_OUT);
    expect((await home(bystander)).status).toBe(200);
  });

  it('is a button on every signed-in page', async () => {
    const ws = await api.newWorkspace('button');
    const page = await api.web('GET', '/app', await api.webSession(ws.token));
    expect(await page.text()).toMatch(/<form[^>]+action="\/app\/sign-out-everywhere"/);
  });
});

describe('the idle timeout', () => {
  it('ends a session nobody used for WEB_SESSION_IDLE_MINUTES, and each use moves it on', async () => {
    const ws = await api.newWorkspace('idle');
    const [used, idle] = [await api.webSession(ws.token), await api.webSession(ws.token)];
    // both were last used 50 minutes ago: inside the hour
    await api.stack.sql`UPDATE web_sessions SET last_seen_at = now() - interval '50 minutes'
      WHERE workspace_id = ${ws.id}`;
    expect((await home(used)).status).toBe(200);
    // 20 minutes later: the one just used has 40 minutes left, the other is 70 minutes idle
    await api.stack.sql`UPDATE web_sessions SET last_seen_at = last_seen_at - interval '20 minutes'
      WHERE workspace_id = ${ws.id}`;
    expect((await home(used)).status).toBe(200);
    expect(await home(idle)).toEqual(SIGNED_OUT);
  });
});

describe('signing in', () => {
  it('replaces the session the browser had', async () => {
    const ws = await api.newWorkspace('again');
    const before = await api.webSession(ws.token);
    const res = await api.web('POST', '/app/sign-in', before, { token: ws.token });
    expect(res.status).toBe(303);
    const after = cookieOf(res.headers, 'cn_session');
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(await home(before)).toEqual(SIGNED_OUT);
    expect((await home(after!)).status).toBe(200);
  });
});
