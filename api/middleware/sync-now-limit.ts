import type { MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { RateWindow } from '../rate-window.js';
import { Uuid } from '../schemas.js';
import { tooMany } from './too-many.js';

/**
 * At most `perMinute` "sync now" calls per connection and minute, refused ones included: a
 * client in a tight loop gets 429 TOO_MANY_REQUESTS with `Retry-After`. Keyed by workspace and
 * connection, so another workspace guessing an id can only use up its own allowance. The route's
 * own middleware (it runs before the route's validation): an id in any spelling but the canonical
 * one counts against nothing and goes on to be refused by the validator, so no spelling of an id
 * opens a second window. The route exists once, on the workspace router, so the API and the web
 * app share its window.
 *
 * @example
 * const sync = ownedRoute('sync', 'post /api/connections/{id}/sync', { middleware: [syncNowLimit(6)], … });
 */
export function syncNowLimit(perMinute: number): MiddlewareHandler<ApiEnv> {
  const calls = new RateWindow(perMinute, 60_000);
  return async function syncNowLimit(c, next) {
    const id = Uuid.safeParse(c.req.param('id'));
    const wait = id.success ? calls.take(`${c.get('workspaceId')}:${id.data}`) : null;
    if (wait !== null) return tooMany(c, CODE.TOO_MANY_REQUESTS, wait);
    await next();
  };
}
