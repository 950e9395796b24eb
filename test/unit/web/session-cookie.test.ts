import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readSessionCookie, sessionKey, writeSessionCookie } from '../../../web/session/session-cookie.js';

const KEY = sessionKey('a-state-secret-of-at-least-32-characters');

/** An app that sets the session cookie and one that reads it back, as the web app does. */
function cookieApp(secure: boolean) {
  return new Hono()
    .post('/set', async (c) => {
      await writeSessionCookie(c, KEY, 'session-id', secure);
      return c.body(null, 204);
    })
    .get('/read', async (c) => c.text(String(await readSessionCookie(c, KEY, secure))));
}

describe('the session cookie', () => {
  it('is a __Host- cookie over https: Secure, no Domain, Path=/', async () => {
    const app = cookieApp(true);
    const set = (await app.request('/set', { method: 'POST' })).headers.get('set-cookie')!;
    expect(set).toMatch(/^__Host-cn_session=/);
    expect(set).toContain('Path=/;');
    expect(set).toContain('Secure');
    expect(set).toContain('HttpOnly');
    expect(set).not.toMatch(/Domain=/i);
    const cookie = set.split(';', 1)[0]!;
    expect(await (await app.request('/read', { headers: { Cookie: cookie } })).text()).toBe('session-id');
    // the same value under the plain name (set by a sibling or over http) is not taken for it
    const plain = cookie.replace('__Host-', '');
    expect(await (await app.request('/read', { headers: { Cookie: plain } })).text()).toBe('null');
  });

  it('keeps its plain name and /app over http (the local stack)', async () => {
    const set = (await cookieApp(false).request('/set', { method: 'POST' })).headers.get('set-cookie')!;
    expect(set).toMatch(/^cn_session=/);
    expect(set).toContain('Path=/app');
    expect(set).not.toContain('Secure');
  });
});
