import type postgres from 'postgres';
import type { CandidateBooking, FactToMatch } from './match-inputs.js';

/** How far around the fact's dates a booking may lie and still be worth showing as "nearest". */
const WINDOW_DAYS = 60;
const MAX_ROWS = 200;

/**
 * The bookings of the fact's workspace (never another's) that could be its stay: same confirmation
 * code, or dates within the window; for a fact without dates (a guest-count change request), the
 * named bookings still to come, so the guest name can find one. rank.ts makes the decision.
 *
 * Each branch is its own index scan (UNION, not OR): the code on `(workspace_id,
 * upper(confirmation_code))`, the window on `(workspace_id, check_in, check_out)` with check-in
 * bounded below by the workspace's longest stay (an overlapping booking cannot start earlier).
 */
export async function loadCandidates(
  tx: postgres.TransactionSql,
  fact: FactToMatch,
): Promise<CandidateBooking[]> {
  const anchorIn = fact.checkIn ?? fact.checkOut;
  const anchorOut = fact.checkOut ?? fact.checkIn;
  return tx<CandidateBooking[]>`
    WITH longest AS (
      SELECT coalesce(max(s.check_out - s.check_in), 0) AS days
      FROM bookings s WHERE s.workspace_id = ${fact.workspaceId}
    ),
    ids AS (
      SELECT b.id FROM bookings b
      WHERE ${fact.confirmationCode}::text IS NOT NULL
        AND b.workspace_id = ${fact.workspaceId}
        AND upper(b.confirmation_code) = upper(trim(${fact.confirmationCode}::text))
        AND b.confirmation_code IS NOT NULL
      UNION
      SELECT b.id FROM bookings b, longest
      WHERE ${anchorIn}::date IS NOT NULL
        AND b.workspace_id = ${fact.workspaceId}
        AND b.check_in >= ${anchorIn}::date - ${WINDOW_DAYS}::int - longest.days
        AND b.check_in <= ${anchorOut}::date + ${WINDOW_DAYS}::int
        AND b.check_out >= ${anchorIn}::date - ${WINDOW_DAYS}::int
      UNION
      SELECT b.id FROM bookings b, longest
      WHERE ${anchorIn}::date IS NULL
        AND b.workspace_id = ${fact.workspaceId}
        AND b.check_in >= current_date - longest.days
        AND b.check_out >= current_date AND b.guest_name IS NOT NULL
    )
    SELECT b.id, b.workspace_id AS "workspaceId", b.platform, b.check_in::text AS "checkIn",
           b.check_out::text AS "checkOut", b.status, b.confirmation_code AS "confirmationCode",
           b.guest_name AS "guestName"
    FROM ids JOIN bookings b ON b.id = ids.id
    ORDER BY coalesce(upper(b.confirmation_code) = upper(trim(${fact.confirmationCode}::text)), false) DESC,
             abs(b.check_in - coalesce(${anchorIn}::date, current_date)), b.id
    LIMIT ${MAX_ROWS}`;
}
