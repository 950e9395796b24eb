import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../../api/context.js';
import { authFailureThrottle, failedAuthWindow } from '../../../api/middleware/auth-throttle.js';
import { clientAddress, parseTrustedProxies } from '../../../api/middleware/client-address.js';

/**
 * The failed-auth throttle in front of a real HTTP server on loopback (@hono/node-server, as the
 * API runs): a route that takes one bearer token and answers 401 to any other. Clients are told
 * apart by the socket's address, or, behind a trusted proxy, by X-Forwarded-For.
 */
const servers: ReturnType<typeof serve>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

async function throttled(trustedProxies = '') {
  const failed = failedAuthWindow({ failures: 20, windowSeconds: 300 });
  const app = new Hono<ApiEnv>()
    .use('*', authFailureThrottle({ failed, trustedProxies: parseTrustedProxies(trustedProxies) }))
    .get('/who', (c) =>
      c.req.header('Authorization') === 'Bearer valid' ? c.text('in') : c.json({ error: 'no' }, 401),
    );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return (token: string, forwardedFor?: string) =>
    fetch(`${base}/who`, {
      headers: {
        Authorization: `Bearer ${token}`,
        ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}),
      },
    });
}

async function statuses(call: () => Promise<Response>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call()).status);
  return out;
}

describe('the failed-auth throttle', () => {
  it('never refuses a valid token: 25 bad tokens from one client, then its good one, answered', async () => {
    const call = await throttled();
    const bad = await statuses(() => call('wrong'), 25);
    expect(bad.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(bad.slice(20)).toEqual(Array(5).fill(429));
    expect((await call('valid')).status).toBe(200);
  });

  it('slows only further failures: they keep getting 429 with Retry-After, between good calls too', async () => {
    const call = await throttled();
    await statuses(() => call('wrong'), 20);
    expect((await call('valid')).status).toBe(200);
    const slowed = await call('wrong-again');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await slowed.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_FAILED_AUTH');
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy: a client cannot pick a fresh key', async () => {
    const call = await throttled();
    for (let i = 0; i < 20; i++) expect((await call('wrong', `198.51.100.${i}`)).status).toBe(401);
    expect((await call('wrong', '198.51.100.99')).status).toBe(429);
  });

  it('behind a trusted proxy counts per forwarded client: one client failing does not slow another', async () => {
    const call = await throttled('127.0.0.1');
    await statuses(() => call('wrong', '203.0.113.7'), 20);
    expect((await call('wrong', '203.0.113.7')).status).toBe(429);
    expect((await call('wrong', '203.0.113.8')).status).toBe(401);
    // what the client itself wrote in front of the proxy's entry is not who it is
    expect((await call('wrong', '192.0.2.1, 203.0.113.7')).status).toBe(429);
  });
});

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, ::1');
  const cases: [peer: string, forwardedFor: string | undefined, client: string][] = [
    ['203.0.113.9', '198.51.100.1', '203.0.113.9'],
    ['10.1.2.3', '198.51.100.1', '198.51.100.1'],
    ['10.1.2.3', '192.0.2.66, 198.51.100.1', '198.51.100.1'],
    ['10.1.2.3', '198.51.100.1, 10.9.9.9', '198.51.100.1'],
    ['::ffff:127.0.0.1', '2001:db8::5', '2001:db8::5'],
    ['10.1.2.3', undefined, '10.1.2.3'],
    ['10.1.2.3', 'not-an-address', '10.1.2.3'],
    ['10.1.2.3', '10.4.4.4, 10.5.5.5', '10.4.4.4'],
  ];
  for (const [peer, forwardedFor, client] of cases) {
    it(`peer ${peer}, X-Forwarded-For ${forwardedFor ?? '(none)'} → ${client}`, () => {
      expect(clientAddress(peer, forwardedFor, proxies)).toBe(client);
    });
  }

  it('refuses a TRUSTED_PROXIES entry that is no address or range', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.internal')).toThrow(/proxy\.internal/);
  });
});
