import { z } from '@hono/zod-openapi';
import { CODE } from '../../contracts/errors.js';
import type { Queryable } from '../../db/client.js';
import { logActivity } from '../../domain/activity-log.js';
import { CONNECTION_COLUMNS, type ConnectionRow } from '../../domain/connection-row.js';
import { revokeGrant } from '../../gmail/revoke.js';
import type { OAuthTokens, SealedTokens } from '../../security/token-cipher.js';
import { Connection, findOwnedConnection, toConnection, writingLabel } from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { readAccount, storedGmail } from '../gmail-account.js';
import { refuseSystemLabel } from '../reservation-label.js';
import { createRouter } from '../router.js';
import { idLinks, json, PageQuery, Platform, page, toPage, visibleText } from '../schemas.js';
import { disconnect, endWatch, notifyConfigChanged } from '../workflow-client.js';
import { listRoute, ownedRoute, workspaceRoute } from '../workspace-route.js';

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

const ConnectionList = page(Connection).openapi('ConnectionList');
export type ConnectionList = z.infer<typeof ConnectionList>;

const create = workspaceRoute('connections', 'post /api/connections', {
  summary: 'Create a connection (Gmail not yet authorised)',
  description: 'At most CONNECTIONS_PER_WORKSPACE connections (409 CONNECTION_LIMIT_REACHED).',
  body: CreateConnection,
  errors: [409, 422],
  responses: {
    201: {
      ...json(Connection, 'The new connection'),
      links: idLinks({
        GetConnection: 'get /api/connections/{id}',
        UpdateConnection: 'patch /api/connections/{id}',
        DeleteConnection: 'delete /api/connections/{id}',
        StartGmail: 'get /api/connections/{id}/gmail/start',
        SyncNow: 'post /api/connections/{id}/sync',
        Pause: 'post /api/connections/{id}/pause',
        Resume: 'post /api/connections/{id}/resume',
        Status: 'get /api/connections/{id}/status',
        Runs: 'get /api/connections/{id}/runs',
        Health: 'get /api/connections/{id}/health',
        Messages: 'get /api/connections/{id}/messages',
        Reprocess: 'post /api/connections/{id}/reprocess',
      }),
    },
  },
});
const list = listRoute('connections', '/api/connections', PageQuery, {
  summary: "The workspace's connections",
  ok: json(ConnectionList, 'One page of connections, newest first'),
});
const read = ownedRoute('connections', 'get /api/connections/{id}', {
  summary: 'One connection with its counts',
  responses: { 200: json(ConnectionWithCounts, 'The connection') },
});
const update = ownedRoute('connections', 'patch /api/connections/{id}', {
  summary: 'Change the label or the sync interval',
  body: UpdateConnection,
  errors: [409, 422, 502, 503],
  responses: { 200: json(Connection, 'The changed connection') },
});
const remove = ownedRoute('connections', 'delete /api/connections/{id}', {
  summary: 'Disconnect: forget the Gmail tokens, stop syncing, revoke the grant at Google, keep the archive',
  description:
    'The tokens are cleared first (a refresh in flight cannot write them back), then the grant is revoked at Google — ' +
    'unless another connection still uses the same Gmail account, whose grant it is too — then the workflow stops.',
  errors: [503],
  responses: { 200: json(Connection, 'The revoked connection') },
});

export function connectionRoutes(deps: AppDeps) {
  const { sql, temporal } = deps;
  const target = { temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE };

  return createRouter()
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const workspaceId = c.get('workspaceId');
      refuseSystemLabel(body.reservationLabel);
      const row = await sql.begin(async (tx) => {
        await refuseOverCap(tx, workspaceId, deps.env.CONNECTIONS_PER_WORKSPACE);
        return writingLabel(
          tx,
          tx`
            INSERT INTO connections (workspace_id, platform, reservation_label, sync_interval_minutes)
            VALUES (${workspaceId}, ${body.platform}, ${body.reservationLabel}, ${body.syncIntervalMinutes ?? 15})`,
          labelConflict(body.reservationLabel),
        );
      });
      return c.json(toConnection(row), 201);
    })
    .openapi(list, async (c) => {
      const workspaceId = c.get('workspaceId');
      const q = c.req.valid('query');
      const rows = await sql<ConnectionRow[]>`
        SELECT ${sql(CONNECTION_COLUMNS)} FROM connections
        WHERE workspace_id = ${workspaceId}
          ${q.cursor ? sql`AND (created_at, id) < (SELECT created_at, id FROM connections WHERE id = ${q.cursor} AND workspace_id = ${workspaceId})` : sql``}
        ORDER BY created_at DESC, id DESC
        LIMIT ${q.limit + 1}`;
      return c.json(
        toPage(rows, q.limit, (row) => toConnection(row)),
        200,
      );
    })
    .openapi(read, async (c) => {
      const row = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      return c.json({ ...toConnection(row), counts: await countsOf(deps, row.id) }, 200);
    })
    .openapi(update, async (c) => {
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      const { reservationLabel, syncIntervalMinutes } = c.req.valid('json');
      refuseSystemLabel(reservationLabel);
      const newLabel = reservationLabel !== conn.reservation_label ? reservationLabel : undefined;
      // a connected connection must go on syncing: resolve the new label in Gmail before taking it
      const newLabelId =
        newLabel !== undefined && conn.gmail_status === 'connected'
          ? await resolveLabel(deps, conn.id, newLabel)
          : null;
      const row = await writingLabel(
        sql,
        sql`
          UPDATE connections SET
            ${
              newLabel === undefined
                ? sql``
                : // another label's history cursor says nothing about this one: relist it in full
                  sql`reservation_label = ${newLabel}, gmail_label_id = ${newLabelId}, history_id = NULL,`
            }
            sync_interval_minutes = ${syncIntervalMinutes ?? conn.sync_interval_minutes},
            updated_at = now()
          WHERE id = ${conn.id}`,
        labelConflict(newLabel),
      );
      await notifyConfigChanged(target, conn.id, { label: newLabel, intervalMinutes: syncIntervalMinutes });
      return c.json(toConnection(row), 200);
    })
    .openapi(remove, async (c) => {
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      // the workflow stops its Gmail watch while the grant still works (best effort: a watch left
      // behind lapses at its expiry, and its notifications find no connection to wake)
      const watch = conn.gmail_status === 'connected' ? await endWatch(target, conn.id) : null;
      // then our copy of the grant: gone, and a new generation, so no refresh in flight writes it back
      const { row, tokens } = await forgetGrant(deps, conn.id);
      // then Google's copy, before the workflow: a Temporal outage (503, retried by the client) must
      // not leave the grant alive, and a retried DELETE has no tokens left to revoke with
      const grant = (await grantShared(deps, conn.id, row.gmail_address))
        ? 'kept_shared'
        : await revokeGrant(deps.gmailSettings, tokens);
      const workflowEnded = await disconnect(target, conn.id);
      await logActivity(sql, {
        workspaceId: conn.workspace_id,
        connectionId: conn.id,
        event: 'connector_disconnect_succeeded',
        context: {
          previousStatus: conn.gmail_status,
          workflowSignalled: workflowEnded,
          grant,
          watch: watch?.state ?? 'none',
        },
      });
      return c.json(toConnection(row), 200);
    });
}

/**
 * A workspace may have `cap` connections (`CONNECTIONS_PER_WORKSPACE`): each is a workflow, a
 * timer and a mailbox's share of the workers. The workspace row serialises concurrent creations,
 * so the cap holds under a race.
 */
async function refuseOverCap(tx: Queryable, workspaceId: string, cap: number) {
  await tx`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
  const [count] = await tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM connections WHERE workspace_id = ${workspaceId}`;
  if (count!.n >= cap)
    throw new AppError(CODE.CONNECTION_LIMIT_REACHED, `a workspace may have ${cap} connections`, {
      limit: cap,
    });
}

const labelConflict = (label: string | undefined) =>
  `another connection of this workspace already watches the label "${label}"`;

/** Clears the tokens and marks the connection revoked in one statement; returns what the row held. */
async function forgetGrant(deps: AppDeps, connectionId: string) {
  const { sql } = deps;
  const [row] = await sql<(ConnectionRow & { old_tokens: SealedTokens | null })[]>`
    WITH old AS (SELECT id AS old_id, oauth_tokens AS old_tokens FROM connections WHERE id = ${connectionId} FOR UPDATE)
    UPDATE connections SET gmail_status = 'revoked', oauth_tokens = NULL,
      token_generation = token_generation + 1, updated_at = now()
    FROM old WHERE id = old.old_id
    RETURNING ${sql(CONNECTION_COLUMNS)}, old.old_tokens`;
  const { old_tokens, ...connection } = row!;
  return {
    row: connection as ConnectionRow,
    tokens: old_tokens ? openOrNull(deps, old_tokens, connectionId) : null,
  };
}

function openOrNull(deps: AppDeps, sealed: SealedTokens, connectionId: string): OAuthTokens | null {
  try {
    return deps.cipher.open(sealed, connectionId);
  } catch {
    // sealed with a key that is gone: nothing to revoke with
    return null;
  }
}

/**
 * Google has one grant per account and OAuth client: revoking it for this connection would cut off
 * every other connection (in any workspace) that the same Gmail account authorised.
 */
async function grantShared(deps: AppDeps, connectionId: string, gmailAddress: string | null) {
  if (!gmailAddress) return false;
  const others = await deps.sql`
    SELECT 1 FROM connections
    WHERE id <> ${connectionId} AND lower(gmail_address) = lower(${gmailAddress})
      AND oauth_tokens IS NOT NULL AND gmail_status <> 'revoked'
    LIMIT 1`;
  return others.length > 0;
}

async function resolveLabel(deps: AppDeps, connectionId: string, label: string): Promise<string> {
  const gmail = await storedGmail(
    { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
    connectionId,
  );
  const { labelId, systemLabel } = await readAccount(gmail, label);
  if (!labelId) throw new AppError(CODE.LABEL_NOT_FOUND, `Gmail has no label "${label}"`, { label });
  if (systemLabel)
    throw new AppError(CODE.LABEL_NOT_ALLOWED, `"${label}" is a Gmail system label`, { label });
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
