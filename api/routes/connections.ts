import { z } from '@hono/zod-openapi';
import { CODE } from '../../contracts/errors.js';
import { logActivity } from '../../domain/activity-log.js';
import {
  CONNECTION_COLUMNS,
  Connection,
  type ConnectionRow,
  findOwnedConnection,
  toConnection,
  writingLabel,
} from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { readAccount, storedGmail } from '../gmail-account.js';
import { createRouter } from '../router.js';
import {
  errorResponses,
  IdParams,
  json,
  jsonBody,
  OWNED_RESOURCE_ERRORS,
  Platform,
  visibleText,
} from '../schemas.js';
import { disconnect, notifyConfigChanged } from '../workflow-client.js';
import { workspaceRoute } from '../workspace-route.js';

const Label = visibleText(225).openapi({
  description: 'the Gmail label, as Gmail names it (case-insensitively unique in the workspace)',
  example: 'Airbnb',
});
const Interval = z
  .number()
  .int()
  .min(1)
  .max(10080)
  .openapi({ description: 'minutes between syncs', example: 15 });

const CreateConnection = z
  .object({ platform: Platform, reservationLabel: Label, syncIntervalMinutes: Interval.optional() })
  .openapi('CreateConnection');

const UpdateConnection = z
  .object({ reservationLabel: Label.optional(), syncIntervalMinutes: Interval.optional() })
  .refine((b) => b.reservationLabel !== undefined || b.syncIntervalMinutes !== undefined, {
    message: 'give reservationLabel, syncIntervalMinutes or both',
  })
  .openapi('UpdateConnection');

const ConnectionWithCounts = Connection.extend({
  counts: z.object({
    messagesArchived: z.number().int(),
    factsExtracted: z.number().int(),
    bookingsEnriched: z.number().int(),
    openReviewItems: z.number().int(),
  }),
}).openapi('ConnectionWithCounts');
export type ConnectionWithCounts = z.infer<typeof ConnectionWithCounts>;

const ConnectionList = z.object({ items: z.array(Connection) }).openapi('ConnectionList');
export type ConnectionList = z.infer<typeof ConnectionList>;

const create = workspaceRoute('connections', {
  method: 'post',
  path: '/api/connections',
  summary: 'Create a connection (Gmail not yet authorised)',
  request: { body: jsonBody(CreateConnection) },
  responses: { 201: json(Connection, 'The new connection'), ...errorResponses(409) },
});
const list = workspaceRoute('connections', {
  method: 'get',
  path: '/api/connections',
  summary: "The workspace's connections",
  responses: { 200: json(ConnectionList, 'All connections, newest first') },
});
const read = workspaceRoute('connections', {
  method: 'get',
  path: '/api/connections/{id}',
  summary: 'One connection with its counts',
  request: { params: IdParams },
  responses: {
    200: json(ConnectionWithCounts, 'The connection'),
    ...errorResponses(...OWNED_RESOURCE_ERRORS),
  },
});
const update = workspaceRoute('connections', {
  method: 'patch',
  path: '/api/connections/{id}',
  summary: 'Change the label or the sync interval',
  request: { params: IdParams, body: jsonBody(UpdateConnection) },
  responses: {
    200: json(Connection, 'The changed connection'),
    ...errorResponses(...OWNED_RESOURCE_ERRORS, 409, 422, 502, 503),
  },
});
const remove = workspaceRoute('connections', {
  method: 'delete',
  path: '/api/connections/{id}',
  summary: 'Disconnect: stop syncing, forget the Gmail tokens, keep the archive',
  request: { params: IdParams },
  responses: {
    200: json(Connection, 'The revoked connection'),
    ...errorResponses(...OWNED_RESOURCE_ERRORS, 503),
  },
});

export function connectionRoutes(deps: AppDeps) {
  const { sql, temporal } = deps;
  const target = { temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE };

  return createRouter()
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const row = await writingLabel(
        sql<ConnectionRow[]>`
          INSERT INTO connections (workspace_id, platform, reservation_label, sync_interval_minutes)
          VALUES (${c.get('workspaceId')}, ${body.platform}, ${body.reservationLabel}, ${body.syncIntervalMinutes ?? 15})
          RETURNING ${sql(CONNECTION_COLUMNS)}`,
        labelConflict(body.reservationLabel),
      );
      return c.json(toConnection(row), 201);
    })
    .openapi(list, async (c) => {
      const rows = await sql<ConnectionRow[]>`
        SELECT ${sql(CONNECTION_COLUMNS)} FROM connections
        WHERE workspace_id = ${c.get('workspaceId')} ORDER BY created_at DESC, id`;
      return c.json({ items: rows.map((row) => toConnection(row)) }, 200);
    })
    .openapi(read, async (c) => {
      const row = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      return c.json({ ...toConnection(row), counts: await countsOf(deps, row.id) }, 200);
    })
    .openapi(update, async (c) => {
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      const { reservationLabel, syncIntervalMinutes } = c.req.valid('json');
      const newLabel = reservationLabel !== conn.reservation_label ? reservationLabel : undefined;
      // a connected connection must go on syncing: resolve the new label in Gmail before taking it
      const newLabelId =
        newLabel !== undefined && conn.gmail_status === 'connected'
          ? await resolveLabel(deps, conn.id, newLabel)
          : null;
      const row = await writingLabel(
        sql<ConnectionRow[]>`
          UPDATE connections SET
            ${
              newLabel === undefined
                ? sql``
                : // another label's history cursor says nothing about this one: relist it in full
                  sql`reservation_label = ${newLabel}, gmail_label_id = ${newLabelId}, history_id = NULL,`
            }
            sync_interval_minutes = ${syncIntervalMinutes ?? conn.sync_interval_minutes},
            updated_at = now()
          WHERE id = ${conn.id}
          RETURNING ${sql(CONNECTION_COLUMNS)}`,
        labelConflict(newLabel),
      );
      await notifyConfigChanged(target, conn.id, { label: newLabel, intervalMinutes: syncIntervalMinutes });
      return c.json(toConnection(row), 200);
    })
    .openapi(remove, async (c) => {
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      const workflowEnded = await disconnect(target, conn.id);
      const [row] = await sql<ConnectionRow[]>`
        UPDATE connections SET gmail_status = 'revoked', oauth_tokens = NULL, updated_at = now()
        WHERE id = ${conn.id}
        RETURNING ${sql(CONNECTION_COLUMNS)}`;
      await logActivity(sql, {
        workspaceId: conn.workspace_id,
        connectionId: conn.id,
        event: 'connector_disconnect_succeeded',
        context: { previousStatus: conn.gmail_status, workflowSignalled: workflowEnded },
      });
      return c.json(toConnection(row!), 200);
    });
}

const labelConflict = (label: string | undefined) =>
  `another connection of this workspace already watches the label "${label}"`;

async function resolveLabel(deps: AppDeps, connectionId: string, label: string): Promise<string> {
  const gmail = await storedGmail(
    { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
    connectionId,
  );
  const { labelId } = await readAccount(gmail, label);
  if (!labelId) throw new AppError(CODE.LABEL_NOT_FOUND, `Gmail has no label "${label}"`, { label });
  return labelId;
}

async function countsOf({ sql }: AppDeps, connectionId: string) {
  const [counts] = await sql<z.infer<typeof ConnectionWithCounts>['counts'][]>`
    SELECT
      (SELECT count(*) FROM gmail_messages WHERE connection_id = ${connectionId})::int AS "messagesArchived",
      (SELECT count(*) FROM reservation_facts WHERE connection_id = ${connectionId})::int AS "factsExtracted",
      (SELECT count(DISTINCT matched_booking_id) FROM reservation_facts
        WHERE connection_id = ${connectionId} AND match_status = 'matched')::int AS "bookingsEnriched",
      (SELECT count(*) FROM enrichment_review_items
        WHERE connection_id = ${connectionId} AND status = 'open')::int AS "openReviewItems"`;
  return counts!;
}
