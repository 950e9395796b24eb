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
