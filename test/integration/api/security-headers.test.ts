/**
 * Security headers on every answer (issue 20): the API's JSON, its errors, the OpenAPI document,
 * health and unknown paths say `nosniff`, a Referrer-Policy and a CSP that runs and frames nothing;
 * the docs page may not be framed; the app's pages post forms only to themselves; the sign-in's
 * redirect keeps its one session cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.js';

let api: Api;
let token: string;

beforeAll(async () => {
  api = await startApi();
  ({ token } = await api.newWorkspace('headers'));
});
afterAll(async () => {
  await api?.stop();
});

const bearer = (value: string) => ({ headers: { Authorization: `Bearer ${value}` } });

/** The CSP's directives, by name. */
function policyOf(res: Response): Record<string, string> {
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('every answer', () => {
  it.each([
    ['the API, answering', () => api.app.request('/api/connections', bearer(token)), 200],
    ['the API, refusing a token', () => api.app.request('/api/connections', bearer('cn_wrong')), 401],
    ['the API, refusing a request', () => api.app.request('/api/connections?limit=-1', bearer(token)), 400],
    ['the OpenAPI document', () => api.app.request('/openapi.json'), 200],
    ['health', () => api.app.request('/healthz'), 200],
    ['an unknown path', () => api.app.request('/nothing-here'), 404],
  ])(
    'says nosniff, a Referrer-Policy and a CSP that loads and frames nothing: %s',
    async (_, request, status) => {
      const res = await request();
      expect(res.status).toBe(status);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('same-origin');
      expect(policyOf(res)).toMatchObject({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
    },
  );
});

describe('pages', () => {
  it('the API docs may not be framed, and say nosniff', async () => {
    const res = await api.app.request('/docs');
    expect(res.status).toBe(200);
    expect(policyOf(res)).toMatchObject({ 'frame-ancestors': "'none'", 'form-action': "'self'" });
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it("the app's pages post forms only to themselves and may not be framed", async () => {
    const session = await api.webSession(token);
    for (const path of ['/app', '/app/sign-in']) {
      const res = await api.web('GET', path, path === '/app' ? session : null);
      expect(res.status, path).toBe(200);
      // and to the consent page's origin, where "Connect Gmail" without script is redirected
      expect(policyOf(res), path).toMatchObject({
        'form-action': `'self' ${new URL(api.deps.gmailSettings.authUrl!).origin}`,
        'frame-ancestors': "'none'",
        'script-src': "'self'",
      });
      expect(res.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
  });

  it("the sign-in's redirect sets its session cookie once", async () => {
    const res = await api.web('POST', '/app/sign-in', null, { token });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().filter((c) => c.includes('cn_session='))).toHaveLength(1);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});
