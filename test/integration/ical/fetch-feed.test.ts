import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedFetchError, fetchFeed } from '../../../activities/ical/fetch-feed.js';

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
let scratch: string;

beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/missing.ics']!)(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scratch = await mkdtemp(join(tmpdir(), 'fetch-feed-'));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<FeedFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedFetchError);
  return error as FeedFetchError;
}

describe('fetchFeed', () => {
  it('returns the body of a 2xx answer', async () => {
    expect(await fetchFeed(`${base}/feed.ics`)).toBe(FEED);
  });

  it('a 404 is a non-retryable HTTP_STATUS error, a 503 a retryable one', async () => {
    const missing = await failureOf(fetchFeed(`${base}/missing.ics`));
    expect(missing).toMatchObject({ code: 'HTTP_STATUS', status: 404, retryable: false });
    const down = await failureOf(fetchFeed(`${base}/down.ics`));
    expect(down).toMatchObject({ code: 'HTTP_STATUS', status: 503, retryable: true });
  });

  it('refuses bodies over the cap, declared or streamed', async () => {
    for (const path of ['/big-declared.ics', '/big-chunked.ics']) {
      const error = await failureOf(fetchFeed(`${base}${path}`, { maxBytes: 1024 }));
      expect(error.code).toBe('TOO_LARGE');
    }
    expect(await fetchFeed(`${base}/big-chunked.ics`, { maxBytes: 8 * 1024 })).toHaveLength(4096);
  });

  it('gives up after the timeout', async () => {
    const error = await failureOf(fetchFeed(`${base}/slow.ics`, { timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('reads file:// URLs, with the same cap', async () => {
    const path = join(scratch, 'feed.ics');
    await writeFile(path, FEED);
    expect(await fetchFeed(pathToFileURL(path).href)).toBe(FEED);
    expect((await failureOf(fetchFeed(pathToFileURL(path).href, { maxBytes: 10 }))).code).toBe('TOO_LARGE');
    const missing = await failureOf(fetchFeed(pathToFileURL(join(scratch, 'nope.ics')).href));
    expect(missing).toMatchObject({ code: 'FILE_UNREADABLE', retryable: false });
  });

  it('refuses other schemes and garbage', async () => {
    expect((await failureOf(fetchFeed('ftp://example.test/feed.ics'))).code).toBe('UNSUPPORTED_URL');
    expect((await failureOf(fetchFeed('not a url'))).code).toBe('UNSUPPORTED_URL');
  });
});
