import type { Registry } from 'prom-client';
import { seriesOn } from './series.js';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The API's requests by method, route template (never the raw path: ids would explode it) and status. */
export function httpRequestMetrics(registry: Registry) {
  const labelNames = ['method', 'route', 'status'] as const;
  const { counter, histogram } = seriesOn(registry);
  const requests = counter(
    'connections_http_requests_total',
    'HTTP requests answered, by method, route template and status',
    labelNames,
  );
  const duration = histogram(
    'connections_http_request_duration_seconds',
    'HTTP request duration, by method, route template and status',
    SECONDS_BUCKETS,
    labelNames,
  );
  return {
    observe(method: string, route: string, status: number, seconds: number): void {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
export type HttpRequestMetrics = ReturnType<typeof httpRequestMetrics>;
