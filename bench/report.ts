export interface BenchJson {
  messages: number;
  directMsgsPerSec: number;
  temporalMsgsPerSec: number;
  ratio: number;
  historyEventsPer1000: number;
  workerPeakRssMb: number;
  syncNowP50Ms: number;
  syncNowP95Ms: number;
  idleConnections: number;
  idleWorkerRssMb: number;
  /** the same, 3 s after the last connection workflow answered (before it settles) */
  idleWorkerRssAfterStartMb: number;
  idleStartSeconds: number;
  fanoutSeconds: number | null;
  /** fan-out runs completed, of idleConnections triggered */
  fanoutCompleted: number;
  quotaHeldPct: number;
  /** the slowest hostile-corpus message's parse + extract under the message budget */
  worstMessageMs: number;
  /** a webhook event recorded → the loopback receiver's 2xx, one event at a time */
  webhookDeliveredP50Ms: number;
  webhookDeliveredP95Ms: number;
  /** worker processes the phases ran on (one per phase here; `--workers 3` runs three at once) */
  workers: number;
  /** a mail inserted into a watched label → its booking enriched, push on, mails one at a time */
  mailToEnrichedP95Ms: number;
  /** the same with polling every minute and no push */
  mailToEnrichedPollP95Ms: number;
  /** push runs a burst of notifications started, per 100 notifications */
  pushRunsPer100Notifications: number;
  /** p95 from a double-selling mail's archive to its mail_overlaps_calendar conflict */
  conflictDetectMs: number;
}

type Check = [key: keyof BenchJson, test: (v: number, all: BenchJson) => boolean, target: string];

/** Issue 13's targets (2 cores, one run of the defaults). */
const TARGETS: Check[] = [
  ['ratio', (v) => v >= 0.85, '≥ 0.85'],
  ['temporalMsgsPerSec', (v) => v >= 500, '≥ 500'],
  ['historyEventsPer1000', (v) => v <= 40, '≤ 40'],
  ['syncNowP95Ms', (v) => v <= 200, '≤ 200'],
  ['idleWorkerRssMb', (v, all) => all.idleConnections < 1000 || v <= 450, '≤ 450 (1000 conns)'],
  ['fanoutCompleted', (v, all) => v >= all.idleConnections, 'all of them'],
  ['quotaHeldPct', (v) => v >= 90 && v <= 100, '90–100'],
  // issue 21's
  ['mailToEnrichedP95Ms', (v) => v <= 3000, '≤ 3000'],
  ['pushRunsPer100Notifications', (v) => v <= 2, '≤ 2'],
];

const LABELS: Record<keyof BenchJson, string> = {
  messages: 'messages in the mailbox',
  directMsgsPerSec: 'direct (activities in a loop), msgs/s',
  temporalMsgsPerSec: 'Temporal full sync, msgs/s',
  ratio: 'ratio temporal ÷ direct',
  historyEventsPer1000: 'history events per 1000 msgs',
  workerPeakRssMb: 'worker peak RSS during sync, MB',
  syncNowP50Ms: 'sync now → first activity p50, ms',
  syncNowP95Ms: 'sync now → first activity p95, ms',
  idleConnections: 'idle connection workflows',
  idleWorkerRssMb: 'worker RSS with them idle (settled 15 s), MB',
  idleWorkerRssAfterStartMb: 'worker RSS 3 s after the last started, MB',
  idleStartSeconds: 'start them all, s',
  fanoutSeconds: 'sync all at once (5 msgs each), s',
  fanoutCompleted: 'runs completed of the fan-out',
  quotaHeldPct: 'messages.get rate ÷ quota, %',
  worstMessageMs: 'worst hostile message, parse + extract, ms',
  webhookDeliveredP50Ms: 'webhook event recorded → receiver 2xx p50, ms',
  webhookDeliveredP95Ms: 'webhook event recorded → receiver 2xx p95, ms',
  workers: 'worker processes per phase',
  mailToEnrichedP95Ms: 'push: mail → booking enriched p95, ms',
  mailToEnrichedPollP95Ms: 'polling every minute: mail → booking enriched p95, ms',
  pushRunsPer100Notifications: 'push: runs per 100 notifications of a burst',
  conflictDetectMs: 'mail archived → its conflict p95, ms',
};

/** The readable table: every number, its target when it has one, and whether it is met. */
export function table(json: Partial<BenchJson>): string {
  const keys = (Object.keys(LABELS) as (keyof BenchJson)[]).filter((key) => key in json);
  const rows = keys.map((key) => {
    const check = TARGETS.find(([k]) => k === key);
    const value = json[key] ?? Number.NaN;
    const verdict = check
      ? Number.isFinite(value) && check[1](value, json as BenchJson)
        ? 'met'
        : 'MISSED'
      : '';
    return [LABELS[key], key, fmt(value), check?.[2] ?? '', verdict];
  });
  return render(['measure', 'key', 'value', 'target', ''], rows, (column) => column === 2);
}

/** A plain-text table: a header, a rule, the rows; columns padded, numbers right-aligned. */
export function render(head: string[], rows: string[][], rightAligned: (column: number) => boolean): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (rightAligned(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
