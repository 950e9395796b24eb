import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingPage } from '../../../api/routes/bookings.js';
import type { Feed, FeedList } from '../../../api/routes/ical-feeds.js';
import { icalFeedWorkflowId } from '../../../contracts/workflows.js';
import { type Api, eventually, startApi } from './harness.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260710',
  'DTEND;VALUE=DATE:20260714',
  'UID:stay-1@airbnb.com',
  'SUMMARY:Reserved',
  'DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMABCDEF12',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260801',
  'DTEND;VALUE=DATE:20260805',
  'UID:stay-2@airbnb.com',
  'SUMMARY:Reserved',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

let api: Api;
let token: string;
let server: Server;
let feedUrl: string;

beforeAll(async () => {
  api = await startApi();
  token = (await api.newWorkspace('feeds')).token;
  server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.end(ICS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/calendar.ics`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await api?.stop();
});

const bookings = (query = '') => api.call<BookingPage>('GET', `/api/bookings${query}`, { token });

describe('POST /api/ical-feeds', () => {
  it('registers a feed, starts its workflow, and the bookings are imported at once', async () => {
    const res = await api.call<Feed>('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'airbnb', url: feedUrl },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ platform: 'airbnb', url: feedUrl, importIntervalMinutes: 60 });
    const described = await api.stack.client.workflow.getHandle(icalFeedWorkflowId(res.body.id)).describe();
    expect(described.type).toBe('icalFeedWorkflow');

    const imported = await eventually(
      async () => {
        const page = await bookings();
        return page.body.items.length === 2 ? page.body.items : undefined;
      },
      30_000,
      'the first import',
    );
    expect(imported.map((b) => [b.icalUid, b.checkIn, b.checkOut])).toEqual([
      ['stay-1@airbnb.com', '2026-07-10', '2026-07-14'],
      ['stay-2@airbnb.com', '2026-08-01', '2026-08-05'],
    ]);

    const list = await api.call<FeedList>('GET', '/api/ical-feeds', { token });
    expect(list.body.items.map((f) => f.id)).toEqual([res.body.id]);
  });

  it('refuses the same URL twice with 409 FEED_CONFLICT', async () => {
    const res = await api.call('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'airbnb', url: feedUrl },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FEED_CONFLICT');
  });

  it('accepts webcal:// as https://', async () => {
    const res = await api.call<Feed>('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'vrbo', url: 'webcal://example.com/cal.ics', importIntervalMinutes: 120 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: 'https://example.com/cal.ics', importIntervalMinutes: 120 });
  });

  it.each([
    [{}],
    [{ platform: 'airbnb' }],
    [{ platform: 'airbnb', url: 'not a url' }],
    [{ platform: 'airbnb', url: 'ftp://example.com/cal.ics' }],
    [{ platform: 'airbnb', url: 'file:///etc/passwd' }],
    [{ platform: 'hotels', url: 'https://example.com/x.ics' }],
    [{ platform: 'airbnb', url: 'https://example.com/y.ics', importIntervalMinutes: 0 }],
  ])('answers %j with 400 VALIDATION_FAILED', async (json) => {
    const res = await api.call('POST', '/api/ical-feeds', { token, json });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/bookings', () => {
  it('filters by overlap with [from, to]', async () => {
    const july = await bookings('?from=2026-07-01&to=2026-07-31');
    expect(july.body.items.map((b) => b.icalUid)).toEqual(['stay-1@airbnb.com']);
    const edge = await bookings('?from=2026-07-14');
    expect(edge.body.items.map((b) => b.icalUid)).toEqual(['stay-1@airbnb.com', 'stay-2@airbnb.com']);
    const none = await bookings('?to=2026-06-30');
    expect(none.body.items).toEqual([]);
  });

  it('pages with limit and cursor', async () => {
    const first = await bookings('?limit=1');
    expect(first.body.items.map((b) => b.icalUid)).toEqual(['stay-1@airbnb.com']);
    const second = await bookings(`?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((b) => b.icalUid)).toEqual(['stay-2@airbnb.com']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows the enrichment fields', async () => {
    const [b] = (await bookings('?limit=1')).body.items;
    expect(b).toHaveProperty('guestName');
    expect(b).toHaveProperty('guestCount');
    expect(b).toHaveProperty('payoutAmount');
    expect(b).toHaveProperty('enrichment');
  });

  it.each([
    '?from=yesterday',
    '?from=2026-13-01',
    '?to=2026-02-30x',
    '?from=2026-02-30',
    '?to=2025-02-29',
    '?from=2026-08-01&to=2026-07-01',
    '?status=maybe',
    '?feedId=nope',
    '?limit=1000',
  ])('answers %s with 400 VALIDATION_FAILED', async (query) => {
    const res = await api.call('GET', `/api/bookings${query}`, { token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
