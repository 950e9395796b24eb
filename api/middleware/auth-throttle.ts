import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { RateWindow } from '../rate-window.js';
import { tooMany } from './too-many.js';

export interface AuthThrottleOptions {
  /** Failed attempts (401s) one client may make per window before it must wait. */
  failures: number;
  windowSeconds: number;
}

/**
 * Slows a client that keeps failing authentication (bearer or admin token): after `failures`
 * 401s within the window it gets 429 TOO_MANY_FAILED_AUTH with `Retry-After` until the oldest
 * failure leaves the window. Keyed by the socket's address, never by a forwarded header, which a
 * client could set to anything.
 *
 * @example
 * app.use('/api/*', authFailureThrottle({ failures: 20, windowSeconds: 300 }));
 */
export function authFailureThrottle(options: AuthThrottleOptions): MiddlewareHandler<ApiEnv> {
  const failed = new RateWindow(options.failures, options.windowSeconds * 1000);
  return async function authFailureThrottle(c, next) {
    const client = clientAddress(c);
    const wait = failed.retryAfter(client);
    if (wait !== null) return tooMany(c, CODE.TOO_MANY_FAILED_AUTH, wait);
    await next();
    if (c.res.status === 401) failed.record(client);
  };
}

/** The peer address under @hono/node-server; in-process requests (tests) share one key. */
function clientAddress(c: Context<ApiEnv>): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'in-process';
}
