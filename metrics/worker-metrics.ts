import { Registry } from 'prom-client';
import { gmailRequestMetrics } from './gmail-requests.js';
import { syncRunMetrics } from './sync-runs.js';
import { unrecognizedMailMetrics } from './unrecognized-mail.js';

/** The worker process's registry: what the pipeline did, its Gmail calls, and the mail nobody could read. */
export function workerMetrics() {
  const registry = new Registry();
  return {
    registry,
    syncRuns: syncRunMetrics(registry),
    gmail: gmailRequestMetrics(registry),
    unrecognized: unrecognizedMailMetrics(registry),
  };
}
export type WorkerMetrics = ReturnType<typeof workerMetrics>;
