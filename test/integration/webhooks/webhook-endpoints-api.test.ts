import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CreatedWebhookEndpoint,
  WebhookEndpoint,
  WebhookEndpointList,
} from '../../../api/routes/webhook-endpoints.js';
import { WEBHOOK_EVENT_TYPES } from '../../../contracts/webhook-events.js';
import { webhookEndpointWorkflowId } from '../../../contracts/workflows.js';
import { recordEvent } from '../../../domain/events/record-event.js';
import { type Api, eventually, startApi } from '../api/harness.js';

/** The endpoint resource: what it accepts, what it shows, its limit and its end. */
let api: Api;
let ws: { id: string; token: string };
const URL_OK = 'https://hooks.example.test/connections';

beforeAll(async () => {
  api = await startApi({ env: { WEBHOOK_ENDPOINTS_PER_WORKSPACE: '3' } });
  ws = await api.newWorkspace('endpoints');
});
afterAll(async () => {
  await api?.stop();
});

const create = (json: unknown, token = ws.token) =>
  api.call<CreatedWebhookEndpoint>('POST', '/api/webhook-endpoints', { token, json });

describe('POST /api/webhook-endpoints', () => {
  it.each([
    [{ url: URL_OK, events: [] }, 'json.events'],
    [{ url: URL_OK, events: ['booking.created'] }, 'json.events.0'],
    [{ url: URL_OK, events: ['booking.enriched', 'booking.enriched'] }, 'json.events'],
    [{ url: URL_OK }, 'json.events'],
    [{ events: ['booking.enriched'] }, 'json.url'],
    [{ url: `${URL_OK}/${'x'.repeat(2100)}`, events: ['booking.enriched'] }, 'json.url'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((res.body as unknown as { error: { details: { path: string }[] } }).error.details).toContainEqual(
      expect.objectContaining({ path }),
    );
  });

  it('answers the secret once, stores it sealed, and lists the endpoint without it', async () => {
    const res = await create({ url: ` ${URL_OK} `, events: [...WEBHOOK_EVENT_TYPES] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      url: URL_OK,
      events: [...WEBHOOK_EVENT_TYPES],
      status: 'enabled',
      disabledReason: null,
      failuresInARow: 0,
      previousSecretExpiresAt: null,
    });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await api.call<WebhookEndpointList>('GET', '/api/webhook-endpoints', { token: ws.token });
    expect(list.body.items.map((e) => e.id)).toContain(res.body.id);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const [row] = await api.stack
      .sql`SELECT secret::text AS secret FROM webhook_endpoints WHERE id = ${res.body.id}`;
    expect(row!.secret).not.toContain(res.body.secret.slice(6));
    const activity = await api.call<{ items: { event: string; context: object }[] }>(
      'GET',
      '/api/activity?category=webhooks',
      { token: ws.token },
    );
    expect(activity.body.items[0]).toMatchObject({ event: 'connector_webhook_created' });
    expect(JSON.stringify(activity.body)).not.toContain(URL_OK);
  });

  it('holds WEBHOOK_ENDPOINTS_PER_WORKSPACE, also against a race', async () => {
    const other = await api.newWorkspace('limit');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        create({ url: `${URL_OK}/${i}`, events: ['booking.enriched'] }, other.token),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({
      error: { code: 'WEBHOOK_ENDPOINT_LIMIT_REACHED', details: { limit: 3 } },
    });
  });
});

describe('DELETE /api/webhook-endpoints/{id}', () => {
  it('removes the endpoint and its log, and ends its workflow', async () => {
    const created = await create({ url: `${URL_OK}/gone`, events: ['booking.enriched'] });
    await recordEvent(api.stack.sql, {
      workspaceId: ws.id,
      type: 'booking.enriched',
      data: { bookingId: 'b' },
    });
    // the worker's dispatcher starts the endpoint's workflow (its attempts are refused: tests reach only loopback)
    const workflow = api.stack.client.workflow.getHandle(webhookEndpointWorkflowId(created.body.id));
    await eventually(async () => ((await workflow.describe().catch(() => null)) ? true : undefined), 30_000);
    const res = await api.call<WebhookEndpoint>('DELETE', `/api/webhook-endpoints/${created.body.id}`, {
      token: ws.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.body.id);
    expect((await workflow.describe()).status.name).toBe('TERMINATED');
    const deliveries = await api.stack
      .sql`SELECT 1 FROM webhook_deliveries WHERE endpoint_id = ${created.body.id}`;
    expect(deliveries).toHaveLength(0);
    const again = await api.call('GET', `/api/webhook-endpoints/${created.body.id}/deliveries`, {
      token: ws.token,
    });
    expect(again.status).toBe(404);
  });

  it('redelivering a delivery the endpoint does not have is 404', async () => {
    const created = await create({ url: `${URL_OK}/other`, events: ['review_item.opened'] });
    const res = await api.call(
      'POST',
      `/api/webhook-endpoints/${created.body.id}/deliveries/7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11/redeliver`,
      { token: ws.token },
    );
    expect(res.status).toBe(404);
    const bad = await api.call(
      'POST',
      `/api/webhook-endpoints/${created.body.id}/deliveries/NOPE/redeliver`,
      {
        token: ws.token,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'param.deliveryId' })]);
  });
});
