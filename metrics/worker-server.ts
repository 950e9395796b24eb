import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface WorkerMetricsServer {
  url: string;
  close(): Promise<void>;
}

// the SDK's exporter is on loopback beside us: it answers at once or not at all
const SDK_SCRAPE_TIMEOUT_MS = 2_000;

/**
 * The worker's `GET /metrics`: our registry (`connections_*`), then the Temporal SDK's own series
 * (`temporal_*`), scraped from its exporter on loopback and served again, so Prometheus scrapes
 * one port per worker and the SDK's exporter is never exposed.
 */
export async function serveWorkerMetrics(opts: {
  registry: Registry;
  host: string;
  port: number;
  /** The SDK exporter's `/metrics` URL (loopback), or null when it is off. */
  sdkMetricsUrl: string | null;
}): Promise<WorkerMetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void metricsText(opts).then(
      (text) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function metricsText(opts: { registry: Registry; sdkMetricsUrl: string | null }): Promise<string> {
  const ours = await opts.registry.metrics();
  if (!opts.sdkMetricsUrl) return ours;
  try {
    const res = await fetch(opts.sdkMetricsUrl, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    return `${ours}\n${await res.text()}`;
  } catch {
    // our own series still matter when the SDK's exporter does not answer
    return `${ours}\n# temporal SDK metrics unavailable\n`;
  }
}
