import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchFacts } from '../../../activities/match/match-facts.js';
import { dismissReviewItem, resolveReviewItem } from '../../../domain/review/resolve-review-item.js';
import { ReviewItemError } from '../../../domain/review/review-item-error.js';
import { openReviewItems } from '../../../domain/review/review-item-writes.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import {
  addBooking,
  addFact,
  createTenant,
  expectMatched,
  readBooking,
  readBookings,
  readFact,
  stay,
  type Tenant,
} from './fixtures.js';

useTestSql();

interface StoredItem {
  id: string;
  factId: string;
  reason: string;
  status: string;
  candidates: unknown;
  resolution: Record<string, unknown> | null;
}

async function itemsOf(connectionId: string): Promise<StoredItem[]> {
  return sql<StoredItem[]>`
    SELECT id, fact_id AS "factId", reason, status, candidates, resolution
    FROM enrichment_review_items WHERE connection_id = ${connectionId} ORDER BY created_at, id`;
}

/** A tenant with two unmatched stays and one fact that matches none of them (one open review item). */
async function tenantWithOpenItem(): Promise<{
  t: Tenant;
  bookingIds: string[];
  factId: string;
  itemId: string;
}> {
  const t = await createTenant(sql);
  const bookingIds = [
    await addBooking(sql, t, stay('2026-05-10', '2026-05-13')),
    await addBooking(sql, t, stay('2026-05-20', '2026-05-24')),
  ];
  const factId = await addFact(sql, t, {
    ...stay('2026-05-11', '2026-05-13', 'HMREVIEW01'),
    guestName: 'Rafha Salas',
    guestCount: 2,
  });
  await matchFacts({ sql })({ connectionId: t.connectionId });
  await openReviewItems(sql, t.connectionId);
  const [item] = await itemsOf(t.connectionId);
  return { t, bookingIds, factId, itemId: item!.id };
}

async function expectReviewError(promise: Promise<unknown>, code: ReviewItemError['code']): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewItemError);
  expect((error as ReviewItemError).code).toBe(code);
}

describe('openReviewItems', () => {
  it('creates one item per fact in review, with its reason and candidates, and none twice', async () => {
    const t = await createTenant(sql);
    await addBooking(sql, t, stay('2026-06-01', '2026-06-05', 'HMOK000001'));
    await addFact(sql, t, { confirmationCode: 'HMOK000001' });
    await addFact(sql, t, stay('2026-06-02', '2026-06-05'));
    await addFact(sql, t, { kind: 'change_requested', guestName: 'X', ...stay('2026-06-01', '2026-06-05') });
    const matched = await matchFacts({ sql })({ connectionId: t.connectionId });

    const first = await openReviewItems(sql, t.connectionId);
    const second = await openReviewItems(sql, t.connectionId);

    expect(matched.review).toBeGreaterThan(0);
    expect(first).toBe(matched.review);
    expect(second).toBe(0);
    const items = await itemsOf(t.connectionId);
    expect(items).toHaveLength(matched.review);
    expect(new Set(items.map((i) => i.factId)).size).toBe(items.length);
    for (const item of items) {
      const fact = await readFact(sql, item.factId);
      expect(fact.matchStatus).toBe('review');
      expect(item).toMatchObject({
        reason: fact.matchReason,
        candidates: fact.matchCandidates,
        status: 'open',
      });
    }
  });

  it('concurrent runs still create one item per fact', async () => {
    const t = await createTenant(sql);
    for (const day of ['01', '02', '03'])
      await addFact(sql, t, { checkIn: `2026-11-${day}`, checkOut: '2026-11-09' });
    const { review } = await matchFacts({ sql })({ connectionId: t.connectionId });

    const runs = await Promise.all([1, 2, 3].map(() => openReviewItems(sql, t.connectionId)));

    expect(runs.reduce((sum, opened) => sum + opened, 0)).toBe(review);
    expect(await itemsOf(t.connectionId)).toHaveLength(review);
  });
});

describe('resolveReviewItem', () => {
  it('applies the fact to exactly the chosen booking and closes the item', async () => {
    const { t, bookingIds, factId, itemId } = await tenantWithOpenItem();
    const [chosen, untouched] = bookingIds as [string, string];
    const othersBefore = (await readBookings(sql, t.workspaceId)).filter((b) => b.id !== chosen);

    const { item, booking } = await resolveReviewItem(sql, {
      workspaceId: t.workspaceId,
      itemId,
      bookingId: chosen,
    });

    expect(item).toMatchObject({ id: itemId, status: 'resolved', resolution: { bookingId: chosen } });
    expect(item.resolvedAt).toBeInstanceOf(Date);
    expect(booking).toMatchObject({
      id: chosen,
      guestName: 'Rafha Salas',
      guestCount: 2,
      confirmationCode: 'HMREVIEW01',
      enrichmentStatus: 'enriched',
    });
    expect(booking.rawData).toMatchObject({ enrichment_reason: 'manual', fact_id: factId });
    expect((await readBookings(sql, t.workspaceId)).filter((b) => b.id !== chosen)).toEqual(othersBefore);
    expect((await readBooking(sql, untouched)).enrichmentStatus).toBeNull();
    await expectMatched(sql, factId, chosen, 'manual');
  });

  it('a second resolve fails with ALREADY_RESOLVED and changes nothing', async () => {
    const { t, bookingIds, itemId } = await tenantWithOpenItem();
    await resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId: bookingIds[0]! });
    const before = await readBookings(sql, t.workspaceId);

    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId: bookingIds[1]! }),
      'ALREADY_RESOLVED',
    );
    expect(await readBookings(sql, t.workspaceId)).toEqual(before);
  });

  it('two concurrent resolves apply once', async () => {
    const { t, bookingIds, itemId } = await tenantWithOpenItem();

    const outcomes = await Promise.allSettled(
      bookingIds.map((bookingId) =>
        resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId }),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected.map((o) => (o.reason as ReviewItemError).code)).toEqual(['ALREADY_RESOLVED']);
    const enriched = (await readBookings(sql, t.workspaceId)).filter((b) => b.enrichmentStatus !== null);
    expect(enriched).toHaveLength(1);
  });

  it('refuses another workspace item or booking, and unknown ones', async () => {
    const { t, bookingIds, itemId } = await tenantWithOpenItem();
    const other = await tenantWithOpenItem();

    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: other.t.workspaceId, itemId, bookingId: other.bookingIds[0]! }),
      'FORBIDDEN',
    );
    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId: other.bookingIds[0]! }),
      'FORBIDDEN',
    );
    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId: randomUUID(), bookingId: bookingIds[0]! }),
      'NOT_FOUND',
    );
    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId: 'not-a-uuid', bookingId: bookingIds[0]! }),
      'NOT_FOUND',
    );
    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId: randomUUID() }),
      'NOT_FOUND',
    );
    expect((await itemsOf(t.connectionId))[0]!.status).toBe('open');
    expect((await readBookings(sql, other.t.workspaceId)).every((b) => b.enrichmentStatus === null)).toBe(
      true,
    );
  });
});

describe('dismissReviewItem', () => {
  it('closes the item without touching any booking; then neither resolve nor dismiss applies', async () => {
    const { t, bookingIds, factId, itemId } = await tenantWithOpenItem();
    const before = await readBookings(sql, t.workspaceId);

    const { item } = await dismissReviewItem(sql, { workspaceId: t.workspaceId, itemId });

    expect(item).toMatchObject({ status: 'dismissed', resolution: { dismissed: true } });
    expect(await readBookings(sql, t.workspaceId)).toEqual(before);
    expect((await readFact(sql, factId)).matchStatus).toBe('unmatched');
    await expectReviewError(
      dismissReviewItem(sql, { workspaceId: t.workspaceId, itemId }),
      'ALREADY_RESOLVED',
    );
    await expectReviewError(
      resolveReviewItem(sql, { workspaceId: t.workspaceId, itemId, bookingId: bookingIds[0]! }),
      'ALREADY_RESOLVED',
    );
  });

  it('refuses another workspace item', async () => {
    const { itemId } = await tenantWithOpenItem();
    const other = await createTenant(sql);

    await expectReviewError(dismissReviewItem(sql, { workspaceId: other.workspaceId, itemId }), 'FORBIDDEN');
  });
});
