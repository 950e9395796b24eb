import type { Registry } from 'prom-client';
import type { RunCounts } from '../contracts/workflows.js';
import { seriesOn } from './series.js';

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
// what every run series is labelled by
const LABELS = ['status', 'trigger'] as const;

/**
 * What the pipeline did, counted once per run where the run's totals are recorded: runs by status
 * and trigger, their duration, messages archived, facts extracted and bookings enriched.
 */
export function syncRunMetrics(registry: Registry) {
  const { counter, histogram } = seriesOn(registry);
  const runs = counter('connections_sync_runs_total', 'Sync runs finished, by status and trigger', LABELS);
  const duration = histogram(
    'connections_sync_run_duration_seconds',
    'Wall time of a sync run, start to finish',
    RUN_SECONDS_BUCKETS,
    LABELS,
  );
  const archived = counter('connections_messages_archived_total', 'Messages written to the archive');
  const facts = counter(
    'connections_facts_extracted_total',
    'Reservation facts extracted from archived mail, by platform and kind',
    ['platform', 'kind'],
  );
  const enriched = counter('connections_bookings_enriched_total', 'Bookings enriched from an e-mail fact');
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
