import { z } from '@hono/zod-openapi';
import { LISTING_NAME_SOURCES } from '../../contracts/conflicts.js';
import type { Sql } from '../../db/client.js';
import { checkPropertyConflicts } from '../../domain/conflicts/conflict-writes.js';
import type { AppDeps } from '../context.js';
import { isoTimestamp } from '../iso-timestamp.js';
import { ownedId } from '../ownership.js';
import { createRouter } from '../router.js';
import { FactPlatform, json, Timestamp, Uuid } from '../schemas.js';
import { ownedRoute, workspaceRoute } from '../workspace-route.js';
import { ownedProperty, propertyChoice } from './properties.js';

export const ListingName = z
  .object({
    id: Uuid,
    name: z.string().openapi({ description: 'as the first e-mail wrote it' }),
    platform: FactPlatform.openapi({ description: 'the channel whose mail names it' }),
    propertyId: Uuid.nullable(),
    source: z.enum(LISTING_NAME_SOURCES).openapi({
      description:
        'how propertyId was established: match (an earlier e-mail of this name matched a stay of one of its calendars), person, or none yet',
    }),
    suggestedPropertyId: Uuid.nullable().openapi({
      description:
        'a new name: the property it probably names, for a person to confirm (counts for nothing until then)',
    }),
    facts: z.number().int(),
    firstSeenAt: Timestamp,
    lastSeenAt: Timestamp,
  })
  .openapi('ListingName');
export type ListingName = z.infer<typeof ListingName>;
const ListingNameList = z.object({ items: z.array(ListingName) }).openapi('ListingNameList');
export type ListingNameList = z.infer<typeof ListingNameList>;

const ListingNameQuery = z.object({
  unmapped: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: only names no property has (a new name, perhaps with a suggestion)' }),
});
const MapListingName = propertyChoice('MapListingName', 'the property this name names; null: none of them');

const list = workspaceRoute('properties', 'get /api/listing-names', {
  summary: 'The listing names seen in mail, and the property each one names',
  query: ListingNameQuery,
  responses: { 200: json(ListingNameList, 'Every name, newest first') },
});
const map = ownedRoute('properties', 'patch /api/listing-names/{id}', {
  summary: 'Say which property a listing name names (or that it names none): the e-mails under it follow',
  description:
    "A person's word is final: no later match changes it. Both properties' conflicts are checked again at once.",
  body: MapListingName,
  responses: { 200: json(ListingName, 'The name, as a person decided') },
});

export function listingNameRoutes({ sql, env }: AppDeps) {
  const settings = { cancelledStillBlockedHours: env.CONFLICT_CANCELLED_STILL_BLOCKED_HOURS };
  return createRouter()
    .openapi(list, async (c) => {
      const unmapped = c.req.valid('query').unmapped === 'true';
      const rows = await selectNames(
        sql,
        sql`l.workspace_id = ${c.get('workspaceId')} ${unmapped ? sql`AND l.property_id IS NULL AND l.source = 'none'` : sql``}`,
      );
      return c.json({ items: rows }, 200);
    })
    .openapi(map, async (c) => {
      const workspaceId = c.get('workspaceId');
      const id = c.req.valid('param').id;
      const { propertyId } = c.req.valid('json');
      await ownedId(sql, 'listing_names', id, workspaceId, 'listing name');
      if (propertyId) await ownedProperty(sql, workspaceId, propertyId, 'json.propertyId');
      await sql.begin(async (tx) => {
        const [before] = await tx<{ property_id: string | null }[]>`
          SELECT property_id FROM listing_names WHERE id = ${id} FOR UPDATE`;
        await tx`UPDATE listing_names SET property_id = ${propertyId}, source = 'person', suggested_property_id = NULL
          WHERE id = ${id}`;
        const touched = [before?.property_id, propertyId].filter((p): p is string => Boolean(p));
        await checkPropertyConflicts(tx, { workspaceId, propertyIds: touched, settings });
      });
      const [row] = await selectNames(sql, sql`l.id = ${id}`);
      return c.json(row!, 200);
    });
}

/** The names as the API shows them: the query names each field. */
function selectNames(sql: Sql, where: ReturnType<Sql>) {
  return sql<ListingName[]>`
    SELECT l.id, l.name, l.platform, l.property_id AS "propertyId", l.source,
      l.suggested_property_id AS "suggestedPropertyId",
      (SELECT count(*)::int FROM reservation_facts f WHERE f.listing_name_id = l.id) AS facts,
      ${isoTimestamp(sql, 'l.first_seen_at')} AS "firstSeenAt", ${isoTimestamp(sql, 'l.last_seen_at')} AS "lastSeenAt"
    FROM listing_names l WHERE ${where}
    ORDER BY l.last_seen_at DESC, l.id`;
}
