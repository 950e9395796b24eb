import { OpenAPIHono } from '@hono/zod-openapi';
import { CODE } from '../contracts/errors.js';
import type { ApiEnv } from './context.js';
import { AppError } from './errors.js';

/**
 * An OpenAPIHono whose failed validations become VALIDATION_FAILED with one entry per failing
 * field, so every resource router answers bad input the same way.
 */
export function createRouter(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const fields = result.error.issues.map((issue) => ({
        path: [result.target, ...issue.path.map(String)].join('.'),
        message: issue.message,
      }));
      throw new AppError(CODE.VALIDATION_FAILED, `invalid ${result.target}`, fields);
    },
  });
}
