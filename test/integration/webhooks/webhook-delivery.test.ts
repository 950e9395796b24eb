import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  CreatedWebhookEndpoint,
  RotatedWebhookSecret,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
} from '../../../api/routes/webhook-endpoints.js';
import type { WebhookEventType } from '../../../contracts/webhook-events.js';
import {
  deliveriesQueuedSignal,
  WEBHOOK_ENDPOINT_WORKFLOW_TYPE,
  type WebhookEndpointInput,
  webhookEndpointWorkflowId,
} from '../../../contracts/workflows.js';
import { recordEvent } from '../../../domain/events/record-event.js';
import { sealSecret } from '../../../domain/webhooks/endpoint-secret.js';
import { TokenCipher } from '../../../security/token-cipher.js';
import { startWebhookReceiver, verifyWith, type WebhookReceiver } from '../../../testing/webhook-receiver.js';
import { recordHistory } from '../../support/histories.js';
import { type Api, eventually, startApi } from '../api/harness.js';
import { seedReviewItem } from '../api/review-fixtures.js';

/** How long a delivery's answer may take to be recorded after the receiver gave it. */
const RECORDED = { timeout: 15_000, interval: 100 };

/**
 * Webhooks delivered by Temporal, end to end: the API registers an endpoint, a change records its
 * event, the worker's dispatcher wakes the endpoint's workflow, the activity signs and POSTs it to
 * a receiver on loopback. The retry schedule is shortened (300 ms … 2.4 s, 5 attempts) so the
 * failure paths run in seconds; everything else is as configured in production.
 */
const SCHEDULE = [300, 600, 1200, 2400];
const DISABLE_AFTER = 7;

let api: Api;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  api = await startApi({
    allowPrivateHosts: [receiver.host],
    stack: { webhooks: { retrySchedule: SCHEDULE, disableAfterFailures: DISABLE_AFTER, timeoutMs: 3_000 } },
  });
});
afterAll(async () => {
  await api?.stop();
  await receiver?.stop();
});
beforeEach(() => {
  receiver.answer(() => ({ status: 204 }));
});

async function endpointFor(name: string, events: WebhookEventType[] = ['booking.enriched']) {
  const ws = await api.newWorkspace(name);
  const res = await api.call<CreatedWebhookEndpoint>('POST', '/api/webhook-endpoints', {
    token: ws.token,
    json: { url: receiver.url, events },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ws, endpoint: res.body };
}

/** `n` events, each in a transaction of its own, as separate changes would record them. */
async function record(workspaceId: string, n = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await recordEvent(api.stack.sql, {
        workspaceId,
        type: 'booking.enriched',
        data: { bookingId: randomUUID(), factId: null },
      }),
    );
  return ids;
}

const requestsFor = (id: string) => receiver.received.filter((r) => r.webhookId === id);
const acceptedIds = (ids: readonly string[]) =>
  receiver
    .accepted()
    .map((r) => r.webhookId)
    .filter((id) => ids.includes(id));
const allAccepted = (ids: readonly string[]) => () => ids.every((id) => acceptedIds([id]).length > 0);

async function deliveries(token: string, endpointId: string, query = '') {
  const res = await api.call<WebhookDeliveryPage>(
    'GET',
    `/api/webhook-endpoints/${endpointId}/deliveries${query}`,
    { token },
  );
  expect(res.status).toBe(200);
  return res.body;
}

async function endpointOf(token: string, id: string): Promise<WebhookEndpoint> {
  const res = await api.call<{ items: WebhookEndpoint[] }>('GET', '/api/webhook-endpoints', { token });
  return res.body.items.find((e) => e.id === id)!;
}

describe('a recorded event', () => {
  it('reaches the endpoint signed so that the standardwebhooks library verifies it, thin and linked', async () => {
    const { ws, endpoint } = await endpointFor('signed', ['review_item.resolved', 'booking.enriched']);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const conn = await api.newConnection(ws.token, 'Signed');
    const seeded = await seedReviewItem(api.stack.sql, { workspaceId: ws.id, connectionId: conn.id });
    const resolved = await api.call('POST', `/api/review-items/${seeded.itemId}/resolve`, {
      token: ws.token,
      json: { bookingId: seeded.bookingIds[0] },
    });
    expect(resolved.status).toBe(200);

    await receiver.until('both events', (r) => r.accepted().length >= 2);
    const [events] = [
      await api.stack.sql<{ id: string; type: string }[]>`
      SELECT id, type FROM webhook_events WHERE workspace_id = ${ws.id} ORDER BY type`,
    ];
    expect(events!.map((e) => e.type)).toEqual(['booking.enriched', 'review_item.resolved']);
    for (const event of events!) {
      const [request] = requestsFor(event.id);
      expect(request, event.type).toBeDefined();
      expect(request!.headers['content-type']).toBe('application/json');
      expect(Number(request!.timestamp)).toBeGreaterThan(Date.now() / 1000 - 60);
      const payload = verifyWith(endpoint.secret, request!) as {
        type: string;
        data: Record<string, string>;
      };
      expect(payload.type).toBe(event.type);
      // the API link answers for this workspace
      const link = new URL(payload.data.url!);
      const read = await api.call('GET', `${link.pathname}${link.search}`, { token: ws.token });
      expect(read.status, link.href).toBe(200);
    }
    const resolvedPayload = JSON.parse(requestsFor(events![1]!.id)[0]!.body);
    expect(resolvedPayload.data).toMatchObject({
      reviewItemId: seeded.itemId,
      connectionId: conn.id,
      resolution: 'booking',
      bookingId: seeded.bookingIds[0],
      by: 'person',
    });
    // thin: ids and the link, never the guest's name or the mail
    expect(JSON.stringify(receiver.received.map((r) => r.body))).not.toMatch(/Ada|Lovelace|HM[A-F0-9]{8}/);
    // the receiver answers before the delivery activity records the answer: poll the log
    await expect
      .poll(
        async () =>
          (await deliveries(ws.token, endpoint.id)).items.map((d) => [d.status, d.attempts, d.lastStatus]),
        RECORDED,
      )
      .toEqual([
        ['delivered', 1, 204],
        ['delivered', 1, 204],
      ]);
  });

  it('answered 500 once, comes again with the same webhook-id, signed anew', async () => {
    const { ws, endpoint } = await endpointFor('retried');
    receiver.answer(({ seenBefore }) => ({ status: seenBefore === 0 ? 500 : 200 }));
    const [id] = await record(ws.id);
    await receiver.until('the second attempt', allAccepted([id!]));
    const attempts = requestsFor(id!);
    expect(attempts.map((r) => r.answered)).toEqual([500, 200]);
    for (const attempt of attempts) expect(verifyWith(endpoint.secret, attempt)).toMatchObject({ id });
    await expect
      .poll(async () => (await deliveries(ws.token, endpoint.id)).items[0], RECORDED)
      .toMatchObject({ webhookId: id, status: 'delivered', attempts: 2, lastStatus: 200 });
  });

  it('waits at least as long as Retry-After asks', async () => {
    const { ws } = await endpointFor('retry-after');
    receiver.answer(({ seenBefore }) =>
      seenBefore === 0 ? { status: 503, headers: { 'Retry-After': '2' } } : { status: 204 },
    );
    const [id] = await record(ws.id);
    await receiver.until('the retry', allAccepted([id!]));
    const [first, second] = requestsFor(id!);
    // the schedule alone would have tried again after 240–360 ms
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_000);
  });

  it('arrives in order: nothing overtakes a delivery that is being retried', async () => {
    const { ws, endpoint } = await endpointFor('ordered');
    // every third event fails its first two attempts
    const flaky = new Set<string>();
    receiver.answer(({ webhookId, seenBefore }) => ({
      status: flaky.has(webhookId) && seenBefore < 2 ? 502 : 204,
    }));
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const [id] = await record(ws.id);
      if (i % 3 === 0) flaky.add(id!);
      ids.push(id!);
    }
    await receiver.until('all nine', allAccepted(ids), 60_000);
    expect(acceptedIds(ids)).toEqual(ids);
    // and no request for an event came before the previous one was accepted
    const firstSeen = ids.map((id) => requestsFor(id)[0]!.at);
    const acceptedAt = ids.map((id) => requestsFor(id).find((r) => r.answered === 204)!.at);
    for (let i = 1; i < ids.length; i++) expect(firstSeen[i]!).toBeGreaterThanOrEqual(acceptedAt[i - 1]!);
    const log = await deliveries(ws.token, endpoint.id);
    expect(log.items.filter((d) => d.attempts === 3)).toHaveLength(3);
  });
});

describe('an endpoint that says it is gone, or keeps failing', () => {
  it('410 disables it at once; the log and the activity say so; enable sends what was pending', async () => {
    const { ws, endpoint } = await endpointFor('gone');
    receiver.answer(() => ({ status: 410 }));
    const [first, second] = await record(ws.id, 2);
    await eventually(
      async () => ((await endpointOf(ws.token, endpoint.id)).status === 'disabled' ? true : undefined),
      30_000,
      'the endpoint disabled',
    );
    expect(requestsFor(first!)).toHaveLength(1);
    expect(requestsFor(second!)).toHaveLength(0);
    expect(await endpointOf(ws.token, endpoint.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'gone',
    });
    const log = await deliveries(ws.token, endpoint.id);
    expect(log.items.map((d) => [d.webhookId, d.status, d.lastStatus])).toEqual([
      [second, 'pending', null],
      [first, 'failed', 410],
    ]);
    const activity = await api.call<{ items: { event: string; context: Record<string, unknown> }[] }>(
      'GET',
      '/api/activity?category=webhooks',
      { token: ws.token },
    );
    expect(activity.body.items[0]).toMatchObject({
      event: 'connector_webhook_disabled',
      context: { endpointId: endpoint.id, reason: 'gone' },
    });
    // nothing new is queued for a disabled endpoint, and nothing is redelivered to it
    const [third] = await record(ws.id);
    const refused = await api.call(
      'POST',
      `/api/webhook-endpoints/${endpoint.id}/deliveries/${log.items[1]!.id}/redeliver`,
      { token: ws.token },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WEBHOOK_ENDPOINT_DISABLED');

    // its workflow ended with the endpoint
    const workflow = api.stack.client.workflow.getHandle(webhookEndpointWorkflowId(endpoint.id));
    const ended = await eventually(async () => {
      const d = await workflow.describe();
      return d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    await recordHistory(api.stack.client, workflow.workflowId, 'webhook-endpoint-gone', ended);

    receiver.answer(() => ({ status: 204 }));
    const enabled = await api.call<WebhookEndpoint>('POST', `/api/webhook-endpoints/${endpoint.id}/enable`, {
      token: ws.token,
    });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null, failuresInARow: 0 });
    await receiver.until('the pending one', allAccepted([second!]));
    expect(requestsFor(third!)).toHaveLength(0);
  });

  it(`${DISABLE_AFTER} failed attempts in a row disable it, across deliveries`, async () => {
    const { ws, endpoint } = await endpointFor('failing');
    receiver.answer(() => ({ status: 500 }));
    const [first, second, third] = await record(ws.id, 3);
    await eventually(
      async () => ((await endpointOf(ws.token, endpoint.id)).status === 'disabled' ? true : undefined),
      60_000,
      'the endpoint disabled',
    );
    // the first gets its five attempts and fails; the second's second attempt is the seventh failure
    expect(requestsFor(first!)).toHaveLength(SCHEDULE.length + 1);
    expect(requestsFor(second!)).toHaveLength(DISABLE_AFTER - SCHEDULE.length - 1);
    expect(requestsFor(third!)).toHaveLength(0);
    expect(await endpointOf(ws.token, endpoint.id)).toMatchObject({
      disabledReason: 'failing',
      failuresInARow: DISABLE_AFTER,
    });
    const log = await deliveries(ws.token, endpoint.id);
    expect(log.items.map((d) => [d.status, d.attempts])).toEqual([
      ['pending', 0],
      ['failed', 2],
      ['failed', 5],
    ]);
  });
});

describe('the host', () => {
  it('redelivers an event with the same webhook-id, as a new line in the log', async () => {
    const { ws, endpoint } = await endpointFor('redeliver');
    const [id] = await record(ws.id);
    await receiver.until('the first delivery', allAccepted([id!]));
    const [original] = (await deliveries(ws.token, endpoint.id)).items;
    const res = await api.call<WebhookDelivery>(
      'POST',
      `/api/webhook-endpoints/${endpoint.id}/deliveries/${original!.id}/redeliver`,
      { token: ws.token },
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ webhookId: id, redeliveryOf: original!.id, status: 'pending' });
    await receiver.until('the redelivery', () => requestsFor(id!).length === 2);
    const [a, b] = requestsFor(id!);
    expect(a!.body).toBe(b!.body);
    expect(verifyWith(endpoint.secret, b!)).toMatchObject({ id });
    await eventually(
      async () =>
        (await deliveries(ws.token, endpoint.id)).items[0]!.status === 'delivered' ? true : undefined,
      10_000,
      'the redelivery delivered',
    );
  });

  it('rotates the secret: both signatures while the old one lasts, each verifies with its secret', async () => {
    const { ws, endpoint } = await endpointFor('rotate');
    const res = await api.call<RotatedWebhookSecret>(
      'POST',
      `/api/webhook-endpoints/${endpoint.id}/rotate-secret`,
      {
        token: ws.token,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(res.body.previousSecretExpiresAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const [id] = await record(ws.id);
    await receiver.until('the delivery', allAccepted([id!]));
    const [request] = requestsFor(id!);
    expect(request!.signature).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifyWith(res.body.secret, request!)).toMatchObject({ id });
    expect(verifyWith(endpoint.secret, request!)).toMatchObject({ id });
    const [row] = await api.stack
      .sql`SELECT secret::text, previous_secret::text FROM webhook_endpoints WHERE id = ${endpoint.id}`;
    expect(JSON.stringify(row)).not.toContain('whsec_');
  });

  it('a secret whose key left the ring sends nothing, says so, and a rotation brings it back', async () => {
    const { ws, endpoint } = await endpointFor('lost-key');
    const elsewhere = new TokenCipher('retired', { retired: Buffer.alloc(32, 9).toString('base64') });
    await api.stack.sql`UPDATE webhook_endpoints
      SET secret = ${api.stack.sql.json(sealSecret(elsewhere, endpoint.secret, endpoint.id) as never)}
      WHERE id = ${endpoint.id}`;
    const [id] = await record(ws.id);
    await eventually(
      async () =>
        (await deliveries(ws.token, endpoint.id)).items[0]?.lastError === 'secret_unreadable'
          ? true
          : undefined,
      10_000,
      'the refused attempt',
    );
    expect(requestsFor(id!)).toHaveLength(0);
    const rotated = await api.call<RotatedWebhookSecret>(
      'POST',
      `/api/webhook-endpoints/${endpoint.id}/rotate-secret`,
      {
        token: ws.token,
      },
    );
    await receiver.until('the delivery', allAccepted([id!]));
    expect(verifyWith(rotated.body.secret, requestsFor(id!)[0]!)).toMatchObject({ id });
    expect(requestsFor(id!)[0]!.signature.split(' ')).toHaveLength(1);
  });

  it('pages the delivery log with a cursor, newest first', async () => {
    const { ws, endpoint } = await endpointFor('paged');
    const ids = await record(ws.id, 5);
    await receiver.until('all five', allAccepted(ids));
    const first = await deliveries(ws.token, endpoint.id, '?limit=2');
    const second = await deliveries(ws.token, endpoint.id, `?limit=2&cursor=${first.nextCursor}`);
    const third = await deliveries(ws.token, endpoint.id, `?limit=2&cursor=${second.nextCursor}`);
    expect([...first.items, ...second.items, ...third.items].map((d) => d.webhookId)).toEqual(
      [...ids].reverse(),
    );
    expect(third.nextCursor).toBeNull();
    expect((await deliveries(ws.token, endpoint.id, '?status=failed')).items).toEqual([]);
  });
});

describe('nothing is lost', () => {
  it('when the worker is down as events are recorded, or the receiver as they are sent', async () => {
    const { ws, endpoint } = await endpointFor('outage');
    await api.stack.stopWorker();
    // no worker, so no dispatcher heard these: the outbox scan of the next worker finds them
    const whileNoWorker = await record(ws.id, 3);
    receiver.setDown(true);
    const seenBefore = receiver.connections();
    await api.stack.startWorker();
    await eventually(
      async () => (receiver.connections() > seenBefore ? true : undefined),
      30_000,
      'an attempt on the dead receiver',
    );
    const whileReceiverDown = await record(ws.id, 2);
    receiver.setDown(false);
    const ids = [...whileNoWorker, ...whileReceiverDown];
    await receiver.until('every event', allAccepted(ids), 60_000);
    expect(acceptedIds(ids)).toEqual(ids);
    await expect
      .poll(
        async () => (await deliveries(ws.token, endpoint.id)).items.every((d) => d.status === 'delivered'),
        RECORDED,
      )
      .toBe(true);
    const log = await deliveries(ws.token, endpoint.id);
    expect(log.items.at(-1)!.attempts).toBeGreaterThan(1);
  });

  it('across continue-as-new, in order, with only ids in the history', async () => {
    const { ws, endpoint } = await endpointFor('continued');
    const workflowId = webhookEndpointWorkflowId(endpoint.id);
    const handle = await api.stack.client.workflow.signalWithStart(WEBHOOK_ENDPOINT_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: api.stack.taskQueue,
      args: [
        { endpointId: endpoint.id, workspaceId: ws.id, deliveriesPerRun: 2 } satisfies WebhookEndpointInput,
      ],
      signal: deliveriesQueuedSignal,
      signalArgs: [],
    });
    receiver.answer(({ n, seenBefore }) => ({ status: n % 4 === 1 && seenBefore === 0 ? 503 : 204 }));
    const ids = await record(ws.id, 5);
    await receiver.until('all five', allAccepted(ids), 60_000);
    expect(acceptedIds(ids)).toEqual(ids);
    const firstRun = api.stack.client.workflow.getHandle(workflowId, handle.signaledRunId);
    await eventually(
      async () => ((await firstRun.describe()).status.name === 'CONTINUED_AS_NEW' ? true : undefined),
      10_000,
      'the first run to continue as new',
    );
    const history = payloadTexts(await firstRun.fetchHistory()).join('\n');
    const [delivered] = await api.stack.sql<{ id: string }[]>`
      SELECT id FROM webhook_deliveries WHERE event_id = ${ids[0]!}`;
    expect(history).toContain(delivered!.id);
    expect(history).not.toContain('whsec_');
    expect(history).not.toContain(receiver.url);
    expect(history).not.toContain('booking.enriched');
    await recordHistory(api.stack.client, workflowId, 'webhook-endpoint-continued', handle.signaledRunId);
  });
});

/** Every payload of a history, as text: what the Temporal UI would show of it. */
function payloadTexts(node: unknown): string[] {
  if (node instanceof Uint8Array) return [Buffer.from(node).toString('utf8')];
  if (Array.isArray(node)) return node.flatMap(payloadTexts);
  if (node && typeof node === 'object') return Object.values(node).flatMap(payloadTexts);
  return [];
}
