import { z } from '@hono/zod-openapi';
import type { ActivityEvent } from '../../domain/activity-log.js';
import { findOwnedConnection } from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { createRouter } from '../router.js';
import { BigintCursor, json, PageQuery, page, Timestamp, toPage, Uuid } from '../schemas.js';
import { listRoute } from '../workspace-route.js';

/** What a person filters the log by: each category is a set of event-name prefixes. */
export const ACTIVITY_CATEGORIES = {
  connector: ['connector_connect_', 'connector_disconnect_', 'connector_sync_', 'connector_job_'],
  review: ['connector_review_'],
  feeds: ['connector_feed_'],
  webhooks: ['connector_webhook_'],
  conflicts: ['connector_conflict_'],
} as const;
export type ActivityCategory = keyof typeof ACTIVITY_CATEGORIES;
const CATEGORY_NAMES = Object.keys(ACTIVITY_CATEGORIES) as [ActivityCategory, ...ActivityCategory[]];

const ActivityQuery = PageQuery.extend({
  cursor: BigintCursor.optional(),
  category: z.enum(CATEGORY_NAMES).optional().openapi({ description: 'only events of this kind' }),
  connectionId: Uuid.optional(),
});

const ActivityEntry = z
  .object({
    id: z.string(),
    event: z.string().openapi({ example: 'connector_sync_completed' }),
    category: z.enum(CATEGORY_NAMES),
    connectionId: Uuid.nullable(),
    context: z.record(z.string(), z.unknown()),
    createdAt: Timestamp,
  })
  .openapi('ActivityEntry');
export type ActivityEntry = z.infer<typeof ActivityEntry>;
const ActivityPage = page(ActivityEntry).openapi('ActivityPage');
export type ActivityPage = z.infer<typeof ActivityPage>;

const list = listRoute('activity', '/api/activity', ActivityQuery, {
  summary: "The workspace's connector_* events, newest first",
  ok: json(ActivityPage, 'One page of events, newest first'),
});

interface ActivityRow {
  id: string;
  event: ActivityEvent;
  connection_id: string | null;
  context: Record<string, unknown>;
  created_at: Date;
}

export function activityRoutes({ sql }: AppDeps) {
  return createRouter().openapi(list, async (c) => {
    const workspaceId = c.get('workspaceId');
    const q = c.req.valid('query');
    const prefixes = q.category ? ACTIVITY_CATEGORIES[q.category].map((p) => `${p}%`) : null;
    if (q.connectionId) await findOwnedConnection(sql, workspaceId, q.connectionId);
    const rows = await sql<ActivityRow[]>`
      SELECT a.id::text AS id, a.event, a.connection_id, a.context, a.created_at FROM activity_log a
      WHERE a.workspace_id = ${workspaceId}
        ${prefixes ? sql`AND a.event LIKE ANY(${sql.array(prefixes)}::text[])` : sql``}
        ${q.connectionId ? sql`AND a.connection_id = ${q.connectionId}` : sql``}
        ${q.cursor ? sql`AND a.id < ${q.cursor}::bigint` : sql``}
      -- the bigint, not the text it is sent as: '9' sorts after '10'
      ORDER BY a.id DESC
      LIMIT ${q.limit + 1}`;
    return c.json(toPage(rows, q.limit, toEntry), 200);
  });
}

function toEntry(r: ActivityRow): ActivityEntry {
  return {
    id: r.id,
    event: r.event,
    category: categoryOf(r.event),
    connectionId: r.connection_id,
    context: r.context,
    createdAt: r.created_at.toISOString(),
  };
}

export function categoryOf(event: string): ActivityCategory {
  return (
    CATEGORY_NAMES.find((name) => ACTIVITY_CATEGORIES[name].some((prefix) => event.startsWith(prefix))) ??
    'connector'
  );
}
