import { z } from '@hono/zod-openapi';
import { outboundPolicy } from '../../config/env.js';
import { CODE } from '../../contracts/errors.js';
import type { Queryable } from '../../db/client.js';
import { checkPropertyConflicts } from '../../domain/conflicts/conflict-writes.js';
import { learnFromFeed } from '../../domain/properties/listing-name-writes.js';
import { namesInternalHost } from '../../outbound/address-rules.js';
import type { AppDeps } from '../context.js';
import { AppError, isUniqueViolation } from '../errors.js';
import { isoTimestamp } from '../iso-timestamp.js';
import { found, ownedId } from '../ownership.js';
import { createRouter } from '../router.js';
import { idLinks, json, PlainText, Platform, Timestamp, Uuid, webUrl } from '../schemas.js';
import { startIcalFeed, stopIcalFeed } from '../workflow-client.js';
import { type Operation, ownedRoute, workspaceRoute } from '../workspace-route.js';
import { ownedProperty, propertyChoice } from './properties.js';

/**
 * An http(s) or webcal URL: `webcal://` is how calendars advertise the same https URL, read as
 * that. A URL can match and still be refused (422) when it names an internal host.
 */
const FeedUrl = webUrl({
  schemes: '(?:[Hh][Tt][Tt][Pp][Ss]?|[Ww][Ee][Bb][Cc][Aa][Ll])',
  rewrite: (url) => url.replace(/^webcal:\/\//i, 'https://'),
  example: 'http://127.0.0.1:4020/demo/airbnb.ics',
});

/** The body; its interval's minimum is the configured FEED_MIN_INTERVAL_MINUTES, so the document says it. */
const createFeedBody = (minIntervalMinutes: number) =>
  z
    .object({
      platform: Platform,
      url: FeedUrl,
      name: PlainText.min(1).max(200).optional(),
      importIntervalMinutes: z.number().int().min(minIntervalMinutes).max(10080).optional(),
      propertyId: Uuid.optional().openapi({ description: 'the property whose calendar this is' }),
    })
    .openapi('CreateIcalFeed');
type CreateFeed = z.infer<ReturnType<typeof createFeedBody>>;

const Feed = z
  .object({
    id: Uuid,
    platform: Platform,
    url: z.string(),
    name: z.string().nullable(),
    importIntervalMinutes: z.number().int(),
    lastImportedAt: Timestamp.nullable(),
    status: z.enum(['active', 'paused', 'held_for_review']).openapi({
      description:
        'held_for_review: the last import would have cancelled most future stays; resume applies it',
    }),
    lastError: z.string().nullable().openapi({
      description: 'an error code (FEED_UNREACHABLE, FEED_URL_NOT_ALLOWED, …), never upstream text',
    }),
    lastCounts: z.record(z.string(), z.unknown()).nullable(),
    propertyId: Uuid.nullable().openapi({ description: 'the property whose calendar this is' }),
    createdAt: Timestamp,
  })
  .openapi('IcalFeed');
export type Feed = z.infer<typeof Feed>;
const FeedList = z.object({ items: z.array(Feed) }).openapi('IcalFeedList');
export type FeedList = z.infer<typeof FeedList>;

/** A feed as the API shows it: the query names each field. */
const feedFields = (sql: Queryable) => sql`
  id, platform, url, name, import_interval_minutes AS "importIntervalMinutes", status,
  ${isoTimestamp(sql, 'last_imported_at')} AS "lastImportedAt", last_error AS "lastError",
  last_counts AS "lastCounts", property_id AS "propertyId", ${isoTimestamp(sql, 'created_at')} AS "createdAt"`;

const createRoute = (minIntervalMinutes: number) =>
  workspaceRoute('feeds', 'post /api/ical-feeds', {
    summary: 'Register a feed: imported at once, then on its interval',
    description:
      'At most FEEDS_PER_WORKSPACE feeds (409 FEED_LIMIT_REACHED), imported at most every FEED_MIN_INTERVAL_MINUTES. A propertyId of no property is 404, of another workspace 403.',
    body: createFeedBody(minIntervalMinutes),
    errors: [403, 404, 409, 422, 503],
    responses: {
      201: {
        ...json(Feed, 'The feed'),
        links: idLinks({
          DeleteFeed: 'delete /api/ical-feeds/{id}',
          PauseFeed: 'post /api/ical-feeds/{id}/pause',
          ResumeFeed: 'post /api/ical-feeds/{id}/resume',
        }),
      },
    },
  });
const list = workspaceRoute('feeds', 'get /api/ical-feeds', {
  summary: "The workspace's feeds",
  responses: { 200: json(FeedList, 'All feeds, newest first') },
});

// remove, pause and resume: each acts on the feed's workflow and answers the feed
const byId = <const O extends Operation>(op: O, summary: string) =>
  ownedRoute('feeds', op, { summary, errors: [503], responses: { 200: json(Feed, 'The feed') } });
const UpdateFeed = propertyChoice('UpdateIcalFeed', 'the property whose calendar this is; null: none');
const update = ownedRoute('feeds', 'patch /api/ical-feeds/{id}', {
  summary: "Put the feed in a property (or take it out): the property's conflicts are checked at once",
  body: UpdateFeed,
  responses: { 200: json(Feed, 'The feed') },
});
const remove = byId(
  'delete /api/ical-feeds/{id}',
  'Remove a feed: its schedule stops, its bookings go with it',
);
const pause = byId('post /api/ical-feeds/{id}/pause', 'Stop importing; the bookings stay as they are');
const resume = byId(
  'post /api/ical-feeds/{id}/resume',
  'Import at once and on the interval again; a held import is applied',
);

export function icalFeedRoutes({ sql, temporal, env }: AppDeps) {
  const target = { temporal, taskQueue: env.TEMPORAL_TASK_QUEUE };
  const conflicts = { cancelledStillBlockedHours: env.CONFLICT_CANCELLED_STILL_BLOCKED_HOURS };
  const ownedFeed = async (id: string, workspaceId: string): Promise<Feed> => {
    await ownedId(sql, 'ical_feeds', id, workspaceId, 'feed');
    const [row] = await sql<Feed[]>`SELECT ${feedFields(sql)} FROM ical_feeds WHERE id = ${id}`;
    return found(row, 'feed');
  };
  const setStatus = async (id: string, status: Feed['status'], acceptDrop: boolean) => {
    const [row] = await sql<Feed[]>`
      UPDATE ical_feeds SET status = ${status}, accept_drop = ${acceptDrop} WHERE id = ${id}
      RETURNING ${feedFields(sql)}`;
    return row!;
  };

  return createRouter()
    .openapi(createRoute(env.FEED_MIN_INTERVAL_MINUTES), async (c) => {
      const workspaceId = c.get('workspaceId');
      const body = c.req.valid('json');
      if (namesInternalHost(new URL(body.url), outboundPolicy(env).allowPrivateHosts)) {
        throw new AppError(CODE.FEED_URL_NOT_ALLOWED, undefined, [
          { path: 'json.url', message: 'names a loopback, private or otherwise internal address' },
        ]);
      }
      if (body.propertyId) await ownedProperty(sql, workspaceId, body.propertyId, 'json.propertyId');
      const row = await insertFeed(sql, workspaceId, body, env);
      try {
        await startIcalFeed(target, {
          feedId: row.id,
          workspaceId,
          intervalMinutes: row.importIntervalMinutes,
        });
      } catch (err) {
        // a feed nobody imports would sit there looking registered
        await sql`DELETE FROM ical_feeds WHERE id = ${row.id}`;
        throw err;
      }
      return c.json(row, 201);
    })
    .openapi(list, async (c) => {
      const rows = await sql<Feed[]>`
        SELECT ${feedFields(sql)} FROM ical_feeds
        WHERE workspace_id = ${c.get('workspaceId')} ORDER BY created_at DESC, id`;
      return c.json({ items: rows }, 200);
    })
    .openapi(update, async (c) => {
      const workspaceId = c.get('workspaceId');
      const row = await ownedFeed(c.req.valid('param').id, workspaceId);
      const { propertyId } = c.req.valid('json');
      if (propertyId) await ownedProperty(sql, workspaceId, propertyId, 'json.propertyId');
      const updated = await sql.begin(async (tx) => {
        const [before] = await tx<{ property_id: string | null }[]>`
          SELECT property_id FROM ical_feeds WHERE id = ${row.id} FOR UPDATE`;
        const [after] = await tx<Feed[]>`
          UPDATE ical_feeds SET property_id = ${propertyId} WHERE id = ${row.id} RETURNING ${feedFields(tx)}`;
        // what the feed's matched mail calls the place is what this property is called from now on
        if (propertyId) await learnFromFeed(tx, row.id);
        const touched = [before?.property_id, propertyId].filter((p): p is string => Boolean(p));
        await checkPropertyConflicts(tx, { workspaceId, propertyIds: touched, settings: conflicts });
        return after!;
      });
      return c.json(updated, 200);
    })
    .openapi(remove, async (c) => {
      const workspaceId = c.get('workspaceId');
      const row = await ownedFeed(c.req.valid('param').id, workspaceId);
      await stopIcalFeed(target, row.id, 'feed removed');
      await sql.begin(async (tx) => {
        await tx`DELETE FROM ical_feeds WHERE id = ${row.id}`;
        // its stays are gone: the conflicts they were part of resolve
        if (row.propertyId)
          await checkPropertyConflicts(tx, {
            workspaceId,
            propertyIds: [row.propertyId],
            settings: conflicts,
          });
      });
      return c.json(row, 200);
    })
    .openapi(pause, async (c) => {
      const row = await ownedFeed(c.req.valid('param').id, c.get('workspaceId'));
      await stopIcalFeed(target, row.id, 'feed paused');
      return c.json(await setStatus(row.id, 'paused', false), 200);
    })
    .openapi(resume, async (c) => {
      const row = await ownedFeed(c.req.valid('param').id, c.get('workspaceId'));
      // active before the first import runs, or its bookkeeping would keep the old status
      const resumed = await setStatus(row.id, 'active', row.status === 'held_for_review');
      try {
        // a fresh execution imports at once; the old one (if any) would only wake at its interval
        await stopIcalFeed(target, row.id, 'feed resumed');
        await startIcalFeed(target, {
          feedId: row.id,
          workspaceId: c.get('workspaceId'),
          intervalMinutes: row.importIntervalMinutes,
        });
      } catch (err) {
        await setStatus(row.id, row.status, false);
        throw err;
      }
      return c.json(resumed, 200);
    });
}

async function insertFeed(
  sql: AppDeps['sql'],
  workspaceId: string,
  body: CreateFeed,
  limits: Pick<AppDeps['env'], 'FEEDS_PER_WORKSPACE' | 'FEED_MIN_INTERVAL_MINUTES'>,
): Promise<Feed> {
  const interval = body.importIntervalMinutes ?? Math.max(60, limits.FEED_MIN_INTERVAL_MINUTES);
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
      const [row] = await tx<Feed[]>`
        INSERT INTO ical_feeds (workspace_id, platform, url, name, import_interval_minutes, property_id)
        VALUES (${workspaceId}, ${body.platform}, ${body.url}, ${body.name ?? null}, ${interval},
          ${body.propertyId ?? null})
        RETURNING ${feedFields(tx)}`;
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'ical_feeds_workspace_url_key'))
      throw new AppError(CODE.FEED_CONFLICT, 'this feed is already registered');
    throw err;
  }
}
