import { Counter, Histogram, type Registry } from 'prom-client';
import type { RunCounts } from '../contracts/workflows.js';

/** A finished run as the run bookkeeping knows it (activities/runs/sync-runs.ts). */
export interface FinishedRun {
  status: 'completed' | 'failed' | 'cancelled';
  trigger: string;
  durationSeconds: number;
  totals: RunCounts;
  /** New facts of the run, by the platform and kind of each (a handful of label pairs). */
  factKinds: { platform: string; kind: string; n: number }[];
}

// Runs last from a second (nothing new) to many minutes (a first full sync of a big label).
const RUN_SECONDS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * What the pipeline did, counted once per run where the run's totals are recorded: runs by status
 * and trigger, their duration, messages archived, facts extracted and bookings enriched.
 */
export function syncRunMetrics(registry: Registry) {
  const runs = new Counter({
    name: 'connections_sync_runs_total',
    help: 'Sync runs finished, by status and trigger',
    labelNames: ['status', 'trigger'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'connections_sync_run_duration_seconds',
    help: 'Wall time of a sync run, start to finish',
    labelNames: ['status', 'trigger'] as const,
    buckets: RUN_SECONDS_BUCKETS,
    registers: [registry],
  });
  const archived = new Counter({
    name: 'connections_messages_archived_total',
    help: 'Messages written to the archive',
    registers: [registry],
  });
  const facts = new Counter({
    name: 'connections_facts_extracted_total',
    help: 'Reservation facts extracted from archived mail, by platform and kind',
    labelNames: ['platform', 'kind'] as const,
    registers: [registry],
  });
  const enriched = new Counter({
    name: 'connections_bookings_enriched_total',
    help: 'Bookings enriched from an e-mail fact',
    registers: [registry],
  });
  // every series exists from the start, so rate() and the dashboard see a 0 rather than nothing
  archived.inc(0);
  enriched.inc(0);

  return {
    record(run: FinishedRun): void {
      const labels = { status: run.status, trigger: run.trigger };
      runs.inc(labels);
      duration.observe(labels, run.durationSeconds);
      archived.inc(run.totals.emailsArchived);
      enriched.inc(run.totals.bookingsEnriched);
      for (const { platform, kind, n } of run.factKinds) facts.inc({ platform, kind }, n);
    },
  };
}
export type SyncRunMetrics = ReturnType<typeof syncRunMetrics>;
