import type { RouteKind } from './route-kinds.js';

export interface CallRecord {
  kind: RouteKind;
  method: string;
  path: string;
  /** epoch ms when the request arrived */
  at: number;
  status: number;
  /** true when the fault layer answered instead of the emulator */
  faulted: boolean;
}

export interface CallQuery {
  kind?: RouteKind;
  /** only calls that arrived at or after this epoch ms */
  since?: number;
}

// A benchmark may issue a few hundred thousand calls; beyond this the oldest are dropped so a long
// dev session does not grow without bound.
const MAX_RECORDS = 500_000;

export class CallLog {
  private records: CallRecord[] = [];

  add(record: CallRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  list(query: CallQuery = {}): CallRecord[] {
    return this.records.filter(
      (r) =>
        (query.kind === undefined || r.kind === query.kind) &&
        (query.since === undefined || r.at >= query.since),
    );
  }

  count(query: CallQuery = {}): number {
    return this.list(query).length;
  }

  countsByKind(): Partial<Record<RouteKind, number>> {
    const counts: Partial<Record<RouteKind, number>> = {};
    for (const r of this.records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.records = [];
  }
}
