import type postgres from 'postgres';
import {
  CandidateIndex,
  type CodeKeys,
  candidateQueryOf,
  type IndexedBooking,
} from '../../domain/matching/candidate-index.js';
import { dayNumber } from '../../domain/matching/day-number.js';
import type { FactToMatch } from '../../domain/matching/match-inputs.js';

/**
 * The candidate bookings of one batch of facts in two queries, as a CandidateIndex that chooses per
 * fact in memory. Code keys and today's date come from Postgres, so they compare exactly as its
 * `upper`/`trim` and `current_date` do.
 */
export async function queryCandidates(
  tx: postgres.TransactionSql,
  facts: readonly FactToMatch[],
): Promise<CandidateIndex> {
  const codes = [...new Set(facts.map((f) => f.confirmationCode).filter((c): c is string => c !== null))];
  const [info] = await tx<{ today: string; keys: Array<{ code: string } & CodeKeys> }[]>`
    SELECT current_date::text AS today,
      (SELECT coalesce(json_agg(json_build_object('code', c, 'trimmed', upper(trim(c)), 'raw', upper(c))), '[]')
       FROM json_array_elements_text(${tx.json(codes)}::json) AS c) AS keys`;
  const keys = new Map(info!.keys.map((k) => [k.code, { trimmed: k.trimmed, raw: k.raw }]));
  const query = candidateQueryOf(facts, keys);
  const rows = await tx<IndexedBooking[]>`
    WITH codes AS (
      SELECT (c->>0)::uuid AS ws, c->>1 AS key FROM json_array_elements(${tx.json(query.codes)}::json) AS c
    ),
    ranges AS (
      SELECT r.ws, r.lo, r.hi,
             (SELECT coalesce(max(s.check_out - s.check_in), 0) FROM bookings s WHERE s.workspace_id = r.ws) AS longest
      FROM json_to_recordset(${tx.json(query.ranges)}::json) AS r(ws uuid, lo date, hi date)
    ),
    upcoming AS (
      SELECT u::uuid AS ws,
             (SELECT coalesce(max(s.check_out - s.check_in), 0) FROM bookings s WHERE s.workspace_id = u::uuid) AS longest
      FROM json_array_elements_text(${tx.json(query.upcoming)}::json) AS u
    ),
    ids AS (
      SELECT b.id FROM codes JOIN bookings b
        ON b.workspace_id = codes.ws AND upper(b.confirmation_code) = codes.key AND b.confirmation_code IS NOT NULL
      UNION
      SELECT b.id FROM ranges r JOIN bookings b
        ON b.workspace_id = r.ws AND b.check_in >= r.lo - r.longest AND b.check_in <= r.hi AND b.check_out >= r.lo
      UNION
      SELECT b.id FROM upcoming u JOIN bookings b
        ON b.workspace_id = u.ws AND b.check_in >= current_date - u.longest AND b.check_out >= current_date
           AND b.guest_name IS NOT NULL
    )
    SELECT b.id, b.workspace_id AS "workspaceId", b.platform, b.check_in::text AS "checkIn",
           b.check_out::text AS "checkOut", b.status, b.confirmation_code AS "confirmationCode",
           b.guest_name AS "guestName", upper(b.confirmation_code) AS "codeKey"
    FROM ids JOIN bookings b ON b.id = ids.id`;
  return new CandidateIndex(rows, keys, dayNumber(info!.today));
}
