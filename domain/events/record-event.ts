import type postgres from 'postgres';
import type { WebhookEventData, WebhookEventType } from '../../contracts/webhook-events.js';
import type { Queryable } from '../../db/client.js';

export interface EventToRecord {
  workspaceId: string;
  type: WebhookEventType;
  data: WebhookEventData;
}

/**
 * The channel `recordEvents` notifies on commit, one notification per endpoint that got a delivery,
 * its payload `endpointId workspaceId`: the worker's dispatcher wakes that endpoint's workflow
 * (temporal/webhook-dispatcher.ts). Postgres sends a transaction's notifications only when it
 * commits, and only once per distinct payload.
 */
export const WEBHOOK_WAKE_CHANNEL = 'webhook_deliveries';

/**
 * Records one event in the outbox, inside the caller's transaction: the event exists exactly when
 * the change it reports does. Returns its id (the `webhook-id` its deliveries carry).
 */
export async function recordEvent(sql: Queryable, event: EventToRecord): Promise<string> {
  const [id] = await recordEvents(sql, [event]);
  return id!;
}

/**
 * Records events in the outbox, in order, and queues a delivery of each to every enabled endpoint
 * of its workspace that subscribes to its type, waking those endpoints when the transaction
 * commits. One statement: the events and their deliveries exist together or not at all, even when
 * the caller runs outside a transaction. Returns the events' ids in the order given.
 */
export async function recordEvents(sql: Queryable, events: readonly EventToRecord[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({ workspace_id: e.workspaceId, type: e.type, data: e.data }));
  const recorded = await sql<{ id: string }[]>`
    WITH input AS MATERIALIZED (
      SELECT gen_random_uuid() AS id, d.workspace_id, d.type, d.data, d.ord
      FROM ROWS FROM (json_to_recordset(${sql.json(rows as unknown as postgres.JSONValue)}::json)
        AS (workspace_id uuid, type text, data jsonb)) WITH ORDINALITY AS d(workspace_id, type, data, ord)
    ),
    recorded AS (
      INSERT INTO webhook_events (id, workspace_id, type, data)
      SELECT id, workspace_id, type, coalesce(data, '{}'::jsonb) FROM input ORDER BY ord
      RETURNING id
    ),
    queued AS (
      INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id)
      SELECT i.workspace_id, e.id, i.id
      FROM input i
      JOIN webhook_endpoints e ON e.workspace_id = i.workspace_id AND i.type = ANY(e.events)
        AND e.disabled_at IS NULL
      ORDER BY i.ord, e.id
      RETURNING endpoint_id, workspace_id
    ),
    woken AS (
      SELECT pg_notify(${WEBHOOK_WAKE_CHANNEL}, q.endpoint_id || ' ' || q.workspace_id)
      FROM (SELECT DISTINCT endpoint_id, workspace_id FROM queued) q
    )
    SELECT i.id, (SELECT count(*) FROM woken) AS woken, (SELECT count(*) FROM recorded) AS recorded
    FROM input i ORDER BY i.ord`;
  return recorded.map((r) => r.id);
}

/** Wakes an endpoint's workflow when the caller's transaction commits (a redelivery, a re-enable). */
export async function wakeEndpoint(
  sql: Queryable,
  endpoint: { endpointId: string; workspaceId: string },
): Promise<void> {
  await sql`SELECT pg_notify(${WEBHOOK_WAKE_CHANNEL}, ${`${endpoint.endpointId} ${endpoint.workspaceId}`})`;
}
