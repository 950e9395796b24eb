import { Context } from '@temporalio/activity';
import { logActivity } from '../domain/activity-log.js';
import type { ActivityDeps } from './deps.js';
import { enrichConnection } from './enrich/enrich-connection.js';
import { reextractMessages } from './extract/extract-messages.js';
import { importFeed } from './ical/import-feed.js';
import { syncPage } from './page/sync-page.js';
import { endWatch } from './push/end-watch.js';
import { renewWatch } from './push/renew-watch.js';
import { reconcileConnections } from './reconcile/reconcile-connections.js';
import { finishSyncRun, recordConnectionHealth, startSyncRun } from './runs/sync-runs.js';
import { deliverWebhook } from './webhooks/deliver-webhook.js';
import { queuedWebhookDeliveries } from './webhooks/queued-deliveries.js';

export type { ActivityDeps } from './deps.js';

/**
 * Every activity, built from its dependencies. The pipeline stages (fetch → archive → extract →
 * match → review) are plain functions the worker does not register: `page/` composes them into the
 * one activity a sync runs per page, `enrich/` into the enrichment loop (extract → match → review)
 * that a sync and a reprocess run after archiving or re-extracting. `runs` is the bookkeeping around
 * them, and `reconcile` puts back connection workflows Temporal has lost. `webhooks` sends each
 * endpoint's deliveries for its workflow.
 */
export function createActivities(deps: ActivityDeps) {
  const activities = {
    startSyncRun: startSyncRun(deps),
    syncPage: syncPage(deps),
    enrichConnection: enrichConnection(deps),
    reextractMessages: reextractMessages(deps),
    finishSyncRun: finishSyncRun(deps),
    recordConnectionHealth: recordConnectionHealth(deps),
    importFeed: importFeed(deps),
    reconcileConnections: reconcileConnections(deps),
    queuedWebhookDeliveries: queuedWebhookDeliveries(deps),
    deliverWebhook: deliverWebhook(deps),
    renewWatch: renewWatch(deps),
    endWatch: endWatch(deps),
  };
  return withRetryAudit(deps, activities);
}

export type Activities = ReturnType<typeof createActivities>;

type AnyActivity = (input: never) => Promise<unknown>;

/** Writes `connector_job_retried` when an activity runs again after a failed attempt. */
function withRetryAudit<T extends Record<string, AnyActivity>>(deps: ActivityDeps, activities: T): T {
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    async (input: { connectionId?: string }) => {
      const { attempt } = Context.current().info;
      const connectionId = input?.connectionId;
      if (attempt > 1 && connectionId) await auditRetry(deps, name, attempt, connectionId);
      return fn(input as never);
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}

async function auditRetry(deps: ActivityDeps, activity: string, attempt: number, connectionId: string) {
  const [conn] = await deps.sql<
    { workspace_id: string }[]
  >`SELECT workspace_id FROM connections WHERE id = ${connectionId}`;
  if (!conn) return;
  await logActivity(deps.sql, {
    workspaceId: conn.workspace_id,
    connectionId,
    event: 'connector_job_retried',
    context: { activity, attempt, workflowId: Context.current().info.workflowExecution?.workflowId },
  });
}
