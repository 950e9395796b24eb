import type { Context } from 'hono';
import type { ErrorCode } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { AppError, errorBody } from '../errors.js';

/** A 429 with `Retry-After`: the limit middlewares' one answer. */
export function tooMany(c: Context<ApiEnv>, code: ErrorCode, retryAfterSeconds: number): Response {
  const error = new AppError(code, undefined, { retryAfterSeconds });
  c.get('log')?.info({ event: 'request_rejected', error: code, retryAfterSeconds }, 'rejected');
  return c.json(errorBody(error), error.status, { 'Retry-After': String(retryAfterSeconds) });
}
