import { randomBytes } from 'node:crypto';
import type { Sql } from '../../../db/client.js';

/**
 * A review item as the matcher would leave it: a feed with bookings, an archived e-mail, its
 * confirmed fact (ambiguous between the bookings), and the open item ranking them.
 */
export async function seedReviewItem(
  sql: Sql,
  opts: { workspaceId: string; connectionId: string; bookings?: number; reason?: string },
): Promise<{ itemId: string; factId: string; bookingIds: string[]; feedId: string }> {
  const tag = randomBytes(4).toString('hex');
  const [feed] = await sql<{ id: string }[]>`
    INSERT INTO ical_feeds (workspace_id, platform, url)
    VALUES (${opts.workspaceId}, 'airbnb', ${`https://example.com/${tag}.ics`}) RETURNING id`;
  const bookingIds: string[] = [];
  for (let i = 0; i < (opts.bookings ?? 3); i++) {
    const [b] = await sql<{ id: string }[]>`
      INSERT INTO bookings (workspace_id, feed_id, ical_uid, platform, check_in, check_out)
      VALUES (${opts.workspaceId}, ${feed!.id}, ${`uid-${tag}-${i}`}, 'airbnb', ${`2026-07-${10 + i}`}, ${`2026-07-${14 + i}`})
      RETURNING id`;
    bookingIds.push(b!.id);
  }
  const [message] = await sql<{ id: string }[]>`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject, sender, internal_date)
    VALUES (${opts.workspaceId}, ${opts.connectionId}, ${`msg-${tag}`}, 'Reservation confirmed - Ada arrives Jul 10',
            'Airbnb <automated@airbnb.com>', '2026-06-01T10:00:00Z')
    RETURNING id`;
  const [fact] = await sql<{ id: string }[]>`
    INSERT INTO reservation_facts (workspace_id, connection_id, message_id, ordinal, platform, kind, guest_name,
      check_in, check_out, guest_count, confirmation_code, payout_amount, payout_currency, confidence, parser_version, match_status,
      via, evidence)
    VALUES (${opts.workspaceId}, ${opts.connectionId}, ${message!.id}, 0, 'airbnb', 'confirmed', 'Ada Lovelace',
      '2026-07-10', '2026-07-14', 3, ${`HM${tag.toUpperCase()}`}, 812.5, 'EUR', 0.9, 'test-1', 'review',
      null, ${sql.json(SEEDED_EVIDENCE)})
    RETURNING id`;
  const candidates = bookingIds.map((bookingId, i) => ({
    bookingId,
    score: 0.9 - i * 0.1,
    checkIn: '',
    checkOut: '',
    confirmationCode: null,
  }));
  const [item] = await sql<{ id: string }[]>`
    INSERT INTO enrichment_review_items (workspace_id, connection_id, fact_id, reason, candidates)
    VALUES (${opts.workspaceId}, ${opts.connectionId}, ${fact!.id}, ${opts.reason ?? 'ambiguous'}, ${sql.json(candidates)})
    RETURNING id`;
  return { itemId: item!.id, factId: fact!.id, bookingIds, feedId: feed!.id };
}

/** What the seeded fact says it read, and where: the review queue shows these lines beside it. */
export const SEEDED_EVIDENCE = {
  guestName: { part: 'text', start: 120, end: 146, text: 'Ada Lovelace arrives Jul 10' },
  checkIn: { part: 'html', start: 310, end: 333, text: 'Check-in: Fri, Jul 10' },
};
