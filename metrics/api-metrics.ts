import { Registry } from 'prom-client';
import type { Sql } from '../db/client.js';
import { backlogGauges } from './backlog.js';
import { conflictGauges } from './conflicts.js';
import { httpRequestMetrics } from './http-requests.js';

/**
 * The API process's registry: its HTTP requests, and the gauges read from Postgres at scrape time
 * (the backlog, open conflicts).
 * One per app, so tests can build many apps in one process.
 */
export function apiMetrics(sql: Sql, opts: { lagSeriesMax: number }) {
  const registry = new Registry();
  const http = httpRequestMetrics(registry);
  backlogGauges(registry, sql, opts);
  conflictGauges(registry, sql);
  return { registry, http };
}
export type ApiMetrics = ReturnType<typeof apiMetrics>;
