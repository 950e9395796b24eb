import { describe, expect, it } from 'vitest';
import { matchFacts } from '../../../activities/match/match-facts.js';
import type { FactPlatform } from '../../../contracts/platforms.js';
import { LOW_CONFIDENCE_THRESHOLD } from '../../../domain/matching/rank.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import {
  addBooking,
  addFact,
  addFeed,
  createTenant,
  expectMatched,
  readBooking,
  readBookings,
  readFact,
  type StoredBooking,
  stay,
  type Tenant,
} from './fixtures.js';

useTestSql();

async function countAllBookings(): Promise<number> {
  const [row] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM bookings`;
  return row!.count;
}

/** Runs the matcher over the tenant's mail, expecting one fact to match and enrich `bookingId`; reads it back. */
async function enrichedOne(t: Tenant, bookingId: string): Promise<StoredBooking> {
  const result = await matchFacts({ sql })({ connectionId: t.connectionId });
  expect(result).toMatchObject({ matched: 1, enriched: 1, review: 0 });
  return readBooking(sql, bookingId);
}

function daysAfter(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('matchFacts: one branch each', () => {
  it('code_match: the code wins over a booking with the fact exact dates, case-insensitively', async () => {
    const t = await createTenant(sql);
    const coded = await addBooking(sql, t, stay('2026-07-28', '2026-08-02', 'HMJY5JF9BX'));
    const sameDates = await addBooking(sql, t, stay('2026-07-29', '2026-08-02'));
    const factId = await addFact(sql, t, {
      ...stay('2026-07-29', '2026-08-02', 'hmjy5jf9bx'),
      guestName: 'Evelyn Cobeña',
      guestCount: 4,
      payoutAmount: 108.08,
      payoutCurrency: 'USD',
    });

    const booking = await enrichedOne(t, coded);

    expect(booking).toMatchObject({
      guestName: 'Evelyn Cobeña',
      guestCount: 4,
      payoutAmount: '108.08',
      payoutCurrency: 'USD',
      enrichmentStatus: 'enriched',
      confirmationCode: 'HMJY5JF9BX',
    });
    expect(booking.rawData).toMatchObject({ enrichment_reason: 'code_match', fact_id: factId });
    expect(typeof booking.rawData.enriched_at).toBe('string');
    expect((await readBooking(sql, sameDates)).enrichmentStatus).toBeNull();
    await expectMatched(sql, factId, coded, 'code_match');
  });

  it('exact_dates: same check-in and check-out on the platform, blocks and other platforms ignored', async () => {
    const t = await createTenant(sql);
    const target = await addBooking(sql, t, stay('2026-08-01', '2026-08-04'));
    const otherFeed = await addFeed(sql, t.workspaceId, 'airbnb');
    await addBooking(sql, t, { feedId: otherFeed, ...stay('2026-08-01', '2026-08-04'), status: 'blocked' });
    const bookingCom = await addFeed(sql, t.workspaceId, 'booking');
    await addBooking(sql, t, { feedId: bookingCom, ...stay('2026-08-01', '2026-08-04') });
    const factId = await addFact(sql, t, {
      ...stay('2026-08-01', '2026-08-04', 'HMX2NWEYJT'),
      guestName: 'Rafha Salas Sacoto',
      guestCount: 1,
    });

    const booking = await enrichedOne(t, target);

    expect(booking).toMatchObject({
      guestName: 'Rafha Salas Sacoto',
      guestCount: 1,
      confirmationCode: 'HMX2NWEYJT',
    });
    expect(booking.rawData).toMatchObject({ enrichment_reason: 'exact_dates', fact_id: factId });
    const enriched = (await readBookings(sql, t.workspaceId)).filter((b) => b.enrichmentStatus !== null);
    expect(enriched.map((b) => b.id)).toEqual([target]);
  });

  it('ambiguous: several bookings on the exact dates go to review, ranked, nothing enriched', async () => {
    const t = await createTenant(sql);
    const secondListing = await addFeed(sql, t.workspaceId, 'airbnb');
    const other = await addBooking(sql, t, { ...stay('2026-09-02', '2026-09-08'), guestName: 'John Smith' });
    const named = await addBooking(sql, t, {
      feedId: secondListing,
      ...stay('2026-09-02', '2026-09-08'),
      guestName: 'Maria Rossi',
    });
    const factId = await addFact(sql, t, { ...stay('2026-09-02', '2026-09-08'), guestName: 'María Rossi' });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 0, enriched: 0, review: 1 });
    const fact = await readFact(sql, factId);
    expect(fact).toMatchObject({ matchStatus: 'review', matchReason: 'ambiguous', matchedBookingId: null });
    expect(fact.matchCandidates.map((c) => c.bookingId)).toEqual([named, other]);
    expect(fact.matchCandidates[0]!.score).toBeGreaterThan(fact.matchCandidates[1]!.score);
    expect((await readBookings(sql, t.workspaceId)).every((b) => b.enrichmentStatus === null)).toBe(true);
  });

  it('no_match: nearest bookings by date distance, best first, blocks and far stays left out', async () => {
    const t = await createTenant(sql);
    const checkIn = '2026-10-10';
    const checkOut = '2026-10-14';
    const offsets = [9, -1, 30, 4];
    const ids = new Map<number, string>();
    for (const offset of offsets) {
      ids.set(
        offset,
        await addBooking(sql, t, {
          checkIn: daysAfter(checkIn, offset),
          checkOut: daysAfter(checkOut, offset),
        }),
      );
    }
    await addBooking(sql, t, {
      checkIn: daysAfter(checkIn, 1),
      checkOut: daysAfter(checkOut, 1),
      status: 'blocked',
    });
    const far = await addBooking(sql, t, {
      checkIn: daysAfter(checkIn, 300),
      checkOut: daysAfter(checkOut, 300),
    });
    const factId = await addFact(sql, t, { checkIn, checkOut, confirmationCode: 'HMNOTHERE1' });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 0, review: 1 });
    const fact = await readFact(sql, factId);
    expect(fact).toMatchObject({ matchStatus: 'review', matchReason: 'no_match' });
    const byDistance = [...offsets].sort((a, b) => Math.abs(a) - Math.abs(b)).map((o) => ids.get(o));
    expect(fact.matchCandidates.map((c) => c.bookingId)).toEqual(byDistance);
    expect(fact.matchCandidates.map((c) => c.bookingId)).not.toContain(far);
    const scores = fact.matchCandidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('cancellation: marks the enrichment cancelled, keeps the feed status', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, stay('2026-08-07', '2026-08-10', 'HMFSAPQJFF'));
    await addFact(sql, t, {
      ...stay('2026-08-07', '2026-08-10', 'HMFSAPQJFF'),
      guestCount: 3,
    });
    const cancelId = await addFact(sql, t, {
      kind: 'cancelled',
      ...stay('2026-08-07', '2026-08-10', 'HMFSAPQJFF'),
    });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 2, enriched: 2, review: 0 });
    const booking = await readBooking(sql, bookingId);
    expect(booking).toMatchObject({ status: 'confirmed', enrichmentStatus: 'cancelled', guestCount: 3 });
    expect(booking.rawData).toMatchObject({ enrichment_reason: 'code_match', fact_id: cancelId });
    await expectMatched(sql, cancelId, bookingId);
  });

  it('a guest message after a cancellation fills the guest but never revives the stay', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, stay('2026-09-01', '2026-09-04', 'HMQX7RT2LP'));
    await addFact(sql, t, { kind: 'cancelled', confirmationCode: 'HMQX7RT2LP', checkIn: '2026-09-01' });
    await matchFacts({ sql })({ connectionId: t.connectionId });
    const messageId = await addFact(sql, t, {
      kind: 'message',
      ...stay('2026-09-01', '2026-09-04', 'HMQX7RT2LP'),
      guestName: 'Ingrid Haugen',
      guestCount: 2,
    });

    await matchFacts({ sql })({ connectionId: t.connectionId });

    const booking = await readBooking(sql, bookingId);
    expect(booking).toMatchObject({
      enrichmentStatus: 'cancelled',
      guestName: 'Ingrid Haugen',
      guestCount: 2,
    });
    await expectMatched(sql, messageId, bookingId);
  });

  it('cancellation of a stay the feed already dropped still finds it by its dates', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, { ...stay('2026-07-18', '2026-07-19'), status: 'cancelled' });
    const cancelId = await addFact(sql, t, { kind: 'cancelled', ...stay('2026-07-18', '2026-07-19') });

    await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(await readFact(sql, cancelId)).toMatchObject({
      matchReason: 'exact_dates',
      matchedBookingId: bookingId,
    });
    expect((await readBooking(sql, bookingId)).enrichmentStatus).toBe('cancelled');
  });

  it('change_request: goes to review with the booking it refers to first, booking untouched', async () => {
    const t = await createTenant(sql);
    const before = await addBooking(sql, t, stay('2026-06-20', '2026-06-25'));
    const referred = await addBooking(sql, t, {
      ...stay('2026-06-28', '2026-07-03'),
      guestName: 'Jean Carlos',
    });
    const factId = await addFact(sql, t, {
      kind: 'change_requested',
      guestName: 'Jean Carlos',
      ...stay('2026-06-28', '2026-07-03'),
      requestedCheckIn: '2026-07-25',
      requestedCheckOut: '2026-07-30',
    });
    const snapshot = await readBookings(sql, t.workspaceId);

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 0, enriched: 0, review: 1 });
    const fact = await readFact(sql, factId);
    expect(fact).toMatchObject({
      matchStatus: 'review',
      matchReason: 'change_request',
      matchedBookingId: null,
    });
    expect(fact.matchCandidates[0]!.bookingId).toBe(referred);
    expect(fact.matchCandidates.map((c) => c.bookingId)).toContain(before);
    expect(await readBookings(sql, t.workspaceId)).toEqual(snapshot);
  });

  it('change_request without dates finds the booking by the guest name', async () => {
    const t = await createTenant(sql);
    const future = daysAfter(new Date().toISOString().slice(0, 10), 20);
    await addBooking(sql, t, { checkIn: future, checkOut: daysAfter(future, 3), guestName: 'Paolo Conte' });
    const ivonne = await addBooking(sql, t, {
      checkIn: future,
      checkOut: daysAfter(future, 2),
      guestName: 'Ivonne Pérez',
    });
    const factId = await addFact(sql, t, { kind: 'change_requested', guestName: 'Ivonne', guestCount: 2 });

    await matchFacts({ sql })({ connectionId: t.connectionId });

    const fact = await readFact(sql, factId);
    expect(fact.matchReason).toBe('change_request');
    expect(fact.matchCandidates.map((c) => c.bookingId)).toEqual([ivonne]);
  });

  it('low_confidence: a code match from an unsure extraction goes to review with candidates', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, stay('2026-07-11', '2026-07-15', 'HMTY999PXT'));
    const factId = await addFact(sql, t, {
      ...stay('2026-07-11', '2026-07-15', 'HMTY999PXT'),
      guestName: 'Marina',
      confidence: LOW_CONFIDENCE_THRESHOLD - 0.1,
    });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 0, enriched: 0, review: 1 });
    const fact = await readFact(sql, factId);
    expect(fact).toMatchObject({ matchStatus: 'review', matchReason: 'low_confidence' });
    expect(fact.matchCandidates.map((c) => c.bookingId)).toEqual([bookingId]);
    expect((await readBooking(sql, bookingId)).guestName).toBeNull();
  });

  it('low_confidence: a sure extraction whose code matches but dates and name disagree', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, {
      ...stay('2026-01-05', '2026-01-09', 'HMW8CPCJDX'),
      guestName: 'Someone Else',
    });
    const factId = await addFact(sql, t, {
      ...stay('2026-07-18', '2026-07-20', 'HMW8CPCJDX'),
      guestName: 'Paula Cárdenas',
      confidence: 0.7,
    });

    await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(await readFact(sql, factId)).toMatchObject({
      matchStatus: 'review',
      matchReason: 'low_confidence',
    });
    expect((await readBooking(sql, bookingId)).enrichmentStatus).toBeNull();
  });

  it('payout: fills payout and guest name, keeps the guest count', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, {
      ...stay('2026-07-15', '2026-07-20', 'HMM9C2AKCD'),
      guestCount: 3,
    });
    const factId = await addFact(sql, t, {
      kind: 'payout',
      ...stay('2026-07-15', '2026-07-20', 'HMM9C2AKCD'),
      guestName: 'Mariuxi Elizabeth Calderon Pita',
      payoutAmount: 111.54,
      payoutCurrency: 'USD',
    });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 1, enriched: 1 });
    const booking = await readBooking(sql, bookingId);
    expect(booking).toMatchObject({
      payoutAmount: '111.54',
      payoutCurrency: 'USD',
      guestName: 'Mariuxi Elizabeth Calderon Pita',
      guestCount: 3,
      enrichmentStatus: 'enriched',
    });
    expect(booking.rawData).toMatchObject({ enrichment_reason: 'code_match', fact_id: factId });
  });

  it('a fact about no stay (kind other) is set aside as unmatched', async () => {
    const t = await createTenant(sql);
    await addBooking(sql, t, stay('2026-07-15', '2026-07-20'));
    const factId = await addFact(sql, t, { kind: 'other', ...stay('2026-07-15', '2026-07-20') });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toEqual({ decided: 1, matched: 0, enriched: 0, review: 0, unmatched: 1 });
    expect(await readFact(sql, factId)).toMatchObject({ matchStatus: 'unmatched', matchedBookingId: null });
  });
});

describe('matchFacts: tenancy', () => {
  it('never matches a booking of another workspace, even with the same code and dates', async () => {
    const mine = await createTenant(sql);
    const theirs = await createTenant(sql);
    const foreign = await addBooking(sql, theirs, stay('2026-08-12', '2026-08-15', 'HMSHARED01'));
    const factId = await addFact(sql, mine, {
      ...stay('2026-08-12', '2026-08-15', 'HMSHARED01'),
      guestName: 'Intruder',
    });
    const foreignBefore = await readBookings(sql, theirs.workspaceId);

    const result = await matchFacts({ sql })({ connectionId: mine.connectionId });

    expect(result).toMatchObject({ matched: 0, review: 1 });
    const fact = await readFact(sql, factId);
    expect(fact).toMatchObject({ matchReason: 'no_match', matchedBookingId: null });
    expect(fact.matchCandidates.map((c) => c.bookingId)).not.toContain(foreign);
    expect(await readBookings(sql, theirs.workspaceId)).toEqual(foreignBefore);
  });

  it('only decides the facts of the connection it is given', async () => {
    const a = await createTenant(sql);
    const b = await createTenant(sql);
    await addBooking(sql, b, stay('2026-05-01', '2026-05-03'));
    const bFact = await addFact(sql, b, stay('2026-05-01', '2026-05-03'));

    await matchFacts({ sql })({ connectionId: a.connectionId });

    expect((await readFact(sql, bFact)).matchStatus).toBe('pending');
  });
});

describe('matchFacts: idempotency and concurrency', () => {
  async function seedMixed(t: Tenant): Promise<string[]> {
    await addBooking(sql, t, stay('2026-03-01', '2026-03-05', 'HMIDEMP001'));
    await addBooking(sql, t, stay('2026-03-10', '2026-03-12'));
    return [
      await addFact(sql, t, {
        ...stay('2026-03-01', '2026-03-05', 'HMIDEMP001'),
        guestName: 'A',
      }),
      await addFact(sql, t, { ...stay('2026-03-10', '2026-03-12'), guestName: 'B', guestCount: 2 }),
      await addFact(sql, t, stay('2026-04-10', '2026-04-12')),
      await addFact(sql, t, {
        kind: 'change_requested',
        guestName: 'B',
        ...stay('2026-03-10', '2026-03-12'),
      }),
    ];
  }

  it('a second run changes nothing, and the matcher never inserts a booking', async () => {
    const t = await createTenant(sql);
    const factIds = await seedMixed(t);
    const bookingsBefore = await countAllBookings();
    await sql`
      CREATE OR REPLACE FUNCTION forbid_booking_insert() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'the matcher inserted a booking'; END $$`;
    await sql`CREATE TRIGGER forbid_booking_insert BEFORE INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION forbid_booking_insert()`;
    try {
      const first = await matchFacts({ sql })({ connectionId: t.connectionId });
      expect(first.matched + first.review).toBe(factIds.length);
      expect(first.enriched).toBe(first.matched);
      const bookings = await readBookings(sql, t.workspaceId);
      const facts = await Promise.all(factIds.map((id) => readFact(sql, id)));

      const second = await matchFacts({ sql })({ connectionId: t.connectionId });

      expect(second).toEqual({ decided: 0, matched: 0, enriched: 0, review: 0, unmatched: 0 });
      expect(await readBookings(sql, t.workspaceId)).toEqual(bookings);
      expect(await Promise.all(factIds.map((id) => readFact(sql, id)))).toEqual(facts);
    } finally {
      await sql`DROP TRIGGER forbid_booking_insert ON bookings`;
    }
    expect(await countAllBookings()).toBe(bookingsBefore);
  });

  it('a fact that would write the same values counts as matched but not as enriched', async () => {
    const t = await createTenant(sql);
    const bookingId = await addBooking(sql, t, stay('2026-02-01', '2026-02-03', 'HMSAME0001'));
    const same = { ...stay('2026-02-01', '2026-02-03', 'HMSAME0001'), guestName: 'Ana' };
    const firstFact = await addFact(sql, t, same);
    await matchFacts({ sql })({ connectionId: t.connectionId });
    const before = await readBooking(sql, bookingId);
    const secondFact = await addFact(sql, t, same);

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 1, enriched: 0 });
    expect(await readBooking(sql, bookingId)).toEqual(before);
    expect(before.rawData.fact_id).toBe(firstFact);
    expect((await readFact(sql, secondFact)).matchedBookingId).toBe(bookingId);
  });

  it('two concurrent runs decide every fact exactly once', async () => {
    const t = await createTenant(sql);
    const factIds = await seedMixed(t);

    const runs = await Promise.all([
      matchFacts({ sql })({ connectionId: t.connectionId }),
      matchFacts({ sql })({ connectionId: t.connectionId }),
    ]);

    expect(runs.reduce((sum, r) => sum + r.decided, 0)).toBe(factIds.length);
    expect(runs.reduce((sum, r) => sum + r.matched + r.review + r.unmatched, 0)).toBe(factIds.length);
    const facts = await Promise.all(factIds.map((id) => readFact(sql, id)));
    expect(facts.every((f) => f.matchStatus !== 'pending')).toBe(true);
  });

  it('honours the limit, oldest e-mail first', async () => {
    const t = await createTenant(sql);
    const factIds = await seedMixed(t);

    const result = await matchFacts({ sql })({ connectionId: t.connectionId, limit: 1 });

    expect(result).toMatchObject({ decided: 1, matched: 1 });
    const statuses = await Promise.all(factIds.map(async (id) => (await readFact(sql, id)).matchStatus));
    expect(statuses[0]).toBe('matched');
    expect(statuses.slice(1)).toEqual(factIds.slice(1).map(() => 'pending'));
  });
});

describe('matchFacts: channels beyond the four, and facts the generic reader read', () => {
  const STAY = stay('2026-09-03', '2026-09-07');
  /** Mail of a stay on STAY that names no code, from `platform`, for `guestName`. */
  const codeless = (platform: FactPlatform, guestName: string) => ({
    platform,
    ...STAY,
    confirmationCode: null,
    guestName,
  });

  it('an Expedia stay is found by its dates in a PMS calendar only; a direct one in any feed', async () => {
    const t = await createTenant(sql);
    const pmsFeed = await addFeed(sql, t.workspaceId, 'pms');
    const inAirbnb = await addBooking(sql, t, { ...STAY });
    const inPms = await addBooking(sql, t, { feedId: pmsFeed, ...STAY });
    const expedia = await addFact(sql, t, codeless('expedia', 'Liam Ortiz'));

    expect(await matchFacts({ sql })({ connectionId: t.connectionId })).toMatchObject({
      matched: 1,
      enriched: 1,
    });
    await expectMatched(sql, expedia, inPms, 'exact_dates');
    expect((await readBooking(sql, inAirbnb)).guestName).toBeNull();

    const u = await createTenant(sql, 'vrbo');
    const vrboStay = await addBooking(sql, u, { ...STAY });
    const direct = await addFact(sql, u, codeless('direct', 'Ana Silva'));
    await matchFacts({ sql })({ connectionId: u.connectionId });
    expect(await readFact(sql, direct)).toMatchObject({ matchStatus: 'matched', matchedBookingId: vrboStay });
    expect((await readBooking(sql, vrboStay)).guestName).toBe('Ana Silva');
  });

  it('a generic reading enriches through its exact code, and only asks a person about a stay on its dates', async () => {
    const t = await createTenant(sql, 'booking');
    const coded = await addBooking(sql, t, stay('2026-08-14', '2026-08-18', '4012398765'));
    const uncoded = await addBooking(sql, t, { ...STAY });
    const generic = {
      readBy: 'generic' as const,
      genericFields: ['checkIn', 'checkOut', 'guestName'],
      confidence: 0.85,
    };
    const byCode = await addFact(sql, t, {
      ...generic,
      platform: 'booking',
      ...stay('2026-08-14', '2026-08-18', '4012398765'),
      guestName: 'Emma Clarke',
    });
    const byDates = await addFact(sql, t, {
      ...generic,
      platform: 'booking',
      ...STAY,
      confirmationCode: '4102938475',
      guestName: 'Sarah Lin',
    });

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ matched: 1, enriched: 1, review: 1 });
    expect(await readBooking(sql, coded)).toMatchObject({
      guestName: 'Emma Clarke',
      enrichmentStatus: 'enriched',
    });
    expect((await readBooking(sql, coded)).rawData).toMatchObject({
      enrichment_reason: 'code_match',
      fact_id: byCode,
    });
    const waiting = await readFact(sql, byDates);
    expect(waiting).toMatchObject({
      matchStatus: 'review',
      matchReason: 'low_confidence',
      matchedBookingId: null,
    });
    expect(waiting.matchCandidates.map((c) => c.bookingId)[0]).toBe(uncoded);
    expect(await readBooking(sql, uncoded)).toMatchObject({ guestName: null, enrichmentStatus: null });
  });

  it('a template’s reading on the same dates still enriches on its own (the rule is the reader’s)', async () => {
    const t = await createTenant(sql, 'booking');
    const booked = await addBooking(sql, t, { ...STAY });
    const fact = await addFact(sql, t, { ...codeless('booking', 'Sarah Lin'), confidence: 0.8 });
    await matchFacts({ sql })({ connectionId: t.connectionId });
    await expectMatched(sql, fact, booked, 'exact_dates');
  });
});
