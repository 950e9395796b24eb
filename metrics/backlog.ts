import type { Registry } from 'prom-client';
import { gmailHealthOf } from '../contracts/connection-state.js';
import type { GmailHealth } from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import {
  TIMELINESS,
  type TimelinessRow,
  type TimelinessVerdict,
  timelinessOf,
} from '../domain/connection-timeliness.js';
import { seriesOn } from './series.js';

/**
 * Gauges read from Postgres when Prometheus scrapes, so every API replica answers the same and a
 * restarted process loses nothing: open review items, connections by timeliness, connections that
 * need a person to reconnect Gmail, and the sync lag.
 *
 * Cardinality: the per-connection lag series is kept for at most `lagSeriesMax` connections, the
 * worst first, and only those lagging at all; `connections_sync_lag_max_seconds` and the
 * timeliness counts cover every connection in a handful of series.
 */
export function backlogGauges(registry: Registry, sql: Sql, opts: { lagSeriesMax: number }) {
  const series = seriesOn(registry);
  const connectionsNow = oncePerScrape(async () => {
    const rows = await sql<(TimelinessRow & { id: string })[]>`
      SELECT id, gmail_status, sync_state, sync_interval_minutes, last_sync_at, last_error_at, created_at
      FROM connections WHERE gmail_status IN ('connected', 'error')`;
    const now = new Date();
    return rows.map((row) => ({
      id: row.id,
      gmail: gmailHealthOf(row.gmail_status),
      ...timelinessOf(row, now),
    }));
  });

  series.gaugeOnScrape(
    'connections_review_items_open',
    'Review items waiting for a person',
    [],
    async (gauge) => {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM enrichment_review_items WHERE status = 'open'`;
      gauge.set(row!.n);
    },
  );
  series.gaugeOnScrape(
    'connections_needs_reauth',
    'Connections whose Gmail access was revoked and that wait for a person to reconnect',
    [],
    async (gauge) => {
      gauge.set((await connectionsNow()).filter((c) => c.gmail === 'needs_reauth').length);
    },
  );
  series.gaugeOnScrape(
    'connections_connections',
    'Connected connections by timeliness: onTime, delayed or failing (paused ones are onTime)',
    ['timeliness'],
    async (gauge) => {
      const all = await connectionsNow();
      for (const t of TIMELINESS) gauge.set({ timeliness: t }, all.filter((c) => c.timeliness === t).length);
    },
  );
  series.gaugeOnScrape(
    'connections_sync_lag_max_seconds',
    'The largest sync lag of any connection',
    [],
    async (gauge) => {
      gauge.set((await connectionsNow()).reduce((max, c) => Math.max(max, c.lagSeconds), 0));
    },
  );
  series.gaugeOnScrape(
    'connections_sync_lag_seconds',
    'How far past its interval the last successful sync of a connection is (the worst ones only)',
    ['connection_id'],
    async (gauge) => {
      const worst = (await connectionsNow())
        .filter((c) => c.lagSeconds > 0)
        .sort((a, b) => b.lagSeconds - a.lagSeconds)
        .slice(0, opts.lagSeriesMax);
      gauge.reset();
      for (const c of worst) gauge.set({ connection_id: c.id }, c.lagSeconds);
    },
  );
}

/**
 * prom-client collects every gauge of a scrape at once: the connection gauges share one query by
 * sharing its promise for a second.
 */
function oncePerScrape(
  load: () => Promise<(TimelinessVerdict & { id: string; gmail: GmailHealth | null })[]>,
): typeof load {
  let last: { at: number; result: ReturnType<typeof load> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), result: load() };
    return last.result;
  };
}
