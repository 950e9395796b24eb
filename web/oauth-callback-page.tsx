import type { MiddlewareHandler } from 'hono';
import { verifyState } from '../api/oauth-state.js';
import { Uuid } from '../api/schemas.js';
import { OAuthResultPage } from './components/oauth-result.js';
import { PAGE_SECURITY_HEADERS } from './security-headers.js';

/** A browser's navigation asks for HTML; API clients ask for JSON or anything. */
export const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '');

/**
 * Google's redirect back lands in a browser: when it asks for text/html, the callback's JSON answer
 * (success or error, status kept) becomes the small page that tells the opener and closes. API
 * clients keep getting JSON. The callback itself is untouched: this runs after it, so whatever it
 * does (tokens, state, binding cookie) is done the same way for both.
 *
 * @example
 * app.use('/api/connections/gmail/callback', oauthCallbackPage(env.OAUTH_STATE_SECRET));
 */
export function oauthCallbackPage(stateSecret: string): MiddlewareHandler {
  return async function oauthCallbackPage(c, next) {
    await next();
    if (!wantsHtml(c.req.header('Accept'))) return;
    const body = (await c.res
      .clone()
      .json()
      .catch(() => null)) as { id?: string; error?: { code?: string } } | null;
    const ok = c.res.status === 200;
    const fromState = verifyState(stateSecret, c.req.query('state') ?? '')?.connectionId;
    const connectionId =
      [ok ? body?.id : undefined, fromState].find((id) => Uuid.safeParse(id).success) ?? null;
    const page = String(
      <OAuthResultPage ok={ok} connectionId={connectionId} code={ok ? null : (body?.error?.code ?? null)} />,
    );
    const headers = new Headers({ 'Content-Type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS });
    // the callback's cookies (clearing an OAuth binding cookie, say) still reach the browser
    for (const cookie of c.res.headers.getSetCookie()) headers.append('Set-Cookie', cookie);
    const status = c.res.status;
    // a fresh response, not merged into the JSON one: its Content-Length would not fit the page
    c.res = undefined;
    c.res = new Response(`<!doctype html>${page}`, { status, headers });
  };
}
