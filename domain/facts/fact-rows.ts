import type { Queryable } from '../../db/client.js';
import type { Fact } from '../../extraction/fact.js';
import { PARSER_VERSION } from '../../extraction/index.js';

/**
 * A fact as its `reservation_facts` row, and the insert both writers of new facts share: the archive
 * step (facts extracted while the bytes are in memory) and the extract stage (what it left).
 */

/** Stores new facts (a message's facts are written once: a second write of the same one is a no-op). */
export async function insertFacts(tx: Queryable, factRows: FactRow[]): Promise<number> {
  if (factRows.length === 0) return 0;
  // evidence is a nested object: marked as JSON, or postgres.js would send it as a JSON string
  const rows = factRows.map((row) => ({ ...row, evidence: tx.json(row.evidence as never) }));
  return (
    await tx`INSERT INTO reservation_facts ${tx(rows)} ON CONFLICT (message_id, ordinal) DO NOTHING RETURNING id`
  ).length;
}

export type FactRow = ReturnType<typeof toFactRow>;

/** The `reservation_facts` row of a message's `ordinal`-th fact. */
export function toFactRow(
  row: { id: number; workspace_id: string },
  connectionId: string,
  ordinal: number,
  fact: Fact,
) {
  return {
    workspace_id: row.workspace_id,
    connection_id: connectionId,
    message_id: row.id,
    ordinal,
    platform: fact.platform,
    kind: fact.kind,
    via: fact.via,
    guest_name: fact.guestName,
    check_in: fact.checkIn,
    check_out: fact.checkOut,
    guest_count: fact.guestCount,
    confirmation_code: fact.confirmationCode,
    listing_name: fact.listingName,
    payout_amount: fact.payoutAmount,
    payout_currency: fact.payoutCurrency,
    requested_check_in: fact.requestedCheckIn ?? null,
    requested_check_out: fact.requestedCheckOut ?? null,
    requested_guest_count: fact.requestedGuestCount ?? null,
    confidence: fact.confidence,
    read_by: fact.readBy,
    evidence: fact.evidence,
    parser_version: PARSER_VERSION,
  };
}
