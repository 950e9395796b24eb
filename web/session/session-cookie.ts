import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { SESSION_DAYS } from './session-store.js';

/** The cookie's name; served over https it is `__Host-cn_session`. */
export const SESSION_COOKIE = 'cn_session';

/**
 * The cookie's signing key, derived from OAUTH_STATE_SECRET: one secret fewer to configure, and
 * production already refuses a weak or default one. The label keeps the two uses apart.
 */
export const sessionKey = (stateSecret: string) =>
  createHmac('sha256', stateSecret).update('connections web session cookie v1').digest('base64url');

/**
 * Signed, HttpOnly, SameSite=Lax. Over https it is a `__Host-` cookie: the browser then refuses it
 * unless it is Secure, has no Domain and covers the whole origin (Path=/), so no sibling subdomain
 * and no plain-http page can set or overwrite it. Over http (the local stack) it keeps to /app.
 */
function cookieOptions(secure: boolean): CookieOptions {
  return secure
    ? { httpOnly: true, sameSite: 'Lax', secure: true, path: '/', prefix: 'host' }
    : { httpOnly: true, sameSite: 'Lax', secure: false, path: '/app' };
}

export async function writeSessionCookie(c: Context, key: string, sessionId: string, secure: boolean) {
  await setSignedCookie(c, SESSION_COOKIE, sessionId, key, {
    ...cookieOptions(secure),
    maxAge: SESSION_DAYS * 86_400,
  });
}

/** The session id if the cookie is there and its signature holds. */
export async function readSessionCookie(c: Context, key: string, secure: boolean): Promise<string | null> {
  const value = await getSignedCookie(c, key, SESSION_COOKIE, secure ? 'host' : undefined);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function clearSessionCookie(c: Context, secure: boolean) {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(secure));
}
