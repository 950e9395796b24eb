import type postgres from 'postgres';
import { recordEvents } from '../events/record-event.js';
import type { EnrichmentPatch } from './enrichment-patch.js';

/** One fact's enrichment of one booking. */
export interface BookingEnrichment {
  workspaceId: string;
  bookingId: string;
  patch: EnrichmentPatch;
}

/**
 * Applies one patch to one booking of the workspace (a person's resolution of a review item): the
 * same statement and rule as a matcher batch. Returns whether the booking changed.
 */
export async function applyEnrichment(
  tx: postgres.TransactionSql,
  target: { workspaceId: string; bookingId: string },
  patch: EnrichmentPatch,
): Promise<boolean> {
  return (await applyEnrichments(tx, [{ ...target, patch }])) > 0;
}

/**
 * The enrichment merge rule, the one place it is written: an UPDATE of a booking of the fact's
 * workspace, never an INSERT. A patch's null leaves the booking's value; a booking's confirmation
 * code is never replaced (the feed's code is the truth). Writes only when some value really changes
 * (`fact_id` and `enriched_at` alone do not count), so re-applying is a no-op.
 *
 * Set-based for a batch: a booking two enrichments touch gets them in the given order, one statement
 * per round (round k applies each booking's k-th patch), so each is compared with what the previous
 * one left. Bookings are locked in id order. Each change is a `booking.enriched` event, recorded in
 * the same transaction. Returns how many applications changed their booking.
 */
export async function applyEnrichments(
  tx: postgres.TransactionSql,
  enrichments: readonly BookingEnrichment[],
): Promise<number> {
  let changed = 0;
  for (const round of roundsOf(enrichments)) changed += await applyRound(tx, round);
  return changed;
}

function roundsOf(enrichments: readonly BookingEnrichment[]): BookingEnrichment[][] {
  const rounds: BookingEnrichment[][] = [];
  const seen = new Map<string, number>();
  for (const enrichment of enrichments) {
    const round = seen.get(enrichment.bookingId) ?? 0;
    seen.set(enrichment.bookingId, round + 1);
    if (round === rounds.length) rounds.push([]);
    rounds[round]!.push(enrichment);
  }
  return rounds;
}

async function applyRound(tx: postgres.TransactionSql, round: readonly BookingEnrichment[]): Promise<number> {
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
    RETURNING b.id, b.workspace_id, b.raw_data->>'fact_id' AS fact_id`;
  await recordEvents(
    tx,
    rows.map((r) => ({
      workspaceId: r.workspace_id as string,
      type: 'booking.enriched' as const,
      data: { bookingId: r.id as string, factId: (r.fact_id as string | null) ?? null },
    })),
  );
  return rows.length;
}
