import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Sql } from '../../db/client.js';
import { apiMetrics } from '../../metrics/api-metrics.js';
import { workerMetrics } from '../../metrics/worker-metrics.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

// every series our registries can emit (histograms and counters add their suffixes)
const known = new Set(
  [
    // the Postgres gauges query only when scraped: no query runs here
    ...apiMetrics({} as Sql, { lagSeriesMax: 1 }).registry.getMetricsAsArray(),
    ...workerMetrics().registry.getMetricsAsArray(),
  ].flatMap((m) => [m.name, `${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`]),
);
const ours = (expr: string) => [...expr.matchAll(/\bconnections_[a-z_]+/g)].map((m) => m[0]);

describe('the alert rules (docs/observability/alerts.yml)', () => {
  const rules = (
    parse(read('docs/observability/alerts.yml')) as { groups: { rules: { alert: string; expr: string }[] }[] }
  ).groups.flatMap((g) => g.rules);

  it('alert on lag, needs-reauth, the failure rate, the review backlog, unread mail and open conflicts', () => {
    const watched = rules.flatMap((r) => ours(r.expr));
    for (const name of [
      'connections_connections',
      'connections_needs_reauth',
      'connections_sync_runs_total',
      'connections_review_items_open',
      'connections_unrecognized_mail_share',
      'connections_conflicts_open',
    ])
      expect(watched).toContain(name);
  });

  it('name only series the app emits', () => {
    const unknown = rules.flatMap((r) => ours(r.expr)).filter((n) => !known.has(n));
    expect(unknown).toEqual([]);
  });
});

describe('the Grafana dashboard (docs/observability/grafana-dashboard.json)', () => {
  const dashboard = JSON.parse(read('docs/observability/grafana-dashboard.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

  it('charts only series the app emits', () => {
    expect(exprs.flatMap(ours).filter((n) => !known.has(n))).toEqual([]);
  });

  it('charts every application series, and the Temporal SDK’s', () => {
    const charted = new Set(exprs.flatMap(ours).map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    const emitted = new Set([...known].map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    expect([...emitted].filter((n) => !charted.has(n))).toEqual([]);
    expect(exprs.some((e) => /\btemporal_/.test(e))).toBe(true);
  });
});
