import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/client.js';
import { airbnbConfirmation, stayOf } from '../mail.js';

/**
 * The mail of one drill: `count` Airbnb confirmations with consecutive numbers, so their stay dates
 * (day = n mod 27) are all different as long as count ≤ 27, and codes HM… are unique.
 */
export interface DrillMail {
  numbers: number[];
  raws: string[];
}

let nextBase = 10_000 + Math.floor(Math.random() * 1_000_000) * 100;

export function drillMail(count: number): DrillMail {
  if (count > 27) throw new Error('at most 27 messages per batch: stay dates must not repeat');
  const base = nextBase;
  nextBase += 100;
  const numbers = Array.from({ length: count }, (_, i) => base + i);
  return { numbers, raws: numbers.map((n) => airbnbConfirmation(n)) };
}

/**
 * The feed's bookings: one per e-mail of `matched` (same code and dates: enriched by the sync) plus
 * `unrelated` that no e-mail mentions (must stay untouched). Returns how many bookings exist.
 */
export async function seedBookings(
  sql: Sql,
  workspaceId: string,
  matched: number[],
  unrelated = 2,
): Promise<number> {
  const [feed] = await sql<{ id: string }[]>`
    INSERT INTO ical_feeds (workspace_id, platform, url)
    VALUES (${workspaceId}, 'airbnb', ${`https://example.test/${randomUUID()}.ics`}) RETURNING id`;
  const rows = [
    ...matched.map((n) => {
      const stay = stayOf(n);
      return { code: stay.code, checkIn: stay.checkIn, checkOut: stay.checkOut };
    }),
    // December: no drill e-mail is about December
    ...Array.from({ length: unrelated }, (_, i) => ({
      code: null,
      checkIn: `2026-12-${String(i * 3 + 1).padStart(2, '0')}`,
      checkOut: `2026-12-${String(i * 3 + 2).padStart(2, '0')}`,
    })),
  ];
  for (const b of rows) {
    await sql`
      INSERT INTO bookings (workspace_id, feed_id, ical_uid, platform, check_in, check_out, status, confirmation_code)
      VALUES (${workspaceId}, ${feed!.id}, ${`${randomUUID()}@drill`}, 'airbnb', ${b.checkIn}, ${b.checkOut},
              'confirmed', ${b.code})`;
  }
  return rows.length;
}
