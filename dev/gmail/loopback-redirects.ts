import type { AppEnv } from '@emulators/core';
import type { GoogleStore } from '@emulators/google';
import type { Hono } from 'hono';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLoopback(uri: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(uri).hostname);
  } catch {
    return false;
  }
}

/**
 * Google accepts any port on a loopback redirect URI; the emulator wants each URI registered. Every
 * port of the dev API and of test APIs is configurable, so register loopback URIs on first use.
 */
export function acceptLoopbackRedirects(app: Hono<AppEnv>, gs: GoogleStore): void {
  app.get('/o/oauth2/v2/auth', async (c, next) => {
    const redirectUri = c.req.query('redirect_uri') ?? '';
    const client = gs.oauthClients.findOneBy('client_id', c.req.query('client_id') ?? '');
    if (client && isLoopback(redirectUri) && !client.redirect_uris.includes(redirectUri)) {
      gs.oauthClients.update(client.id, { redirect_uris: [...client.redirect_uris, redirectUri] });
    }
    await next();
  });
}
