import type { MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { RateWindow } from '../rate-window.js';
import { tooMany } from './too-many.js';

/**
 * At most `perMinute` "sync now" calls per connection and minute, refused ones included: a
 * client in a tight loop gets 429 TOO_MANY_REQUESTS with `Retry-After`. Keyed by workspace and
 * connection, so another workspace guessing an id can only use up its own allowance. Mounted
 * behind workspace auth, on the route's path.
 *
 * @example
 * app.on('POST', '/api/connections/:id/sync', syncNowLimit(6));
 */
export function syncNowLimit(perMinute: number): MiddlewareHandler<ApiEnv> {
  const calls = new RateWindow(perMinute, 60_000);
  return async function syncNowLimit(c, next) {
    const wait = calls.take(`${c.get('workspaceId')}:${c.req.param('id') ?? ''}`);
    if (wait !== null) return tooMany(c, CODE.TOO_MANY_REQUESTS, wait);
    await next();
  };
}
