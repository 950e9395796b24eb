import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dismissed, Resolved, ReviewItemPage } from '../../../api/routes/review-items.js';
import { type Api, startApi } from './harness.js';
import { SEEDED_EVIDENCE, seedReviewItem } from './review-fixtures.js';

let api: Api;
let workspace: { id: string; token: string };
let connectionId: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  api = await startApi();
  workspace = await api.newWorkspace('review');
  connectionId = (await api.newConnection(workspace.token, 'Airbnb')).id;
});
afterAll(async () => {
  await api?.stop();
});

const seed = () => seedReviewItem(api.stack.sql, { workspaceId: workspace.id, connectionId });
const list = (query = '') =>
  api.call<ReviewItemPage>('GET', `/api/review-items${query}`, { token: workspace.token });
const bookingsSnapshot = () =>
  api.stack.sql<
    { id: string; row: string }[]
  >`SELECT id, row_to_json(b)::text AS row FROM bookings b ORDER BY id`;

describe('GET /api/review-items', () => {
  it('lists open items with their fact, source e-mail, reason and ranked candidates', async () => {
    const seeded = await seed();
    const res = await list(`?connectionId=${connectionId}`);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i) => i.id === seeded.itemId)!;
    expect(item).toMatchObject({
      connectionId,
      reason: 'ambiguous',
      status: 'open',
      fact: { guestName: 'Ada Lovelace', checkIn: '2026-07-10', payoutAmount: 812.5 },
      email: { subject: 'Reservation confirmed - Ada arrives Jul 10', date: '2026-06-01T10:00:00.000Z' },
    });
    expect(item.candidates.map((c) => c.bookingId)).toEqual(seeded.bookingIds);
    expect(item.candidates.map((c) => c.checkIn)).toEqual(['2026-07-10', '2026-07-11', '2026-07-12']);
    expect(item.candidates[0]!.score).toBeCloseTo(0.9);
    expect(item.fact.via).toBeNull();
    expect(item.fact.readBy).toBe('template');
    expect(item.fact.evidence).toEqual(SEEDED_EVIDENCE);
  });

  it('shows a relayed fact’s channel, relay and reader: every channel is a valid platform', async () => {
    const seeded = await seed();
    const evidence = {
      checkIn: { part: 'text', start: 0, end: 20, text: 'Arrival: Sep 03 2026', reader: 'generic' },
    };
    await api.stack.sql`UPDATE reservation_facts
      SET platform = 'expedia', via = 'lodgify', read_by = 'generic', confidence = 0.85, evidence = ${api.stack.sql.json(evidence)}
      WHERE id = ${seeded.factId}`;
    const res = await list(`?connectionId=${connectionId}`);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i) => i.id === seeded.itemId)!;
    expect(item.fact).toMatchObject({ platform: 'expedia', via: 'lodgify', readBy: 'generic', evidence });
    for (const platform of ['agoda', 'direct', 'other', 'pms']) {
      await api.stack.sql`UPDATE reservation_facts SET platform = ${platform} WHERE id = ${seeded.factId}`;
      const again = await list(`?connectionId=${connectionId}`);
      expect(again.status, platform).toBe(200);
      expect(again.body.items.find((i) => i.id === seeded.itemId)!.fact.platform).toBe(platform);
    }
  });

  it('pages with limit and cursor', async () => {
    await seed();
    const first = await list('?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await list(`?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0]!.id).not.toBe(first.body.items[0]!.id);
  });

  it('validates the query', async () => {
    for (const query of ['?status=pending', '?connectionId=abc', '?limit=-1', '?cursor=zzz']) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const unknown = await list(`?connectionId=${UNKNOWN}`);
    expect(unknown.status).toBe(404);
  });
});

describe('POST /api/review-items/:id/resolve', () => {
  it('applies the fact to exactly the chosen booking, as a manual enrichment', async () => {
    const seeded = await seed();
    const chosen = seeded.bookingIds[1]!;
    const before = await bookingsSnapshot();

    const res = await api.call<Resolved>('POST', `/api/review-items/${seeded.itemId}/resolve`, {
      token: workspace.token,
      json: { bookingId: chosen },
    });
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ id: seeded.itemId, status: 'resolved' });
    expect(res.body.booking).toMatchObject({
      id: chosen,
      guestName: 'Ada Lovelace',
      guestCount: 3,
      enrichmentStatus: 'enriched',
      enrichment: { reason: 'manual', factId: seeded.factId },
    });

    const after = await bookingsSnapshot();
    expect(after.map((b) => b.id)).toEqual(before.map((b) => b.id));
    const changed = after.filter((b, i) => b.row !== before[i]!.row).map((b) => b.id);
    expect(changed).toEqual([chosen]);
    const [raw] = await api.stack
      .sql`SELECT raw_data->>'enrichment_reason' AS reason FROM bookings WHERE id = ${chosen}`;
    expect(raw!.reason).toBe('manual');

    const resolved = await list('?status=resolved');
    expect(resolved.body.items.map((i) => i.id)).toContain(seeded.itemId);
  });

  it('answers a second resolve (or a dismiss) with 409 ALREADY_RESOLVED', async () => {
    const seeded = await seed();
    const path = `/api/review-items/${seeded.itemId}`;
    const json = { bookingId: seeded.bookingIds[0] };
    expect((await api.call('POST', `${path}/resolve`, { token: workspace.token, json })).status).toBe(200);
    const again = await api.call('POST', `${path}/resolve`, { token: workspace.token, json });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RESOLVED');
    const dismiss = await api.call('POST', `${path}/dismiss`, { token: workspace.token });
    expect(dismiss.status).toBe(409);
    expect(dismiss.body.error.code).toBe('ALREADY_RESOLVED');
  });

  it('validates the body and answers unknown items and bookings with 404', async () => {
    const seeded = await seed();
    const path = `/api/review-items/${seeded.itemId}/resolve`;
    for (const input of [
      { json: {} },
      { json: { bookingId: 'abc' } },
      { json: { bookingId: 7 } },
      { raw: '{' },
    ]) {
      const res = await api.call('POST', path, { token: workspace.token, ...input });
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const unknownBooking = await api.call('POST', path, {
      token: workspace.token,
      json: { bookingId: UNKNOWN },
    });
    expect(unknownBooking.status).toBe(404);
    const unknownItem = await api.call('POST', `/api/review-items/${UNKNOWN}/resolve`, {
      token: workspace.token,
      json: { bookingId: seeded.bookingIds[0] },
    });
    expect(unknownItem.status).toBe(404);
    const badItem = await api.call('POST', '/api/review-items/not-an-id/resolve', {
      token: workspace.token,
      json: { bookingId: seeded.bookingIds[0] },
    });
    expect(badItem.status).toBe(400);
    const [item] = await api.stack
      .sql`SELECT status FROM enrichment_review_items WHERE id = ${seeded.itemId}`;
    expect(item!.status).toBe('open');
  });
});

describe('POST /api/review-items/:id/dismiss', () => {
  it('closes the item without touching any booking', async () => {
    const seeded = await seed();
    const before = await bookingsSnapshot();
    const res = await api.call<Dismissed>('POST', `/api/review-items/${seeded.itemId}/dismiss`, {
      token: workspace.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.item.status).toBe('dismissed');
    expect(await bookingsSnapshot()).toEqual(before);
    const dismissed = await list('?status=dismissed');
    expect(dismissed.body.items.map((i) => i.id)).toContain(seeded.itemId);
  });

  it('answers an unknown item with 404', async () => {
    const res = await api.call('POST', `/api/review-items/${UNKNOWN}/dismiss`, { token: workspace.token });
    expect(res.status).toBe(404);
  });
});
