import type { Queryable } from '../db/client.js';

export type ActivityEvent =
  | 'connector_connect_started'
  | 'connector_connect_succeeded'
  | 'connector_connect_failed'
  | 'connector_disconnect_started'
  | 'connector_disconnect_succeeded'
  | 'connector_disconnect_failed'
  | 'connector_sync_started'
  | 'connector_sync_completed'
  | 'connector_sync_failed'
  | 'connector_job_retried'
  | 'connector_review_resolved'
  | 'connector_review_dismissed'
  | 'connector_feed_imported'
  | 'connector_review_mail_dismissed'
  | 'connector_webhook_created'
  | 'connector_webhook_disabled'
  | 'connector_webhook_enabled'
  | 'connector_webhook_secret_rotated'
  | 'connector_webhook_deleted'
  | 'connector_conflict_opened'
  | 'connector_conflict_acknowledged'
  | 'connector_conflict_resolved';

/** The product's audit trail (`activity_log`), one row per event. */
export async function logActivity(
  sql: Queryable,
  entry: {
    workspaceId: string;
    connectionId: string | null;
    event: ActivityEvent;
    context?: Record<string, unknown>;
  },
): Promise<void> {
  await sql`INSERT INTO activity_log (workspace_id, connection_id, event, context)
    VALUES (${entry.workspaceId}, ${entry.connectionId}, ${entry.event}, ${sql.json((entry.context ?? {}) as never)})`;
}
