import type { Hono } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { ApiMetrics } from '../../metrics/api-metrics.js';
import type { ApiEnv, AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { secretsEqual } from '../token-hash.js';

/**
 * `GET /metrics`, Prometheus text. Not a tenant route, so it is not in the OpenAPI document. Its
 * series name connection ids, so it is behind `METRICS_TOKEN` (a bearer token). Without one it is
 * open outside production (the local stack) and closed in production: never open by omission.
 */
export function metricsRoutes(deps: AppDeps, metrics: ApiMetrics, app: Hono<ApiEnv>): void {
  const token = deps.env.METRICS_TOKEN;
  const open = !token && deps.env.NODE_ENV !== 'production';
  app.get('/metrics', async (c) => {
    if (!open) {
      const given = c.req.header('Authorization')?.replace(/^Bearer\s+/i, '');
      if (!token || !given || !secretsEqual(given, token))
        throw new AppError(CODE.UNAUTHORIZED, 'metrics token required');
    }
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
}
