import type { GmailStatus } from '../contracts/connection-state.js';
import type { Platform } from '../contracts/platforms.js';
import type { PushState, SyncState } from '../contracts/workflows.js';

/**
 * A `connections` row as the API, the rebuild of a lost workflow, the reconciler and the metrics
 * read it: every column but the sealed tokens, their generation and the history cursor, which only
 * the Gmail and sync code touch. A reader that needs fewer columns takes a `Pick` of this type.
 */
export interface ConnectionRow {
  id: string;
  workspace_id: string;
  platform: Platform;
  reservation_label: string | null;
  gmail_label_id: string | null;
  gmail_address: string | null;
  gmail_status: GmailStatus;
  sync_state: SyncState;
  sync_interval_minutes: number;
  last_sync_at: Date | null;
  last_error_at: Date | null;
  last_error_code: string | null;
  last_error_message: string | null;
  /** the watch as the last watch call left it (migration 015) */
  push_state: Extract<PushState, 'off' | 'watching' | 'failed' | 'stopped'>;
  watch_expires_at: Date | null;
  last_push_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column of ConnectionRow, for `SELECT ${sql(CONNECTION_COLUMNS)}` and `RETURNING`. */
export const CONNECTION_COLUMNS = [
  'id',
  'workspace_id',
  'platform',
  'reservation_label',
  'gmail_label_id',
  'gmail_address',
  'gmail_status',
  'sync_state',
  'sync_interval_minutes',
  'last_sync_at',
  'last_error_at',
  'last_error_code',
  'last_error_message',
  'push_state',
  'watch_expires_at',
  'last_push_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ConnectionRow)[];
