import { gmailHealthOf } from '../contracts/connection-state.js';
import type { ConnectionRow } from './connection-row.js';

/**
 * Is a connection syncing on time? One rule, read by the API (each connection's `timeliness`) and
 * by the `connections_sync_lag_seconds` gauge, so the dashboard and the JSON never disagree.
 *
 * lag = how far past its interval the last successful sync is: now − (last success + interval),
 * never below 0. A connection that has never synced counts from its creation.
 */

export const TIMELINESS = ['onTime', 'delayed', 'failing'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** The columns of a `connections` row the rule reads. */
export type TimelinessRow = Pick<
  ConnectionRow,
  'gmail_status' | 'sync_state' | 'sync_interval_minutes' | 'last_sync_at' | 'last_error_at' | 'created_at'
>;

export interface TimelinessVerdict {
  timeliness: Timeliness;
  lagSeconds: number;
}

/** A run takes time and the timer fires a little late: lag within the grace is still on time. */
export const graceSeconds = (intervalMinutes: number) => Math.max(120, intervalMinutes * 15);

/** Not expected to sync at all: never connected, disconnected, or paused by a person. */
const notDue = (row: TimelinessRow) =>
  gmailHealthOf(row.gmail_status) === null || row.sync_state === 'paused';

/** Needs a person (Gmail access revoked) or its latest outcome was a failure. */
const failing = (row: TimelinessRow) =>
  gmailHealthOf(row.gmail_status) === 'needs_reauth' ||
  (row.last_error_at !== null && (row.last_sync_at === null || row.last_error_at > row.last_sync_at));

export function lagSecondsOf(row: TimelinessRow, now: Date): number {
  if (notDue(row)) return 0;
  const since = (row.last_sync_at ?? row.created_at).getTime();
  return Math.max(0, Math.round((now.getTime() - since) / 1000 - row.sync_interval_minutes * 60));
}

/** First rule that holds wins. */
const RULES: { timeliness: Timeliness; holds: (row: TimelinessRow, lagSeconds: number) => boolean }[] = [
  { timeliness: 'onTime', holds: (row) => notDue(row) },
  { timeliness: 'failing', holds: (row) => failing(row) },
  { timeliness: 'delayed', holds: (row, lag) => lag > graceSeconds(row.sync_interval_minutes) },
  { timeliness: 'onTime', holds: () => true },
];

export function timelinessOf(row: TimelinessRow, now: Date = new Date()): TimelinessVerdict {
  const lagSeconds = lagSecondsOf(row, now);
  const rule = RULES.find((r) => r.holds(row, lagSeconds))!;
  return { timeliness: rule.timeliness, lagSeconds };
}
