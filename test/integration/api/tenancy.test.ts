import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.js';
import { seedReviewItem } from './review-fixtures.js';

/**
 * Every route that takes an id answers 403 FORBIDDEN for another workspace's resource, and
 * leaves that resource as it was.
 */
let api: Api;
let intruder: string;
let owner: { id: string; token: string };
let connectionId: string;
let itemId: string;
let bookingId: string;

beforeAll(async () => {
  api = await startApi();
  owner = await api.newWorkspace('owner');
  intruder = (await api.newWorkspace('intruder')).token;
  connectionId = (await api.newConnection(owner.token, 'Mine')).id;
  const seeded = await seedReviewItem(api.stack.sql, { workspaceId: owner.id, connectionId });
  itemId = seeded.itemId;
  bookingId = seeded.bookingIds[0]!;
});
afterAll(async () => {
  await api?.stop();
});

const routes = (): [string, string, object?][] => [
  ['GET', `/api/connections/${connectionId}`],
  ['PATCH', `/api/connections/${connectionId}`, { syncIntervalMinutes: 5 }],
  ['DELETE', `/api/connections/${connectionId}`],
  ['GET', `/api/connections/${connectionId}/gmail/start`],
  ['POST', `/api/connections/${connectionId}/sync`],
  ['POST', `/api/connections/${connectionId}/pause`],
  ['POST', `/api/connections/${connectionId}/resume`],
  ['GET', `/api/connections/${connectionId}/status`],
  ['GET', `/api/connections/${connectionId}/runs`],
  ['GET', `/api/connections/${connectionId}/health`],
  ['POST', `/api/connections/${connectionId}/reprocess`],
  ['GET', `/api/review-items?connectionId=${connectionId}`],
  ['POST', `/api/review-items/${itemId}/resolve`, { bookingId }],
  ['POST', `/api/review-items/${itemId}/dismiss`],
];

describe("another workspace's resources", () => {
  it('answer 403 FORBIDDEN on every route that takes an id', async () => {
    for (const [method, path, json] of routes()) {
      const res = await api.call(method, path, { token: intruder, json });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('are left untouched', async () => {
    const [conn] = await api.stack
      .sql`SELECT gmail_status, sync_state, sync_interval_minutes FROM connections WHERE id = ${connectionId}`;
    expect(conn).toEqual({ gmail_status: 'pending', sync_state: 'active', sync_interval_minutes: 15 });
    const [item] = await api.stack.sql`SELECT status FROM enrichment_review_items WHERE id = ${itemId}`;
    expect(item!.status).toBe('open');
    const runs = await api.stack.sql`SELECT 1 FROM sync_runs WHERE connection_id = ${connectionId}`;
    expect(runs).toHaveLength(0);
  });

  it('cannot be resolved onto: resolving my item with their booking is 403', async () => {
    const mine = await api.newWorkspace('mine');
    const myConn = await api.newConnection(mine.token, 'Mine too');
    const myItem = await seedReviewItem(api.stack.sql, { workspaceId: mine.id, connectionId: myConn.id });
    const res = await api.call('POST', `/api/review-items/${myItem.itemId}/resolve`, {
      token: mine.token,
      json: { bookingId },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it("are not in the intruder's lists", async () => {
    const lists = ['/api/connections', '/api/review-items', '/api/ical-feeds', '/api/bookings'];
    for (const path of lists) {
      const res = await api.call<{ items: unknown[] }>('GET', path, { token: intruder });
      expect(res.status, path).toBe(200);
      expect(res.body.items, path).toEqual([]);
    }
  });

  it("filtering bookings by another workspace's feed is 403", async () => {
    const [feed] = await api.stack.sql<
      { feed_id: string }[]
    >`SELECT feed_id FROM bookings WHERE id = ${bookingId}`;
    const res = await api.call('GET', `/api/bookings?feedId=${feed!.feed_id}`, { token: intruder });
    expect(res.status).toBe(403);
  });
});
