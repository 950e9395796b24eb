import { z } from '@hono/zod-openapi';
import { CODE } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { createProperty } from '../../domain/properties/property-writes.js';
import type { AppDeps } from '../context.js';
import { AppError, isUniqueViolation } from '../errors.js';
import { isoTimestamp } from '../iso-timestamp.js';
import { found, owned, ownedId } from '../ownership.js';
import { createRouter } from '../router.js';
import { FactPlatform, idLinks, json, Platform, Timestamp, Uuid, visibleText } from '../schemas.js';
import { oneRoute, workspaceRoute } from '../workspace-route.js';

const CreateProperty = z
  .object({
    name: visibleText(200).openapi({
      description: 'what the host calls the place',
      example: 'Loft Santa Croce',
    }),
  })
  .openapi('CreateProperty');

const PropertyFeed = z
  .object({
    id: Uuid,
    name: z.string().nullable(),
    platform: Platform,
    status: z.enum(['active', 'paused', 'held_for_review']),
  })
  .openapi('PropertyFeed');

const PropertyListingName = z
  .object({
    id: Uuid,
    name: z.string(),
    platform: FactPlatform.openapi({ description: 'the channel whose mail names it' }),
    source: z.enum(['match', 'person']).openapi({
      description:
        'match: an earlier e-mail of this name matched a stay of the property; person: someone chose it',
    }),
    facts: z.number().int().openapi({ description: 'facts read from mail under this name' }),
  })
  .openapi('PropertyListingName');

export const Property = z
  .object({
    id: Uuid,
    name: z.string(),
    feeds: z.array(PropertyFeed).openapi({ description: 'its calendars, one per channel' }),
    listingNames: z.array(PropertyListingName).openapi({ description: 'the names its mail gives it' }),
    openConflicts: z
      .number()
      .int()
      .openapi({ description: 'conflicts open or acknowledged, not yet resolved' }),
    createdAt: Timestamp,
  })
  .openapi('Property');
export type Property = z.infer<typeof Property>;
const PropertyList = z.object({ items: z.array(Property) }).openapi('PropertyList');
export type PropertyList = z.infer<typeof PropertyList>;

const create = workspaceRoute('properties', 'post /api/properties', {
  summary: 'Add a property: a place that can be booked once per night',
  description:
    'Group its calendars with PATCH /api/ical-feeds/{id} {propertyId}; 409 PROPERTY_CONFLICT when the name is taken.',
  body: CreateProperty,
  errors: [409],
  responses: {
    201: { ...json(Property, 'The property'), links: idLinks({ GetProperty: 'get /api/properties/{id}' }) },
  },
});
const list = workspaceRoute('properties', 'get /api/properties', {
  summary: "The workspace's properties, with their calendars and the listing names their mail uses",
  responses: { 200: json(PropertyList, 'All properties, by name') },
});
const one = oneRoute('properties', '/api/properties/{id}', {
  summary: 'One property, with its calendars and listing names',
  ok: json(Property, 'The property'),
});

export function propertyRoutes({ sql }: AppDeps) {
  const readProperty = async (id: string) =>
    found((await selectProperties(sql, sql`p.id = ${id}`))[0], 'property');
  return createRouter()
    .openapi(create, async (c) => {
      const workspaceId = c.get('workspaceId');
      const { name } = c.req.valid('json');
      try {
        const id = await sql.begin((tx) => createProperty(tx, workspaceId, name));
        return c.json(await readProperty(id), 201);
      } catch (err) {
        if (isUniqueViolation(err, 'properties_workspace_name_key'))
          throw new AppError(CODE.PROPERTY_CONFLICT, undefined, [
            { path: 'json.name', message: 'another property has this name' },
          ]);
        throw err;
      }
    })
    .openapi(list, async (c) => {
      const rows = await selectProperties(sql, sql`p.workspace_id = ${c.get('workspaceId')}`);
      return c.json({ items: rows }, 200);
    })
    .openapi(one, async (c) => {
      const id = c.req.valid('param').id;
      await ownedId(sql, 'properties', id, c.get('workspaceId'), 'property');
      return c.json(await readProperty(id), 200);
    });
}

/** The body that puts a thing (a feed, a listing name) in a property, or with null in none. */
export const propertyChoice = (name: string, description: string) =>
  z.object({ propertyId: Uuid.nullable().openapi({ description }) }).openapi(name);

/** 404 when no such property, 403 when another workspace's: for routes that take one in a body or query. */
export async function ownedProperty(sql: Sql, workspaceId: string, propertyId: string, field: string) {
  const [row] = await sql<{ id: string; workspace_id: string }[]>`
    SELECT id, workspace_id FROM properties WHERE id = ${propertyId}`;
  if (!row)
    throw new AppError(CODE.NOT_FOUND, 'property not found', [{ path: field, message: 'no such property' }]);
  return owned(row, workspaceId, 'property');
}

/** The properties as the API shows them: the query names each field. */
function selectProperties(sql: Sql, where: ReturnType<Sql>) {
  return sql<Property[]>`
    SELECT p.id, p.name,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'name', f.name, 'platform', f.platform,
          'status', f.status) ORDER BY f.platform, f.created_at), '[]'::jsonb)
        FROM ical_feeds f WHERE f.property_id = p.id) AS feeds,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'platform', l.platform,
          'source', l.source,
          'facts', (SELECT count(*) FROM reservation_facts rf WHERE rf.listing_name_id = l.id))
          ORDER BY l.platform, l.name), '[]'::jsonb)
        FROM listing_names l WHERE l.property_id = p.id) AS "listingNames",
      (SELECT count(*)::int FROM conflicts c WHERE c.property_id = p.id AND c.status <> 'resolved') AS "openConflicts",
      ${isoTimestamp(sql, 'p.created_at')} AS "createdAt"
    FROM properties p WHERE ${where}
    ORDER BY lower(p.name), p.id`;
}
