import {
  type AppEnv,
  authMiddleware,
  registerFontRoutes,
  type Store,
  type TokenMap,
  WebhookDispatcher,
} from '@emulators/core';
import { getGoogleStore, googlePlugin } from '@emulators/google';
import { Hono } from 'hono';
import { gmailErrorResponse } from './gmail-errors.js';
import { installMonotonicHistoryIds } from './history-ids.js';
import { acceptLoopbackRedirects } from './loopback-redirects.js';
import { registerFullHeaders } from './message-headers.js';
import { registerIndexedMessageGet } from './message-index.js';
import { registerProfileRoute } from './profile-route.js';
import { publishWatchedChanges } from './push-notifier.js';
import { registerRevokeRoute } from './revoke-route.js';
import { type PushTarget, registerWatchRoutes } from './watch-routes.js';

/**
 * @emulators/google's routes, assembled by hand instead of with core's `createServer`: that one adds a
 * GitHub-style limit of 5000 calls per token per hour answered with a non-Gmail 403, which a benchmark
 * would hit, and Gmail-unlike error bodies. Our additions are registered first so they can wrap or
 * replace the plugin's routes.
 */
export function createGmailApp(
  store: Store,
  tokenMap: TokenMap,
  baseUrl: string,
  push: PushTarget,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const gs = getGoogleStore(store);
  const clock = installMonotonicHistoryIds(gs);
  publishWatchedChanges(store, gs, push);
  registerFontRoutes(app);
  app.onError((err) => {
    console.error('[gmail-emulator]', err);
    return gmailErrorResponse('backendError');
  });
  app.use('*', authMiddleware(tokenMap));
  registerProfileRoute(app, gs, clock);
  registerIndexedMessageGet(app, gs);
  registerFullHeaders(app, gs);
  acceptLoopbackRedirects(app, gs);
  registerRevokeRoute(app, store, tokenMap);
  registerWatchRoutes(app, store, gs, clock, push);
  googlePlugin.register(app, store, new WebhookDispatcher(), baseUrl, tokenMap);
  app.notFound(() => gmailErrorResponse('notFound'));
  return app;
}
