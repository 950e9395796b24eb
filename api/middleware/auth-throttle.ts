import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { RateWindow } from '../rate-window.js';
import { clientAddress, type TrustedProxies } from './client-address.js';
import { tooMany } from './too-many.js';

/** One count of failed attempts per client, shared by every door that takes a credential. */
export function failedAuthWindow(options: { failures: number; windowSeconds: number }): RateWindow {
  return new RateWindow(options.failures, options.windowSeconds * 1000);
}

export interface AuthThrottleOptions {
  /** The shared count (`failedAuthWindow`): the API and the web app's sign-in spend from one. */
  failed: RateWindow;
  /** `TRUSTED_PROXIES`: the peers whose X-Forwarded-For names the client (client-address.ts). */
  trustedProxies: TrustedProxies;
  /** How a door says "slow down" (the API: JSON; the sign-in page: a page). */
  refuse?: (c: Context, retryAfterSeconds: number) => Response | Promise<Response>;
}

/**
 * Slows a client that keeps failing authentication (bearer, admin token or sign-in): each 401 is
 * counted for its client, and once a client has `failures` of them in the window, its further
 * failures are answered 429 TOO_MANY_FAILED_AUTH with `Retry-After` instead. Only failures: every
 * request is still checked, and a valid credential is answered as always, however many failures
 * its client has behind it, so nobody sharing an address (a NAT, a proxy) can lock the others out.
 * The tokens are 256 random bits: guessing is hopeless with or without this; what it stops is a
 * client hammering the API with a wrong token (docs/decisions.md, "Failed authentication").
 *
 * @example
 * const failed = failedAuthWindow({ failures: 20, windowSeconds: 300 });
 * app.use('/api/*', authFailureThrottle({ failed, trustedProxies: parseTrustedProxies('10.0.0.0/8') }));
 */
export function authFailureThrottle(options: AuthThrottleOptions): MiddlewareHandler<ApiEnv> {
  const refuse = options.refuse ?? ((c, wait) => tooMany(c, CODE.TOO_MANY_FAILED_AUTH, wait));
  return async function authFailureThrottle(c, next) {
    await next();
    if (c.res.status !== 401) return;
    const client = clientOf(c, options.trustedProxies);
    const wait = options.failed.retryAfter(client);
    options.failed.record(client);
    if (wait !== null) c.res = await refuse(c, wait);
  };
}

/** The client under @hono/node-server; in-process requests (tests) share one key. */
function clientOf(c: Context, proxies: TrustedProxies): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket?.remoteAddress;
  return peer ? clientAddress(peer, c.req.header('X-Forwarded-For'), proxies) : 'in-process';
}
