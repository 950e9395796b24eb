import { describe, expect, it } from 'vitest';
import { importFeed } from '../../../activities/ical/import-feed.js';
import {
  checkPropertyConflicts,
  DEFAULT_CONFLICT_SETTINGS,
} from '../../../domain/conflicts/conflict-writes.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { addFeed, createTenant, stay, type Tenant } from '../match/fixtures.js';
import {
  addMailFact,
  addProperty,
  airbnbReserved,
  conflictEventsOf,
  conflictsOf,
  enrich,
  type IcsEvent,
  icsOf,
} from './fixtures.js';

useTestSql();

const AIRBNB = '-//Airbnb Inc//Hosting Calendar 1.0//EN';
const BOOKING = '-//Booking.com//Availability//EN';
const settings = DEFAULT_CONFLICT_SETTINGS;

/** A tenant whose one place is on Airbnb and Booking.com, each calendar served by `calendars`. */
async function placeOnTwoChannels() {
  const t = await createTenant(sql, 'airbnb');
  const bookingFeed = await addFeed(sql, t.workspaceId, 'booking');
  const propertyId = await addProperty(sql, t.workspaceId, 'Loft Santa Croce', [t.feedId, bookingFeed]);
  const calendars: Record<string, string> = {
    [t.feedId]: icsOf(AIRBNB, []),
    [bookingFeed]: icsOf(BOOKING, []),
  };
  const importOf = (feedId: string) =>
    importFeed({ sql, conflicts: settings }, async () => calendars[feedId]!);
  const imported = async (feedId: string, events: IcsEvent[]) => {
    calendars[feedId] = icsOf(feedId === t.feedId ? AIRBNB : BOOKING, events);
    return importOf(feedId)({ feedId, today: '2030-01-01' });
  };
  return { t, bookingFeed, propertyId, imported };
}

describe('double_booking, on every feed import', () => {
  it('two calendars of one property that overlap give one open conflict, however often they are imported', async () => {
    const { t, bookingFeed, propertyId, imported } = await placeOnTwoChannels();
    await imported(t.feedId, [['a1@airbnb.com', '2030-07-10', '2030-07-14', 'Reserved']]);
    await imported(bookingFeed, [['b1@booking.com', '2030-07-12', '2030-07-15', 'CLOSED - Not available']]);
    for (let i = 0; i < 3; i++) {
      await imported(bookingFeed, [['b1@booking.com', '2030-07-12', '2030-07-15', 'CLOSED - Not available']]);
      await imported(t.feedId, [['a1@airbnb.com', '2030-07-10', '2030-07-14', 'Reserved']]);
    }
    const [conflict, ...more] = await conflictsOf(sql, propertyId);
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'double_booking',
      status: 'open',
      nights: '2030-07-12 → 2030-07-14',
    });
    const { events, activity } = await conflictEventsOf(sql, t.workspaceId);
    expect(events).toEqual([
      {
        type: 'conflict.opened',
        data: {
          conflictId: conflict!.id,
          kind: 'double_booking',
          propertyId,
        },
      },
    ]);
    expect(activity.map((a) => a.event)).toEqual(['connector_conflict_opened']);

    // the Booking.com guest leaves: the conflict resolves itself and says why
    await imported(bookingFeed, [['b1@booking.com', '2030-07-14', '2030-07-15', 'CLOSED - Not available']]);
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { id: conflict!.id, status: 'resolved', resolution: 'dates_changed' },
    ]);
    expect(
      (await conflictEventsOf(sql, t.workspaceId)).events.map((e) => [e.type, e.data.resolution]),
    ).toEqual([
      ['conflict.opened', undefined],
      ['conflict.resolved', 'dates_changed'],
    ]);
  });

  it('back-to-back stays, blocked echoes and calendars of other properties give none', async () => {
    const { t, bookingFeed, propertyId, imported } = await placeOnTwoChannels();
    const elsewhere = await addFeed(sql, t.workspaceId, 'vrbo');
    await addProperty(sql, t.workspaceId, 'Casa Girasole', [elsewhere]);
    await imported(t.feedId, [
      ['a1@airbnb.com', '2030-07-10', '2030-07-14', 'Reserved'],
      ['a2@airbnb.com', '2030-07-14', '2030-07-16', 'Airbnb (Not available)'],
      ['a3@airbnb.com', '2030-07-20', '2030-07-25', 'Reserved'],
    ]);
    await imported(bookingFeed, [['b1@booking.com', '2030-07-14', '2030-07-16', 'CLOSED - Not available']]);
    const vrbo = await importFeed({ sql }, async () =>
      icsOf('-//Vrbo//EN', [['v1@vrbo.com', '2030-07-10', '2030-07-14', 'Reserved - Thomas Becker']]),
    )({ feedId: elsewhere, today: '2030-01-01' });
    expect(vrbo.inserted).toBe(1);
    expect(await conflictsOf(sql, propertyId)).toEqual([]);
    expect((await conflictEventsOf(sql, t.workspaceId)).events).toEqual([]);
  });

  it('two checks of one property at once open one conflict', async () => {
    const { t, bookingFeed, propertyId, imported } = await placeOnTwoChannels();
    await imported(t.feedId, [['a1@airbnb.com', '2030-08-10', '2030-08-14', 'Reserved']]);
    await sql`INSERT INTO bookings (workspace_id, feed_id, ical_uid, platform, check_in, check_out)
      VALUES (${t.workspaceId}, ${bookingFeed}, 'raced@booking.com', 'booking', '2030-08-11', '2030-08-12')`;
    const check = () =>
      sql.begin((tx) =>
        checkPropertyConflicts(tx, { workspaceId: t.workspaceId, propertyIds: [propertyId], settings }),
      );
    const results = await Promise.all([check(), check(), check()]);
    expect(results.flatMap((r) => r.opened)).toHaveLength(1);
    expect(await conflictsOf(sql, propertyId)).toHaveLength(1);
  });
});

describe('mail_overlaps_calendar, on every fact a sync writes', () => {
  it('warns as soon as the mail is checked, before its channel’s calendar changes; the import then hands over', async () => {
    const { t, bookingFeed, propertyId, imported } = await placeOnTwoChannels();
    await imported(t.feedId, [airbnbReserved('a1@airbnb.com', '2030-09-10', '2030-09-14', 'HMQ4T7ZK2P')]);
    // earlier Booking.com mail of this listing matched a stay of the property's Booking.com calendar
    await imported(bookingFeed, [['b0@booking.com', '2030-08-01', '2030-08-03', 'CLOSED - Not available']]);
    const booking: Tenant = { ...t, feedId: bookingFeed };
    await addMailFact(sql, booking, {
      platform: 'booking',
      ...stay('2030-08-01', '2030-08-03', '4000000001'),
      listingName: 'Loft Santa Croce',
    });
    await enrich(sql, t);
    const [name] =
      await sql`SELECT property_id, source FROM listing_names WHERE workspace_id = ${t.workspaceId}`;
    expect(name).toEqual({ property_id: propertyId, source: 'match' });
    expect(await conflictsOf(sql, propertyId)).toEqual([]);

    // a new Booking.com guest for nights Airbnb holds: the calendar of Booking.com does not show it yet
    const factId = await addMailFact(sql, booking, {
      platform: 'booking',
      ...stay('2030-09-12', '2030-09-15', '4827163950'),
      guestName: 'Marco Rossi',
      listingName: 'LOFT SANTA CROCE',
      evidence: { checkIn: { part: 'text', start: 0, end: 20, text: 'Check-in: 12 September 2030' } },
    });
    expect(await enrich(sql, t)).toMatchObject({ read: 1, checked: 1, opened: 1 });
    const [warning] = await conflictsOf(sql, propertyId);
    expect(warning).toMatchObject({
      kind: 'mail_overlaps_calendar',
      status: 'open',
      nights: '2030-09-12 → 2030-09-14',
      cause: 'mail_overlaps_calendar:booking:4827163950',
    });
    expect(warning!.sides[0]!.factIds).toEqual([factId]);
    const [evidence] = await sql`SELECT evidence FROM conflicts WHERE id = ${warning!.id}`;
    expect((evidence!.evidence as { text: string }[]).map((e) => e.text)).toContain(
      '“Check-in: 12 September 2030”',
    );

    // hours later Booking.com's calendar shows the stay: the calendars' own double booking takes over
    await imported(bookingFeed, [
      ['b0@booking.com', '2030-08-01', '2030-08-03', 'CLOSED - Not available'],
      ['b1@booking.com', '2030-09-12', '2030-09-15', 'CLOSED - Not available'],
    ]);
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { id: warning!.id, status: 'resolved', resolution: 'calendar_caught_up' },
      { kind: 'double_booking', status: 'open', nights: '2030-09-12 → 2030-09-14' },
    ]);
  });

  it('a new listing name is only suggested: it warns once a person confirms it', async () => {
    const { t, propertyId, imported } = await placeOnTwoChannels();
    await imported(t.feedId, [['a1@airbnb.com', '2030-10-10', '2030-10-14', 'Reserved']]);
    await addMailFact(sql, t, {
      platform: 'vrbo',
      ...stay('2030-10-11', '2030-10-13', 'HA-7QK2M4'),
      listingName: 'Vrbo #4471902 - Loft Santa Croce with terrace',
    });
    await enrich(sql, t);
    const [name] = await sql<
      { id: string; property_id: string | null; suggested_property_id: string | null }[]
    >`
      SELECT id, property_id, suggested_property_id FROM listing_names WHERE workspace_id = ${t.workspaceId}`;
    expect(name).toMatchObject({ property_id: null, suggested_property_id: propertyId });
    expect(await conflictsOf(sql, propertyId)).toEqual([]);

    await sql.begin(async (tx) => {
      await tx`UPDATE listing_names SET property_id = ${propertyId}, source = 'person' WHERE id = ${name!.id}`;
      await checkPropertyConflicts(tx, { workspaceId: t.workspaceId, propertyIds: [propertyId], settings });
    });
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { kind: 'mail_overlaps_calendar', status: 'open' },
    ]);
  });

  it('mail read while the workspace had no property is read again once one is created', async () => {
    const t = await createTenant(sql, 'airbnb');
    const bookingFeed = await addFeed(sql, t.workspaceId, 'booking');
    const calendars: Record<string, string> = {
      [t.feedId]: icsOf(AIRBNB, [['a1@airbnb.com', '2031-02-10', '2031-02-14', 'Reserved']]),
      [bookingFeed]: icsOf(BOOKING, [
        ['b0@booking.com', '2031-01-05', '2031-01-07', 'CLOSED - Not available'],
      ]),
    };
    for (const feedId of [t.feedId, bookingFeed])
      await importFeed(
        { sql, conflicts: settings },
        async () => calendars[feedId]!,
      )({
        feedId,
        today: '2030-01-01',
      });
    const booking: Tenant = { ...t, feedId: bookingFeed };
    await addMailFact(sql, booking, {
      platform: 'booking',
      ...stay('2031-01-05', '2031-01-07', '4000000002'),
      listingName: 'Casa Oltrarno',
    });
    expect(await enrich(sql, t)).toMatchObject({ read: 1, checked: 0 });
    expect(await sql`SELECT id FROM listing_names WHERE workspace_id = ${t.workspaceId}`).toHaveLength(0);

    // the place is created and its calendars grouped: what matched establishes the listing name
    const propertyId = await addProperty(sql, t.workspaceId, 'Oltrarno', [t.feedId, bookingFeed]);
    await addMailFact(sql, booking, {
      platform: 'booking',
      ...stay('2031-02-12', '2031-02-15', '4000000003'),
      listingName: 'Casa Oltrarno',
    });
    expect(await enrich(sql, t)).toMatchObject({ read: 2, checked: 1, opened: 1 });
    const [name] =
      await sql`SELECT property_id, source FROM listing_names WHERE workspace_id = ${t.workspaceId}`;
    expect(name).toEqual({ property_id: propertyId, source: 'match' });
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { kind: 'mail_overlaps_calendar', status: 'open', cause: 'mail_overlaps_calendar:booking:4000000003' },
    ]);
  });
});

describe('the mail against its own channel’s calendar', () => {
  it('cancelled_still_blocked: the cancellation is N hours old and the calendar still holds the stay', async () => {
    const { t, propertyId, imported } = await placeOnTwoChannels();
    const held: IcsEvent[] = [
      airbnbReserved('a1@airbnb.com', '2030-11-10', '2030-11-14', 'HMP6V3JT8Q'),
      ['a2@airbnb.com', '2030-11-20', '2030-11-24', 'Reserved'],
    ];
    await imported(t.feedId, held);
    await addMailFact(sql, t, {
      platform: 'airbnb',
      kind: 'cancelled',
      confirmationCode: 'HMP6V3JT8Q',
      receivedAt: new Date(Date.now() - 7 * 3_600_000),
    });
    await enrich(sql, t);
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { kind: 'cancelled_still_blocked', status: 'open' },
    ]);
    // the calendar lets go (the stay leaves the feed: the cancellation mail makes it a cancellation)
    await imported(t.feedId, held.slice(1));
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { kind: 'cancelled_still_blocked', status: 'resolved', resolution: 'calendar_caught_up' },
    ]);
    const [stay] =
      await sql`SELECT status, vanished_at FROM bookings WHERE feed_id = ${t.feedId} AND ical_uid = 'a1@airbnb.com'`;
    expect(stay).toEqual({ status: 'cancelled', vanished_at: null });
  });

  it('vanished_without_cancellation: a mail-confirmed stay that leaves its feed is kept until a person acknowledges', async () => {
    const { t, propertyId, imported } = await placeOnTwoChannels();
    const stays: IcsEvent[] = [
      airbnbReserved('a1@airbnb.com', '2030-12-10', '2030-12-14', 'HMQ4T7ZK2P'),
      airbnbReserved('a2@airbnb.com', '2030-12-20', '2030-12-24', 'HMZ8C3RN6W'),
      ['a3@airbnb.com', '2031-01-10', '2031-01-14', 'Reserved'],
    ];
    await imported(t.feedId, stays);
    await addMailFact(sql, t, {
      platform: 'airbnb',
      ...stay('2030-12-10', '2030-12-14', 'HMQ4T7ZK2P'),
    });
    await enrich(sql, t);
    const counts = await imported(t.feedId, stays.slice(1));
    expect(counts).toMatchObject({ cancelled: 0, held: 1 });
    const [kept] =
      await sql`SELECT status, vanished_at IS NOT NULL AS vanished FROM bookings WHERE ical_uid = 'a1@airbnb.com' AND feed_id = ${t.feedId}`;
    expect(kept).toEqual({ status: 'confirmed', vanished: true });
    const [conflict] = await conflictsOf(sql, propertyId);
    expect(conflict).toMatchObject({ kind: 'vanished_without_cancellation', status: 'open' });
    // the next import neither cancels it nor raises it again
    expect(await imported(t.feedId, stays.slice(1))).toMatchObject({ cancelled: 0, held: 0 });
    expect(await conflictsOf(sql, propertyId)).toHaveLength(1);
    // a person acknowledges: the next import applies the vanish and the conflict resolves
    await sql`UPDATE conflicts SET status = 'acknowledged' WHERE id = ${conflict!.id}`;
    expect(await imported(t.feedId, stays.slice(1))).toMatchObject({ cancelled: 1 });
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { status: 'resolved', resolution: 'stay_cancelled' },
    ]);
  });

  it('dates_differ: mail and calendar disagree under one confirmation code', async () => {
    const { t, propertyId, imported } = await placeOnTwoChannels();
    const reservedFrom = (from: string): IcsEvent[] => [
      airbnbReserved('a1@airbnb.com', from, '2031-02-14', 'HMK2W9XD5A'),
    ];
    await imported(t.feedId, reservedFrom('2031-02-10'));
    await addMailFact(sql, t, {
      platform: 'airbnb',
      ...stay('2031-02-11', '2031-02-14', 'HMK2W9XD5A'),
    });
    await enrich(sql, t);
    expect(await conflictsOf(sql, propertyId)).toMatchObject([{ kind: 'dates_differ', status: 'open' }]);
    await imported(t.feedId, reservedFrom('2031-02-11'));
    expect(await conflictsOf(sql, propertyId)).toMatchObject([
      { kind: 'dates_differ', status: 'resolved', resolution: 'calendar_caught_up' },
    ]);
  });
});
