import { recordEvent } from '../domain/events/record-event.js';
import { createWebhookEndpoint } from '../testing/webhook-endpoint.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';
import type { BenchStack } from './setup.js';
import { spawnWorker } from './worker-process.js';

export interface WebhookLatency {
  samples: number[];
  p50: number;
  p95: number;
  max: number;
}

const WARMUP = 3;

/**
 * Event recorded → the receiver's 2xx, one event at a time: `recordEvent` commits (the outbox row
 * and its delivery, in one statement), the worker process's dispatcher hears the NOTIFY and
 * signals-with-start the endpoint's workflow, which reads its queue and runs the delivery
 * activity, which signs and POSTs to a receiver on loopback. Measured from before the commit to
 * the moment the receiver answers 204; each event waits for the previous one's delivery, so the
 * number is latency, not queueing.
 */
export async function runWebhookLatency(stack: BenchStack, events: number): Promise<WebhookLatency> {
  const receiver = await startWebhookReceiver();
  const worker = await spawnWorker(stack, {
    taskQueue: 'bench-webhooks',
    env: { OUTBOUND_ALLOW_PRIVATE_HOSTS: receiver.host, OUTBOUND_ONLY_ALLOWED_HOSTS: 'true' },
  });
  try {
    const { workspaceId, secret } = await createWebhookEndpoint(stack, {
      url: receiver.url,
      events: ['booking.enriched'],
      workspaceName: 'bench webhooks',
    });
    receiver.verifyWithSecret(secret);
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + events; i++) {
      const sentAt = Date.now();
      const id = await recordEvent(stack.sql, {
        workspaceId,
        type: 'booking.enriched',
        data: { bookingId: `bench-${i}` },
      });
      await receiver.until('the delivery', (r) => r.accepted().some((a) => a.webhookId === id), 30_000);
      const got = receiver.accepted().find((a) => a.webhookId === id)!;
      if (got.verified !== true) throw new Error(`delivery ${id} did not verify`);
      if (i >= WARMUP) samples.push(got.at - sentAt);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { samples, p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
  } finally {
    await worker.stop();
    await receiver.stop();
  }
}
