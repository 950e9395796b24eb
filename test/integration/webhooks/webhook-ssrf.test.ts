import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../activities/webhooks/post-webhook.js';
import { recordEvent } from '../../../domain/events/record-event.js';
import { newEndpointSecret, sealSecret, signedHeaders } from '../../../domain/webhooks/endpoint-secret.js';
import type { OutboundLookup } from '../../../outbound/outbound-request.js';
import { loopbackSpellings } from '../../support/loopback-spellings.js';
import { type Api, eventually, startApi } from '../api/harness.js';

/**
 * The attacker's view of webhook URLs, as test/integration/ical/feed-ssrf.test.ts has it for feeds
 * (both go through outbound/): a loopback "canary" stands for whatever internal service a tenant
 * would like the worker to POST to, and counts every TCP connection, so a refused URL is one that
 * never touched it. Refused when the endpoint is created (400 naming `url`) and again when each
 * delivery is sent.
 */
let canary: Server;
let canaryPort = 0;
let canaryConnections = 0;
/** The one local receiver the allowance lets through; it redirects wherever `?to=` says. */
let allowed: Server;
let allowedPort = 0;
let allowList: string[];
let api: Api;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  canary = createServer((_, res) => res.writeHead(204).end());
  canary.on('connection', () => {
    canaryConnections += 1;
  });
  canaryPort = await listen(canary);
  allowed = createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) return res.writeHead(307, { location: to }).end();
    return res.writeHead(204).end();
  });
  allowedPort = await listen(allowed);
  allowList = [`127.0.0.1:${allowedPort}`];
  api = await startApi({
    allowPrivateHosts: allowList,
    stack: { webhooks: { retrySchedule: [200, 200], disableAfterFailures: 100, timeoutMs: 2_000 } },
  });
});
afterAll(async () => {
  await api?.stop();
  for (const server of [canary, allowed]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});
beforeEach(() => {
  canaryConnections = 0;
});

const spellings = (port: number) => loopbackSpellings(port, '/hooks');
const INTERNAL = [
  'http://169.254.169.254/latest/meta-data/',
  'http://[fd00::1]/hooks',
  'http://10.0.0.7/hooks',
  'http://192.168.1.1/hooks',
  'http://100.64.0.1/hooks',
  'http://metadata.localhost/computeMetadata/v1/',
];

describe('creating an endpoint', () => {
  let token = '';
  beforeAll(async () => {
    token = (await api.newWorkspace('ssrf')).token;
  });
  const create = (url: string) =>
    api.call('POST', '/api/webhook-endpoints', { token, json: { url, events: ['booking.enriched'] } });

  it.each([...spellings(0).map((_, i) => i)])(
    'refuses loopback spelling #%i with 400 naming url',
    async (i) => {
      const url = spellings(canaryPort)[i]!;
      const res = await create(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
      expect(res.body.error.details).toEqual([{ path: 'json.url', message: expect.any(String) }]);
      expect(canaryConnections).toBe(0);
    },
  );

  it.each(INTERNAL)('refuses %s with 400 naming url', async (url) => {
    const res = await create(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(res.body.error.details).toEqual([{ path: 'json.url', message: expect.any(String) }]);
  });

  it.each(['ftp://example.test/hooks', 'file:///etc/passwd', 'gopher://127.0.0.1:70/', 'not a url', ''])(
    'refuses %j as invalid, naming url',
    async (url) => {
      const res = await create(url);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'json.url' })]);
    },
  );

  it('lets the allowance through, and a public name (resolved only when a delivery is sent)', async () => {
    expect((await create(`http://127.0.0.1:${allowedPort}/hooks`)).status).toBe(201);
    expect((await create('https://hooks.example.test/connections')).status).toBe(201);
  });
});

describe('sending a delivery', () => {
  const msg = () => {
    const body = '{"type":"booking.enriched"}';
    return {
      body,
      headers: signedHeaders([newEndpointSecret()], { id: randomUUID(), body, at: new Date() }),
    };
  };
  const policy = () => ({ allowPrivateHosts: allowList, onlyAllowedHosts: false });

  it('the canary counts what reaches it (so a 0 below means something)', async () => {
    await fetch(`http://127.0.0.1:${canaryPort}/`).then((r) => r.text());
    expect(canaryConnections).toBeGreaterThan(0);
  });

  it.each(spellings(0).map((_, i) => i))('refuses spelling #%i before any connection', async (i) => {
    const url = spellings(canaryPort)[i]!;
    const result = await postWebhook(url, msg(), { policy: policy(), timeoutMs: 2_000 });
    expect(result, url).toEqual({ answered: false, reason: 'not_allowed' });
    expect(canaryConnections, url).toBe(0);
  });

  it('never follows a redirect: the allowed receiver pointing at the canary is just a 307', async () => {
    const target = `http://127.0.0.1:${canaryPort}/hooks`;
    const url = `http://127.0.0.1:${allowedPort}/?to=${encodeURIComponent(target)}`;
    const result = await postWebhook(url, msg(), { policy: policy(), timeoutMs: 2_000 });
    expect(result).toMatchObject({ answered: true, status: 307 });
    expect(canaryConnections).toBe(0);
  });

  it('refuses a name that resolves to an internal address, asking the resolver once (no rebinding)', async () => {
    const asked: string[] = [];
    const rebinding: OutboundLookup = async (hostname) => {
      asked.push(hostname);
      return asked.length === 1
        ? [{ address: '127.0.0.1', family: 4 }]
        : [{ address: '93.184.216.34', family: 4 }];
    };
    const url = `http://hooks.rebind.test:${canaryPort}/hooks`;
    const result = await postWebhook(url, msg(), { policy: policy(), timeoutMs: 2_000, lookup: rebinding });
    expect(result).toEqual({ answered: false, reason: 'not_allowed' });
    expect(asked).toEqual(['hooks.rebind.test']);
    expect(canaryConnections).toBe(0);
    const mixed: OutboundLookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    expect(
      await postWebhook('http://mixed.test/hooks', msg(), {
        policy: policy(),
        timeoutMs: 2_000,
        lookup: mixed,
      }),
    ).toEqual({ answered: false, reason: 'not_allowed' });
  });

  it('with only allowed hosts, refuses a public name before anyone is asked', async () => {
    const asked: string[] = [];
    const lookup: OutboundLookup = async (hostname) => {
      asked.push(hostname);
      return [{ address: '93.184.216.34', family: 4 }];
    };
    const result = await postWebhook('https://hooks.example.test/x', msg(), {
      policy: { allowPrivateHosts: allowList, onlyAllowedHosts: true },
      timeoutMs: 2_000,
      lookup,
    });
    expect(result).toEqual({ answered: false, reason: 'not_allowed' });
    expect(asked).toEqual([]);
  });

  it('an endpoint whose URL is internal by now (stored before the allowance changed) is refused at every attempt', async () => {
    const ws = await api.newWorkspace('ssrf-stored');
    const id = randomUUID();
    await api.stack.sql`
      INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret)
      VALUES (${id}, ${ws.id}, ${`http://0x7f.0.0.1:${canaryPort}/hooks`}, ${['booking.enriched']},
              ${api.stack.sql.json(sealSecret(api.stack.cipher, newEndpointSecret(), id) as never)})`;
    await recordEvent(api.stack.sql, {
      workspaceId: ws.id,
      type: 'booking.enriched',
      data: { bookingId: id },
    });
    const [delivery] = await eventually(async () => {
      const rows = await api.stack.sql<{ status: string; attempts: number; last_error: string | null }[]>`
        SELECT status, attempts, last_error FROM webhook_deliveries WHERE endpoint_id = ${id}`;
      return rows[0]?.status === 'failed' ? rows : undefined;
    }, 30_000);
    expect(delivery).toEqual({ status: 'failed', attempts: 3, last_error: 'not_allowed' });
    expect(canaryConnections).toBe(0);
  });
});
