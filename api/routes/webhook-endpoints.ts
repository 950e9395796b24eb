import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { outboundPolicy } from '../../config/env.js';
import { CODE } from '../../contracts/errors.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../contracts/webhook-events.js';
import type { Queryable } from '../../db/client.js';
import { logActivity } from '../../domain/activity-log.js';
import { wakeEndpoint } from '../../domain/events/record-event.js';
import { NO_ANSWERS } from '../../domain/webhooks/delivery-rules.js';
import { newEndpointSecret, sealSecret } from '../../domain/webhooks/endpoint-secret.js';
import { namesInternalHost } from '../../outbound/address-rules.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { isoTimestamp } from '../iso-timestamp.js';
import { owned } from '../ownership.js';
import { createRouter } from '../router.js';
import {
  Cursor,
  IdParams,
  idLinks,
  iso,
  json,
  PageQuery,
  page,
  Timestamp,
  toPage,
  Uuid,
  webUrl,
} from '../schemas.js';
import { stopWebhookEndpoint } from '../workflow-client.js';
import { ownedRoute, workspaceRoute } from '../workspace-route.js';

/**
 * An http(s) URL. It can match and still be refused (400 WEBHOOK_URL_NOT_ALLOWED) when it names an
 * internal host; names that resolve to one are refused when a delivery is sent.
 */
const WebhookUrl = webUrl({
  schemes: '[Hh][Tt][Tt][Pp][Ss]?',
  // npm run dev's demo receiver: loopback, and in the dev stack's outbound allowance
  example: 'http://127.0.0.1:4030/webhooks',
});

const EventType = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType');

const CreateEndpoint = z
  .object({
    url: WebhookUrl,
    events: z
      .array(EventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'each event type once')
      .openapi({ uniqueItems: true, example: ['review_item.opened', 'booking.enriched'] }),
  })
  .openapi('CreateWebhookEndpoint');

const Endpoint = z
  .object({
    id: Uuid,
    url: z.string(),
    events: z.array(EventType),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z.enum(['gone', 'failing']).nullable().openapi({
      description:
        'gone: the endpoint answered 410; failing: WEBHOOK_DISABLE_AFTER_FAILURES failed attempts in a row',
    }),
    disabledAt: Timestamp.nullable(),
    failuresInARow: z.number().int(),
    previousSecretExpiresAt: Timestamp.nullable().openapi({
      description: 'after a rotation, deliveries are signed with the old secret too until then',
    }),
    createdAt: Timestamp,
  })
  .openapi('WebhookEndpoint');
export type WebhookEndpoint = z.infer<typeof Endpoint>;
const CreatedEndpoint = Endpoint.extend({
  secret: z.string().openapi({ description: 'whsec_…, the signing secret: shown this once, never again' }),
}).openapi('CreatedWebhookEndpoint');
export type CreatedWebhookEndpoint = z.infer<typeof CreatedEndpoint>;
const EndpointList = z.object({ items: z.array(Endpoint) }).openapi('WebhookEndpointList');
export type WebhookEndpointList = z.infer<typeof EndpointList>;
const RotatedSecret = z
  .object({
    id: Uuid,
    secret: z.string().openapi({ description: 'the new whsec_… secret: shown this once' }),
    previousSecretExpiresAt: Timestamp.nullable(),
  })
  .openapi('RotatedWebhookSecret');
export type RotatedWebhookSecret = z.infer<typeof RotatedSecret>;

const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
const Delivery = z
  .object({
    id: Uuid,
    webhookId: Uuid.openapi({ description: 'the event id: the webhook-id header of every attempt' }),
    eventType: EventType,
    status: DeliveryStatus,
    attempts: z.number().int(),
    lastStatus: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "the receiver's HTTP status at the last attempt" }),
    lastError: z.enum(NO_ANSWERS).nullable().openapi({
      description:
        'why the last attempt got no answer (secret_unreadable: its key left the key ring; rotate the secret)',
    }),
    redeliveryOf: Uuid.nullable(),
    createdAt: Timestamp,
    lastAttemptAt: Timestamp.nullable(),
    nextAttemptAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
  })
  .openapi('WebhookDelivery');
export type WebhookDelivery = z.infer<typeof Delivery>;
const DeliveryPage = page(Delivery).openapi('WebhookDeliveryPage');
export type WebhookDeliveryPage = z.infer<typeof DeliveryPage>;
const DeliveryQuery = PageQuery.extend({ cursor: Cursor.optional(), status: DeliveryStatus.optional() });

const RedeliverParams = IdParams.extend({
  deliveryId: Uuid.openapi({
    param: { name: 'deliveryId', in: 'path' },
    example: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
  }),
});

const create = workspaceRoute('webhooks', 'post /api/webhook-endpoints', {
  summary: 'Register an endpoint: it receives the chosen events, signed (Standard Webhooks)',
  description:
    'The URL must be http(s) and must not name a loopback, private or otherwise internal address (400 WEBHOOK_URL_NOT_ALLOWED naming url). At most WEBHOOK_ENDPOINTS_PER_WORKSPACE endpoints (409 WEBHOOK_ENDPOINT_LIMIT_REACHED).',
  body: CreateEndpoint,
  errors: [409],
  responses: {
    201: {
      ...json(CreatedEndpoint, 'The endpoint and its secret, shown this once'),
      links: idLinks({
        DeleteWebhookEndpoint: 'delete /api/webhook-endpoints/{id}',
        RotateWebhookSecret: 'post /api/webhook-endpoints/{id}/rotate-secret',
        EnableWebhookEndpoint: 'post /api/webhook-endpoints/{id}/enable',
        ListWebhookDeliveries: 'get /api/webhook-endpoints/{id}/deliveries',
      }),
    },
  },
});
const list = workspaceRoute('webhooks', 'get /api/webhook-endpoints', {
  summary: "The workspace's webhook endpoints",
  responses: { 200: json(EndpointList, 'All endpoints, newest first') },
});
const remove = ownedRoute('webhooks', 'delete /api/webhook-endpoints/{id}', {
  summary: 'Remove an endpoint: nothing more is sent to it, its delivery log goes with it',
  responses: { 200: json(Endpoint, 'The endpoint as it was') },
});
const rotate = ownedRoute('webhooks', 'post /api/webhook-endpoints/{id}/rotate-secret', {
  summary: 'A new signing secret; the old one keeps signing too for WEBHOOK_SECRET_ROTATION_HOURS',
  responses: { 200: json(RotatedSecret, 'The new secret, shown this once') },
});
const enable = ownedRoute('webhooks', 'post /api/webhook-endpoints/{id}/enable', {
  summary: 'Enable a disabled endpoint: what was pending when it was disabled is sent, in order',
  responses: { 200: json(Endpoint, 'The endpoint') },
});
const deliveries = ownedRoute('webhooks', 'get /api/webhook-endpoints/{id}/deliveries', {
  summary: "The endpoint's delivery log, newest first",
  query: DeliveryQuery,
  responses: { 200: json(DeliveryPage, 'One page of deliveries') },
});
const redeliver = ownedRoute(
  'webhooks',
  'post /api/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver',
  {
    summary: 'Send a delivery’s event again, with the same webhook-id, after what is pending',
    params: RedeliverParams,
    errors: [409],
    responses: { 202: json(Delivery, 'The new delivery, queued') },
  },
);

interface EndpointRow {
  id: string;
  workspace_id: string;
  url: string;
  events: WebhookEventType[];
  consecutive_failures: number;
  disabled_at: Date | null;
  disabled_reason: 'gone' | 'failing' | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
}

const ENDPOINT_COLUMNS = `id, workspace_id, url, events, consecutive_failures, disabled_at, disabled_reason,
  previous_secret_expires_at, created_at`;

export function webhookEndpointRoutes({ sql, temporal, env, log, cipher }: AppDeps) {
  const target = { temporal, taskQueue: env.TEMPORAL_TASK_QUEUE };
  const ownedEndpoint = async (id: string, workspaceId: string): Promise<EndpointRow> => {
    const [row] = await sql<EndpointRow[]>`
      SELECT ${sql.unsafe(ENDPOINT_COLUMNS)} FROM webhook_endpoints WHERE id = ${id}`;
    return owned(row, workspaceId, 'webhook endpoint');
  };

  return createRouter()
    .openapi(create, async (c) => {
      const workspaceId = c.get('workspaceId');
      const body = c.req.valid('json');
      if (namesInternalHost(new URL(body.url), outboundPolicy(env).allowPrivateHosts))
        throw new AppError(CODE.WEBHOOK_URL_NOT_ALLOWED, undefined, [
          { path: 'json.url', message: 'names a loopback, private or otherwise internal address' },
        ]);
      const secret = newEndpointSecret();
      const row = await insertEndpoint(
        sql,
        { workspaceId, ...body, secret, cipher },
        env.WEBHOOK_ENDPOINTS_PER_WORKSPACE,
      );
      return c.json({ ...toEndpoint(row), secret }, 201);
    })
    .openapi(list, async (c) => {
      const rows = await sql<EndpointRow[]>`
        SELECT ${sql.unsafe(ENDPOINT_COLUMNS)} FROM webhook_endpoints
        WHERE workspace_id = ${c.get('workspaceId')} ORDER BY created_at DESC, id`;
      return c.json({ items: rows.map(toEndpoint) }, 200);
    })
    .openapi(remove, async (c) => {
      const row = await ownedEndpoint(c.req.valid('param').id, c.get('workspaceId'));
      // without Temporal the workflow still ends, at its next attempt, when it finds the endpoint gone
      await stopWebhookEndpoint(target, row.id).catch((err: unknown) =>
        log.warn(
          { event: 'webhook_stop_failed', endpointId: row.id, err: (err as Error).message },
          'not stopped',
        ),
      );
      await sql.begin(async (tx) => {
        await tx`DELETE FROM webhook_endpoints WHERE id = ${row.id}`;
        await logEndpoint(tx, row, 'connector_webhook_deleted');
      });
      return c.json(toEndpoint(row), 200);
    })
    .openapi(rotate, async (c) => {
      const row = await ownedEndpoint(c.req.valid('param').id, c.get('workspaceId'));
      const secret = newEndpointSecret();
      const keepSeconds = env.WEBHOOK_SECRET_ROTATION_HOURS * 3600;
      const rotated = await sql.begin(async (tx) => {
        const [r] = await tx<{ previous_secret_expires_at: Date | null }[]>`
          UPDATE webhook_endpoints SET
            previous_secret = CASE WHEN ${keepSeconds} > 0 THEN secret END,
            previous_secret_expires_at = CASE WHEN ${keepSeconds} > 0
              THEN now() + make_interval(secs => ${keepSeconds}) END,
            secret = ${tx.json(sealSecret(cipher, secret, row.id) as never)}
          WHERE id = ${row.id} RETURNING previous_secret_expires_at`;
        await logEndpoint(tx, row, 'connector_webhook_secret_rotated');
        return r!;
      });
      return c.json(
        { id: row.id, secret, previousSecretExpiresAt: iso(rotated.previous_secret_expires_at) },
        200,
      );
    })
    .openapi(enable, async (c) => {
      const row = await ownedEndpoint(c.req.valid('param').id, c.get('workspaceId'));
      if (!row.disabled_at) return c.json(toEndpoint(row), 200);
      const enabled = await sql.begin(async (tx) => {
        const [r] = await tx<EndpointRow[]>`
          UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0
          WHERE id = ${row.id} RETURNING ${tx.unsafe(ENDPOINT_COLUMNS)}`;
        await logEndpoint(tx, row, 'connector_webhook_enabled');
        await wakeEndpoint(tx, { endpointId: row.id, workspaceId: row.workspace_id });
        return r!;
      });
      return c.json(toEndpoint(enabled), 200);
    })
    .openapi(deliveries, async (c) => {
      const row = await ownedEndpoint(c.req.valid('param').id, c.get('workspaceId'));
      const q = c.req.valid('query');
      const rows = await sql<WebhookDelivery[]>`
        SELECT ${deliveryFields(sql)} FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        WHERE d.endpoint_id = ${row.id}
          ${q.status ? sql`AND d.status = ${q.status}` : sql``}
          ${q.cursor ? sql`AND d.seq < (SELECT seq FROM webhook_deliveries WHERE id = ${q.cursor} AND endpoint_id = ${row.id})` : sql``}
        ORDER BY d.seq DESC
        LIMIT ${q.limit + 1}`;
      return c.json(
        toPage(rows, q.limit, (delivery) => delivery),
        200,
      );
    })
    .openapi(redeliver, async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const row = await ownedEndpoint(id, c.get('workspaceId'));
      const [original] = await sql<{ event_id: string }[]>`
        SELECT event_id FROM webhook_deliveries WHERE id = ${deliveryId} AND endpoint_id = ${row.id}`;
      if (!original) throw new AppError(CODE.NOT_FOUND, 'delivery not found');
      if (row.disabled_at) throw new AppError(CODE.WEBHOOK_ENDPOINT_DISABLED);
      const queued = await sql.begin(async (tx) => {
        const [d] = await tx<{ id: string }[]>`
          INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id, redelivery_of)
          VALUES (${row.workspace_id}, ${row.id}, ${original.event_id}, ${deliveryId}) RETURNING id`;
        await wakeEndpoint(tx, { endpointId: row.id, workspaceId: row.workspace_id });
        return d!;
      });
      const [delivery] = await sql<WebhookDelivery[]>`
        SELECT ${deliveryFields(sql)} FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        WHERE d.id = ${queued.id}`;
      return c.json(delivery!, 202);
    });
}

/** The endpoint row, its secret sealed, under the workspace's cap (the workspace row serialises a race). */
async function insertEndpoint(
  sql: AppDeps['sql'],
  e: {
    workspaceId: string;
    url: string;
    events: WebhookEventType[];
    secret: string;
    cipher: AppDeps['cipher'];
  },
  cap: number,
): Promise<EndpointRow> {
  const id = randomUUID();
  return sql.begin(async (tx) => {
    await tx`SELECT 1 FROM workspaces WHERE id = ${e.workspaceId} FOR UPDATE`;
    const [count] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM webhook_endpoints WHERE workspace_id = ${e.workspaceId}`;
    if (count!.n >= cap)
      throw new AppError(
        CODE.WEBHOOK_ENDPOINT_LIMIT_REACHED,
        `a workspace may have ${cap} webhook endpoints`,
        {
          limit: cap,
        },
      );
    const [row] = await tx<EndpointRow[]>`
      INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret)
      VALUES (${id}, ${e.workspaceId}, ${e.url}, ${e.events}, ${tx.json(sealSecret(e.cipher, e.secret, id) as never)})
      RETURNING ${tx.unsafe(ENDPOINT_COLUMNS)}`;
    await logEndpoint(tx, row!, 'connector_webhook_created');
    return row!;
  });
}

/** The audit trail names the endpoint and its events, never its URL (it may carry a token). */
function logEndpoint(
  tx: Queryable,
  row: Pick<EndpointRow, 'id' | 'workspace_id' | 'events'>,
  event:
    | 'connector_webhook_created'
    | 'connector_webhook_deleted'
    | 'connector_webhook_enabled'
    | 'connector_webhook_secret_rotated',
) {
  return logActivity(tx, {
    workspaceId: row.workspace_id,
    connectionId: null,
    event,
    context: { endpointId: row.id, events: row.events },
  });
}

/** A delivery as the API shows it, from `webhook_deliveries d` and its event `ev`: the query names each field. */
const deliveryFields = (sql: Queryable) => sql`
  d.id, d.event_id AS "webhookId", ev.type AS "eventType", d.status, d.attempts, d.last_status AS "lastStatus",
  d.last_error AS "lastError", d.redelivery_of AS "redeliveryOf", ${isoTimestamp(sql, 'd.created_at')} AS "createdAt",
  ${isoTimestamp(sql, 'd.last_attempt_at')} AS "lastAttemptAt",
  ${isoTimestamp(sql, 'd.next_attempt_at')} AS "nextAttemptAt", ${isoTimestamp(sql, 'd.finished_at')} AS "finishedAt"`;

function toEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    status: r.disabled_at ? 'disabled' : 'enabled',
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    failuresInARow: r.consecutive_failures,
    previousSecretExpiresAt: iso(r.previous_secret_expires_at),
    createdAt: r.created_at.toISOString(),
  };
}
