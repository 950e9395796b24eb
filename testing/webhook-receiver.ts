import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitFor } from './wait-for.js';

/** One request as the receiver saw it, and what it answered. */
export interface ReceivedWebhook {
  path: string;
  webhookId: string;
  timestamp: string;
  signature: string;
  body: string;
  headers: IncomingHttpHeaders;
  /** the status the receiver answered with (0 while it has not, or never could: the sender hung up) */
  answered: number;
  /** whether the standardwebhooks library verified it on arrival (null: no secret to check with) */
  verified: boolean | null;
  /** when it answered (or arrived, until it has answered) */
  at: number;
}

/**
 * What the receiver answers the `n`-th request (0-based) carrying a `webhook-id`; `seenBefore`
 * counts the earlier requests with that id on the same path.
 */
export type AnswerPlan = (request: { webhookId: string; path: string; n: number; seenBefore: number }) => {
  status: number;
  headers?: Record<string, string>;
  /** answer only after this long (a receiver that hangs) */
  delayMs?: number;
};

export interface WebhookReceiver {
  url: string;
  /** `host:port`, for the outbound allowance */
  host: string;
  received: ReceivedWebhook[];
  /** Requests answered 2xx, in arrival order. */
  accepted(): ReceivedWebhook[];
  answer(plan: AnswerPlan): void;
  /** Verify every request from now on, on arrival (as a receiver must: timestamps go stale). */
  verifyWithSecret(secret: string): void;
  /** While down, every connection is reset as it opens: the sender gets no answer at all. */
  setDown(down: boolean): void;
  /** Connections the receiver has seen, answered or reset. */
  connections(): number;
  until(what: string, ok: (r: WebhookReceiver) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A host's webhook receiver on loopback, for tests, drills and the benchmark: records every
 * request with its Standard Webhooks headers and answers as its plan says (204 by default).
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const seen = new Map<string, number>();
  let plan: AnswerPlan = () => ({ status: 204 });
  let secret: string | null = null;
  let down = false;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id'] ?? '');
      const path = new URL(req.url ?? '/', 'http://receiver').pathname;
      // per path: two endpoints on one receiver each get the event's webhook-id
      const seenBefore = seen.get(`${path} ${webhookId}`) ?? 0;
      seen.set(`${path} ${webhookId}`, seenBefore + 1);
      const { status, headers, delayMs } = plan({ webhookId, path, n: received.length, seenBefore });
      const request = {
        webhookId,
        timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const entry: ReceivedWebhook = {
        ...request,
        verified: secret === null ? null : verifies(secret, request),
        path,
        headers: req.headers,
        answered: 0,
        at: Date.now(),
      };
      received.push(entry);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(status, headers).end();
        entry.answered = status;
        entry.at = Date.now();
      };
      if (delayMs) setTimeout(send, delayMs).unref();
      else send();
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    if (down) return socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const self: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    host: `127.0.0.1:${port}`,
    received,
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered <= 299),
    answer(next) {
      plan = next;
    },
    verifyWithSecret(value) {
      secret = value;
    },
    setDown(value) {
      down = value;
      if (value) for (const s of sockets) s.destroy();
    },
    connections: () => connections,
    until: (what, ok, timeoutMs = 30_000) =>
      waitFor(what, async () => (ok(self) ? true : undefined), { timeoutMs, intervalMs: 50 }).then(() => {}),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return self;
}

function verifies(
  secret: string,
  r: Pick<ReceivedWebhook, 'webhookId' | 'timestamp' | 'signature' | 'body'>,
) {
  try {
    verifyWith(secret, r);
    return true;
  } catch {
    return false;
  }
}

/** The `standardwebhooks` library's verdict on one request: its payload, or the error it threw. */
export function verifyWith(
  secret: string,
  r: Pick<ReceivedWebhook, 'webhookId' | 'timestamp' | 'signature' | 'body'>,
): unknown {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': r.webhookId,
    'webhook-timestamp': r.timestamp,
    'webhook-signature': r.signature,
  });
}
