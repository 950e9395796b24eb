import { z } from '@hono/zod-openapi';
import { GMAIL_STATUSES } from '../contracts/connection-state.js';
import { CODE } from '../contracts/errors.js';
import { SYNC_STATES } from '../contracts/workflows.js';
import type { Queryable, Sql } from '../db/client.js';
import { CONNECTION_COLUMNS, type ConnectionRow } from '../domain/connection-row.js';
import { TIMELINESS, timelinessOf } from '../domain/connection-timeliness.js';
import { AppError, isUniqueViolation } from './errors.js';
import { owned } from './ownership.js';
import { PushStatusField, pushStatusOf } from './push-status.js';
import { iso, Platform, Timestamp, Uuid } from './schemas.js';

export const GmailStatus = z.enum(GMAIL_STATUSES);
export const SyncState = z.enum(SYNC_STATES);

export const TimelinessField = z.enum(TIMELINESS).openapi({
  description:
    'onTime: synced within its interval (or nothing is due: paused, not connected); delayed: its last ' +
    'successful sync is more than its interval plus a grace ago; failing: Gmail needs reconnecting or ' +
    'the latest run failed (docs/observability.md)',
});
export const SyncLagField = z.number().int().min(0).openapi({
  description: 'seconds past its interval since the last successful sync (0: on time or nothing due)',
});

export const LastError = z
  .object({ code: z.string(), message: z.string().nullable(), at: Timestamp.nullable() })
  .nullable()
  .openapi('LastError');

export const Connection = z
  .object({
    id: Uuid,
    platform: Platform,
    reservationLabel: z.string().nullable(),
    gmailLabelId: z.string().nullable(),
    gmailAddress: z.string().nullable(),
    gmailStatus: GmailStatus,
    syncState: SyncState,
    syncIntervalMinutes: z.number().int(),
    lastSyncAt: Timestamp.nullable(),
    lastErrorAt: Timestamp.nullable(),
    lastError: LastError,
    timeliness: TimelinessField,
    syncLagSeconds: SyncLagField,
    push: PushStatusField,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Connection');
export type Connection = z.infer<typeof Connection>;

export function lastErrorOf(row: ConnectionRow): z.infer<typeof LastError> {
  if (!row.last_error_code) return null;
  return { code: row.last_error_code, message: row.last_error_message, at: iso(row.last_error_at) };
}

export function toConnection(row: ConnectionRow, now: Date = new Date()): Connection {
  const verdict = timelinessOf(row, now);
  return {
    id: row.id,
    platform: row.platform,
    reservationLabel: row.reservation_label,
    gmailLabelId: row.gmail_label_id,
    gmailAddress: row.gmail_address,
    gmailStatus: row.gmail_status,
    syncState: row.sync_state,
    syncIntervalMinutes: row.sync_interval_minutes,
    lastSyncAt: iso(row.last_sync_at),
    lastErrorAt: iso(row.last_error_at),
    lastError: lastErrorOf(row),
    timeliness: verdict.timeliness,
    syncLagSeconds: verdict.lagSeconds,
    push: pushStatusOf(row, now),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The connection if it is the caller's: 404 when it does not exist, 403 when another workspace owns it. */
export async function findOwnedConnection(sql: Sql, workspaceId: string, id: string): Promise<ConnectionRow> {
  const [row] = await sql<
    ConnectionRow[]
  >`SELECT ${sql(CONNECTION_COLUMNS)} FROM connections WHERE id = ${id}`;
  return owned(row, workspaceId, 'connection');
}

/**
 * Runs an INSERT or UPDATE of one connection that sets its label and returns the row, turning the
 * per-workspace label index into LABEL_CONFLICT with the given message.
 */
export async function writingLabel(
  sql: Queryable,
  write: ReturnType<Queryable>,
  conflict: string,
): Promise<ConnectionRow> {
  try {
    const [row] = await sql<ConnectionRow[]>`${write} RETURNING ${sql(CONNECTION_COLUMNS)}`;
    return row!;
  } catch (err) {
    if (isUniqueViolation(err, 'connections_workspace_label_key'))
      throw new AppError(CODE.LABEL_CONFLICT, conflict, undefined, { cause: err });
    throw err;
  }
}
