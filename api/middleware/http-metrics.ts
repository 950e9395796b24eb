import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { HttpRequestMetrics } from '../../metrics/http-requests.js';
import type { ApiEnv } from '../context.js';

/**
 * Counts and times every request by its route template (`/api/connections/:id`), never the raw
 * path, so the series stay a few per route. A request no route answered is `unmatched`.
 *
 * @example app.use('*', httpMetrics(metrics.http))
 */
export function httpMetrics(metrics: HttpRequestMetrics): MiddlewareHandler<ApiEnv> {
  return async function httpMetrics(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.observe(c.req.method, routeOf(c), c.res.status, (performance.now() - started) / 1000);
    }
  };
}

/** The last route matched for the method (middleware on `*` paths matches everything and says nothing). */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const route = matchedRoutes(c).findLast((r) => !r.path.includes('*'));
  return route?.path ?? 'unmatched';
}
