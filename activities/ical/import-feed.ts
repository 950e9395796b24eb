import type postgres from 'postgres';
import { CODE, codesOf } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { CodedError } from '../../domain/coded-error.js';
import type { ActivityDeps } from '../deps.js';
import { requeueUnmatchedFacts } from '../match/rematch.js';
import { fetchFeed } from './fetch-feed.js';
import { type FeedEvent, parseFeed } from './parse-feed.js';

export interface ImportFeedInput {
  feedId: string;
  /** `YYYY-MM-DD`; stays ending before it are history and never cancelled. Defaults to today (UTC). */
  today?: string;
}

/**
 * `fetched`: events in the feed, well-formed or not; `skipped`: malformed events plus repeated UIDs
 * (the first one wins); `inserted`/`updated`: bookings written (an unchanged stay counts in neither);
 * `cancelled`: bookings whose stay vanished from the feed.
 */
export interface ImportFeedCounts {
  fetched: number;
  inserted: number;
  updated: number;
  cancelled: number;
  skipped: number;
}

export const IMPORT_FEED_ERRORS = codesOf(CODE.FEED_NOT_FOUND, CODE.NOT_ICAL);
export type ImportFeedErrorCode = (typeof IMPORT_FEED_ERRORS)[number];

export class ImportFeedError extends CodedError<ImportFeedErrorCode> {
  override readonly name = 'ImportFeedError';
}

interface FeedRow {
  id: string;
  workspaceId: string;
  platform: string;
  url: string;
}

const STATUS_BY_KIND: Record<FeedEvent['kind'], 'confirmed' | 'blocked'> = {
  reservation: 'confirmed',
  blocked: 'blocked',
};
const INSERT_CHUNK = 1000;

/**
 * Brings the feed's bookings in line with the feed, in one transaction. The feed owns dates, status,
 * summary, and the code and guest name when it gives them; a feed without them never erases what
 * enrichment wrote. A stay missing from the feed is cancelled (never deleted) only if it has not
 * ended yet: feeds drop past stays on their own, which says nothing about the stay.
 * New or changed stays send the workspace's unmatched facts they could match back to the matcher.
 */
export function importFeed(
  deps: Pick<ActivityDeps, 'sql'>,
  fetchText: (url: string) => Promise<string> = fetchFeed,
) {
  return async (input: ImportFeedInput): Promise<ImportFeedCounts> => {
    const { sql } = deps;
    const feed = await loadFeed(sql, input.feedId);
    try {
      const text = await fetchText(feed.url);
      // A 200 with an HTML error page would otherwise read as an empty feed and cancel every stay.
      if (!/BEGIN:VCALENDAR/i.test(text))
        throw new ImportFeedError(CODE.NOT_ICAL, `feed ${feed.url} is not iCalendar`);
      const parsed = parseFeed(text);
      const events = firstPerUid(parsed.events);
      const skipped = parsed.skipped + parsed.events.length - events.length;
      const fetched = parsed.events.length + parsed.skipped;
      return await sql.begin(async (tx) => {
        await tx`SELECT 1 FROM ical_feeds WHERE id = ${feed.id} FOR UPDATE`;
        const written = await upsertBookings(tx, feed, events);
        const cancelled = await cancelVanished(tx, feed.id, events, input.today ?? todayUtc());
        if (written.inserted + written.updated > 0) await requeueUnmatchedFacts(tx, feed);
        const counts = { fetched, ...written, cancelled, skipped };
        await tx`
          UPDATE ical_feeds
          SET last_imported_at = now(), last_error = NULL, last_counts = ${tx.json({ ...counts })}::jsonb
          WHERE id = ${feed.id}`;
        return counts;
      });
    } catch (error) {
      await sql`UPDATE ical_feeds SET last_error = ${String((error as Error)?.message ?? error)} WHERE id = ${feed.id}`;
      throw error;
    }
  };
}

async function loadFeed(sql: Sql, feedId: string): Promise<FeedRow> {
  const [feed] = await sql<FeedRow[]>`
    SELECT id, workspace_id AS "workspaceId", platform, url FROM ical_feeds
    WHERE id::text = ${feedId}`;
  if (!feed) throw new ImportFeedError(CODE.FEED_NOT_FOUND, `iCal feed ${feedId} not found`);
  return feed;
}

function firstPerUid(events: readonly FeedEvent[]): FeedEvent[] {
  const byUid = new Map<string, FeedEvent>();
  for (const event of events) if (!byUid.has(event.uid)) byUid.set(event.uid, event);
  return [...byUid.values()];
}

/**
 * Inserts new stays, updates changed ones; `xmax = 0` tells a fresh row from an updated one.
 * (No table alias: the postgres helper recognises a multi-row insert only right after `INTO table`.)
 */
async function upsertBookings(
  tx: postgres.TransactionSql,
  feed: FeedRow,
  events: readonly FeedEvent[],
): Promise<{ inserted: number; updated: number }> {
  const written = { inserted: 0, updated: 0 };
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const rows = events.slice(start, start + INSERT_CHUNK).map((event) => bookingRow(feed, event));
    const results = await tx<{ inserted: boolean }[]>`
      INSERT INTO bookings ${tx(rows, ...BOOKING_COLUMNS)}
      ON CONFLICT (feed_id, ical_uid) DO UPDATE SET
        check_in = EXCLUDED.check_in,
        check_out = EXCLUDED.check_out,
        status = EXCLUDED.status,
        summary = EXCLUDED.summary,
        confirmation_code = coalesce(EXCLUDED.confirmation_code, bookings.confirmation_code),
        guest_name = coalesce(EXCLUDED.guest_name, bookings.guest_name),
        updated_at = now()
      WHERE (bookings.check_in, bookings.check_out, bookings.status, bookings.summary, bookings.confirmation_code, bookings.guest_name)
        IS DISTINCT FROM (EXCLUDED.check_in, EXCLUDED.check_out, EXCLUDED.status, EXCLUDED.summary,
                          coalesce(EXCLUDED.confirmation_code, bookings.confirmation_code),
                          coalesce(EXCLUDED.guest_name, bookings.guest_name))
      RETURNING (xmax = 0) AS inserted`;
    for (const row of results) written[row.inserted ? 'inserted' : 'updated'] += 1;
  }
  return written;
}

type BookingRow = ReturnType<typeof bookingRow>;
const BOOKING_COLUMNS: (keyof BookingRow)[] = [
  'workspace_id',
  'feed_id',
  'ical_uid',
  'platform',
  'check_in',
  'check_out',
  'status',
  'summary',
  'confirmation_code',
  'guest_name',
];

function bookingRow(feed: FeedRow, event: FeedEvent) {
  return {
    workspace_id: feed.workspaceId,
    feed_id: feed.id,
    ical_uid: event.uid,
    platform: feed.platform,
    check_in: event.checkIn,
    check_out: event.checkOut,
    status: STATUS_BY_KIND[event.kind],
    summary: event.summary,
    confirmation_code: event.confirmationCode,
    guest_name: event.guestName,
  };
}

async function cancelVanished(
  tx: postgres.TransactionSql,
  feedId: string,
  events: readonly FeedEvent[],
  today: string,
): Promise<number> {
  const uids = events.map((event) => event.uid);
  const rows = await tx`
    UPDATE bookings SET status = 'cancelled', updated_at = now()
    WHERE feed_id = ${feedId} AND status <> 'cancelled' AND check_out >= ${today}::date
      AND NOT (ical_uid = ANY(${tx.array(uids)}::text[]))
    RETURNING id`;
  return rows.length;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
