import { z } from '@hono/zod-openapi';
import { REVIEW_REASONS } from '../../contracts/review-reasons.js';
import type { Sql } from '../../db/client.js';
import { READ_BY } from '../../domain/facts/read-by.js';
import { dismissReviewItem, resolveReviewItem } from '../../domain/review/resolve-review-item.js';
import { ReviewItemError } from '../../domain/review/review-item-error.js';
import { Booking, readBooking } from '../booking-record.js';
import { findOwnedConnection } from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { isoTimestamp } from '../iso-timestamp.js';
import { found, ownedId } from '../ownership.js';
import { createRouter } from '../router.js';
import { FactPlatform, IsoDate, json, PageQuery, page, Timestamp, toPage, Uuid } from '../schemas.js';
import { listRoute, oneRoute, ownedRoute } from '../workspace-route.js';

const ItemStatus = z.enum(['open', 'resolved', 'dismissed']);
const ItemReason = z.enum(REVIEW_REASONS);

/** Where the extractor read one field: the mail part, the matched line's offsets and its text. */
const FieldEvidence = z
  .object({
    part: z.enum(['text', 'html', 'subject', 'from']),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    reader: z
      .literal('generic')
      .optional()
      .openapi({ description: "set when the generic reader, not the mail's template, read the field" }),
  })
  .openapi('FieldEvidence');

const Fact = z
  .object({
    id: Uuid,
    kind: z.enum(['confirmed', 'cancelled', 'change_requested', 'payout', 'message', 'other']),
    platform: FactPlatform,
    via: z.string().nullable().openapi({ description: 'the channel manager or PMS that relayed the mail' }),
    guestName: z.string().nullable(),
    checkIn: IsoDate.nullable(),
    checkOut: IsoDate.nullable(),
    guestCount: z.number().int().nullable(),
    confirmationCode: z.string().nullable(),
    listingName: z.string().nullable(),
    payoutAmount: z.number().nullable(),
    payoutCurrency: z.string().nullable(),
    requestedCheckIn: IsoDate.nullable(),
    requestedCheckOut: IsoDate.nullable(),
    requestedGuestCount: z.number().int().nullable(),
    confidence: z.number(),
    readBy: z.enum(READ_BY).openapi({
      description:
        'template: a layout we know; generic: the labelled-field reader alone (it enriches only through an exact confirmation code); mixed: a template with fields the generic reader filled',
    }),
    evidence: z.record(z.string(), FieldEvidence),
  })
  .openapi('ReservationFact');

const Candidate = z
  .object({
    bookingId: Uuid,
    score: z.number().nullable(),
    checkIn: IsoDate,
    checkOut: IsoDate,
    status: z.enum(['confirmed', 'blocked', 'cancelled']),
    confirmationCode: z.string().nullable(),
    guestName: z.string().nullable(),
    feedId: Uuid.openapi({ description: "the feed (the listing's calendar) the booking comes from" }),
  })
  .openapi('CandidateBooking');

const ReviewItem = z
  .object({
    id: Uuid,
    connectionId: Uuid,
    reason: ItemReason,
    status: ItemStatus,
    fact: Fact,
    email: z.object({
      subject: z.string().nullable(),
      date: Timestamp.nullable(),
      from: z.string().nullable(),
    }),
    candidates: z.array(Candidate).openapi({ description: 'best first' }),
    resolution: z.record(z.string(), z.unknown()).nullable(),
    resolvedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .openapi('ReviewItem');
export type ReviewItem = z.infer<typeof ReviewItem>;

const ReviewQuery = PageQuery.extend({
  status: ItemStatus.default('open'),
  connectionId: Uuid.optional(),
  reason: ItemReason.optional(),
});
const ReviewItemPage = page(ReviewItem).openapi('ReviewItemPage');
export type ReviewItemPage = z.infer<typeof ReviewItemPage>;
const Resolve = z.object({ bookingId: Uuid }).openapi('ResolveReviewItem');
const Resolved = z.object({ item: ReviewItem, booking: Booking }).openapi('ResolvedReviewItem');
export type Resolved = z.infer<typeof Resolved>;
const Dismissed = z.object({ item: ReviewItem }).openapi('DismissedReviewItem');
export type Dismissed = z.infer<typeof Dismissed>;

const list = listRoute('review', '/api/review-items', ReviewQuery, {
  summary: 'The review queue: facts no booking took, with ranked candidates',
  ok: json(ReviewItemPage, 'One page of items, newest first'),
});
const resolve = ownedRoute('review', 'post /api/review-items/{id}/resolve', {
  summary: 'Apply the fact to the booking a person chose',
  body: Resolve,
  errors: [409],
  responses: { 200: json(Resolved, 'The resolved item and the enriched booking') },
});
const one = oneRoute('review', '/api/review-items/{id}', {
  summary: 'One review item as it is now (what a review_item.* webhook links to)',
  ok: json(ReviewItem, 'The item'),
});
const dismiss = ownedRoute('review', 'post /api/review-items/{id}/dismiss', {
  summary: 'Close the item without changing any booking',
  errors: [409],
  responses: { 200: json(Dismissed, 'The dismissed item') },
});

export function reviewItemRoutes({ sql }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const workspaceId = c.get('workspaceId');
      const q = c.req.valid('query');
      if (q.connectionId) await findOwnedConnection(sql, workspaceId, q.connectionId);
      const rows = await selectItems(
        sql,
        sql`i.workspace_id = ${workspaceId} AND i.status = ${q.status}
          ${q.connectionId ? sql`AND i.connection_id = ${q.connectionId}` : sql``}
          ${q.reason ? sql`AND i.reason = ${q.reason}` : sql``}
          ${q.cursor ? sql`AND (i.created_at, i.id) < (SELECT created_at, id FROM enrichment_review_items WHERE id = ${q.cursor} AND workspace_id = ${workspaceId})` : sql``}`,
        q.limit + 1,
      );
      return c.json(
        toPage(rows, q.limit, (item) => item),
        200,
      );
    })
    .openapi(resolve, async (c) => {
      const itemId = c.req.valid('param').id;
      const { bookingId } = c.req.valid('json');
      await settle(() => resolveReviewItem(sql, { workspaceId: c.get('workspaceId'), itemId, bookingId }));
      const [item, booking] = await Promise.all([readItem(sql, itemId), readBooking(sql, bookingId)]);
      return c.json({ item, booking: booking! }, 200);
    })
    .openapi(dismiss, async (c) => {
      const itemId = c.req.valid('param').id;
      await settle(() => dismissReviewItem(sql, { workspaceId: c.get('workspaceId'), itemId }));
      return c.json({ item: await readItem(sql, itemId) }, 200);
    })
    .openapi(one, async (c) => {
      const itemId = c.req.valid('param').id;
      await ownedId(sql, 'enrichment_review_items', itemId, c.get('workspaceId'), 'review item');
      return c.json(await readItem(sql, itemId), 200);
    });
}

/** Review resolution's errors carry registry codes: the API answers with the same one. */
async function settle(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof ReviewItemError) throw new AppError(err.code, err.message, undefined, { cause: err });
    throw err;
  }
}

/**
 * Items with their fact, source e-mail and candidates (joined to the bookings as they are now), as
 * the API shows them: the query names each field.
 */
function selectItems(sql: Sql, where: ReturnType<Sql>, limit: number) {
  return sql<ReviewItem[]>`
    SELECT i.id, i.connection_id AS "connectionId", i.reason, i.status,
      jsonb_build_object(
        'id', f.id, 'kind', f.kind, 'platform', f.platform, 'via', f.via, 'guestName', f.guest_name,
        'checkIn', f.check_in::text, 'checkOut', f.check_out::text, 'guestCount', f.guest_count,
        'confirmationCode', f.confirmation_code, 'listingName', f.listing_name,
        'payoutAmount', f.payout_amount::float8, 'payoutCurrency', f.payout_currency,
        'requestedCheckIn', f.requested_check_in::text, 'requestedCheckOut', f.requested_check_out::text,
        'requestedGuestCount', f.requested_guest_count, 'confidence', f.confidence,
        'readBy', f.read_by, 'evidence', f.evidence
      ) AS fact,
      json_build_object('subject', m.subject, 'date', ${isoTimestamp(sql, 'm.internal_date')}, 'from', m.sender) AS email,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'bookingId', b.id, 'score', CASE WHEN jsonb_typeof(c.value->'score') = 'number' THEN (c.value->>'score')::float8 END, 'checkIn', b.check_in::text,
          'checkOut', b.check_out::text, 'status', b.status, 'confirmationCode', b.confirmation_code,
          'guestName', b.guest_name, 'feedId', b.feed_id) ORDER BY c.ord), '[]'::jsonb)
        FROM jsonb_array_elements(i.candidates) WITH ORDINALITY AS c(value, ord)
        JOIN bookings b ON b.workspace_id = i.workspace_id
          AND b.id = CASE WHEN c.value->>'bookingId' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                          THEN (c.value->>'bookingId')::uuid END
      ) AS candidates,
      i.resolution, ${isoTimestamp(sql, 'i.resolved_at')} AS "resolvedAt", ${isoTimestamp(sql, 'i.created_at')} AS "createdAt"
    FROM enrichment_review_items i
    JOIN reservation_facts f ON f.id = i.fact_id
    JOIN gmail_messages m ON m.id = f.message_id
    WHERE ${where}
    ORDER BY i.created_at DESC, i.id DESC
    LIMIT ${limit}`;
}

async function readItem(sql: Sql, id: string): Promise<ReviewItem> {
  const [item] = await selectItems(sql, sql`i.id = ${id}`, 1);
  return found(item, 'review item');
}
