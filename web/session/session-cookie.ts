import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { SESSION_DAYS } from './session-store.js';

const COOKIE = 'cn_session';

/**
 * The cookie's signing key, derived from OAUTH_STATE_SECRET: one secret fewer to configure, and
 * production already refuses a weak or default one. The label keeps the two uses apart.
 */
export const sessionKey = (stateSecret: string) =>
  createHmac('sha256', stateSecret).update('connections web session cookie v1').digest('base64url');

/** Signed, HttpOnly, SameSite=Lax, only sent to /app; Secure whenever the app is served over https. */
export async function writeSessionCookie(c: Context, key: string, sessionId: string, secure: boolean) {
  await setSignedCookie(c, COOKIE, sessionId, key, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/app',
    maxAge: SESSION_DAYS * 86_400,
  });
}

/** The session id if the cookie is there and its signature holds. */
export async function readSessionCookie(c: Context, key: string): Promise<string | null> {
  const value = await getSignedCookie(c, key, COOKIE);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function clearSessionCookie(c: Context, secure: boolean) {
  deleteCookie(c, COOKIE, { path: '/app', httpOnly: true, sameSite: 'Lax', secure });
}
