import { z } from '@hono/zod-openapi';
import { Booking, type BookingRow, bookingColumns, toBooking } from '../booking-record.js';
import type { AppDeps } from '../context.js';
import { owned } from '../ownership.js';
import { createRouter } from '../router.js';
import { IsoDate, json, PageQuery, page, toPage, Uuid } from '../schemas.js';
import { listRoute, oneRoute } from '../workspace-route.js';
import { ownedProperty } from './properties.js';

const BookingQuery = PageQuery.extend({
  from: IsoDate.optional().openapi({ description: 'stays ending on or after this date' }),
  to: IsoDate.optional().openapi({ description: 'stays starting on or before this date' }),
  feedId: Uuid.optional(),
  propertyId: Uuid.optional().openapi({ description: "only the stays of this property's calendars" }),
  status: z.enum(['confirmed', 'blocked', 'cancelled']).optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  message: 'from must not be after to',
  path: ['from'],
});

const BookingPage = page(Booking).openapi('BookingPage');
export type BookingPage = z.infer<typeof BookingPage>;

const list = listRoute('bookings', '/api/bookings', BookingQuery, {
  summary: 'Bookings overlapping [from, to], with what the e-mails added',
  ok: json(BookingPage, 'One page of bookings, by check-in'),
});

const one = oneRoute('bookings', '/api/bookings/{id}', {
  summary: 'One booking as it is now (what a booking.enriched webhook links to)',
  ok: json(Booking, 'The booking'),
});

export function bookingRoutes({ sql }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const workspaceId = c.get('workspaceId');
      const q = c.req.valid('query');
      if (q.feedId) {
        const [feed] = await sql<
          { workspace_id: string }[]
        >`SELECT workspace_id FROM ical_feeds WHERE id = ${q.feedId}`;
        owned(feed, workspaceId, 'feed');
      }
      if (q.propertyId) await ownedProperty(sql, workspaceId, q.propertyId, 'query.propertyId');
      const rows = await sql<BookingRow[]>`
      SELECT ${bookingColumns(sql)} FROM bookings b
      WHERE b.workspace_id = ${workspaceId}
        ${q.from ? sql`AND b.check_out >= ${q.from}::date` : sql``}
        ${q.to ? sql`AND b.check_in <= ${q.to}::date` : sql``}
        ${q.feedId ? sql`AND b.feed_id = ${q.feedId}` : sql``}
        ${q.propertyId ? sql`AND b.feed_id IN (SELECT id FROM ical_feeds WHERE property_id = ${q.propertyId})` : sql``}
        ${q.status ? sql`AND b.status = ${q.status}` : sql``}
        ${q.cursor ? sql`AND (b.check_in, b.id) > (SELECT check_in, id FROM bookings WHERE id = ${q.cursor} AND workspace_id = ${workspaceId})` : sql``}
      ORDER BY b.check_in, b.id
      LIMIT ${q.limit + 1}`;
      return c.json(toPage(rows, q.limit, toBooking), 200);
    })
    .openapi(one, async (c) => {
      const [row] = await sql<BookingRow[]>`
        SELECT ${bookingColumns(sql)} FROM bookings b WHERE b.id = ${c.req.valid('param').id}`;
      return c.json(toBooking(owned(row, c.get('workspaceId'), 'booking')), 200);
    });
}
