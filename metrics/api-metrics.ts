import { Registry } from 'prom-client';
import type { Sql } from '../db/client.js';
import { backlogGauges } from './backlog.js';
import { conflictGauges } from './conflicts.js';
import { httpRequestMetrics } from './http-requests.js';
import { pushNotificationMetrics, watchExpiryGauge } from './push-notifications.js';
import { unrecognizedShareGauge } from './unrecognized-mail.js';

/**
 * The API process's registry: its HTTP requests and Gmail pushes, and the gauges read from Postgres
 * at scrape time (the watch expiries and open conflicts among them).
 * One per app, so tests can build many apps in one process.
 */
export function apiMetrics(sql: Sql, opts: { lagSeriesMax: number }) {
  const registry = new Registry();
  const http = httpRequestMetrics(registry);
  backlogGauges(registry, sql, opts);
  // per-connection series, capped like the lag series
  unrecognizedShareGauge(registry, sql, { seriesMax: opts.lagSeriesMax });
  watchExpiryGauge(registry, sql, { seriesMax: opts.lagSeriesMax });
  conflictGauges(registry, sql);
  return { registry, http, push: pushNotificationMetrics(registry) };
}
export type ApiMetrics = ReturnType<typeof apiMetrics>;
