import { describe, expect, it } from 'vitest';
import { importFeed } from '../../../activities/ical/import-feed.js';
import { matchFacts } from '../../../activities/match/match-facts.js';
import { requeueUnmatchedFacts } from '../../../activities/match/rematch.js';
import { dismissReviewItem } from '../../../domain/review/resolve-review-item.js';
import { openReviewItems } from '../../../domain/review/review-item-writes.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { addBooking, addFact, addFeed, createTenant, readBookings, readFact, stay } from './fixtures.js';

useTestSql();

function feedText(events: [uid: string, start: string, end: string, code: string | null][]): string {
  const lines = ['BEGIN:VCALENDAR', 'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN', 'VERSION:2.0'];
  for (const [uid, start, end, code] of events) {
    lines.push('BEGIN:VEVENT', `DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`, 'SUMMARY:Reserved');
    if (code)
      lines.push(`DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/${code}`);
    lines.push(`UID:${uid}`, 'END:VEVENT');
  }
  return [...lines, 'END:VCALENDAR', ''].join('\r\n');
}

async function itemOf(factId: string) {
  const [item] = await sql<
    { id: string; status: string; reason: string; resolution: Record<string, unknown> | null }[]
  >`
    SELECT id, status, reason, resolution FROM enrichment_review_items WHERE fact_id = ${factId}`;
  return item!;
}

describe('unmatched facts after a late feed import', () => {
  it('the import sends back only the no_match facts a new stay could match; the matcher closes their items', async () => {
    const t = await createTenant(sql);
    const late = await addFact(sql, t, {
      ...stay('2030-05-01', '2030-05-04', 'HMLATE0001'),
      guestName: 'Late',
    });
    const dismissed = await addFact(sql, t, stay('2030-05-10', '2030-05-12', 'HMLATE0002'));
    const never = await addFact(sql, t, stay('2030-09-01', '2030-09-03', 'HMNEVER001'));
    const twin = await addFact(sql, t, stay('2030-06-01', '2030-06-05'));
    expect(await matchFacts({ sql })({ connectionId: t.connectionId })).toMatchObject({ review: 4 });
    await openReviewItems(sql, t.connectionId);
    await dismissReviewItem(sql, { workspaceId: t.workspaceId, itemId: (await itemOf(dismissed)).id });
    const text = feedText([
      ['a@x', '20300501', '20300504', 'HMLATE0001'],
      ['b@x', '20300510', '20300512', 'HMLATE0002'],
      ['c@x', '20300601', '20300605', null],
      ['d@x', '20300601', '20300605', null],
    ]);

    await importFeed({ sql }, async () => text)({ feedId: t.feedId });

    const statuses = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await readFact(sql, id)).matchStatus));
    expect(await statuses([late, twin, never, dismissed])).toEqual([
      'pending',
      'pending',
      'review',
      'unmatched',
    ]);

    const result = await matchFacts({ sql })({ connectionId: t.connectionId });

    expect(result).toMatchObject({ decided: 2, matched: 1, enriched: 1, review: 1 });
    const lateBooking = (await readBookings(sql, t.workspaceId)).find(
      (b) => b.confirmationCode === 'HMLATE0001',
    );
    expect(lateBooking).toMatchObject({ guestName: 'Late', enrichmentStatus: 'enriched' });
    expect(await itemOf(late)).toMatchObject({
      status: 'resolved',
      resolution: { bookingId: lateBooking!.id, by: 'matcher' },
    });
    expect(await itemOf(twin)).toMatchObject({ status: 'open', reason: 'ambiguous' });
    expect((await readFact(sql, twin)).matchCandidates).toHaveLength(2);
    expect(await requeueUnmatchedFacts(sql, { workspaceId: t.workspaceId })).toEqual({
      requeued: 0,
      connectionIds: [],
    });
    expect(await statuses([never])).toEqual(['review']);
  });

  it('requeueUnmatchedFacts names the connections whose facts went back to pending', async () => {
    const t = await createTenant(sql);
    const factId = await addFact(sql, t, { confirmationCode: 'HMLATE0003' });
    await matchFacts({ sql })({ connectionId: t.connectionId });
    expect(await requeueUnmatchedFacts(sql, { workspaceId: t.workspaceId })).toEqual({
      requeued: 0,
      connectionIds: [],
    });
    await addBooking(sql, t, stay('2030-07-01', '2030-07-03', 'hmlate0003'));

    const requeue = await requeueUnmatchedFacts(sql, { workspaceId: t.workspaceId });

    expect(requeue).toEqual({ requeued: 1, connectionIds: [t.connectionId] });
    expect((await readFact(sql, factId)).matchStatus).toBe('pending');
  });
});

describe('requeue after a feed import: the channel’s feeds', () => {
  it('a Booking.com fact comes back for a PMS calendar’s stay, never for an Airbnb one on its dates', async () => {
    const t = await createTenant(sql);
    const factId = await addFact(sql, t, {
      platform: 'booking',
      ...stay('2030-08-01', '2030-08-04'),
      confirmationCode: null,
    });
    await matchFacts({ sql })({ connectionId: t.connectionId });
    expect((await readFact(sql, factId)).matchReason).toBe('no_match');

    await addBooking(sql, t, stay('2030-08-01', '2030-08-04')); // the Airbnb feed
    expect((await requeueUnmatchedFacts(sql, { workspaceId: t.workspaceId })).requeued).toBe(0);

    const pmsFeed = await addFeed(sql, t.workspaceId, 'pms');
    await addBooking(sql, t, { feedId: pmsFeed, ...stay('2030-08-01', '2030-08-04') });
    expect(await requeueUnmatchedFacts(sql, { workspaceId: t.workspaceId })).toEqual({
      requeued: 1,
      connectionIds: [t.connectionId],
    });
  });
});
