import type { AppEnv, Store, TokenMap } from '@emulators/core';
import type { Hono } from 'hono';

/** Google's revocation endpoint (`POST https://oauth2.googleapis.com/revoke?token=…`). */
export const REVOKE_PATH = '/revoke';

interface RefreshRecord {
  email: string;
  clientId: string;
}

/**
 * What Google does on revoke, which the emulator's own `/oauth2/revoke` does not: it takes the token
 * from the query string (where googleapis' `revokeToken` puts it) or a form body, and it ends the
 * whole grant — every refresh and access token of that user for that client, not just the one given.
 * An unknown token is 400 `invalid_token`, as at Google.
 */
export function registerRevokeRoute(app: Hono<AppEnv>, store: Store, tokenMap: TokenMap): void {
  app.post(REVOKE_PATH, async (c) => {
    const body = new URLSearchParams(await c.req.text());
    const token = c.req.query('token') ?? body.get('token') ?? '';
    const refresh = refreshTokens(store);
    const grant = refresh.get(token) ?? accessGrant(tokenMap, refresh, token);
    if (!grant) return c.json({ error: 'invalid_token', error_description: 'Token expired or revoked' }, 400);
    for (const [value, record] of refresh)
      if (record.email === grant.email && record.clientId === grant.clientId) refresh.delete(value);
    for (const [value, user] of tokenMap) if (user.login === grant.email) tokenMap.delete(value);
    return c.json({}, 200);
  });
}

/** An access token names only its user: its grant is that user's with whichever client issued it. */
function accessGrant(tokenMap: TokenMap, refresh: Map<string, RefreshRecord>, token: string) {
  const user = tokenMap.get(token);
  if (!user) return undefined;
  const issued = [...refresh.values()].find((r) => r.email === user.login);
  return { email: user.login, clientId: issued?.clientId ?? '' };
}

// @emulators/google keeps refresh tokens in the store under this key (its getRefreshTokens)
function refreshTokens(store: Store): Map<string, RefreshRecord> {
  let map = store.getData<Map<string, RefreshRecord>>('google.oauth.refreshTokens');
  if (!map) {
    map = new Map();
    store.setData('google.oauth.refreshTokens', map);
  }
  return map;
}
