import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpMetrics } from '../../../api/middleware/http-metrics.js';
import { httpRequestMetrics } from '../../../metrics/http-requests.js';
import { workerMetrics } from '../../../metrics/worker-metrics.js';
import { serveWorkerMetrics } from '../../../metrics/worker-server.js';
import { parsePrometheusText, sampleSum } from '../../../testing/prometheus-text.js';

// a stand-in for the Temporal SDK's exporter, on loopback: only its text matters here
const sdk = createServer((_req, res) =>
  res.end('# TYPE temporal_worker_start counter\ntemporal_worker_start 1\n'),
);
let sdkUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
  sdkUrl = `http://127.0.0.1:${(sdk.address() as AddressInfo).port}/metrics`;
});
afterAll(() => new Promise<void>((resolve) => sdk.close(() => resolve())));

/** The worker's metrics server on a free loopback port, in front of `sdkMetricsUrl`. */
function serveOnLoopback(registry: Registry, sdkMetricsUrl: string) {
  return serveWorkerMetrics({ registry, host: '127.0.0.1', port: 0, sdkMetricsUrl });
}

describe("the worker's /metrics", () => {
  it("serves our series, then the SDK exporter's", async () => {
    const metrics = workerMetrics();
    metrics.gmail.record('messages.get', 'ok');
    const server = await serveOnLoopback(metrics.registry, sdkUrl);
    try {
      const samples = parsePrometheusText(await (await fetch(server.url)).text());
      expect(sampleSum(samples, 'connections_gmail_requests_total', { outcome: 'ok' })).toBe(1);
      expect(sampleSum(samples, 'temporal_worker_start')).toBe(1);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('still serves our series when the SDK exporter does not answer', async () => {
    const metrics = workerMetrics();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/metrics`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const server = await serveOnLoopback(metrics.registry, deadUrl);
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('connections_messages_archived_total 0');
      expect(text).toContain('# temporal SDK metrics unavailable');
    } finally {
      await server.close();
    }
  });
});

describe('httpMetrics', () => {
  it('labels requests by route template, and unrouted ones as unmatched', async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use('*', httpMetrics(httpRequestMetrics(registry)));
    app.get('/things/:id', (c) => c.text('ok'));
    await app.request('/things/123');
    await app.request('/things/456');
    await app.request('/nowhere/789');
    const samples = parsePrometheusText(await registry.metrics());
    expect(
      sampleSum(samples, 'connections_http_requests_total', { route: '/things/:id', status: '200' }),
    ).toBe(2);
    expect(sampleSum(samples, 'connections_http_requests_total', { route: 'unmatched', status: '404' })).toBe(
      1,
    );
    expect(samples.filter((s) => /123|456|789/.test(s.labels.route ?? ''))).toEqual([]);
  });
});
