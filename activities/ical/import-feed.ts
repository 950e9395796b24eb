import { ApplicationFailure } from '@temporalio/common';
import type postgres from 'postgres';
import { CODE, codesOf, ERRORS, type ErrorCode } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { logActivity } from '../../domain/activity-log.js';
import { CodedError } from '../../domain/coded-error.js';
import { checkPropertyConflicts, DEFAULT_CONFLICT_SETTINGS } from '../../domain/conflicts/conflict-writes.js';
import type { ActivityDeps } from '../deps.js';
import { requeueUnmatchedFacts } from '../match/rematch.js';
import { holdReason } from './drop-rule.js';
import { type FeedImportFlag, readFeedHere } from './feed-events.js';
import { FeedFetchError, fetchFeed } from './fetch-feed.js';
import type { FeedEvent } from './parse-feed.js';

export interface ImportFeedInput {
  feedId: string;
  /** `YYYY-MM-DD`; stays ending before it are history and never cancelled. Defaults to today (UTC). */
  today?: string;
}

/**
 * `fetched`: events in the feed, well-formed or not; `skipped`: malformed events plus repeated UIDs
 * (the first one wins); `inserted`/`updated`: bookings written (an unchanged stay counts in neither);
 * `cancelled`: bookings whose stay vanished from the feed; `held`: stays that vanished but were
 * kept, in doubt (mail confirmed them and no cancellation came: `vanished_without_cancellation`);
 * `refused`: events over `FEED_MAX_EVENTS`, not applied, and then the flag `too_many_events`.
 */
export interface ImportFeedCounts {
  fetched: number;
  inserted: number;
  updated: number;
  cancelled: number;
  held: number;
  skipped: number;
  refused: number;
  flags: FeedImportFlag[];
}

/** `FEED_MAX_EVENTS`' default, for callers without the environment (tests, tools). */
export const DEFAULT_FEED_MAX_EVENTS = 2_000;

export const IMPORT_FEED_ERRORS = codesOf(CODE.FEED_NOT_FOUND, CODE.NOT_ICAL, CODE.FEED_HELD_FOR_REVIEW);
export type ImportFeedErrorCode = (typeof IMPORT_FEED_ERRORS)[number];

export class ImportFeedError extends CodedError<ImportFeedErrorCode> {
  override readonly name = 'ImportFeedError';
}

interface FeedRow {
  id: string;
  workspaceId: string;
  platform: string;
  url: string;
  propertyId: string | null;
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
 * ended yet: feeds drop past stays on their own, which says nothing about the stay. An import that
 * would drop most future stays at once (`drop-rule.ts`) is held, applied only once a person resumes
 * the feed. New or changed stays send the workspace's unmatched facts they could match back to the matcher.
 *
 * Failures carry the feed id and a registry code, never the URL (a secret) or upstream detail:
 * they land in the workflow history and in `last_error`, which the tenant reads.
 */
export function importFeed(
  deps: Pick<ActivityDeps, 'sql'> &
    Partial<Pick<ActivityDeps, 'outbound' | 'conflicts' | 'feedReader' | 'feedMaxEvents'>>,
  fetchText: (url: string) => Promise<string> = (url) =>
    fetchFeed(url, {
      allowPrivateHosts: deps.outbound?.allowPrivateHosts ?? [],
      onlyAllowedHosts: deps.outbound?.onlyAllowedHosts ?? false,
    }),
) {
  return async (input: ImportFeedInput): Promise<ImportFeedCounts> => {
    const { sql } = deps;
    try {
      const feed = await loadFeed(sql, input.feedId);
      const text = await fetchText(feed.url);
      // A 200 with an HTML error page would otherwise read as an empty feed and cancel every stay.
      if (!/BEGIN:VCALENDAR/i.test(text)) throw new ImportFeedError(CODE.NOT_ICAL);
      const today = input.today ?? todayUtc();
      const maxEvents = deps.feedMaxEvents ?? DEFAULT_FEED_MAX_EVENTS;
      // parsed off the event loop in the worker (feed-reader.ts): a 5 MB feed takes seconds
      const reading = await (deps.feedReader ?? readFeedHere)(text, { maxEvents, today }, feed.id);
      const { events, fetched, skipped, refused, flags } = reading;
      // with stays still to come left out, the feed's picture of the future is partial: nothing it
      // lacks may be taken for a cancellation (and so nothing is held for one either)
      const whole = reading.refusedCurrent === 0;
      return await sql.begin(async (tx) => {
        const [locked] = await tx<{ acceptDrop: boolean }[]>`
          SELECT accept_drop AS "acceptDrop" FROM ical_feeds WHERE id = ${feed.id} FOR UPDATE`;
        if (whole && !locked?.acceptDrop && holdReason(await dropShape(tx, feed.id, events, today)))
          throw new ImportFeedError(CODE.FEED_HELD_FOR_REVIEW);
        const written = await upsertBookings(tx, feed, events);
        // a feed cut at FEED_MAX_EVENTS is not the whole calendar: what it left out did not vanish
        const { cancelled, held } = whole
          ? await leaveVanished(tx, feed, events, today)
          : { cancelled: 0, held: 0 };
        if (written.inserted + written.updated > 0) await requeueUnmatchedFacts(tx, feed);
        const counts = { fetched, ...written, cancelled, held, skipped, refused, flags };
        if (feed.propertyId)
          await checkPropertyConflicts(tx, {
            workspaceId: feed.workspaceId,
            propertyIds: [feed.propertyId],
            settings: deps.conflicts ?? DEFAULT_CONFLICT_SETTINGS,
            today: input.today,
          });
        await tx`
          UPDATE ical_feeds
          SET last_imported_at = now(), last_error = NULL, last_counts = ${tx.json({ ...counts })}::jsonb,
              accept_drop = false, status = CASE WHEN status = 'paused' THEN status ELSE 'active' END
          WHERE id = ${feed.id}`;
        // successes only: a failure is retried, and the feed's last_error already says it
        await logActivity(tx, {
          workspaceId: feed.workspaceId,
          connectionId: null,
          event: 'connector_feed_imported',
          context: { feedId: feed.id, ...counts },
        });
        return counts;
      });
    } catch (error) {
      throw await recordFailure(sql, input.feedId, error);
    }
  };
}

/** What the tenant and the workflow history get: the code, on the feed and in a failure naming the feed id. */
async function recordFailure(sql: Sql, feedId: string, error: unknown): Promise<unknown> {
  if (!(error instanceof CodedError)) {
    await sql`UPDATE ical_feeds SET last_error = ${CODE.INTERNAL} WHERE id::text = ${feedId}`.catch(() => {});
    return error;
  }
  const code: ErrorCode = error.code;
  const status = code === CODE.FEED_HELD_FOR_REVIEW ? 'held_for_review' : null;
  await sql`
    UPDATE ical_feeds SET last_error = ${code},
      status = CASE WHEN status = 'paused' THEN status ELSE coalesce(${status}, status) END
    WHERE id::text = ${feedId}`;
  const retryable = error instanceof FeedFetchError ? error.retryable : ERRORS[code].retryable;
  return ApplicationFailure.create({
    type: code,
    message: `feed ${feedId}: ${ERRORS[code].message}`,
    nonRetryable: !retryable,
  });
}

async function dropShape(
  tx: postgres.TransactionSql,
  feedId: string,
  events: readonly FeedEvent[],
  today: string,
): Promise<{ futureStays: number; dropped: number; events: number }> {
  const uids = events.map((event) => event.uid);
  const [row] = await tx<{ futureStays: number; dropped: number }[]>`
    SELECT count(*)::int AS "futureStays",
           count(*) FILTER (WHERE NOT (ical_uid = ANY(${tx.array(uids)}::text[])))::int AS dropped
    FROM bookings WHERE feed_id = ${feedId} AND status = 'confirmed' AND check_out >= ${today}::date
      AND vanished_at IS NULL`;
  return { futureStays: row?.futureStays ?? 0, dropped: row?.dropped ?? 0, events: events.length };
}

async function loadFeed(sql: Sql, feedId: string): Promise<FeedRow> {
  const [feed] = await sql<FeedRow[]>`
    SELECT id, workspace_id AS "workspaceId", platform, url, property_id AS "propertyId" FROM ical_feeds
    WHERE id::text = ${feedId}`;
  if (!feed) throw new ImportFeedError(CODE.FEED_NOT_FOUND);
  return feed;
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
        vanished_at = NULL,
        updated_at = now()
      WHERE (bookings.check_in, bookings.check_out, bookings.status, bookings.summary, bookings.confirmation_code, bookings.guest_name)
        IS DISTINCT FROM (EXCLUDED.check_in, EXCLUDED.check_out, EXCLUDED.status, EXCLUDED.summary,
                          coalesce(EXCLUDED.confirmation_code, bookings.confirmation_code),
                          coalesce(EXCLUDED.guest_name, bookings.guest_name))
        -- a stay kept in doubt is back in its feed
        OR bookings.vanished_at IS NOT NULL
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

/**
 * Stays that are no longer in the feed and have not ended. Each is cancelled, unless the feed
 * belongs to a property, mail confirmed the stay and no cancellation mail came: then the vanish is
 * only a candidate, never applied on its own (feeds go empty by mistake). The stay is kept as it
 * was, marked `vanished_at`, and the conflict check raises `vanished_without_cancellation`; once a
 * cancellation mail arrives, or a person acknowledges that conflict, the next import applies it.
 */
async function leaveVanished(
  tx: postgres.TransactionSql,
  feed: FeedRow,
  events: readonly FeedEvent[],
  today: string,
): Promise<{ cancelled: number; held: number }> {
  const uids = events.map((event) => event.uid);
  const rows = await tx<{ held: boolean }[]>`
    WITH gone AS (
      SELECT b.id, ${feed.propertyId !== null}::boolean
        AND EXISTS (SELECT 1 FROM reservation_facts f
          WHERE f.matched_booking_id = b.id AND f.kind = 'confirmed')
        AND NOT EXISTS (SELECT 1 FROM reservation_facts f
          WHERE f.workspace_id = b.workspace_id AND f.kind = 'cancelled'
            AND (f.matched_booking_id = b.id
              OR (f.platform = b.platform AND upper(f.confirmation_code) = upper(b.confirmation_code))))
        AND NOT EXISTS (SELECT 1 FROM conflicts c
          WHERE c.property_id = ${feed.propertyId} AND c.status = 'acknowledged'
            AND c.cause = 'vanished_without_cancellation:' || b.id) AS held
      FROM bookings b
      WHERE b.feed_id = ${feed.id} AND b.status <> 'cancelled' AND b.check_out >= ${today}::date
        AND NOT (b.ical_uid = ANY(${tx.array(uids)}::text[]))
    )
    UPDATE bookings b SET
      status = CASE WHEN gone.held THEN b.status ELSE 'cancelled' END,
      vanished_at = CASE WHEN gone.held THEN coalesce(b.vanished_at, now()) ELSE b.vanished_at END,
      updated_at = CASE WHEN gone.held THEN b.updated_at ELSE now() END
    FROM gone WHERE b.id = gone.id AND (NOT gone.held OR b.vanished_at IS NULL)
    RETURNING gone.held`;
  return { cancelled: rows.filter((r) => !r.held).length, held: rows.filter((r) => r.held).length };
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
