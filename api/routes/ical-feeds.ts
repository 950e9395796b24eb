import { z } from '@hono/zod-openapi';
import { CODE } from '../../contracts/errors.js';
import type { AppDeps } from '../context.js';
import { AppError, isUniqueViolation } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, iso, json, jsonBody, PlainText, Platform, Timestamp, Uuid } from '../schemas.js';
import { startIcalFeed } from '../workflow-client.js';
import { workspaceRoute } from '../workspace-route.js';

/** http(s) only; `webcal://` is how calendars advertise the same https URL. */
const FeedUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((u) => u.replace(/^webcal:\/\//i, 'https://'))
  .pipe(z.url({ protocol: /^https?$/ }))
  .openapi({ type: 'string', example: 'http://127.0.0.1:4020/demo/airbnb.ics' });

const CreateFeed = z
  .object({
    platform: Platform,
    url: FeedUrl,
    name: PlainText.min(1).max(200).optional(),
    importIntervalMinutes: z.number().int().min(1).max(10080).optional(),
  })
  .openapi('CreateIcalFeed');

const Feed = z
  .object({
    id: Uuid,
    platform: Platform,
    url: z.string(),
    name: z.string().nullable(),
    importIntervalMinutes: z.number().int(),
    lastImportedAt: Timestamp.nullable(),
    lastError: z.string().nullable(),
    lastCounts: z.record(z.string(), z.unknown()).nullable(),
    createdAt: Timestamp,
  })
  .openapi('IcalFeed');
export type Feed = z.infer<typeof Feed>;
const FeedList = z.object({ items: z.array(Feed) }).openapi('IcalFeedList');
export type FeedList = z.infer<typeof FeedList>;

interface FeedRow {
  id: string;
  platform: z.infer<typeof Platform>;
  url: string;
  name: string | null;
  import_interval_minutes: number;
  last_imported_at: Date | null;
  last_error: string | null;
  last_counts: Record<string, unknown> | null;
  created_at: Date;
}

const create = workspaceRoute('feeds', {
  method: 'post',
  path: '/api/ical-feeds',
  summary: 'Register a feed: imported at once, then on its interval',
  request: { body: jsonBody(CreateFeed) },
  responses: { 201: json(Feed, 'The feed'), ...errorResponses(409, 503) },
  description:
    'At most FEEDS_PER_WORKSPACE feeds (409 FEED_LIMIT_REACHED), imported at most every FEED_MIN_INTERVAL_MINUTES.',
});
const list = workspaceRoute('feeds', {
  method: 'get',
  path: '/api/ical-feeds',
  summary: "The workspace's feeds",
  responses: { 200: json(FeedList, 'All feeds, newest first') },
});

export function icalFeedRoutes({ sql, temporal, env }: AppDeps) {
  return createRouter()
    .openapi(create, async (c) => {
      const workspaceId = c.get('workspaceId');
      const body = c.req.valid('json');
      const row = await insertFeed(sql, workspaceId, body, env);
      try {
        await startIcalFeed(
          { temporal, taskQueue: env.TEMPORAL_TASK_QUEUE },
          { feedId: row.id, workspaceId, intervalMinutes: row.import_interval_minutes },
        );
      } catch (err) {
        // a feed nobody imports would sit there looking registered
        await sql`DELETE FROM ical_feeds WHERE id = ${row.id}`;
        throw err;
      }
      return c.json(toFeed(row), 201);
    })
    .openapi(list, async (c) => {
      const rows = await sql<FeedRow[]>`
        SELECT * FROM ical_feeds WHERE workspace_id = ${c.get('workspaceId')} ORDER BY created_at DESC, id`;
      return c.json({ items: rows.map(toFeed) }, 200);
    });
}

async function insertFeed(
  sql: AppDeps['sql'],
  workspaceId: string,
  body: z.infer<typeof CreateFeed>,
  limits: Pick<AppDeps['env'], 'FEEDS_PER_WORKSPACE' | 'FEED_MIN_INTERVAL_MINUTES'>,
): Promise<FeedRow> {
  const interval = body.importIntervalMinutes ?? Math.max(60, limits.FEED_MIN_INTERVAL_MINUTES);
  if (interval < limits.FEED_MIN_INTERVAL_MINUTES) {
    const message = `must be at least ${limits.FEED_MIN_INTERVAL_MINUTES} minutes`;
    throw new AppError(CODE.VALIDATION_FAILED, 'invalid json', [
      { path: 'json.importIntervalMinutes', message },
    ]);
  }
  try {
    return await sql.begin(async (tx) => {
      // the workspace row serialises concurrent registrations, so the cap holds under a race
      await tx`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
      const [count] = await tx<{ n: number }[]>`
        SELECT count(*)::int AS n FROM ical_feeds WHERE workspace_id = ${workspaceId}`;
      if (count!.n >= limits.FEEDS_PER_WORKSPACE)
        throw new AppError(
          CODE.FEED_LIMIT_REACHED,
          `a workspace may have ${limits.FEEDS_PER_WORKSPACE} feeds`,
          {
            limit: limits.FEEDS_PER_WORKSPACE,
          },
        );
      const [row] = await tx<FeedRow[]>`
        INSERT INTO ical_feeds (workspace_id, platform, url, name, import_interval_minutes)
        VALUES (${workspaceId}, ${body.platform}, ${body.url}, ${body.name ?? null}, ${interval})
        RETURNING *`;
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'ical_feeds_workspace_url_key'))
      throw new AppError(CODE.FEED_CONFLICT, 'this feed is already registered');
    throw err;
  }
}

function toFeed(r: FeedRow): z.infer<typeof Feed> {
  return {
    id: r.id,
    platform: r.platform,
    url: r.url,
    name: r.name,
    importIntervalMinutes: r.import_interval_minutes,
    lastImportedAt: iso(r.last_imported_at),
    lastError: r.last_error,
    lastCounts: r.last_counts,
    createdAt: r.created_at.toISOString(),
  };
}
