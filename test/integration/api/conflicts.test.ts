import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNewFacts } from '../../../activities/conflicts/check-new-facts.js';
import type { BookingPage } from '../../../api/routes/bookings.js';
import type { Conflict, ConflictPage, ConflictSummary } from '../../../api/routes/conflicts.js';
import type { Feed } from '../../../api/routes/ical-feeds.js';
import type { ListingName, ListingNameList } from '../../../api/routes/listing-names.js';
import type { Property, PropertyList } from '../../../api/routes/properties.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../../../domain/conflicts/conflict-writes.js';
import { type CalendarServer, startCalendarServer } from '../../../testing/calendar-server.js';
import { parsePrometheusText } from '../../../testing/prometheus-text.js';
import { addMailFact, icsOf } from '../conflicts/fixtures.js';
import { type Api, eventually, startApi } from './harness.js';

/** Calendars served on loopback by path; a test changes what a path serves. */
const calendars = new Map<string, string>();
let feeds: CalendarServer;
let api: Api;
let token: string;
let workspaceId: string;

beforeAll(async () => {
  feeds = await startCalendarServer((path) => calendars.get(path));
  api = await startApi({ feedAllowPrivateHosts: [feeds.host] });
  ({ token, id: workspaceId } = await api.newWorkspace('conflicts'));
});
afterAll(async () => {
  await feeds?.stop();
  await api?.stop();
});

const AIRBNB = '-//Airbnb Inc//Hosting Calendar 1.0//EN';
const BOOKING = '-//Booking.com//Availability//EN';

async function newProperty(name: string) {
  const res = await api.call<Property>('POST', '/api/properties', { token, json: { name } });
  expect(res.status).toBe(201);
  return res.body;
}

async function newFeed(path: string, platform: 'airbnb' | 'booking', propertyId?: string) {
  const res = await api.call<Feed>('POST', '/api/ical-feeds', {
    token,
    json: { platform, url: `${feeds.url}${path}`, ...(propertyId ? { propertyId } : {}) },
  });
  expect(res.status).toBe(201);
  await eventually(
    async () =>
      (
        await api.stack
          .sql`SELECT 1 FROM ical_feeds WHERE id = ${res.body.id} AND last_imported_at IS NOT NULL`
      )[0],
    30_000,
    'the first import',
  );
  return res.body;
}

const conflicts = (query: string) => api.call<ConflictPage>('GET', `/api/conflicts?${query}`, { token });

describe('properties', () => {
  it('are created by name, once per name, and refuse a blank one naming the field', async () => {
    const created = await newProperty('Casa Girasole');
    expect(created).toMatchObject({ name: 'Casa Girasole', feeds: [], listingNames: [], openConflicts: 0 });
    const again = await api.call('POST', '/api/properties', { token, json: { name: ' casa girasole ' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'PROPERTY_CONFLICT', details: [{ path: 'json.name' }] });
    const blank = await api.call('POST', '/api/properties', { token, json: { name: '  ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'json.name' }] });
    const list = await api.call<PropertyList>('GET', '/api/properties', { token });
    expect(list.body.items.map((p) => p.name)).toContain('Casa Girasole');
    const unknown = await api.call('PATCH', `/api/ical-feeds/${created.id}`, {
      token,
      json: { propertyId: created.id },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('two calendars of one property that overlap', () => {
  let property: Property;
  let airbnb: Feed;
  let booking: Feed;
  let conflict: Conflict;

  it('give one open double_booking, with the bookings on each side and the evidence', async () => {
    calendars.set(
      '/loft/airbnb.ics',
      icsOf(AIRBNB, [['a1@airbnb.com', '2030-07-10', '2030-07-14', 'Reserved']]),
    );
    calendars.set(
      '/loft/booking.ics',
      icsOf(BOOKING, [
        ['b1@booking.com', '2030-07-12', '2030-07-15', 'CLOSED - Not available'],
        ['b2@booking.com', '2030-07-14', '2030-07-16', 'CLOSED - Not available'],
      ]),
    );
    property = await newProperty('Loft Santa Croce');
    airbnb = await newFeed('/loft/airbnb.ics', 'airbnb', property.id);
    expect(airbnb.propertyId).toBe(property.id);
    booking = await newFeed('/loft/booking.ics', 'booking');
    expect((await conflicts('status=open')).body.items).toEqual([]);

    // grouping the second calendar in checks the property at once
    const patched = await api.call<Feed>('PATCH', `/api/ical-feeds/${booking.id}`, {
      token,
      json: { propertyId: property.id },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.propertyId).toBe(property.id);
    const page = await conflicts('status=open');
    expect(page.body.items).toHaveLength(1);
    conflict = page.body.items[0]!;
    expect(conflict).toMatchObject({
      kind: 'double_booking',
      status: 'open',
      propertyId: property.id,
      propertyName: 'Loft Santa Croce',
      nights: { from: '2030-07-12', to: '2030-07-14' },
      resolution: null,
    });
    expect(conflict.sides.map((s) => s.bookings.map((b) => [b.channel, b.checkIn, b.checkOut]))).toEqual([
      [['airbnb', '2030-07-10', '2030-07-14']],
      [['booking', '2030-07-12', '2030-07-15']],
    ]);
    expect(conflict.evidence.map((e) => e.text)).toEqual([
      'Airbnb calendar: reserved, 2030-07-10 → 2030-07-14 (4 nights)',
      'Booking.com calendar: reserved, 2030-07-12 → 2030-07-15 (3 nights)',
    ]);
    const summary = await api.call<ConflictSummary>('GET', '/api/conflicts/summary', { token });
    expect(summary.body).toMatchObject({
      open: 1,
      acknowledged: 0,
      openByKind: { double_booking: 1, dates_differ: 0 },
    });
    const props = await api.call<Property>('GET', `/api/properties/${property.id}`, { token });
    expect(props.body.feeds.map((f) => f.platform).sort()).toEqual(['airbnb', 'booking']);
    expect(props.body.openConflicts).toBe(1);
    const stays = await api.call<BookingPage>('GET', `/api/bookings?propertyId=${property.id}`, { token });
    expect(stays.body.items).toHaveLength(3);
  });

  it('is acknowledged once (twice is the same), and stays until its cause goes away', async () => {
    const gauge = async () => {
      const res = await api.app.request('/metrics');
      const samples = parsePrometheusText(await res.text());
      return Object.fromEntries(
        samples.filter((x) => x.name === 'connections_conflicts_open').map((x) => [x.labels.kind, x.value]),
      );
    };
    expect(await gauge()).toEqual({
      double_booking: 1,
      mail_overlaps_calendar: 0,
      cancelled_still_blocked: 0,
      vanished_without_cancellation: 0,
      dates_differ: 0,
    });
    const ack = await api.call<Conflict>('POST', `/api/conflicts/${conflict.id}/acknowledge`, { token });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
    const twice = await api.call<Conflict>('POST', `/api/conflicts/${conflict.id}/acknowledge`, { token });
    expect(twice.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    expect((await conflicts('status=open')).body.items).toEqual([]);
    expect((await conflicts('status=acknowledged')).body.items.map((c) => c.id)).toEqual([conflict.id]);
    expect((await gauge()).double_booking).toBe(0);
    const [logged] = await api.stack.sql`
      SELECT count(*)::int AS n FROM activity_log WHERE workspace_id = ${workspaceId} AND event = 'connector_conflict_acknowledged'`;
    expect(logged!.n).toBe(1);
  });

  it('resolves itself when a calendar leaves the property, says why, and can no longer be acknowledged', async () => {
    await api.call('PATCH', `/api/ical-feeds/${booking.id}`, { token, json: { propertyId: null } });
    const resolved = await conflicts(`status=resolved&propertyId=${property.id}`);
    expect(resolved.body.items).toMatchObject([
      {
        id: conflict.id,
        status: 'resolved',
        resolution: { code: 'gone', text: expect.stringMatching(/moved to another property/) },
      },
    ]);
    const late = await api.call('POST', `/api/conflicts/${conflict.id}/acknowledge`, { token });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONFLICT_ALREADY_RESOLVED');
    const one = await api.call<Conflict>('GET', `/api/conflicts/${conflict.id}`, { token });
    expect(one.body.resolvedAt).toEqual(expect.any(String));
  });

  it('pages through many conflicts with the cursor, newest first, each once', async () => {
    await api.call('PATCH', `/api/ical-feeds/${booking.id}`, { token, json: { propertyId: property.id } });
    calendars.set(
      '/loft/airbnb.ics',
      icsOf(AIRBNB, [
        ['a1@airbnb.com', '2030-07-10', '2030-07-14', 'Reserved'],
        ['a2@airbnb.com', '2030-07-14', '2030-07-20', 'Reserved'],
      ]),
    );
    await api.call('POST', `/api/ical-feeds/${airbnb.id}/resume`, { token });
    await eventually(
      async () => {
        const page = await conflicts(`status=open&propertyId=${property.id}`);
        return page.body.items.length === 3 ? page : undefined;
      },
      30_000,
      'three double bookings',
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ConflictPage } = await conflicts(
        `status=open&kind=double_booking&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('refuses bad filters and bodies with a 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', '/api/conflicts?status=pending', undefined, 'query.status'],
      ['GET', '/api/conflicts?kind=overbooked', undefined, 'query.kind'],
      ['GET', '/api/conflicts?propertyId=LOFT', undefined, 'query.propertyId'],
      ['PATCH', `/api/ical-feeds/${airbnb.id}`, { propertyId: 'loft' }, 'json.propertyId'],
      ['PATCH', `/api/ical-feeds/${airbnb.id}`, {}, 'json.propertyId'],
    ];
    for (const [method, path, json, field] of cases) {
      const res = await api.call(method, path, { token, json });
      expect(res.status, path).toBe(400);
      expect(res.body.error.details, path).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: field })]),
      );
    }
  });
});

describe('listing names seen in mail', () => {
  it('are listed with their suggestion, and a person maps one', async () => {
    const property = await newProperty('Villa Oliveto');
    const [row] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO listing_names (workspace_id, platform, name, name_key, suggested_property_id)
      VALUES (${workspaceId}, 'vrbo', 'Villa Oliveto with pool', 'villa oliveto with pool', ${property.id}) RETURNING id`;
    const unmapped = await api.call<ListingNameList>('GET', '/api/listing-names?unmapped=true', { token });
    expect(unmapped.body.items).toMatchObject([
      { id: row!.id, propertyId: null, source: 'none', suggestedPropertyId: property.id },
    ]);
    const mapped = await api.call<ListingName>('PATCH', `/api/listing-names/${row!.id}`, {
      token,
      json: { propertyId: property.id },
    });
    expect(mapped.body).toMatchObject({
      propertyId: property.id,
      source: 'person',
      suggestedPropertyId: null,
    });
    expect(
      (await api.call<ListingNameList>('GET', '/api/listing-names?unmapped=true', { token })).body.items,
    ).toEqual([]);
    const shown = await api.call<Property>('GET', `/api/properties/${property.id}`, { token });
    expect(shown.body.listingNames).toMatchObject([
      { name: 'Villa Oliveto with pool', source: 'person', facts: 0 },
    ]);
    // "none of mine": the name names no property, and no suggestion comes back
    const none = await api.call<ListingName>('PATCH', `/api/listing-names/${row!.id}`, {
      token,
      json: { propertyId: null },
    });
    expect(none.body).toMatchObject({ propertyId: null, source: 'person' });
  });
});

describe('channels without a calendar of their own', () => {
  it('an Expedia e-mail relayed by a PMS: its listing name and its conflict name the channel', async () => {
    const property = await newProperty('Casa Giardino');
    calendars.set(
      '/giardino-airbnb.ics',
      icsOf(AIRBNB, [['g1@airbnb.com', '2030-10-10', '2030-10-14', 'Reserved']]),
    );
    await newFeed('/giardino-airbnb.ics', 'airbnb', property.id);
    const [connection] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO connections (workspace_id, platform, reservation_label, gmail_status)
      VALUES (${workspaceId}, 'pms', 'Lodgify', 'connected') RETURNING id`;
    const connectionId = connection!.id;
    const factId = await addMailFact(
      api.stack.sql,
      { workspaceId, connectionId, feedId: '' },
      {
        platform: 'expedia',
        checkIn: '2030-10-12',
        checkOut: '2030-10-15',
        confirmationCode: '72014466',
        listingName: 'Casa Giardino · garden flat',
      },
    );
    await checkNewFacts({ sql: api.stack.sql, conflicts: DEFAULT_CONFLICT_SETTINGS })({ connectionId });
    const names = await api.call<ListingNameList>('GET', '/api/listing-names?unmapped=true', { token });
    const name = names.body.items.find((n) => n.name === 'Casa Giardino · garden flat');
    expect(name).toMatchObject({ platform: 'expedia', suggestedPropertyId: property.id });
    const mapped = await api.call('PATCH', `/api/listing-names/${name!.id}`, {
      token,
      json: { propertyId: property.id },
    });
    expect(mapped.status).toBe(200);
    const open = await conflicts(`status=open&propertyId=${property.id}`);
    expect(open.body.items).toMatchObject([
      {
        kind: 'mail_overlaps_calendar',
        sides: [
          { bookings: [], facts: [{ id: factId, channel: 'expedia' }] },
          { bookings: [{ channel: 'airbnb' }], facts: [] },
        ],
      },
    ]);
    expect(open.body.items[0]!.evidence[0]!.text).toMatch(/^Expedia e-mail of /);
  });
});
