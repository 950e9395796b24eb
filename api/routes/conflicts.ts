import { z } from '@hono/zod-openapi';
import { CONFLICT_KINDS, CONFLICT_RESOLUTIONS, CONFLICT_STATUSES } from '../../contracts/conflicts.js';
import { CODE } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { logActivity } from '../../domain/activity-log.js';
import { conflictPath } from '../../domain/conflicts/conflict-writes.js';
import type { ConflictSide, EvidenceLine } from '../../domain/conflicts/property-snapshot.js';
import { RESOLUTION_WORDS } from '../../domain/conflicts/resolution.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { owned } from '../ownership.js';
import { createRouter } from '../router.js';
import {
  FactPlatform,
  IsoDate,
  iso,
  json,
  PageQuery,
  Platform,
  page,
  Timestamp,
  toPage,
  Uuid,
} from '../schemas.js';
import { listRoute, oneRoute, ownedRoute, workspaceRoute } from '../workspace-route.js';
import { ownedProperty } from './properties.js';

const Kind = z.enum(CONFLICT_KINDS).openapi('ConflictKind');
const Status = z.enum(CONFLICT_STATUSES);

const SideBooking = z
  .object({
    id: Uuid,
    feedId: Uuid,
    feedName: z.string().nullable(),
    channel: Platform.openapi({ description: "the feed's platform: whose calendar it is" }),
    checkIn: IsoDate,
    checkOut: IsoDate,
    status: z.enum(['confirmed', 'blocked', 'cancelled']),
    confirmationCode: z.string().nullable(),
    guestName: z.string().nullable(),
    vanished: z.boolean().openapi({ description: 'the feed no longer lists it; kept, in doubt' }),
  })
  .openapi('ConflictBooking');
const SideFact = z
  .object({
    id: Uuid,
    channel: FactPlatform,
    kind: z.enum(['confirmed', 'cancelled']),
    checkIn: IsoDate.nullable(),
    checkOut: IsoDate.nullable(),
    confirmationCode: z.string().nullable(),
    guestName: z.string().nullable(),
    listingName: z.string().nullable(),
    receivedAt: Timestamp.openapi({ description: 'when the e-mail arrived' }),
    subject: z.string().nullable(),
  })
  .openapi('ConflictFact');
const Side = z.object({ bookings: z.array(SideBooking), facts: z.array(SideFact) }).openapi('ConflictSide');

export const Conflict = z
  .object({
    id: Uuid,
    kind: Kind,
    status: Status,
    propertyId: Uuid,
    propertyName: z.string(),
    nights: z.object({ from: IsoDate, to: IsoDate }).openapi({
      description: 'the nights it is about, half-open: `to` is the morning after the last night',
    }),
    sides: z.array(Side).openapi({ description: 'the bookings and facts on each side (two sides)' }),
    evidence: z
      .array(
        z.object({
          source: z.enum(['calendar', 'mail']),
          text: z.string(),
          bookingId: Uuid.optional(),
          factId: Uuid.optional(),
        }),
      )
      .openapi({ description: 'the calendar events and the lines of mail that show it' }),
    detectedAt: Timestamp,
    acknowledgedAt: Timestamp.nullable(),
    resolvedAt: Timestamp.nullable(),
    resolution: z
      .object({ code: z.enum(CONFLICT_RESOLUTIONS), text: z.string() })
      .nullable()
      .openapi({ description: 'why it resolved itself' }),
  })
  .openapi('Conflict');
export type Conflict = z.infer<typeof Conflict>;
const ConflictPage = page(Conflict).openapi('ConflictPage');
export type ConflictPage = z.infer<typeof ConflictPage>;
const ConflictSummary = z
  .object({
    open: z.number().int(),
    acknowledged: z.number().int(),
    openByKind: z.record(Kind, z.number().int()),
  })
  .openapi('ConflictSummary');
export type ConflictSummary = z.infer<typeof ConflictSummary>;

const ConflictQuery = PageQuery.extend({
  status: Status.default('open'),
  propertyId: Uuid.optional(),
  kind: Kind.optional(),
});

const list = listRoute('conflicts', '/api/conflicts', ConflictQuery, {
  summary: 'Conflicts between channels, and between mail and calendars, newest first',
  ok: json(ConflictPage, 'One page of conflicts, newest first'),
});
const summary = workspaceRoute('conflicts', 'get /api/conflicts/summary', {
  summary: 'How many conflicts are open and acknowledged (the navigation badge)',
  responses: { 200: json(ConflictSummary, 'The counts') },
});
const one = oneRoute('conflicts', '/api/conflicts/{id}', {
  summary: 'One conflict',
  ok: json(Conflict, 'The conflict'),
});
const acknowledge = ownedRoute('conflicts', 'post /api/conflicts/{id}/acknowledge', {
  summary: 'Say a person has seen it: it stays until its cause goes away',
  description:
    'Idempotent. 409 CONFLICT_ALREADY_RESOLVED when it resolved itself. Acknowledging a vanished stay lets the next import apply the vanish.',
  errors: [409],
  responses: { 200: json(Conflict, 'The acknowledged conflict') },
});

export function conflictRoutes({ sql }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const workspaceId = c.get('workspaceId');
      const q = c.req.valid('query');
      if (q.propertyId) await ownedProperty(sql, workspaceId, q.propertyId, 'query.propertyId');
      const rows = await selectConflicts(
        sql,
        sql`c.workspace_id = ${workspaceId} AND c.status = ${q.status}
          ${q.propertyId ? sql`AND c.property_id = ${q.propertyId}` : sql``}
          ${q.kind ? sql`AND c.kind = ${q.kind}` : sql``}
          ${q.cursor ? sql`AND (c.detected_at, c.id) < (SELECT detected_at, id FROM conflicts WHERE id = ${q.cursor} AND workspace_id = ${workspaceId})` : sql``}`,
        q.limit + 1,
      );
      return c.json(toPage(await withSides(sql, rows), q.limit, toConflict), 200);
    })
    .openapi(summary, async (c) => {
      const rows = await sql<{ kind: Conflict['kind']; status: 'open' | 'acknowledged'; n: number }[]>`
        SELECT kind, status, count(*)::int AS n FROM conflicts
        WHERE workspace_id = ${c.get('workspaceId')} AND status <> 'resolved' GROUP BY kind, status`;
      const count = (status: string, kind?: string) =>
        rows.filter((r) => r.status === status && (!kind || r.kind === kind)).reduce((n, r) => n + r.n, 0);
      return c.json(
        {
          open: count('open'),
          acknowledged: count('acknowledged'),
          openByKind: Object.fromEntries(CONFLICT_KINDS.map((k) => [k, count('open', k)])) as Record<
            Conflict['kind'],
            number
          >,
        },
        200,
      );
    })
    .openapi(one, async (c) => {
      const found = await readConflict(sql, c.req.valid('param').id);
      owned(found ? { workspace_id: found.workspaceId } : undefined, c.get('workspaceId'), 'conflict');
      return c.json(found!.conflict, 200);
    })
    .openapi(acknowledge, async (c) => {
      const workspaceId = c.get('workspaceId');
      const id = c.req.valid('param').id;
      await sql.begin(async (tx) => {
        const [row] = await tx<
          { workspace_id: string; status: Conflict['status']; kind: string; property_id: string }[]
        >`
          SELECT workspace_id, status, kind, property_id FROM conflicts WHERE id = ${id} FOR UPDATE`;
        owned(row, workspaceId, 'conflict');
        if (row!.status === 'resolved') throw new AppError(CODE.CONFLICT_ALREADY_RESOLVED);
        if (row!.status === 'acknowledged') return;
        await tx`UPDATE conflicts SET status = 'acknowledged', acknowledged_at = clock_timestamp() WHERE id = ${id}`;
        await logActivity(tx, {
          workspaceId,
          connectionId: null,
          event: 'connector_conflict_acknowledged',
          context: { conflictId: id, kind: row!.kind, propertyId: row!.property_id, path: conflictPath(id) },
        });
      });
      return c.json((await readConflict(sql, id))!.conflict, 200);
    });
}

interface ConflictRow {
  id: string;
  workspace_id: string;
  kind: Conflict['kind'];
  status: Conflict['status'];
  property_id: string;
  property_name: string;
  nights_from: string;
  nights_to: string;
  sides: [ConflictSide, ConflictSide];
  evidence: EvidenceLine[];
  detected_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  resolution: (typeof CONFLICT_RESOLUTIONS)[number] | null;
}

type Sides = Conflict['sides'];

function selectConflicts(sql: Sql, where: ReturnType<Sql>, limit: number) {
  return sql<ConflictRow[]>`
    SELECT c.id, c.workspace_id, c.kind, c.status, c.property_id, p.name AS property_name,
      c.nights_from::text AS nights_from, c.nights_to::text AS nights_to, c.sides, c.evidence,
      c.detected_at, c.acknowledged_at, c.resolved_at, c.resolution
    FROM conflicts c JOIN properties p ON p.id = c.property_id
    WHERE ${where}
    ORDER BY c.detected_at DESC, c.id DESC
    LIMIT ${limit}`;
}

/** The bookings and facts the sides name, as they are now; one no longer there is left out. */
async function withSides(sql: Sql, rows: ConflictRow[]): Promise<(ConflictRow & { expanded: Sides })[]> {
  const bookingIds = [...new Set(rows.flatMap((r) => r.sides.flatMap((s) => s.bookingIds)))];
  const factIds = [...new Set(rows.flatMap((r) => r.sides.flatMap((s) => s.factIds)))];
  const bookings = bookingIds.length
    ? await sql<(z.infer<typeof SideBooking> & { workspaceId: string })[]>`
        SELECT b.id, b.workspace_id AS "workspaceId", b.feed_id AS "feedId", f.name AS "feedName",
          f.platform AS channel, b.check_in::text AS "checkIn", b.check_out::text AS "checkOut", b.status,
          b.confirmation_code AS "confirmationCode", b.guest_name AS "guestName",
          b.vanished_at IS NOT NULL AS vanished
        FROM bookings b JOIN ical_feeds f ON f.id = b.feed_id WHERE b.id = ANY(${bookingIds}::uuid[])`
    : [];
  const facts = factIds.length
    ? await sql<(z.infer<typeof SideFact> & { workspaceId: string })[]>`
        SELECT f.id, f.workspace_id AS "workspaceId", f.platform AS channel, f.kind,
          f.check_in::text AS "checkIn", f.check_out::text AS "checkOut",
          f.confirmation_code AS "confirmationCode", f.guest_name AS "guestName",
          f.listing_name AS "listingName", coalesce(m.internal_date, m.archived_at) AS "receivedAt", m.subject
        FROM reservation_facts f JOIN gmail_messages m ON m.id = f.message_id
        WHERE f.id = ANY(${factIds}::uuid[])`
    : [];
  return rows.map((row) => {
    const mine = <T extends { id: string; workspaceId: string }>(all: T[], ids: string[]) =>
      ids.flatMap((id) => all.filter((x) => x.id === id && x.workspaceId === row.workspace_id));
    const strip = <T extends { workspaceId: string }>({ workspaceId: _, ...rest }: T) => rest;
    return {
      ...row,
      expanded: row.sides.map((side) => ({
        bookings: mine(bookings, side.bookingIds).map(strip),
        facts: mine(facts, side.factIds).map((f) => ({
          ...strip(f),
          receivedAt: new Date(f.receivedAt).toISOString(),
        })),
      })),
    };
  });
}

async function readConflict(sql: Sql, id: string) {
  const [row] = await withSides(sql, await selectConflicts(sql, sql`c.id = ${id}`, 1));
  return row ? { workspaceId: row.workspace_id, conflict: toConflict(row) } : null;
}

function toConflict(r: ConflictRow & { expanded: Sides }): Conflict {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    propertyId: r.property_id,
    propertyName: r.property_name,
    nights: { from: r.nights_from, to: r.nights_to },
    sides: r.expanded,
    evidence: r.evidence,
    detectedAt: r.detected_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution ? { code: r.resolution, text: RESOLUTION_WORDS[r.resolution] } : null,
  };
}
