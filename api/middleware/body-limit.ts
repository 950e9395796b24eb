import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CODE } from '../../contracts/errors.js';
import type { ApiEnv } from '../context.js';
import { AppError } from '../errors.js';

/**
 * Refuses a body over `maxBytes` with 413 PAYLOAD_TOO_LARGE, by its Content-Length or, without
 * one, as soon as the stream passes the limit: a large body is never buffered whole.
 *
 * @example
 * app.use('*', requestBodyLimit(1_048_576));
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler<ApiEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(CODE.PAYLOAD_TOO_LARGE, `the body is larger than ${maxBytes} bytes`, {
        limitBytes: maxBytes,
      });
    },
  });
  return async function requestBodyLimit(c, next) {
    return limit(c, next);
  };
}
