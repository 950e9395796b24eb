import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../domain/events/record-event.js';
import { subscribeReceiver } from '../../../testing/webhook-endpoint.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver.js';
import { type Stack, startStack } from '../../support/stack.js';

/**
 * The worker (`worker.ts`, a process) is SIGKILLed while an attempt waits for the receiver's answer:
 * the attempt is on record, the activity's heartbeat stops, and the next worker sends it again
 * with the same webhook-id.
 */
let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  stack = await startStack({ name: 'webhook-kill', workerProcess: true, allowPrivateHosts: [receiver.host] });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

describe('a worker killed mid-attempt', () => {
  it('loses nothing: the next worker sends the event again, same webhook-id', async () => {
    const { workspaceId, endpointId } = await subscribeReceiver(stack, receiver, ['review_item.opened']);
    // the first attempt hangs: the worker dies with it in flight
    receiver.answer(({ seenBefore }) => ({ status: 204, ...(seenBefore === 0 ? { delayMs: 120_000 } : {}) }));
    const id = await recordEvent(stack.sql, {
      workspaceId,
      type: 'review_item.opened',
      data: { reviewItemId: endpointId, connectionId: endpointId, factId: endpointId },
    });
    await receiver.until('the first attempt', (r) => r.received.some((x) => x.webhookId === id));
    await stack.worker!.kill('SIGKILL');
    await stack.startWorker();
    await receiver.until('the attempt again', (r) => r.accepted().some((a) => a.webhookId === id), 90_000);
    const attempts = receiver.received.filter((r) => r.webhookId === id);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((a) => a.verified)).toEqual([true, true]);
    // the receiver answers before the delivery activity records the answer
    await expect
      .poll(
        async () =>
          (await stack.sql`SELECT status, attempts FROM webhook_deliveries WHERE event_id = ${id}`)[0],
        { timeout: 15_000, interval: 100 },
      )
      .toEqual({ status: 'delivered', attempts: 2 });
  });
});
