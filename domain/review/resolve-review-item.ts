import type postgres from 'postgres';
import { CODE } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { logActivity } from '../activity-log.js';
import { applyEnrichment } from '../enrichment/apply-enrichment.js';
import { enrichmentPatch } from '../enrichment/enrichment-patch.js';
import { lockFact } from '../matching/facts-to-match.js';
import type { FactToMatch } from '../matching/match-inputs.js';
import { ReviewItemError } from './review-item-error.js';
import { type EnrichedBooking, type ReviewItem, readBooking, readReviewItem } from './review-item-record.js';
import { markDismissed, markResolved } from './review-item-writes.js';

export interface ResolveReviewItemInput {
  workspaceId: string;
  itemId: string;
  bookingId: string;
}

export interface DismissReviewItemInput {
  workspaceId: string;
  itemId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person says which booking the fact is about: apply it there (UPDATE only) and close the item. */
export async function resolveReviewItem(
  sql: Sql,
  input: ResolveReviewItemInput,
): Promise<{ item: ReviewItem; booking: EnrichedBooking }> {
  return sql.begin(async (tx) => {
    const { item, fact } = await lockOpenItem(tx, input.workspaceId, input.itemId);
    await lockBooking(tx, input.workspaceId, input.bookingId);
    await applyEnrichment(tx, input, enrichmentPatch(fact, 'manual'));
    await tx`
      UPDATE reservation_facts
      SET match_status = 'matched', match_reason = 'manual', matched_booking_id = ${input.bookingId}
      WHERE id = ${fact.id}`;
    await markResolved(tx, input.itemId, input.bookingId);
    await logActivity(tx, {
      workspaceId: input.workspaceId,
      connectionId: item.connectionId,
      event: 'connector_review_resolved',
      context: { itemId: input.itemId, bookingId: input.bookingId, reason: item.reason },
    });
    return {
      item: (await readReviewItem(tx, input.itemId))!,
      booking: (await readBooking(tx, input.bookingId))!,
    };
  });
}

/** Closes the item without touching any booking; the fact is settled as matching nothing. */
export async function dismissReviewItem(
  sql: Sql,
  input: DismissReviewItemInput,
): Promise<{ item: ReviewItem }> {
  return sql.begin(async (tx) => {
    const { item, fact } = await lockOpenItem(tx, input.workspaceId, input.itemId);
    await tx`UPDATE reservation_facts SET match_status = 'unmatched' WHERE id = ${fact.id}`;
    await markDismissed(tx, input.itemId);
    await logActivity(tx, {
      workspaceId: input.workspaceId,
      connectionId: item.connectionId,
      event: 'connector_review_dismissed',
      context: { itemId: input.itemId, reason: item.reason },
    });
    return { item: (await readReviewItem(tx, input.itemId))! };
  });
}

/**
 * Locks the fact, then the item: the matcher also takes the fact first, so the two never wait on
 * each other in a cycle. The status is checked under the lock, so a double resolve applies once.
 */
async function lockOpenItem(
  tx: postgres.TransactionSql,
  workspaceId: string,
  itemId: string,
): Promise<{ item: ReviewItem; fact: FactToMatch }> {
  const peek = UUID.test(itemId) ? await readReviewItem(tx, itemId) : null;
  if (!peek) throw new ReviewItemError(CODE.NOT_FOUND, `review item ${itemId} not found`);
  if (peek.workspaceId !== workspaceId)
    throw new ReviewItemError(CODE.FORBIDDEN, 'review item of another workspace');
  const fact = await lockFact(tx, peek.factId);
  const [locked] = await tx<{ status: ReviewItem['status'] }[]>`
    SELECT status FROM enrichment_review_items WHERE id = ${itemId} FOR UPDATE`;
  if (!fact || !locked) throw new ReviewItemError(CODE.NOT_FOUND, `review item ${itemId} not found`);
  if (locked.status !== 'open') {
    throw new ReviewItemError(CODE.ALREADY_RESOLVED, `review item ${itemId} is already ${locked.status}`);
  }
  return { item: peek, fact };
}

async function lockBooking(
  tx: postgres.TransactionSql,
  workspaceId: string,
  bookingId: string,
): Promise<void> {
  const [booking] = UUID.test(bookingId)
    ? await tx<{ workspaceId: string }[]>`
        SELECT workspace_id AS "workspaceId" FROM bookings WHERE id = ${bookingId} FOR UPDATE`
    : [];
  if (!booking) throw new ReviewItemError(CODE.NOT_FOUND, `booking ${bookingId} not found`);
  if (booking.workspaceId !== workspaceId)
    throw new ReviewItemError(CODE.FORBIDDEN, 'booking of another workspace');
}
