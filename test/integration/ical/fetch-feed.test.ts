import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FeedFetchError,
  type FetchFeedOptions,
  fetchFeed as fetchAny,
} from '../../../activities/ical/fetch-feed.js';
import { rejectionOf } from '../../support/rejection.js';

const FEED = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
const BIG = 'X'.repeat(4096);

/** Routes of a local server standing in for a platform's calendar endpoint. */
const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
  '/feed.ics': (res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED),
  '/missing.ics': (res) => res.writeHead(404).end('not found'),
  '/down.ics': (res) => res.writeHead(503).end('try later'),
  '/big-declared.ics': (res) => res.writeHead(200, { 'content-length': String(BIG.length) }).end(BIG),
  '/big-chunked.ics': (res) => {
    res.writeHead(200, { 'content-type': 'text/calendar' });
    for (let i = 0; i < 8; i++) res.write(BIG.slice(0, 512));
    res.end();
  },
  '/slow.ics': (res) => {
    setTimeout(() => res.writeHead(200).end(FEED), 2_000);
  },
};

let server: Server;
let base: string;
let allowList: string[];

/** The local server is loopback: only its own allow-list entry lets the fetcher reach it. */
const fetchFeed = (url: string, options: Partial<FetchFeedOptions> = {}) =>
  fetchAny(url, { allowPrivateHosts: allowList, ...options });

beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/missing.ics']!)(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  allowList = [`127.0.0.1:${port}`];
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, FeedFetchError);

describe('fetchFeed', () => {
  it('returns the body of a 2xx answer', async () => {
    expect(await fetchFeed(`${base}/feed.ics`)).toBe(FEED);
  });

  it('a 404 is a non-retryable FEED_UNREACHABLE, a 503 a retryable one; neither says which', async () => {
    const missing = await failureOf(fetchFeed(`${base}/missing.ics`));
    expect(missing).toMatchObject({ code: 'FEED_UNREACHABLE', retryable: false });
    const down = await failureOf(fetchFeed(`${base}/down.ics`));
    expect(down).toMatchObject({ code: 'FEED_UNREACHABLE', retryable: true });
    expect(missing.message).toBe(down.message);
    expect(missing.message).not.toMatch(/404|127\.0\.0\.1/);
  });

  it('refuses bodies over the cap, declared or streamed', async () => {
    for (const path of ['/big-declared.ics', '/big-chunked.ics']) {
      const error = await failureOf(fetchFeed(`${base}${path}`, { maxBytes: 1024 }));
      expect(error.code).toBe('FEED_TOO_LARGE');
    }
    expect(await fetchFeed(`${base}/big-chunked.ics`, { maxBytes: 8 * 1024 })).toHaveLength(4096);
  });

  it('gives up after the timeout, with the same code as any other unreachable feed', async () => {
    const error = await failureOf(fetchFeed(`${base}/slow.ics`, { timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'FEED_UNREACHABLE', retryable: true });
    expect(error.message).not.toMatch(/200|ms|time/i);
  });

  it('refuses other schemes and garbage', async () => {
    for (const url of ['ftp://example.test/feed.ics', 'file:///etc/passwd', 'not a url'])
      expect((await failureOf(fetchFeed(url))).code, url).toBe('FEED_URL_NOT_ALLOWED');
  });
});
