import { describe, expect, it } from 'vitest';
import { recordEvent } from '../../../domain/events/record-event.js';
import { type Api, useApi } from './harness.js';
import { seedReviewItem } from './review-fixtures.js';

/**
 * Every route that takes an id answers 403 FORBIDDEN for another workspace's resource, and
 * leaves that resource as it was.
 */
/** The owner's resources an intruder aims at, one of each kind an id route names. */
interface Owned {
  owner: { id: string; token: string };
  intruder: string;
  connectionId: string;
  itemId: string;
  bookingId: string;
  feedId: string;
  propertyId: string;
  listingNameId: string;
  conflictId: string;
  endpointId: string;
  deliveryId: string;
  messageId: string;
}

let api: Api;
let owned: Owned;

useApi(async (started) => {
  api = started;
  owned = await seedOwned(api);
});

async function seedOwned(api: Api): Promise<Owned> {
  const owner = await api.newWorkspace('owner');
  const intruder = (await api.newWorkspace('intruder')).token;
  const connectionId = (await api.newConnection(owner.token, 'Mine')).id;
  const seeded = await seedReviewItem(api.stack.sql, { workspaceId: owner.id, connectionId });
  const bookingId = seeded.bookingIds[0]!;
  const [feed] = await api.stack.sql<
    { feed_id: string }[]
  >`SELECT feed_id FROM bookings WHERE id = ${bookingId}`;
  // a property with a conflict and a listing name of its own
  const [property] = await api.stack.sql<{ id: string }[]>`
    INSERT INTO properties (workspace_id, name) VALUES (${owner.id}, 'Owned place') RETURNING id`;
  const propertyId = property!.id;
  const [name] = await api.stack.sql<{ id: string }[]>`
    INSERT INTO listing_names (workspace_id, platform, name, name_key) VALUES (${owner.id}, 'airbnb', 'Owned', 'owned')
    RETURNING id`;
  const [conflict] = await api.stack.sql<{ id: string }[]>`
    INSERT INTO conflicts (workspace_id, property_id, kind, cause, sides, nights_from, nights_to)
    VALUES (${owner.id}, ${propertyId}, 'double_booking', 'seeded', '[]'::jsonb, '2030-01-01', '2030-01-02')
    RETURNING id`;
  const endpoint = await api.call<{ id: string }>('POST', '/api/webhook-endpoints', {
    token: owner.token,
    json: { url: 'https://hooks.example.test/owner', events: ['booking.enriched'] },
  });
  const endpointId = endpoint.body.id;
  await recordEvent(api.stack.sql, { workspaceId: owner.id, type: 'booking.enriched', data: { bookingId } });
  const [delivery] = await api.stack.sql<{ id: string }[]>`
    SELECT id FROM webhook_deliveries WHERE endpoint_id = ${endpointId}`;
  const messageId = 'owner-unread-mail';
  await api.stack.sql`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject, flags)
    VALUES (${owner.id}, ${connectionId}, ${messageId}, 'Reservation received', '{unrecognized}')`;
  return {
    owner,
    intruder,
    connectionId,
    itemId: seeded.itemId,
    bookingId,
    feedId: feed!.feed_id,
    propertyId,
    listingNameId: name!.id,
    conflictId: conflict!.id,
    endpointId,
    deliveryId: delivery!.id,
    messageId,
  };
}

/** The owned resource each id-route family names, so every derived route gets a real foreign id. */
const OWNED_IDS: Record<string, () => string> = {
  '/api/connections/{id}': () => owned.connectionId,
  '/api/review-items/{id}': () => owned.itemId,
  '/api/ical-feeds/{id}': () => owned.feedId,
  '/api/workspaces/{id}': () => owned.owner.id,
  '/api/webhook-endpoints/{id}': () => owned.endpointId,
  '/api/bookings/{id}': () => owned.bookingId,
  '/api/properties/{id}': () => owned.propertyId,
  '/api/listing-names/{id}': () => owned.listingNameId,
  '/api/conflicts/{id}': () => owned.conflictId,
};

/** Path parameters after the owned id, each naming a real resource of the owner's. */
const INNER_IDS: Record<string, () => string> = {
  '{messageId}': () => owned.messageId,
  '{deliveryId}': () => owned.deliveryId,
};

/** A valid body for each route that requires one: an invalid body is a 400 before ownership is checked. */
const BODIES: Record<string, () => object> = {
  'PATCH /api/connections/{id}': () => ({ syncIntervalMinutes: 5 }),
  'POST /api/review-items/{id}/resolve': () => ({ bookingId: owned.bookingId }),
  'PATCH /api/ical-feeds/{id}': () => ({ propertyId: null }),
  'PATCH /api/listing-names/{id}': () => ({ propertyId: null }),
};

/** Ids that arrive in the query string instead of the path: the registry has no `{id}` to find them by. */
const QUERY_ID_ROUTES = (): [string, string][] => [
  ['GET', `/api/review-items?connectionId=${owned.connectionId}`],
  ['GET', `/api/activity?connectionId=${owned.connectionId}`],
  ['GET', `/api/conflicts?propertyId=${owned.propertyId}`],
  ['GET', `/api/bookings?propertyId=${owned.propertyId}`],
];

interface IdRoute {
  method: string;
  template: string;
  needsBody: boolean;
}

/** Every documented route with a path parameter: a new one takes part without anyone listing it. */
function idRoutes(): IdRoute[] {
  return api.app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === 'route' && d.route.path.includes('{')
      ? [
          {
            method: d.route.method.toUpperCase(),
            template: d.route.path,
            needsBody: d.route.request?.body?.required === true,
          },
        ]
      : [],
  );
}

function request({ method, template, needsBody }: IdRoute): { path: string; json?: object } {
  const family = Object.keys(OWNED_IDS).find((prefix) => template.startsWith(prefix));
  if (!family)
    throw new Error(`${method} ${template}: no owned resource seeded for it, add one to OWNED_IDS`);
  const body = BODIES[`${method} ${template}`];
  if (needsBody && !body) throw new Error(`${method} ${template} takes a body: add a valid one to BODIES`);
  const path = withInnerIds(template.replace('{id}', OWNED_IDS[family]!()));
  if (path.includes('{')) throw new Error(`${method} ${template}: add its inner path parameter to INNER_IDS`);
  return { path, json: body?.() };
}

function withInnerIds(path: string): string {
  return Object.entries(INNER_IDS).reduce((built, [param, id]) => built.replace(param, id()), path);
}

describe("another workspace's resources", () => {
  it('answer 403 FORBIDDEN on every route that takes an id', async () => {
    const derived = idRoutes();
    // the families known today, so an empty or unread registry cannot pass by testing nothing
    expect(derived.length).toBeGreaterThanOrEqual(13);
    const calls: [string, string, object?][] = [
      ...derived.map((route): [string, string, object?] => {
        const { path, json } = request(route);
        return [route.method, path, json];
      }),
      ...QUERY_ID_ROUTES(),
    ];
    for (const [method, path, json] of calls) {
      const res = await api.call(method, path, { token: owned.intruder, json });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code, `${method} ${path}`).toBe('FORBIDDEN');
    }
  });

  it('are reached only through documented routes, so none escapes the list above', () => {
    const documented = new Set(idRoutes().map((r) => `${r.method} ${r.template}`));
    // the web app's /app pages reach data only through these same routes, in process (web/workspace-api.ts);
    // their tenancy is driven in a browser in test/integration/web
    const undocumented = api.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path.includes('/:'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !documented.has(route));
    expect(undocumented).toEqual([]);
  });

  it('are left untouched', async () => {
    const [conn] = await api.stack
      .sql`SELECT gmail_status, sync_state, sync_interval_minutes FROM connections WHERE id = ${owned.connectionId}`;
    expect(conn).toEqual({ gmail_status: 'pending', sync_state: 'active', sync_interval_minutes: 15 });
    const [item] = await api.stack.sql`SELECT status FROM enrichment_review_items WHERE id = ${owned.itemId}`;
    expect(item!.status).toBe('open');
    const runs = await api.stack.sql`SELECT 1 FROM sync_runs WHERE connection_id = ${owned.connectionId}`;
    expect(runs).toHaveLength(0);
    const [feed] = await api.stack.sql`SELECT status, property_id FROM ical_feeds WHERE id = ${owned.feedId}`;
    expect(feed).toEqual({ status: 'active', property_id: null });
    const [conflict] = await api.stack.sql`SELECT status FROM conflicts WHERE id = ${owned.conflictId}`;
    expect(conflict).toEqual({ status: 'open' });
    const [name] = await api.stack.sql`SELECT source FROM listing_names WHERE id = ${owned.listingNameId}`;
    expect(name).toEqual({ source: 'none' });
    const [endpoint] = await api.stack.sql`
      SELECT disabled_at, previous_secret FROM webhook_endpoints WHERE id = ${owned.endpointId}`;
    expect(endpoint).toEqual({ disabled_at: null, previous_secret: null });
    const redeliveries = await api.stack
      .sql`SELECT 1 FROM webhook_deliveries WHERE redelivery_of IS NOT NULL`;
    expect(redeliveries).toHaveLength(0);
    const [message] = await api.stack
      .sql`SELECT dismissed_at FROM gmail_messages WHERE gmail_message_id = ${owned.messageId}`;
    expect(message).toEqual({ dismissed_at: null });
  });

  it('cannot be resolved onto: resolving my item with their booking is 403', async () => {
    const mine = await api.newWorkspace('mine');
    const myConn = await api.newConnection(mine.token, 'Mine too');
    const myItem = await seedReviewItem(api.stack.sql, { workspaceId: mine.id, connectionId: myConn.id });
    const res = await api.call('POST', `/api/review-items/${myItem.itemId}/resolve`, {
      token: mine.token,
      json: { bookingId: owned.bookingId },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('cannot be grouped into: my feed or listing name into their property is 403, and nothing moves', async () => {
    const mine = await api.newWorkspace('grouping');
    const [myFeed] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO ical_feeds (workspace_id, platform, url) VALUES (${mine.id}, 'airbnb', 'https://example.test/mine.ics')
      RETURNING id`;
    const [myName] = await api.stack.sql<{ id: string }[]>`
      INSERT INTO listing_names (workspace_id, platform, name, name_key) VALUES (${mine.id}, 'airbnb', 'Mine', 'mine')
      RETURNING id`;
    for (const path of [`/api/ical-feeds/${myFeed!.id}`, `/api/listing-names/${myName!.id}`]) {
      const res = await api.call('PATCH', path, {
        token: mine.token,
        json: { propertyId: owned.propertyId },
      });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('FORBIDDEN');
    }
    const created = await api.call('POST', '/api/ical-feeds', {
      token: mine.token,
      json: { platform: 'airbnb', url: 'https://example.test/other.ics', propertyId: owned.propertyId },
    });
    expect(created.status).toBe(403);
    const [feed] = await api.stack.sql`SELECT property_id FROM ical_feeds WHERE id = ${myFeed!.id}`;
    expect(feed).toEqual({ property_id: null });
    const feeds = await api.stack.sql`SELECT 1 FROM ical_feeds WHERE workspace_id = ${mine.id}`;
    expect(feeds).toHaveLength(1);
  });

  it("are not in the intruder's lists", async () => {
    const lists = [
      '/api/connections',
      '/api/review-items',
      '/api/ical-feeds',
      '/api/bookings',
      '/api/webhook-endpoints',
      '/api/properties',
      '/api/listing-names',
      '/api/conflicts',
    ];
    for (const path of lists) {
      const res = await api.call<{ items: unknown[] }>('GET', path, { token: owned.intruder });
      expect(res.status, path).toBe(200);
      expect(res.body.items, path).toEqual([]);
    }
  });

  it("filtering bookings by another workspace's feed is 403", async () => {
    const [feed] = await api.stack.sql<
      { feed_id: string }[]
    >`SELECT feed_id FROM bookings WHERE id = ${owned.bookingId}`;
    const res = await api.call('GET', `/api/bookings?feedId=${feed!.feed_id}`, { token: owned.intruder });
    expect(res.status).toBe(403);
  });
});

/**
 * Another spelling of an owned id, and ids that would name another path or query once decoded and
 * put into one. (`%2e%2e` needs no case: URL parsing resolves it as `..` before any route sees it.)
 */
const NOT_CANONICAL = (id: string) => [
  id.toUpperCase(),
  '..%2F..%2Fworkspaces',
  `${id}%2F..%2F..%2Freview-items`,
  `${id}%3Fstatus=open`,
];

describe('ids in paths', () => {
  it('are taken in one spelling only: anything else is 400 VALIDATION_FAILED naming param.id, on every route', async () => {
    for (const route of idRoutes()) {
      const { json } = request(route);
      const family = Object.keys(OWNED_IDS).find((prefix) => route.template.startsWith(prefix))!;
      for (const id of NOT_CANONICAL(OWNED_IDS[family]!())) {
        const path = withInnerIds(route.template.replace('{id}', id));
        const res = await api.call(route.method, path, {
          token: owned.owner.token,
          json,
        });
        expect(res.status, `${route.method} ${path}`).toBe(400);
        expect(res.body.error, `${route.method} ${path}`).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ path: 'param.id' }],
        });
      }
    }
  });

  it('are checked by the web app before it builds an API path from them', async () => {
    const session = await api.webSession(owned.owner.token);
    const pages: [string, (id: string) => string][] = [
      ['GET', (id) => `/app/connections/${id}/card`],
      ['GET', (id) => `/app/connections/${id}/runs`],
      ['GET', (id) => `/app/connections/${id}/connect`],
      ['POST', (id) => `/app/connections/${id}/sync`],
      ['POST', (id) => `/app/connections/${id}/delete`],
      ['POST', (id) => `/app/review/${id}/dismiss`],
      ['POST', (id) => `/app/review/mail/${id}/owner-unread-mail/dismiss`],
      ['POST', (id) => `/app/feeds/${id}/delete`],
      ['GET', (id) => `/app/webhooks/${id}`],
      ['POST', (id) => `/app/webhooks/${id}/delete`],
      ['POST', (id) => `/app/webhooks/${id}/rotate-secret`],
      ['GET', (id) => `/app/properties/${id}/calendar`],
      ['POST', (id) => `/app/properties/${id}/feeds`],
      ['POST', (id) => `/app/feeds/${id}/property`],
      ['POST', (id) => `/app/listing-names/${id}`],
      ['POST', (id) => `/app/conflicts/${id}/acknowledge`],
    ];
    for (const [method, page] of pages) {
      for (const id of NOT_CANONICAL(owned.connectionId)) {
        const res = await api.web(method, page(id), session, method === 'POST' ? {} : undefined);
        expect(res.status, `${method} ${page(id)}`).toBe(400);
        expect(await res.text(), `${method} ${page(id)}`).toContain('id: must be a UUID in lower case');
      }
    }
    // and nothing was done to what the ids spelled
    const [conn] = await api.stack.sql`SELECT gmail_status FROM connections WHERE id = ${owned.connectionId}`;
    expect(conn).toEqual({ gmail_status: 'pending' });
  });
});
