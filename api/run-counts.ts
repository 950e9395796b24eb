import { z } from '@hono/zod-openapi';
import { RUN_COUNT_KEYS, type RunCountKey, type RunCounts } from '../contracts/workflows.js';

/** The run counts as zod fields, built from the contract's keys so the API cannot miss one. */
export const RunCountFields = Object.fromEntries(
  RUN_COUNT_KEYS.map((key) => [key, z.number().int()]),
) as Record<RunCountKey, z.ZodNumber>;

/** Each count's `sync_runs` column. */
const COLUMNS = {
  emailsScanned: 'emails_scanned',
  emailsArchived: 'emails_archived',
  duplicatesSkipped: 'duplicates_skipped',
  factsExtracted: 'facts_extracted',
  bookingsEnriched: 'bookings_enriched',
  reviewItemsCreated: 'review_items_created',
} as const satisfies Record<RunCountKey, string>;

/** The count columns of a `sync_runs` row. */
export type RunCountRow = { [K in RunCountKey as (typeof COLUMNS)[K]]: number };

export function runCountsOfRow(row: RunCountRow): RunCounts {
  return Object.fromEntries(RUN_COUNT_KEYS.map((key) => [key, row[COLUMNS[key]]])) as RunCounts;
}
