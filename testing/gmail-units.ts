import type { GmailEmulator } from '../dev/gmail/index.js';
import { type GmailMethod, QUOTA_TABLES, type QuotaTableName } from '../gmail/quota-table.js';

/** The emulator's route kinds that Gmail prices, and their method in the quota table. */
const KIND_METHOD: Record<string, GmailMethod> = {
  'profile.get': 'getProfile',
  'labels.get': 'labels.get',
  'labels.list': 'labels.list',
  'messages.list': 'messages.list',
  'messages.get': 'messages.get',
  'history.list': 'history.list',
};

export interface SpentUnits {
  at: number;
  method: GmailMethod;
  units: number;
}

/**
 * The most units spent in any closed window of `windowMs` (each window opening at a spend): what a
 * sliding per-minute quota sees at its worst.
 */
export function worstWindow(spends: readonly { at: number; units: number }[], windowMs = 60_000): number {
  const sorted = [...spends].sort((a, b) => a.at - b.at);
  let worst = 0;
  let sum = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]!.at <= sorted[start]!.at + windowMs)
      sum += sorted[end++]!.units;
    worst = Math.max(worst, sum);
    sum -= sorted[start]!.units;
  }
  return worst;
}

/** The quota units each priced Gmail call since `since` cost, by the emulator's call log, in time order. */
export function unitsSpent(
  emulator: GmailEmulator,
  opts: { since: number; until?: number; table: QuotaTableName },
): SpentUnits[] {
  const costs = QUOTA_TABLES[opts.table].costs;
  return emulator.faults
    .calls({ since: opts.since })
    .filter((c) => KIND_METHOD[c.kind] && (opts.until === undefined || c.at <= opts.until))
    .map((c) => ({ at: c.at, method: KIND_METHOD[c.kind]!, units: costs[KIND_METHOD[c.kind]!] }))
    .sort((a, b) => a.at - b.at);
}
