import type postgres from 'postgres';
import { REVIEW_REASONS, type ReviewReason } from '../../contracts/review-reasons.js';
import type { Queryable, Sql } from '../../db/client.js';
import { type EventToRecord, recordEvents } from '../events/record-event.js';
import type { Ranked } from '../matching/match-inputs.js';

/**
 * Every write to `enrichment_review_items`, the review queue, in one place: the matcher opens,
 * refreshes and closes items, re-extraction drops the open item of a fact it changed, a person
 * resolves or dismisses one. A closed item is history: only `open` ones are ever changed, except by
 * the person's own action, which checks the status under its lock first (resolve-review-item.ts).
 *
 * So every opening and closing is told to webhooks here too (`review_item.opened`,
 * `review_item.resolved`), in the transaction of the write.
 */

interface ItemKeys {
  id: string;
  workspace_id: string;
  connection_id: string;
  fact_id: string;
}

/** One event per item: the item's ids, and what else the write knows (why it opened, how it closed). */
function itemEvents<I extends ItemKeys>(
  type: 'review_item.opened' | 'review_item.resolved',
  items: readonly I[],
  extra: (item: I) => Record<string, string | null>,
): EventToRecord[] {
  return items.map((i) => ({
    workspaceId: i.workspace_id,
    type,
    data: { reviewItemId: i.id, connectionId: i.connection_id, factId: i.fact_id, ...extra(i) },
  }));
}

const ITEM_KEYS = 'id, workspace_id, connection_id, fact_id';

/**
 * One item per fact the matcher left for a person. Unique per fact: a second run, or a run racing
 * this one, creates nothing more. Returns how many were opened.
 */
export async function openReviewItems(sql: Sql, connectionId: string): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<(ItemKeys & { reason: string })[]>`
      INSERT INTO enrichment_review_items (workspace_id, connection_id, fact_id, reason, candidates)
      SELECT f.workspace_id, f.connection_id, f.id, f.match_reason, f.match_candidates
      FROM reservation_facts f
      WHERE f.connection_id = ${connectionId}
        AND f.match_status = 'review'
        AND f.match_reason = ANY(${[...REVIEW_REASONS]})
        AND NOT EXISTS (SELECT 1 FROM enrichment_review_items i WHERE i.fact_id = f.id)
      ORDER BY f.created_at
      ON CONFLICT (fact_id) DO NOTHING
      RETURNING ${tx.unsafe(ITEM_KEYS)}, reason`;
    await recordEvents(
      tx,
      itemEvents('review_item.opened', rows, (r) => ({ reason: r.reason })),
    );
    return rows.length;
  });
}

/** The matcher tied these facts to a booking (after a feed import): their open items close. */
export async function closeMatchedItems(
  tx: postgres.TransactionSql,
  matched: readonly { factId: string; bookingId: string }[],
): Promise<void> {
  if (matched.length === 0) return;
  const rows = matched.map((m) => ({ fact_id: m.factId, booking_id: m.bookingId }));
  const closed = await tx<(ItemKeys & { booking_id: string })[]>`
    UPDATE enrichment_review_items i
    SET status = 'resolved', resolved_at = now(),
        resolution = jsonb_build_object('bookingId', d.booking_id, 'at', now(), 'by', 'matcher')
    FROM json_to_recordset(${tx.json(rows)}::json) AS d(fact_id uuid, booking_id text)
    WHERE i.fact_id = d.fact_id AND i.status = 'open'
    RETURNING i.id, i.workspace_id, i.connection_id, i.fact_id, d.booking_id`;
  await recordEvents(
    tx,
    itemEvents('review_item.resolved', closed, (i) => ({
      resolution: 'booking',
      bookingId: i.booking_id,
      by: 'matcher',
    })),
  );
}

/** The matcher still leaves these facts for a person: their open items take the new reason and candidates. */
export async function refreshOpenItems(
  tx: postgres.TransactionSql,
  reviews: readonly { factId: string; reason: ReviewReason; candidates: Ranked[] }[],
): Promise<void> {
  if (reviews.length === 0) return;
  const rows = reviews.map((r) => ({ fact_id: r.factId, reason: r.reason, candidates: r.candidates }));
  await tx`
    UPDATE enrichment_review_items i
    SET reason = d.reason, candidates = d.candidates
    FROM json_to_recordset(${tx.json(rows as unknown as postgres.JSONValue)}::json)
      AS d(fact_id uuid, reason text, candidates jsonb)
    WHERE i.fact_id = d.fact_id AND i.status = 'open'
      AND (i.reason, i.candidates) IS DISTINCT FROM (d.reason, d.candidates)`;
}

/** Re-extraction changed these facts: their open items go, and the next match decides them anew. */
export async function dropOpenItems(tx: Queryable, factIds: readonly string[]): Promise<void> {
  if (factIds.length === 0) return;
  await tx`DELETE FROM enrichment_review_items WHERE fact_id = ANY(${[...factIds]}) AND status = 'open'`;
}

/** A person said which booking the item's fact is about. */
export async function markResolved(tx: Queryable, itemId: string, bookingId: string): Promise<void> {
  const closed = await tx<ItemKeys[]>`
    UPDATE enrichment_review_items
    SET status = 'resolved', resolved_at = now(),
        resolution = jsonb_build_object('bookingId', ${bookingId}::text, 'at', now())
    WHERE id = ${itemId}
    RETURNING ${tx.unsafe(ITEM_KEYS)}`;
  await recordEvents(
    tx,
    itemEvents('review_item.resolved', closed, () => ({ resolution: 'booking', bookingId, by: 'person' })),
  );
}

/** A person said the item's fact matches no booking. */
export async function markDismissed(tx: Queryable, itemId: string): Promise<void> {
  const closed = await tx<ItemKeys[]>`
    UPDATE enrichment_review_items
    SET status = 'dismissed', resolved_at = now(), resolution = jsonb_build_object('dismissed', true, 'at', now())
    WHERE id = ${itemId}
    RETURNING ${tx.unsafe(ITEM_KEYS)}`;
  await recordEvents(
    tx,
    itemEvents('review_item.resolved', closed, () => ({
      resolution: 'dismissed',
      bookingId: null,
      by: 'person',
    })),
  );
}
