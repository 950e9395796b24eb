import type postgres from 'postgres';
import type { EnrichmentPatch } from './enrichment-patch.js';

/**
 * Applies a patch to one booking of the workspace: an UPDATE, never an INSERT. Writes only when some
 * value really changes (`fact_id` and `enriched_at` alone do not count), so re-applying is a no-op.
 * Returns whether the booking changed.
 */
export async function applyEnrichment(
  tx: postgres.TransactionSql,
  target: { workspaceId: string; bookingId: string },
  patch: EnrichmentPatch,
): Promise<boolean> {
  const raw = tx.json(patch.rawData as postgres.JSONValue);
  const rows = await tx`
    WITH next AS (
      SELECT
        b.id,
        coalesce(${patch.guestName}::text, b.guest_name) AS guest_name,
        coalesce(${patch.guestCount}::int, b.guest_count) AS guest_count,
        coalesce(b.confirmation_code, ${patch.confirmationCode}::text) AS confirmation_code,
        coalesce(${patch.payoutAmount}::numeric(12, 2), b.payout_amount) AS payout_amount,
        coalesce(${patch.payoutCurrency}::text, b.payout_currency) AS payout_currency,
        coalesce(${patch.enrichmentStatus}::text, b.enrichment_status) AS enrichment_status,
        b.raw_data || ${raw}::jsonb AS raw_data
      FROM bookings b
      WHERE b.id = ${target.bookingId} AND b.workspace_id = ${target.workspaceId}
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
  return rows.length > 0;
}
