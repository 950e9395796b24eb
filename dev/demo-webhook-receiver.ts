import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';

interface Received {
  webhookId: string | null;
  type: string | null;
  signatures: number;
  receivedAt: string;
}

const KEPT = 100;

/**
 * A webhook receiver for `npm run dev` (`DEMO_WEBHOOK_PORT`, loopback, in the outbound allowance):
 * register `http://127.0.0.1:4030/webhooks` as an endpoint and `GET` the same URL to see what
 * arrived (the last hundred: `webhook-id`, type, how many signatures). It answers 204 and checks
 * nothing: it never sees the secret, which is shown only to whoever created the endpoint.
 */
export function serveDemoWebhookReceiver(opts: {
  port: number;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const received: Received[] = [];
  const app = new Hono()
    .post('/webhooks', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { type?: unknown };
      received.unshift({
        webhookId: c.req.header('webhook-id') ?? null,
        type: typeof body.type === 'string' ? body.type : null,
        signatures: (c.req.header('webhook-signature') ?? '').split(' ').filter(Boolean).length,
        receivedAt: new Date().toISOString(),
      });
      received.length = Math.min(received.length, KEPT);
      return c.body(null, 204);
    })
    .get('/webhooks', (c) => c.json({ received }));
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: opts.port }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}/webhooks`,
        stop: () => new Promise((r) => server.close(() => r())),
      }),
    );
    server.once('error', reject);
  });
}
