import { Registry } from 'prom-client';
import { gmailRequestMetrics } from './gmail-requests.js';
import { syncRunMetrics } from './sync-runs.js';

/** The worker process's registry: what the pipeline did, and its Gmail calls. */
export function workerMetrics() {
  const registry = new Registry();
  return { registry, syncRuns: syncRunMetrics(registry), gmail: gmailRequestMetrics(registry) };
}
export type WorkerMetrics = ReturnType<typeof workerMetrics>;
