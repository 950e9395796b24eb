import type { Registry } from 'prom-client';
import { CONFLICT_KINDS } from '../contracts/conflicts.js';
import type { Sql } from '../db/client.js';
import { seriesOn } from './series.js';

/**
 * Open conflicts by kind, read from Postgres when Prometheus scrapes (like the review backlog):
 * every API replica answers the same. Open means nobody has acknowledged it yet; every kind is
 * always present, at 0 when there is none, so an alert can tell "none" from "not scraped".
 */
export function conflictGauges(registry: Registry, sql: Sql) {
  seriesOn(registry).gaugeOnScrape(
    'connections_conflicts_open',
    'Conflicts between channels or between mail and calendars that no person has acknowledged yet, by kind',
    ['kind'],
    async (gauge) => {
      const rows = await sql<{ kind: string; n: number }[]>`
        SELECT kind, count(*)::int AS n FROM conflicts WHERE status = 'open' GROUP BY kind`;
      const byKind = new Map(rows.map((r) => [r.kind, r.n]));
      for (const kind of CONFLICT_KINDS) gauge.set({ kind }, byKind.get(kind) ?? 0);
    },
  );
}
