import { Counter, Histogram, type Registry } from 'prom-client';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The API's requests by method, route template (never the raw path: ids would explode it) and status. */
export function httpRequestMetrics(registry: Registry) {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'connections_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'connections_http_request_duration_seconds',
    help: 'HTTP request duration, by method, route template and status',
    labelNames,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  return {
    observe(method: string, route: string, status: number, seconds: number): void {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
export type HttpRequestMetrics = ReturnType<typeof httpRequestMetrics>;
