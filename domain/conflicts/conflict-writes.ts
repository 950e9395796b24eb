import type { ConflictKind, ConflictResolution } from '../../contracts/conflicts.js';
import type { Queryable } from '../../db/client.js';
import { logActivity } from '../activity-log.js';
import { recordEvent } from '../events/record-event.js';
import { liveConflicts, loadSnapshot } from './conflict-snapshot.js';
import { planConflictWrites } from './plan-writes.js';
import type { DetectedConflict } from './property-snapshot.js';

/**
 * Every write of `conflicts` but a person's acknowledgement: the one check that a feed import, the
 * enrichment of new mail and a person's regrouping (a feed or a listing name moved to a property)
 * all run, inside the transaction that changed what it checks. Each opened or resolved conflict is
 * written to the activity log and the webhook outbox in that same transaction, so an event exists
 * exactly when its conflict does.
 */

export interface ConflictSettings {
  /** How long a calendar may keep a stay its mail cancelled (CONFLICT_CANCELLED_STILL_BLOCKED_HOURS). */
  cancelledStillBlockedHours: number;
}

/** Channels refresh their own calendar within minutes to a few hours; six hours is well past that. */
export const DEFAULT_CONFLICT_SETTINGS: ConflictSettings = { cancelledStillBlockedHours: 6 };

export interface ConflictCheck {
  workspaceId: string;
  propertyIds: Iterable<string>;
  settings: ConflictSettings;
  /** Tonight's date (`YYYY-MM-DD`, UTC); defaults to today. Nights before it are past. */
  today?: string;
  now?: Date;
}

export interface ConflictCheckResult {
  opened: { id: string; kind: ConflictKind }[];
  resolved: { id: string; kind: ConflictKind; why: ConflictResolution }[];
}

/** The API path of one conflict: what its activity-log events point to (webhooks carry it as `url`). */
export const conflictPath = (id: string) => `/api/conflicts/${id}`;

/**
 * Checks each property: opens what the rules find, refreshes what is still there, resolves what is
 * gone. Properties are locked in id order (FOR NO KEY UPDATE: a feed moving to one still may), so
 * two checks of one property never interleave and two of several never deadlock. Must run in a
 * transaction; properties of other workspaces are skipped.
 */
export async function checkPropertyConflicts(
  tx: Queryable,
  check: ConflictCheck,
): Promise<ConflictCheckResult> {
  const result: ConflictCheckResult = { opened: [], resolved: [] };
  const ids = [...new Set(check.propertyIds)].sort();
  if (ids.length === 0) return result;
  const locked = await tx<{ id: string }[]>`
    SELECT id FROM properties WHERE id = ANY(${ids}::uuid[]) AND workspace_id = ${check.workspaceId}
    ORDER BY id FOR NO KEY UPDATE`;
  const now = check.now ?? new Date();
  const today = check.today ?? now.toISOString().slice(0, 10);
  for (const { id: propertyId } of locked) {
    const live = await liveConflicts(tx, propertyId);
    const snapshot = await loadSnapshot(tx, {
      workspaceId: check.workspaceId,
      propertyId,
      today,
      now,
      cancelledStillBlockedHours: check.settings.cancelledStillBlockedHours,
      live,
    });
    const plan = planConflictWrites(snapshot, live);
    for (const conflict of plan.open) {
      const opened = await openConflict(tx, check.workspaceId, propertyId, conflict);
      if (opened) result.opened.push({ id: opened, kind: conflict.kind });
    }
    for (const { id, conflict } of plan.refresh) await refreshConflict(tx, id, conflict);
    for (const r of plan.resolve)
      if (await resolveConflict(tx, check.workspaceId, propertyId, r)) result.resolved.push(r);
    await tx`UPDATE properties SET conflicts_stale = false WHERE id = ${propertyId} AND conflicts_stale`;
  }
  return result;
}

async function openConflict(
  tx: Queryable,
  workspaceId: string,
  propertyId: string,
  c: DetectedConflict,
): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO conflicts (workspace_id, property_id, kind, cause, sides, evidence, nights_from, nights_to)
    VALUES (${workspaceId}, ${propertyId}, ${c.kind}, ${c.cause}, ${tx.json(c.sides as never)},
      ${tx.json(c.evidence as never)}, ${c.nights.from}, ${c.nights.to})
    ON CONFLICT (property_id, cause) WHERE status <> 'resolved' DO NOTHING
    RETURNING id`;
  if (!row) return null;
  const data = { conflictId: row.id, kind: c.kind, propertyId };
  await recordEvent(tx, { workspaceId, type: 'conflict.opened', data });
  await logActivity(tx, {
    workspaceId,
    connectionId: null,
    event: 'connector_conflict_opened',
    context: { ...data, path: conflictPath(row.id), nightsFrom: c.nights.from, nightsTo: c.nights.to },
  });
  return row.id;
}

async function refreshConflict(tx: Queryable, id: string, c: DetectedConflict): Promise<void> {
  await tx`
    UPDATE conflicts SET sides = ${tx.json(c.sides as never)}, evidence = ${tx.json(c.evidence as never)},
      nights_from = ${c.nights.from}, nights_to = ${c.nights.to}
    WHERE id = ${id} AND status <> 'resolved'`;
}

async function resolveConflict(
  tx: Queryable,
  workspaceId: string,
  propertyId: string,
  r: { id: string; kind: ConflictKind; why: ConflictResolution },
): Promise<boolean> {
  const [row] = await tx`
    UPDATE conflicts SET status = 'resolved', resolved_at = clock_timestamp(), resolution = ${r.why}
    WHERE id = ${r.id} AND status <> 'resolved' RETURNING id`;
  if (!row) return false;
  const data = { conflictId: r.id, kind: r.kind, propertyId, resolution: r.why };
  await recordEvent(tx, { workspaceId, type: 'conflict.resolved', data });
  await logActivity(tx, {
    workspaceId,
    connectionId: null,
    event: 'connector_conflict_resolved',
    context: { ...data, path: conflictPath(r.id) },
  });
  return true;
}
