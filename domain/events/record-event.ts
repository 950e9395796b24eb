import type { WebhookEventData, WebhookEventType } from '../../contracts/webhook-events.js';
import type { Queryable } from '../../db/client.js';

/**
 * Records one event in the outbox, inside the caller's transaction: the event exists exactly when
 * the change it reports does. Delivery to the workspace's endpoints starts from this row.
 */
export async function recordEvent(
  sql: Queryable,
  event: { workspaceId: string; type: WebhookEventType; data: WebhookEventData },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO webhook_events (workspace_id, type, data)
    VALUES (${event.workspaceId}, ${event.type}, ${sql.json(event.data as never)})
    RETURNING id`;
  return row!.id;
}
