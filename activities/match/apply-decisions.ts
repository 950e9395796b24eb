import type postgres from 'postgres';
import type { EnrichmentPatch } from './enrichment-patch.js';
import type { Ranked } from './match-inputs.js';
import type { ReviewReason } from './rank.js';

/** One fact's enrichment of one booking, in the order the batch decided them. */
export interface BatchEnrichment {
  workspaceId: string;
  bookingId: string;
  patch: EnrichmentPatch;
}

export interface BatchFactDecision {
  factId: string;
  status: 'matched' | 'review' | 'unmatched';
  reason: string;
  bookingId: string | null;
  candidates: Ranked[];
  review: { reason: ReviewReason; candidates: Ranked[] } | null;
}

/**
 * `applyEnrichment` for a whole batch, set-based: the same values, the same "only a real change
 * counts" rule. A booking two facts of the batch enrich gets them in the batch's order, one
 * statement per round (round k applies each booking's k-th patch), so each is compared with what
 * the previous one left. Bookings are locked in id order. Returns how many applications changed
 * their booking.
 */
export async function applyEnrichments(
  tx: postgres.TransactionSql,
  enrichments: readonly BatchEnrichment[],
): Promise<number> {
  const rounds: BatchEnrichment[][] = [];
  const seen = new Map<string, number>();
  for (const enrichment of enrichments) {
    const round = seen.get(enrichment.bookingId) ?? 0;
    seen.set(enrichment.bookingId, round + 1);
    if (round === rounds.length) rounds.push([]);
    rounds[round]!.push(enrichment);
  }
  let changed = 0;
  for (const round of rounds) {
    const patches = round.map(({ workspaceId, bookingId, patch }) => ({
      booking_id: bookingId,
      workspace_id: workspaceId,
      guest_name: patch.guestName,
      guest_count: patch.guestCount,
      confirmation_code: patch.confirmationCode,
      payout_amount: patch.payoutAmount,
      payout_currency: patch.payoutCurrency,
      enrichment_status: patch.enrichmentStatus,
      raw: patch.rawData,
    }));
    const rows = await tx`
      WITH p AS (
        SELECT * FROM json_to_recordset(${tx.json(patches as unknown as postgres.JSONValue)}::json) AS p(
          booking_id uuid, workspace_id uuid, guest_name text, guest_count int, confirmation_code text,
          payout_amount numeric, payout_currency text, enrichment_status text, raw jsonb)
      ),
      next AS (
        SELECT
          b.id,
          coalesce(p.guest_name, b.guest_name) AS guest_name,
          coalesce(p.guest_count, b.guest_count) AS guest_count,
          coalesce(b.confirmation_code, p.confirmation_code) AS confirmation_code,
          coalesce(p.payout_amount::numeric(12, 2), b.payout_amount) AS payout_amount,
          coalesce(p.payout_currency, b.payout_currency) AS payout_currency,
          coalesce(p.enrichment_status, b.enrichment_status) AS enrichment_status,
          b.raw_data || p.raw AS raw_data
        FROM p JOIN bookings b ON b.id = p.booking_id AND b.workspace_id = p.workspace_id
        ORDER BY b.id
        FOR UPDATE OF b
      )
      UPDATE bookings b SET
        guest_name = next.guest_name,
        guest_count = next.guest_count,
        confirmation_code = next.confirmation_code,
        payout_amount = next.payout_amount,
        payout_currency = next.payout_currency,
        enrichment_status = next.enrichment_status,
        raw_data = next.raw_data || jsonb_build_object('enriched_at', now()),
        updated_at = now()
      FROM next
      WHERE b.id = next.id
        AND (b.guest_name, b.guest_count, b.confirmation_code, b.payout_amount, b.payout_currency,
             b.enrichment_status, b.raw_data - 'fact_id' - 'enriched_at')
          IS DISTINCT FROM
            (next.guest_name, next.guest_count, next.confirmation_code, next.payout_amount, next.payout_currency,
             next.enrichment_status, next.raw_data - 'fact_id' - 'enriched_at')
      RETURNING b.id`;
    changed += rows.length;
  }
  return changed;
}

/**
 * Writes the batch's decisions to its facts, then, for facts re-matched after a feed import, closes
 * the open review item of each fact tied to a booking and refreshes the open item of each fact still
 * for review (as `closeOpenReviewItem` / `refreshOpenReviewItem` do one at a time).
 */
export async function writeFactDecisions(
  tx: postgres.TransactionSql,
  decisions: readonly BatchFactDecision[],
): Promise<void> {
  if (decisions.length === 0) return;
  const facts = decisions.map((d) => ({
    id: d.factId,
    status: d.status,
    reason: d.reason,
    booking_id: d.bookingId,
    candidates: d.candidates,
  }));
  await tx`
    UPDATE reservation_facts f
    SET match_status = d.status, match_reason = d.reason, matched_booking_id = d.booking_id,
        match_candidates = d.candidates
    FROM json_to_recordset(${tx.json(facts as unknown as postgres.JSONValue)}::json)
      AS d(id uuid, status text, reason text, booking_id uuid, candidates jsonb)
    WHERE f.id = d.id`;
  const closes = decisions.flatMap((d) =>
    d.bookingId === null ? [] : [{ fact_id: d.factId, booking_id: d.bookingId }],
  );
  if (closes.length > 0) {
    await tx`
      UPDATE enrichment_review_items i
      SET status = 'resolved', resolved_at = now(),
          resolution = jsonb_build_object('bookingId', d.booking_id, 'at', now(), 'by', 'matcher')
      FROM json_to_recordset(${tx.json(closes)}::json) AS d(fact_id uuid, booking_id text)
      WHERE i.fact_id = d.fact_id AND i.status = 'open'`;
  }
  const refreshes = decisions.flatMap((d) =>
    d.review === null
      ? []
      : [{ fact_id: d.factId, reason: d.review.reason, candidates: d.review.candidates }],
  );
  if (refreshes.length > 0) {
    await tx`
      UPDATE enrichment_review_items i
      SET reason = d.reason, candidates = d.candidates
      FROM json_to_recordset(${tx.json(refreshes as unknown as postgres.JSONValue)}::json)
        AS d(fact_id uuid, reason text, candidates jsonb)
      WHERE i.fact_id = d.fact_id AND i.status = 'open'
        AND (i.reason, i.candidates) IS DISTINCT FROM (d.reason, d.candidates)`;
  }
}
