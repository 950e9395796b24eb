import type { MiddlewareHandler } from 'hono';

/**
 * What every answer says about itself unless its route said more (issue 20): the API's JSON, the
 * OpenAPI document, health and metrics, errors included. Browsers must not guess a type (a JSON
 * answer holding a stranger's text must never be read as HTML or script), nobody may frame or run
 * anything from it, and a link in it does not carry the URL elsewhere. Pages set their own, stricter
 * for what they load (web/security-headers.ts, web/api-docs.ts); a header already set is left alone.
 */
export const RESPONSE_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
} as const;

export function responseSecurityHeaders(): MiddlewareHandler {
  return async function responseSecurityHeaders(c, next) {
    await next();
    // set in place: replacing c.res would make Hono copy the old headers onto the new (Set-Cookie twice)
    for (const [name, value] of Object.entries(RESPONSE_SECURITY_HEADERS))
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
