import type postgres from 'postgres';
import type { FactToMatch } from './match-inputs.js';

/**
 * `reservation_facts f` as FactToMatch: dates as text, money as a number (numeric arrives as a
 * string), and the fields whose evidence says the generic reader read them.
 */
function factColumns(tx: postgres.TransactionSql) {
  return tx`
    f.id, f.workspace_id AS "workspaceId", f.platform, f.kind, f.guest_name AS "guestName",
    f.check_in::text AS "checkIn", f.check_out::text AS "checkOut", f.guest_count AS "guestCount",
    f.confirmation_code AS "confirmationCode", f.payout_amount::float8 AS "payoutAmount",
    f.payout_currency AS "payoutCurrency", f.requested_check_in::text AS "requestedCheckIn",
    f.requested_check_out::text AS "requestedCheckOut", f.requested_guest_count AS "requestedGuestCount",
    f.confidence::float8 AS confidence, f.read_by AS "readBy",
    ARRAY(SELECT e.key FROM jsonb_each(CASE WHEN jsonb_typeof(f.evidence) = 'object' THEN f.evidence END) AS e
          WHERE e.value->>'reader' = 'generic' ORDER BY e.key) AS "genericFields"`;
}

/**
 * The connection's undecided facts, in the order their e-mails were sent (a cancellation must land
 * after its confirmation), locked; rows another run holds are skipped, so two runs never share a fact.
 */
export function lockPendingFacts(
  tx: postgres.TransactionSql,
  connectionId: string,
  limit: number,
): Promise<FactToMatch[]> {
  return tx<FactToMatch[]>`
    SELECT ${factColumns(tx)}
    FROM reservation_facts f
    JOIN gmail_messages m ON m.id = f.message_id
    WHERE f.connection_id = ${connectionId} AND f.match_status = 'pending'
    ORDER BY m.internal_date NULLS LAST, f.created_at, f.message_id, f.ordinal
    LIMIT ${limit}
    FOR UPDATE OF f SKIP LOCKED`;
}

export async function lockFact(tx: postgres.TransactionSql, factId: string): Promise<FactToMatch | null> {
  const [fact] = await tx<FactToMatch[]>`
    SELECT ${factColumns(tx)} FROM reservation_facts f WHERE f.id = ${factId} FOR UPDATE`;
  return fact ?? null;
}
