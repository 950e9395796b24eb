import { randomUUID } from 'node:crypto';
import { hashToken, newApiToken } from '../../../api/token-hash.js';
import type { Sql } from '../../../db/client.js';
import type { GmailEmulator } from '../../../dev/gmail/emulator.js';
import { seedMessages } from '../../../dev/gmail/mailbox.js';
import { authorizeUser, GMAIL_READONLY_SCOPE } from '../../../dev/gmail/oauth.js';
import { storeTokens } from '../../../gmail/connected-gmail.js';
import type { OAuthTokens, TokenCipher } from '../../../security/token-cipher.js';
import { airbnbConfirmation } from '../fixtures.js';

export const USER = 'host@example.com';

export interface DrillConnection {
  workspaceId: string;
  connectionId: string;
  label: string;
  labelId: string;
  /** The workspace's API token (its sha256 is what the row holds). */
  apiToken: string;
}

/** A workspace (with an API token) and a connected connection on `label`, tokens really issued by the emulator. */
export async function createDrillConnection(
  sql: Sql,
  emulator: GmailEmulator,
  cipher: TokenCipher,
  label: string,
): Promise<DrillConnection> {
  const apiToken = newApiToken();
  const [ws] = await sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash) VALUES (${`drill ${label}`}, ${hashToken(apiToken)}) RETURNING id`;
  const { labelId } = await seedMessages({ emulatorUrl: emulator.url, user: USER, label, raws: [] });
  const [conn] = await sql<{ id: string }[]>`
    INSERT INTO connections (workspace_id, platform, reservation_label, gmail_label_id, gmail_address, gmail_status)
    VALUES (${ws!.id}, 'airbnb', ${label}, ${labelId}, ${USER}, 'connected') RETURNING id`;
  await reauthorize(sql, emulator, cipher, conn!.id);
  return { workspaceId: ws!.id, connectionId: conn!.id, label, labelId, apiToken };
}

/** What the OAuth callback does on a (re)connect: fresh tokens, sealed, and the connection marked connected. */
export async function reauthorize(
  sql: Sql,
  emulator: GmailEmulator,
  cipher: TokenCipher,
  connectionId: string,
) {
  const { tokens } = await authorizeUser({
    emulatorUrl: emulator.url,
    user: USER,
    scopes: [GMAIL_READONLY_SCOPE],
  });
  await storeTokens({ sql, cipher }, connectionId, tokens);
  await sql`UPDATE connections SET gmail_status = 'connected', last_error_at = NULL, last_error_code = NULL,
    last_error_message = NULL, updated_at = now() WHERE id = ${connectionId}`;
}

/** Makes googleapis refresh before its next call (as it does hourly in production). */
export async function expireAccessToken(sql: Sql, cipher: TokenCipher, connectionId: string) {
  const [row] = await sql<
    { oauth_tokens: never }[]
  >`SELECT oauth_tokens FROM connections WHERE id = ${connectionId}`;
  const tokens = cipher.open(row!.oauth_tokens, connectionId) as OAuthTokens;
  const sealed = cipher.seal({ ...tokens, access_token: 'expired', expiry_date: 1 }, connectionId);
  await sql`UPDATE connections SET oauth_tokens = ${sql.json(sealed as never)} WHERE id = ${connectionId}`;
}

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

/** Puts raw e-mails into the user's label through the Gmail API; returns their Gmail ids. */
export async function deliver(emulator: GmailEmulator, label: string, raws: string[]): Promise<string[]> {
  const { ids } = await seedMessages({ emulatorUrl: emulator.url, user: USER, label, raws });
  return ids;
}

/** The code and stay airbnbConfirmation(n) writes (checked against the extractor by the drills themselves). */
export function stayOf(n: number) {
  const day = (n % 27) + 1;
  const pad = (d: number) => String(d).padStart(2, '0');
  return {
    code: `HM${String(n).padStart(8, '0')}`.slice(0, 10),
    checkIn: `2026-07-${pad(day)}`,
    checkOut: `2026-07-${pad(day + 1)}`,
  };
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
