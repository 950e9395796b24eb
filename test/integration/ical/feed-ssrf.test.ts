import { describe, expect, it } from 'vitest';
import { FeedFetchError, type FeedLookup, fetchFeed } from '../../../activities/ical/fetch-feed.js';
import { importFeed } from '../../../activities/ical/import-feed.js';
import { useCanaryServers } from '../../support/canary-servers.js';
import { loopbackSpellings } from '../../support/loopback-spellings.js';
import { rebindingResolver } from '../../support/rebinding-resolver.js';
import { rejectionOf } from '../../support/rejection.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { addFeed, createTenant } from '../match/fixtures.js';

const FEED = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

/** The canary and the allowed server, which redirects wherever `?to=` says (test/support/canary-servers.ts). */
const servers = useCanaryServers({
  canary: (_, res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED),
  allowed: (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (to) return res.writeHead(302, { location: to }).end();
    const hops = Number(url.searchParams.get('hops') ?? 0);
    if (hops > 0) return res.writeHead(301, { location: `/?hops=${hops - 1}` }).end();
    return res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
  },
});

useTestSql();

const spellings = (port: number) => loopbackSpellings(port, '/feed.ics');

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, FeedFetchError);

describe('feeds aimed at the canary', () => {
  it('the canary counts what reaches it (so a 0 below means something)', async () => {
    await fetch(`http://127.0.0.1:${servers.canaryPort}/`).then((r) => r.text());
    expect(servers.canaryConnections).toBeGreaterThan(0);
  });

  it.each(spellings(0).map((_, i) => i))('spelling #%i is refused before any connection', async (i) => {
    const url = spellings(servers.canaryPort)[i]!;
    const error = await failureOf(fetchFeed(url, { allowPrivateHosts: servers.allowList }));
    expect(error.code, url).toBe('FEED_URL_NOT_ALLOWED');
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(String(servers.canaryPort));
    expect(servers.canaryConnections, url).toBe(0);
  });

  it.each(spellings(0).map((_, i) => i))(
    'an allowed server redirecting to spelling #%i is refused at the hop',
    async (i) => {
      const target = spellings(servers.canaryPort)[i]!;
      const url = `http://127.0.0.1:${servers.allowedPort}/?to=${encodeURIComponent(target)}`;
      const error = await failureOf(fetchFeed(url, { allowPrivateHosts: servers.allowList }));
      expect(error.code, target).toBe('FEED_URL_NOT_ALLOWED');
      expect(servers.canaryConnections, target).toBe(0);
    },
  );

  it('a name that resolves to a private address is refused, and nothing resolves it twice', async () => {
    const { lookup: rebinding, asked } = rebindingResolver();
    const url = `http://calendar.rebind.test:${servers.canaryPort}/feed.ics`;
    const error = await failureOf(
      fetchFeed(url, { allowPrivateHosts: servers.allowList, lookup: rebinding }),
    );
    expect(error.code).toBe('FEED_URL_NOT_ALLOWED');
    expect(asked).toEqual(['calendar.rebind.test']);
    expect(servers.canaryConnections).toBe(0);
  });

  it('one private address among public ones is enough to refuse the name', async () => {
    const mixed: FeedLookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const error = await failureOf(
      fetchFeed('http://mixed.test/feed.ics', { allowPrivateHosts: servers.allowList, lookup: mixed }),
    );
    expect(error.code).toBe('FEED_URL_NOT_ALLOWED');
  });

  it('with FEED_ONLY_ALLOWED_HOSTS, a name off the list is refused before anyone is asked', async () => {
    const asked: string[] = [];
    const lookup: FeedLookup = async (hostname) => {
      asked.push(hostname);
      return [{ address: '93.184.216.34', family: 4 }];
    };
    const error = await failureOf(
      fetchFeed('http://calendar.public.test/feed.ics', {
        allowPrivateHosts: servers.allowList,
        lookup,
        onlyAllowedHosts: true,
      }),
    );
    expect(error.code).toBe('FEED_URL_NOT_ALLOWED');
    expect(asked).toEqual([]);
    expect(
      await fetchFeed(`http://127.0.0.1:${servers.allowedPort}/`, {
        allowPrivateHosts: servers.allowList,
        onlyAllowedHosts: true,
      }),
    ).toBe(FEED);
  });

  it('connects to the address it vetted', async () => {
    // a public-looking name whose vetted answer is the allowed server itself, allowed by name
    const lookup: FeedLookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const text = await fetchFeed(`http://feeds.example.test:${servers.allowedPort}/`, {
      allowPrivateHosts: [...servers.allowList, `feeds.example.test:${servers.allowedPort}`],
      lookup,
    });
    expect(text).toBe(FEED);
  });

  it('the allow list lets its own host:port through, and only that', async () => {
    expect(
      await fetchFeed(`http://127.0.0.1:${servers.allowedPort}/`, { allowPrivateHosts: servers.allowList }),
    ).toBe(FEED);
    const otherPort = await failureOf(
      fetchFeed(`http://127.0.0.1:${servers.canaryPort}/`, { allowPrivateHosts: [] }),
    );
    expect(otherPort.code).toBe('FEED_URL_NOT_ALLOWED');
    expect(servers.canaryConnections).toBe(0);
  });

  it('follows at most 5 redirects, and only to http(s)', async () => {
    const five = `http://127.0.0.1:${servers.allowedPort}/?hops=5`;
    expect(await fetchFeed(five, { allowPrivateHosts: servers.allowList })).toBe(FEED);
    const six = await failureOf(
      fetchFeed(`http://127.0.0.1:${servers.allowedPort}/?hops=6`, { allowPrivateHosts: servers.allowList }),
    );
    expect(six.code).toBe('FEED_UNREACHABLE');
    const toFile = `http://127.0.0.1:${servers.allowedPort}/?to=${encodeURIComponent('file:///etc/passwd')}`;
    expect((await failureOf(fetchFeed(toFile, { allowPrivateHosts: servers.allowList }))).code).toBe(
      'FEED_URL_NOT_ALLOWED',
    );
  });

  it.each([
    'file:///etc/passwd',
    'ftp://127.0.0.1/feed.ics',
    'gopher://127.0.0.1:70/',
    'webcal://127.0.0.1/feed.ics',
    'not a url',
  ])('refuses %s as FEED_URL_NOT_ALLOWED', async (url) => {
    expect((await failureOf(fetchFeed(url, { allowPrivateHosts: servers.allowList }))).code).toBe(
      'FEED_URL_NOT_ALLOWED',
    );
  });
});

const failedImport = (run: Promise<unknown>) => rejectionOf(run, Error);

describe('what the tenant and the history get to see', () => {
  it('a refused feed records a bare code, never the URL, the port or the reason', async () => {
    const t = await createTenant(sql, 'airbnb');
    const secret = `http://0x7f.0.0.1:${servers.canaryPort}/secret-token-abc/feed.ics`;
    const feedId = await addFeed(sql, t.workspaceId, 'airbnb', secret);

    const failure = await failedImport(
      importFeed({ sql, outbound: { allowPrivateHosts: servers.allowList, onlyAllowedHosts: false } })({
        feedId,
      }),
    );

    expect(failure).toMatchObject({ type: 'FEED_URL_NOT_ALLOWED', nonRetryable: true });
    expect(failure.message).toContain(feedId);
    expect(failure.message).not.toMatch(/secret-token|0x7f|127\.0\.0\.1/);
    expect(failure.message).not.toContain(String(servers.canaryPort));
    expect(JSON.stringify(failure.cause ?? null)).not.toContain('secret-token');
    const [feed] = await sql`SELECT last_error FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed!.last_error).toBe('FEED_URL_NOT_ALLOWED');
    expect(servers.canaryConnections).toBe(0);
  });

  it('an unreachable allowed feed records FEED_UNREACHABLE, not the status or the socket error', async () => {
    const t = await createTenant(sql, 'airbnb');
    // port 1 on loopback refuses connections: allowed, and unreachable
    const feedId = await addFeed(sql, t.workspaceId, 'airbnb', 'http://127.0.0.1:1/feed.ics');

    const failure = await failedImport(
      importFeed({ sql, outbound: { allowPrivateHosts: ['127.0.0.1:1'], onlyAllowedHosts: false } })({
        feedId,
      }),
    );

    expect(failure).toMatchObject({ type: 'FEED_UNREACHABLE' });
    expect(failure.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:1\b/);
    const [feed] = await sql`SELECT last_error FROM ical_feeds WHERE id = ${feedId}`;
    expect(feed!.last_error).toBe('FEED_UNREACHABLE');
  });
});
