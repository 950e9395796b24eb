import type { DrillResult } from '../../testing/drills/scenarios.js';

/** `scenario | outcome | time | details`, one row per drill, violations listed under a failed one. */
export function formatTable(results: DrillResult[]): string {
  const rows = results.map((r) => [
    r.scenario,
    r.ok ? 'passed' : 'FAILED',
    `${(r.ms / 1000).toFixed(1)} s`,
    Object.entries(r.details)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  ]);
  const header = ['scenario', 'outcome', 'time', 'details'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // the details column is last: never pad it
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join(' | ');
  const out = [line(header), widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? 7 : w)).join('-|-')];
  results.forEach((r, i) => {
    out.push(line(rows[i]!));
    for (const v of r.violations) out.push(`${' '.repeat(widths[0]!)} |   ✗ ${v.split('\n')[0]}`);
  });
  return out.join('\n');
}
