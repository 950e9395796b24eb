import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, parseFeed } from '../../../activities/ical/parse-feed.js';
import { describeWithCorpus, SHARED_CORPUS } from '../extraction/shared-corpus.js';

const DIR = join(SHARED_CORPUS, 'ical');
const read = (file: string) => parseFeed(readFileSync(join(DIR, file), 'utf8'));
const count = (events: FeedEvent[], kind: FeedEvent['kind']) => events.filter((e) => e.kind === kind).length;

describeWithCorpus('parseFeed on the shared corpus', DIR, () => {
  it('dodecaphonic-airbnb.ics (PRODID 0.8.8, no DTSTAMP): 8 stays with codes, 13 blocks', () => {
    const feed = read('dodecaphonic-airbnb.ics');
    expect(feed.prodId).toBe('-//Airbnb Inc//Hosting Calendar 0.8.8//EN');
    expect(feed.skipped).toBe(0);
    expect(count(feed.events, 'reservation')).toBe(8);
    expect(count(feed.events, 'blocked')).toBe(13);
    expect(feed.events[0]).toEqual({
      uid: '1418fb94e984-27e43162eaca35bfa84b40446d1de17c@airbnb.com',
      checkIn: '2022-09-16',
      checkOut: '2022-09-26',
      summary: 'Reserved',
      kind: 'reservation',
      confirmationCode: 'HMMTAEZPCA',
      guestName: null,
    });
    // Every stay's code survives the line folded in the middle of its URL.
    expect(
      feed.events
        .filter((e) => e.kind === 'reservation')
        .every((e) => /^HM[A-Z0-9]{8}$/.test(e.confirmationCode ?? '')),
    ).toBe(true);
    expect(feed.events.filter((e) => e.kind === 'blocked').every((e) => e.confirmationCode === null)).toBe(
      true,
    );
  });

  it('the two giuliapiva Airbnb snapshots: one stay kept, others gone or new', () => {
    const older = read('giuliapiva-airbnb-older.ics');
    const latest = read('giuliapiva-airbnb-latest.ics');
    expect(older.prodId).toBe('-//Airbnb Inc//Hosting Calendar 1.0//EN');
    expect([count(older.events, 'reservation'), count(older.events, 'blocked')]).toEqual([4, 1]);
    expect([count(latest.events, 'reservation'), count(latest.events, 'blocked')]).toEqual([4, 4]);
    const codes = (events: FeedEvent[]) => new Set(events.map((e) => e.confirmationCode).filter(Boolean));
    const kept = [...codes(older.events)].filter((c) => codes(latest.events).has(c));
    expect(kept).toEqual(['HMFQ9K9PBX']);
    expect(latest.events.find((e) => e.confirmationCode === 'HMYXB825YD')).toMatchObject({
      checkIn: '2026-08-24',
      checkOut: '2026-09-02',
    });
  });

  it('giuliapiva-booking-latest.ics: the escaped PRODID, CLOSED nights as unnamed stays', () => {
    const feed = read('giuliapiva-booking-latest.ics');
    expect(feed.prodId).toContain('admin.booking.com');
    expect(feed.prodId).toContain('b.v.');
    expect(feed.events).toHaveLength(2);
    expect(
      feed.events.every(
        (e) => e.kind === 'reservation' && e.guestName === null && e.confirmationCode === null,
      ),
    ).toBe(true);
    expect(feed.events[1]).toMatchObject({ checkIn: '2027-07-31', checkOut: '2027-08-07' });
  });
});

const vevent = (lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];
const calendar = (prodId: string, events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${prodId}`, ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
const AIRBNB_PRODID = '-//Airbnb Inc//Hosting Calendar 1.0//EN';
/** The one well-formed event of the feeds whose other events are broken. */
const GOOD_EVENT = vevent([
  'UID:ok@airbnb.com',
  'DTSTART;VALUE=DATE:20260801',
  'DTEND;VALUE=DATE:20260805',
  'SUMMARY:Reserved',
]);
/** What parseFeed keeps (by UID), skips and names of an Airbnb feed: GOOD_EVENT beside broken events. */
function beside(...broken: string[][]) {
  const feed = parseFeed(calendar(AIRBNB_PRODID, [GOOD_EVENT, ...broken]));
  return { kept: feed.events.map((e) => e.uid), skipped: feed.skipped, prodId: feed.prodId };
}

describe('parseFeed on synthetic feeds', () => {
  it('reads the older Airbnb itinerary URL, folded inside the code', () => {
    const feed = parseFeed(
      calendar('-//Airbnb Inc//Hosting Calendar 0.8.8//EN', [
        vevent([
          'DTSTART;VALUE=DATE:20240627',
          'DTEND;VALUE=DATE:20240701',
          'UID:a1@airbnb.com',
          'DESCRIPTION:Reservation URL: https://www.airbnb.com/reservation/itinerary?code=HMK2',
          ' B7Q9XA\\nPhone Number (Last 4 Digits): 1234',
          'SUMMARY:Reserved',
        ]),
      ]),
    );
    expect(feed.events[0]).toMatchObject({
      confirmationCode: 'HMK2B7Q9XA',
      kind: 'reservation',
      checkIn: '2024-06-27',
    });
  });

  it('reads Vrbo names in English and French and its blocks', () => {
    const events = [
      ['Reserved - Margaret Okafor', 'reservation', 'Margaret Okafor'],
      ['Réservée - Jeanne Moreau', 'reservation', 'Jeanne Moreau'],
      ['Provisoire - Luc Besson', 'reservation', 'Luc Besson'],
      ['Indisponible', 'blocked', null],
      ['Blocked', 'blocked', null],
    ] as const;
    const feed = parseFeed(
      calendar(
        '-//HomeAway.com, Inc.//EN',
        events.map(([summary], i) =>
          vevent([
            `UID:v${i}@vrbo.com`,
            `DTSTART;VALUE=DATE:2026080${i + 1}`,
            `DTEND;VALUE=DATE:2026081${i + 1}`,
            `SUMMARY:${summary}`,
          ]),
        ),
      ),
    );
    expect(feed.prodId).toBe('-//HomeAway.com, Inc.//EN');
    expect(feed.events.map((e) => [e.summary, e.kind, e.guestName])).toEqual(events.map((e) => [...e]));
  });

  it('skips and counts events without UID, without an end, or ending before they start', () => {
    expect(
      beside(
        vevent(['DTSTART;VALUE=DATE:20260801', 'DTEND;VALUE=DATE:20260805', 'SUMMARY:Reserved']),
        vevent(['UID:noend@airbnb.com', 'DTSTART;VALUE=DATE:20260801', 'SUMMARY:Reserved']),
        vevent([
          'UID:backwards@airbnb.com',
          'DTSTART;VALUE=DATE:20260810',
          'DTEND;VALUE=DATE:20260805',
          'SUMMARY:Reserved',
        ]),
      ),
    ).toEqual({ kept: ['ok@airbnb.com'], skipped: 3, prodId: AIRBNB_PRODID });
  });

  it('keeps the good events when a broken line spoils the feed', () => {
    expect(
      beside(
        vevent([
          'UID:bad@airbnb.com',
          'THIS LINE HAS NO COLON',
          'DTSTART;VALUE=DATE:20260901',
          'DTEND;VALUE=DATE:20260905',
        ]),
      ),
    ).toEqual({ kept: ['ok@airbnb.com'], skipped: 1, prodId: '-//Airbnb Inc//Hosting Calendar 1.0//EN' });
  });

  it('never throws on text that is not a calendar', () => {
    expect(parseFeed('')).toEqual({ events: [], skipped: 0, prodId: null });
    expect(parseFeed('<html>404</html>')).toEqual({ events: [], skipped: 0, prodId: null });
  });
});
