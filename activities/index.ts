import { Context } from '@temporalio/activity';
import { logActivity } from '../domain/activity-log.js';
import { openReviewItems } from '../domain/review/review-item-writes.js';
import { archiveMessages } from './archive/archive-messages.js';
import type { ActivityDeps } from './deps.js';
import { extractMessages, reextractMessages } from './extract/extract-messages.js';
import { fetchLabelPage } from './fetch/fetch-label.js';
import { importFeed } from './ical/import-feed.js';
import { matchFacts } from './match/match-facts.js';
import { archiveLabelPage } from './page/archive-label-page.js';
import { enrichPage } from './page/enrich-page.js';
import { reconcileConnections } from './reconcile/reconcile-connections.js';
import { finishSyncRun, recordConnectionHealth, startSyncRun } from './runs/sync-runs.js';

export type { ActivityDeps } from './deps.js';

/**
 * Every activity, built from its dependencies. The pipeline stages read in order:
 * fetch → archive → extract → match → review; `page` composes them into the two steps a sync runs
 * per page (the stage activities stay registered for workflows started before it); `runs` is the
 * bookkeeping around them, and `reconcile` puts back connection workflows Temporal has lost.
 */
export function createActivities(deps: ActivityDeps) {
  const activities = {
    startSyncRun: startSyncRun(deps),
    fetchLabelPage: fetchLabelPage(deps),
    archiveMessages: archiveMessages(deps),
    archiveLabelPage: archiveLabelPage(deps),
    enrichPage: enrichPage(deps),
    extractMessages: extractMessages(deps),
    reextractMessages: reextractMessages(deps),
    matchFacts: matchFacts(deps),
    createReviewItems: async (input: { connectionId: string }) => ({
      created: await openReviewItems(deps.sql, input.connectionId),
    }),
    finishSyncRun: finishSyncRun(deps),
    recordConnectionHealth: recordConnectionHealth(deps),
    importFeed: importFeed(deps),
    reconcileConnections: reconcileConnections(deps),
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
