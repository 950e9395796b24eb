import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../domain/events/record-event.js';
import { type PrivateTemporal, startPrivateTemporal } from '../../../testing/private-servers.js';
import type { Stack } from '../../../testing/stack.js';
import { createWebhookEndpoint } from '../../../testing/webhook-endpoint.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver.js';
import { sharedServers, startStack } from '../../support/stack.js';

/**
 * An event recorded while Temporal is down: the commit's wake-up finds nobody to signal, and is
 * lost; the dispatcher's sweep of the outbox wakes the endpoint once Temporal is back, and the
 * event is delivered. A Temporal dev server of this file's own, so stopping it disturbs no one.
 */
let temporal: PrivateTemporal;
let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  temporal = await startPrivateTemporal(sharedServers().scratchDir);
  stack = await startStack({
    name: 'temporal-outage',
    temporalAddress: temporal.address,
    allowPrivateHosts: [receiver.host],
  });
});
afterAll(async () => {
  await stack?.stop();
  await temporal?.destroy();
  await receiver?.stop();
});

describe('Temporal unreachable when an event is recorded', () => {
  it('is delivered once Temporal is back (a wake that found nobody is made up by the outbox sweep)', async () => {
    const { workspaceId, secret } = await createWebhookEndpoint(stack, {
      url: receiver.url,
      events: ['connection.sync_failed'],
    });
    receiver.verifyWithSecret(secret);
    await temporal.stop();
    const id = await recordEvent(stack.sql, {
      workspaceId,
      type: 'connection.sync_failed',
      data: { connectionId: workspaceId, runId: workspaceId, errorCode: 'SYNC_FAILED' },
    });
    const [queued] = await stack.sql<{ status: string; attempts: number }[]>`
      SELECT status, attempts FROM webhook_deliveries WHERE event_id = ${id}`;
    expect(queued).toEqual({ status: 'pending', attempts: 0 });
    await temporal.start();
    await receiver.until('the delivery', (r) => r.accepted().some((a) => a.webhookId === id), 90_000);
    expect(
      receiver
        .accepted()
        .filter((a) => a.webhookId === id)
        .map((a) => a.verified),
    ).toEqual([true]);
  });
});
