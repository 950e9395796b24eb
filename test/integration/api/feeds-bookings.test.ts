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
let feedHost: string;
let served = 0;

beforeAll(async () => {
  server = createServer((_, res) => {
    served += 1;
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.end(ICS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  feedUrl = `http://${feedHost}/calendar.ics`;
  // the feed server is loopback: allowed by name, as dev allows its demo feed
  api = await startApi({ feedAllowPrivateHosts: [feedHost] });
  token = (await api.newWorkspace('feeds')).token;
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
      json: { platform: 'vrbo', url: `  webcal://${feedHost}/cal.ics `, importIntervalMinutes: 120 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: `https://${feedHost}/cal.ics`, importIntervalMinutes: 120 });
  });

  it.each([
    'http://127.0.0.1:7233/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://127.1:4020/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://localhost:4020/',
    'webcal://127.0.0.1/cal.ics',
  ])('refuses %s with 422 FEED_URL_NOT_ALLOWED on the url field', async (url) => {
    const res = await api.call('POST', '/api/ical-feeds', { token, json: { platform: 'airbnb', url } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('FEED_URL_NOT_ALLOWED');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'json.url' })]);
  });

  it('documents the URL field with a pattern that matches what it accepts', async () => {
    type Doc = {
      components: {
        schemas: { CreateIcalFeed: { properties: { url: { pattern: string; example: string } } } };
      };
    };
    const doc = (await api.call<Doc>('GET', '/openapi.json')).body;
    const url = doc.components.schemas.CreateIcalFeed.properties.url;
    const pattern = new RegExp(url.pattern);
    expect(url.example).toBe('http://127.0.0.1:4020/demo/airbnb.ics');
    for (const ok of [feedUrl, 'webcal://example.test/c.ics', ' HTTPS://example.test:8443/a?b=c '])
      expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['ftp://example.test/', 'file:///etc/passwd', 'not a url', 'http://exa mple.test/'])
      expect(pattern.test(bad), bad).toBe(false);
  });

  it.each([
    [{}],
    [{ platform: 'airbnb' }],
    [{ platform: 'airbnb', url: 'not a url' }],
    [{ platform: 'airbnb', url: 'ftp://example.com/cal.ics' }],
    [{ platform: 'airbnb', url: 'file:///etc/passwd' }],
    [{ platform: 'hotels', url: 'https://example.com/x.ics' }],
    [{ platform: 'airbnb', url: 'https://example.com/y.ics', importIntervalMinutes: 0 }],
    [{ platform: 'airbnb', url: 'http://exa mple.test/' }],
  ])('answers %j with 400 VALIDATION_FAILED', async (json) => {
    const res = await api.call('POST', '/api/ical-feeds', { token, json });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('DELETE, pause and resume /api/ical-feeds/{id}', () => {
  const feedCall = (method: string, path: string) => api.call<Feed>(method, path, { token });
  const running = async (id: string) => {
    const d = await api.stack.client.workflow.getHandle(icalFeedWorkflowId(id)).describe();
    return d.status.name;
  };

  it('pause stops the schedule and keeps the bookings; resume imports at once', async () => {
    const [first] = (await api.call<FeedList>('GET', '/api/ical-feeds', { token })).body.items.filter(
      (f) => f.url === feedUrl,
    );
    const before = (await bookings()).body.items.length;

    const paused = await feedCall('POST', `/api/ical-feeds/${first!.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    expect(await running(first!.id)).toBe('TERMINATED');
    expect((await bookings()).body.items.length).toBe(before);

    const servedBefore = served;
    const resumed = await feedCall('POST', `/api/ical-feeds/${first!.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');
    expect(await running(first!.id)).toBe('RUNNING');
    await eventually(async () => (served > servedBefore ? true : undefined), 30_000, 'the import on resume');
  });

  it('delete stops the schedule and removes the feed', async () => {
    const created = await api.call<Feed>('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'pms', url: `http://${feedHost}/removed.ics` },
    });
    const removed = await feedCall('DELETE', `/api/ical-feeds/${created.body.id}`);
    expect(removed.status).toBe(200);
    expect(await running(created.body.id)).toBe('TERMINATED');
    const list = await api.call<FeedList>('GET', '/api/ical-feeds', { token });
    expect(list.body.items.map((f) => f.id)).not.toContain(created.body.id);
    expect((await feedCall('DELETE', `/api/ical-feeds/${created.body.id}`)).status).toBe(404);
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
