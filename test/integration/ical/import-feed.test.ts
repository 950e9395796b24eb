import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threadFeedReader } from '../../../activities/ical/feed-reader.js';
import { FeedFetchError } from '../../../activities/ical/fetch-feed.js';
import { importFeed } from '../../../activities/ical/import-feed.js';
import { type FeedEvent, parseFeed } from '../../../activities/ical/parse-feed.js';
import { CODE } from '../../../contracts/errors.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { addFeed, createTenant, readBookings, type Tenant } from '../match/fixtures.js';

const CORPUS = '/work/shared/corpus/ical';
const corpusPresent = existsSync(CORPUS);

useTestSql();

const corpusText = (file: string): string => readFileSync(join(CORPUS, file), 'utf8');
/** The corpus file as the feed's answer: feeds are fetched over http(s) only. */
const importCorpus = (file: string) => importFeed({ sql }, async () => corpusText(file));

interface StoredFeedBooking {
  icalUid: string;
  status: string;
  checkIn: string;
  checkOut: string;
  summary: string | null;
  confirmationCode: string | null;
  guestName: string | null;
  platform: string;
  updatedAt: Date;
}

async function bookingsOfFeed(feedId: string): Promise<Map<string, StoredFeedBooking>> {
  const rows = await sql<StoredFeedBooking[]>`
    SELECT ical_uid AS "icalUid", status, check_in::text AS "checkIn", check_out::text AS "checkOut", summary,
           confirmation_code AS "confirmationCode", guest_name AS "guestName", platform, updated_at AS "updatedAt"
    FROM bookings WHERE feed_id = ${feedId}`;
  return new Map(rows.map((row) => [row.icalUid, row]));
}

async function tenantWithFeed(
  platform: 'airbnb' | 'booking',
  url: string,
): Promise<{ t: Tenant; feedId: string }> {
  const t = await createTenant(sql, platform);
  return { t, feedId: await addFeed(sql, t.workspaceId, platform, url) };
}

const statusOf = (event: FeedEvent): string => (event.kind === 'reservation' ? 'confirmed' : 'blocked');

/** A minimal feed for cases the corpus does not hold; each event is [uid, start, end, summary, description?]. */
function icsOf(events: [string, string, string, string, string?][]): string {
  const lines = ['BEGIN:VCALENDAR', 'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN', 'VERSION:2.0'];
  for (const [uid, start, end, summary, description] of events) {
    lines.push(
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${start}`,
      `DTEND;VALUE=DATE:${end}`,
      `SUMMARY:${summary}`,
    );
    lines.push(`UID:${uid}`, ...(description ? [`DESCRIPTION:${description}`] : []), 'END:VEVENT');
  }
  return [...lines, 'END:VCALENDAR', ''].join('\r\n');
}

if (!corpusPresent) {
  describe('importFeed on the real corpus', () => {
    it('is not run: /work/shared is absent', () => {
      console.warn(`notice: ${CORPUS} not found; the corpus iCal import tests were not run`);
      expect(corpusPresent).toBe(false);
    });
  });
} else {
  describe('importFeed on the real corpus', () => {
    const files: [string, 'airbnb' | 'booking'][] = [
      ['dodecaphonic-airbnb.ics', 'airbnb'],
      ['giuliapiva-airbnb-older.ics', 'airbnb'],
      ['giuliapiva-airbnb-latest.ics', 'airbnb'],
      ['giuliapiva-booking-latest.ics', 'booking'],
    ];

    it.each(files)('%s: counts, statuses and codes follow the parsed feed', async (file, platform) => {
      const parsed = parseFeed(corpusText(file));
      const uids = new Set(parsed.events.map((e) => e.uid));
      const { feedId } = await tenantWithFeed(platform, `https://example.test/${file}`);

      const counts = await importCorpus(file)({ feedId });

      expect(parsed.events.length).toBeGreaterThan(0);
      expect(counts).toEqual({
        fetched: parsed.events.length + parsed.skipped,
        inserted: uids.size,
        updated: 0,
        cancelled: 0,
        held: 0,
        skipped: parsed.skipped + parsed.events.length - uids.size,
        refused: 0,
        flags: [],
      });
      const stored = await bookingsOfFeed(feedId);
      expect(stored.size).toBe(uids.size);
      for (const event of parsed.events) {
        expect(stored.get(event.uid)).toMatchObject({
          checkIn: event.checkIn,
          checkOut: event.checkOut,
          status: statusOf(event),
          summary: event.summary,
          confirmationCode: event.confirmationCode,
          platform,
        });
      }
      const [feed] =
        await sql`SELECT last_imported_at, last_counts, last_error FROM ical_feeds WHERE id = ${feedId}`;
      expect(feed).toMatchObject({ last_counts: counts, last_error: null });
      expect(feed!.last_imported_at).toBeInstanceOf(Date);
    });

    it('Airbnb feeds carry the codes of their stays, blocks none', async () => {
      const { feedId } = await tenantWithFeed('airbnb', `https://example.test/dodecaphonic-airbnb.ics`);
      await importCorpus('dodecaphonic-airbnb.ics')({ feedId });
      const stored = [...(await bookingsOfFeed(feedId)).values()];
      const stays = stored.filter((b) => b.status === 'confirmed');
      expect(stays.length).toBeGreaterThan(0);
      expect(stays.every((b) => /^HM[A-Z0-9]{8}$/.test(b.confirmationCode ?? ''))).toBe(true);
      expect(stored.filter((b) => b.status === 'blocked').every((b) => b.confirmationCode === null)).toBe(
        true,
      );
    });

    it('Booking.com "CLOSED - Not available" nights are stays without code or guest', async () => {
      const { feedId } = await tenantWithFeed(
        'booking',
        `https://example.test/giuliapiva-booking-latest.ics`,
      );
      await importCorpus('giuliapiva-booking-latest.ics')({ feedId });
      const stored = [...(await bookingsOfFeed(feedId)).values()];
      expect(stored.length).toBeGreaterThan(0);
      for (const booking of stored) {
        expect(booking).toMatchObject({
          status: 'confirmed',
          confirmationCode: null,
          guestName: null,
          platform: 'booking',
        });
      }
    });

    it('importing the same feed twice changes nothing the second time', async () => {
      const { feedId } = await tenantWithFeed('airbnb', `https://example.test/giuliapiva-airbnb-latest.ics`);
      const first = await importCorpus('giuliapiva-airbnb-latest.ics')({ feedId });
      const before = await bookingsOfFeed(feedId);

      const second = await importCorpus('giuliapiva-airbnb-latest.ics')({ feedId });

      expect(first.inserted).toBeGreaterThan(0);
      expect(second).toEqual({ ...first, inserted: 0, updated: 0, cancelled: 0 });
      expect(await bookingsOfFeed(feedId)).toEqual(before);
    });

    it('older then latest snapshot: vanished future stays are cancelled, past ones kept, none deleted', async () => {
      const older = parseFeed(corpusText('giuliapiva-airbnb-older.ics')).events;
      const latest = parseFeed(corpusText('giuliapiva-airbnb-latest.ics')).events;
      const latestUids = new Set(latest.map((e) => e.uid));
      const olderUids = new Set(older.map((e) => e.uid));
      const vanished = older
        .filter((e) => !latestUids.has(e.uid))
        .sort((a, b) => a.checkOut.localeCompare(b.checkOut));
      // "today" sits among the vanished stays, so some have ended (history) and some have not (cancelled)
      const today = vanished[Math.floor(vanished.length / 2)]!.checkOut;
      const cancelledUids = vanished.filter((e) => e.checkOut >= today).map((e) => e.uid);
      const endedUids = vanished.filter((e) => e.checkOut < today).map((e) => e.uid);
      expect(cancelledUids.length).toBeGreaterThan(0);
      expect(endedUids.length).toBeGreaterThan(0);
      const changed = latest.filter((e) => {
        const was = older.find((o) => o.uid === e.uid);
        return was && JSON.stringify(was) !== JSON.stringify(e);
      });

      const { feedId } = await tenantWithFeed('airbnb', `https://example.test/${Math.random()}.ics`);
      const snapshots: Record<string, string> = { older: corpusText('giuliapiva-airbnb-older.ics') };
      await importFeed({ sql }, async () => snapshots.older!)({ feedId, today });
      // "today" is placed among the vanished stays, so the drop is large enough to be held: a
      // person has accepted it (what resuming a held feed does)
      const accept = () => sql`UPDATE ical_feeds SET accept_drop = true WHERE id = ${feedId}`;
      await accept();
      const counts = await importFeed({ sql }, async () => corpusText('giuliapiva-airbnb-latest.ics'))({
        feedId,
        today,
      });

      expect(counts).toMatchObject({
        inserted: latest.filter((e) => !olderUids.has(e.uid)).length,
        updated: changed.length,
        cancelled: cancelledUids.length,
      });
      const stored = await bookingsOfFeed(feedId);
      expect(stored.size).toBe(new Set([...olderUids, ...latestUids]).size);
      for (const uid of cancelledUids) expect(stored.get(uid)?.status).toBe('cancelled');
      for (const uid of endedUids) {
        expect(stored.get(uid)?.status).toBe(statusOf(older.find((e) => e.uid === uid)!));
      }
      for (const event of latest) expect(stored.get(event.uid)?.status).toBe(statusOf(event));

      // the older snapshot again: its cancelled stays come back, the latest-only future stays vanish
      await accept();
      const back = await importFeed({ sql }, async () => snapshots.older!)({ feedId, today });
      const again = await bookingsOfFeed(feedId);
      for (const uid of cancelledUids) expect(again.get(uid)?.status).not.toBe('cancelled');
      const latestOnlyFuture = latest.filter((e) => !olderUids.has(e.uid) && e.checkOut >= today);
      expect(back.cancelled).toBe(latestOnlyFuture.length);
      expect(back.updated).toBe(cancelledUids.length + changed.length);
    });
  });
}

describe('importFeed on edge cases', () => {
  it('reads codes from both Airbnb reservation URL forms', async () => {
    const text = icsOf([
      [
        'a@airbnb.com',
        '20300101',
        '20300105',
        'Reserved',
        'Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMAAAA1111\\nPhone Number (Last 4 Digits): 0882',
      ],
      [
        'b@airbnb.com',
        '20300110',
        '20300112',
        'Reserved',
        'Reservation URL: https://www.airbnb.com/hosting/reservation/itinerary?code=HMBBBB2222\\nPhone: 1',
      ],
    ]);
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/forms.ics');

    await importFeed({ sql }, async () => text)({ feedId });

    const stored = await bookingsOfFeed(feedId);
    expect(stored.get('a@airbnb.com')?.confirmationCode).toBe('HMAAAA1111');
    expect(stored.get('b@airbnb.com')?.confirmationCode).toBe('HMBBBB2222');
  });

  it('skips and counts malformed events and repeated UIDs', async () => {
    const text = icsOf([
      ['ok@airbnb.com', '20300201', '20300205', 'Reserved'],
      ['backwards@airbnb.com', '20300210', '20300207', 'Reserved'],
      ['ok@airbnb.com', '20300301', '20300305', 'Reserved'],
      ['block@airbnb.com', '20300220', '20300222', 'Airbnb (Not available)'],
    ]);
    const parsed = parseFeed(text);
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/malformed.ics');

    const counts = await importFeed({ sql }, async () => text)({ feedId });

    expect(parsed.skipped).toBeGreaterThan(0);
    expect(counts).toEqual({
      fetched: parsed.events.length + parsed.skipped,
      inserted: 2,
      updated: 0,
      cancelled: 0,
      held: 0,
      skipped: parsed.skipped + 1,
      refused: 0,
      flags: [],
    });
    const stored = await bookingsOfFeed(feedId);
    expect([...stored.keys()].sort()).toEqual(['block@airbnb.com', 'ok@airbnb.com']);
    expect(stored.get('ok@airbnb.com')).toMatchObject({ checkIn: '2030-02-01', status: 'confirmed' });
  });

  it('never erases enrichment with feed nulls, and takes the guest name a feed gives', async () => {
    const { t, feedId } = await tenantWithFeed('airbnb', 'https://example.test/enriched.ics');
    const plain = icsOf([['s@x', '20300401', '20300405', 'Reserved']]);
    const named = icsOf([['s@x', '20300401', '20300405', 'Reserved - Maria Rossi']]);
    await importFeed({ sql }, async () => plain)({ feedId });
    await sql`
      UPDATE bookings SET guest_name = 'Evelyn', guest_count = 4, payout_amount = 108.08, payout_currency = 'USD',
        confirmation_code = 'HMENRICHED', enrichment_status = 'enriched',
        raw_data = '{"enrichment_reason":"exact_dates","fact_id":"f"}'
      WHERE feed_id = ${feedId}`;

    const again = await importFeed({ sql }, async () => plain)({ feedId });
    const [kept] = await readBookings(sql, t.workspaceId);

    expect(again.updated).toBe(0);
    expect(kept).toMatchObject({
      guestName: 'Evelyn',
      guestCount: 4,
      payoutAmount: '108.08',
      confirmationCode: 'HMENRICHED',
      enrichmentStatus: 'enriched',
      rawData: { enrichment_reason: 'exact_dates', fact_id: 'f' },
    });

    const renamed = await importFeed({ sql }, async () => named)({ feedId });
    const [withName] = await readBookings(sql, t.workspaceId);
    expect(renamed.updated).toBe(1);
    expect(withName).toMatchObject({ guestName: 'Maria Rossi', guestCount: 4, enrichmentStatus: 'enriched' });
  });

  it('an answer that is not iCalendar fails, is recorded, and cancels nothing', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/html.ics');
    await importFeed({ sql }, async () => icsOf([['k@x', '20300401', '20300405', 'Reserved']]))({
      feedId,
      today: '2000-01-01',
    });

    const failure = await importFeed(
      { sql },
      async () => '<html>oops</html>',
    )({ feedId, today: '2000-01-01' }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ type: 'NOT_ICAL', nonRetryable: true });
    expect((failure as Error).message).toContain(feedId);
    expect((failure as Error).message).not.toContain('example.test');
    expect((await bookingsOfFeed(feedId)).get('k@x')?.status).toBe('confirmed');
    const [feed] = await sql`SELECT last_error, last_counts FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed!.last_error).toBe('NOT_ICAL');
    expect(feed!.last_counts).toMatchObject({ inserted: 1 });
  });

  it('a fetch failure is recorded on the feed as its code and rethrown', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/down.ics');
    const down = async (): Promise<string> => {
      throw new FeedFetchError(CODE.FEED_UNREACHABLE, 503);
    };

    await expect(importFeed({ sql }, down)({ feedId })).rejects.toMatchObject({
      type: 'FEED_UNREACHABLE',
      nonRetryable: false,
    });
    const [feed] = await sql`SELECT last_error, last_imported_at FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed!.last_error).toBe('FEED_UNREACHABLE');
    expect(feed!.last_imported_at).toBeNull();
  });

  it('an unknown feed is FEED_NOT_FOUND', async () => {
    await expect(
      importFeed({ sql })({ feedId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      type: 'FEED_NOT_FOUND',
      nonRetryable: true,
    });
  });
});

describe('an import that would drop most future stays', () => {
  const stays = icsOf([
    ['s1@x', '20300501', '20300505', 'Reserved'],
    ['s2@x', '20300510', '20300515', 'Reserved'],
    ['s3@x', '20300520', '20300525', 'Reserved'],
  ]);
  const empty = icsOf([]);
  const statuses = async (feedId: string) =>
    Object.fromEntries([...(await bookingsOfFeed(feedId))].map(([uid, b]) => [uid, b.status]));

  it('an empty but valid feed is held: nothing cancelled, the feed says why', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/emptied.ics');
    await importFeed({ sql }, async () => stays)({ feedId, today: '2030-01-01' });

    const failure = await importFeed(
      { sql },
      async () => empty,
    )({ feedId, today: '2030-01-01' }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ type: 'FEED_HELD_FOR_REVIEW', nonRetryable: true });
    expect(await statuses(feedId)).toEqual({ 's1@x': 'confirmed', 's2@x': 'confirmed', 's3@x': 'confirmed' });
    const [feed] = await sql`SELECT status, last_error FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed).toEqual({ status: 'held_for_review', last_error: 'FEED_HELD_FOR_REVIEW' });
  });

  it('once a person accepts the drop, the next import applies it, once', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/accepted.ics');
    await importFeed({ sql }, async () => stays)({ feedId, today: '2030-01-01' });
    await importFeed({ sql }, async () => empty)({ feedId, today: '2030-01-01' }).catch(() => {});
    await sql`UPDATE ical_feeds SET accept_drop = true WHERE id = ${feedId}`;

    const counts = await importFeed({ sql }, async () => empty)({ feedId, today: '2030-01-01' });

    expect(counts.cancelled).toBe(3);
    const [feed] = await sql`SELECT status, last_error, accept_drop FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed).toEqual({ status: 'active', last_error: null, accept_drop: false });
  });

  it('one stay of three leaving is an ordinary cancellation; two of three is held', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/partial.ics');
    await importFeed({ sql }, async () => stays)({ feedId, today: '2030-01-01' });
    const withoutS3 = icsOf([
      ['s1@x', '20300501', '20300505', 'Reserved'],
      ['s2@x', '20300510', '20300515', 'Reserved'],
    ]);
    const onlyS1 = icsOf([['s1@x', '20300501', '20300505', 'Reserved']]);

    const one = await importFeed({ sql }, async () => withoutS3)({ feedId, today: '2030-01-01' });
    expect(one.cancelled).toBe(1);
    // with s3 gone, s1 and s2 are the future stays: losing s2 is one of two, and three went back
    await importFeed({ sql }, async () => stays)({ feedId, today: '2030-01-01' });
    const two = importFeed({ sql }, async () => onlyS1)({ feedId, today: '2030-01-01' });
    await expect(two).rejects.toMatchObject({ type: 'FEED_HELD_FOR_REVIEW' });
    expect(await statuses(feedId)).toEqual({ 's1@x': 'confirmed', 's2@x': 'confirmed', 's3@x': 'confirmed' });
  });

  it('ended stays do not count: a feed dropping its past is not held', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/past.ics');
    await importFeed({ sql }, async () => stays)({ feedId, today: '2030-01-01' });

    const counts = await importFeed({ sql }, async () => empty)({ feedId, today: '2031-01-01' });

    expect(counts.cancelled).toBe(0);
  });
});

type Ev = [string, string, string, string];

/** `n` one-night stays from `first` (YYYY-MM-DD) on, each its own UID. */
function manyStays(n: number, first: string, prefix = 'stay'): Ev[] {
  const day = (offset: number) => {
    const d = new Date(`${first}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10).replaceAll('-', '');
  };
  return Array.from({ length: n }, (_, i): Ev => [`${prefix}-${i}@x`, day(i), day(i + 1), 'Reserved']);
}

describe('a feed with more events than an import takes (issue 20)', () => {
  it('applies FEED_MAX_EVENTS of them, nearest future first, refuses the rest with a flag, and cancels nothing it left out', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/huge.ics');
    // a stay the feed holds further out than the cap reaches: it must not read as cancelled
    const far = manyStays(1, '2031-06-01', 'far');
    await importFeed({ sql }, async () => icsOf(far))({ feedId, today: '2030-01-01' });
    const text = icsOf([...manyStays(250, '2030-01-01'), ...far]);

    const counts = await importFeed(
      { sql, feedMaxEvents: 200 },
      async () => text,
    )({
      feedId,
      today: '2030-01-01',
    });

    expect(counts).toMatchObject({ fetched: 251, inserted: 200, refused: 51, cancelled: 0 });
    expect(counts.flags).toEqual(['too_many_events']);
    const stored = await bookingsOfFeed(feedId);
    expect(stored.get('stay-0@x')?.status).toBe('confirmed');
    expect(stored.get('stay-199@x')?.status).toBe('confirmed');
    expect(stored.has('stay-200@x')).toBe(false);
    expect(stored.get('far-0@x')?.status).toBe('confirmed');
    const [feed] = await sql<{ last_counts: { refused: number; flags: string[] } }[]>`
      SELECT last_counts FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed!.last_counts).toMatchObject({ refused: 51, flags: ['too_many_events'] });
  });

  it('reads the feed on a thread under a time budget: a 5 MB feed over it is FEED_TOO_LARGE, nothing applied', async () => {
    const { feedId } = await tenantWithFeed('airbnb', 'https://example.test/slow.ics');
    const text = icsOf(manyStays(45_000, '2030-01-01'));
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    // about 3 s of ical.js on the event loop; 50 ms on a thread that is then terminated
    const reader = threadFeedReader({ budgetMs: 50 });
    try {
      const failure = await importFeed(
        { sql, feedReader: reader.read },
        async () => text,
      )({
        feedId,
      }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ type: 'FEED_TOO_LARGE', nonRetryable: true });
    } finally {
      await reader.close();
    }
    expect((await bookingsOfFeed(feedId)).size).toBe(0);
    const [feed] = await sql`SELECT last_error FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed).toEqual({ last_error: 'FEED_TOO_LARGE' });
  });
});
