import { generateCookie } from 'hono/cookie';
import { STATE_TTL_MS } from './oauth-state.js';

/**
 * The cookie that binds a consent to the browser that began it (docs/oauth.md). gmail/start sets it
 * on its redirect; the browser sends it back only to the callback (its path), on the top-level GET
 * Google's redirect is (SameSite=Lax allows exactly that), and scripts cannot read it (HttpOnly).
 */
export const OAUTH_BINDING_COOKIE = 'cn_oauth_binding';
export const CALLBACK_PATH = '/api/connections/gmail/callback';

/** The `Set-Cookie` value for `binding`; Secure whenever the callback is served over https. */
export function bindingCookie(binding: string, redirectUri: string): string {
  return generateCookie(OAUTH_BINDING_COOKIE, binding, {
    path: CALLBACK_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure: redirectUri.startsWith('https:'),
    maxAge: STATE_TTL_MS / 1000,
  });
}

/** Spent once the callback has used the state. */
export function expiredBindingCookie(redirectUri: string): string {
  return generateCookie(OAUTH_BINDING_COOKIE, '', {
    path: CALLBACK_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure: redirectUri.startsWith('https:'),
    maxAge: 0,
  });
}
