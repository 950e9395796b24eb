import type { MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { AppError } from '../errors.js';
import { secretsEqual } from '../token-hash.js';

/** Lets through only requests carrying `X-Admin-Token: <ADMIN_TOKEN>`. */
export function adminOnly(adminToken: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const given = c.req.header('X-Admin-Token');
    if (!given || !secretsEqual(given, adminToken))
      throw new AppError(CODE.UNAUTHORIZED, 'admin token required');
    await next();
  };
}
