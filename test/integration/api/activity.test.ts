import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../../../api/routes/activity.js';
import { logActivity } from '../../../domain/activity-log.js';
import { type Api, startApi } from './harness.js';
import { seedReviewItem } from './review-fixtures.js';

let api: Api;
let owner: { id: string; token: string };
let stranger: { id: string; token: string };
let connectionId: string;

beforeAll(async () => {
  api = await startApi();
  owner = await api.newWorkspace('owner');
  stranger = await api.newWorkspace('stranger');
  connectionId = (await api.newConnection(owner.token, 'Airbnb')).id;
  const { sql } = api.stack;
  // a sync as the worker records it, then a review decision made through the API itself
  await logActivity(sql, {
    workspaceId: owner.id,
    connectionId,
    event: 'connector_sync_started',
    context: { trigger: 'manual' },
  });
  await logActivity(sql, {
    workspaceId: owner.id,
    connectionId,
    event: 'connector_sync_completed',
    context: { emailsArchived: 37, bookingsEnriched: 4 },
  });
  const { itemId, bookingIds } = await seedReviewItem(sql, { workspaceId: owner.id, connectionId });
  const resolved = await api.call('POST', `/api/review-items/${itemId}/resolve`, {
    token: owner.token,
    json: { bookingId: bookingIds[0] },
  });
  expect(resolved.status).toBe(200);
  // the stranger's own event, which the owner must never see (and the other way round)
  const theirs = (await api.newConnection(stranger.token, 'Theirs')).id;
  await logActivity(sql, { workspaceId: stranger.id, connectionId: theirs, event: 'connector_sync_failed' });
});
afterAll(async () => {
  await api?.stop();
});

const list = (token: string, query = '') => api.call<ActivityPage>('GET', `/api/activity${query}`, { token });

describe('GET /api/activity', () => {
  it("lists the workspace's events newest first, the review decision included", async () => {
    const res = await list(owner.token);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e) => e.event)).toEqual([
      'connector_review_resolved',
      'connector_sync_completed',
      'connector_sync_started',
    ]);
    expect(res.body.items[1]).toMatchObject({
      category: 'connector',
      connectionId,
      context: { emailsArchived: 37, bookingsEnriched: 4 },
    });
    expect(res.body.items[0]).toMatchObject({ category: 'review' });
  });

  it('filters by category', async () => {
    const review = await list(owner.token, '?category=review');
    expect(review.body.items.map((e) => e.event)).toEqual(['connector_review_resolved']);
    const feeds = await list(owner.token, '?category=feeds');
    expect(feeds.body.items).toEqual([]);
    const bad = await list(owner.token, '?category=everything');
    expect(bad.status).toBe(400);
  });

  it('pages with the cursor it hands out, and refuses one it did not', async () => {
    const first = await list(owner.token, '?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await list(owner.token, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e) => e.event)).toEqual(['connector_sync_started']);
    expect(second.body.nextCursor).toBeNull();
    const forged = await list(owner.token, '?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('query.cursor');
  });

  it("never shows another workspace's events, and answers 403 for its connection", async () => {
    const theirs = await list(stranger.token);
    expect(theirs.body.items.map((e) => e.event)).toEqual(['connector_sync_failed']);
    const peek = await list(stranger.token, `?connectionId=${connectionId}`);
    expect(peek.status).toBe(403);
    const anonymous = await api.call('GET', '/api/activity');
    expect(anonymous.status).toBe(401);
  });

  it('orders by the event id as a number, past a change in its digit count', async () => {
    const fresh = await api.newWorkspace('many events');
    for (let i = 0; i < 12; i++)
      await logActivity(api.stack.sql, {
        workspaceId: fresh.id,
        connectionId: null,
        event: 'connector_feed_imported',
        context: { i },
      });
    const res = await list(fresh.token);
    expect(res.body.items.map((e) => e.context.i)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });
});
