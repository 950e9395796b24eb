import { Hono } from 'hono';
import type { Booking } from '../../api/booking-record.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { Page } from '../components/layout.js';
import type { WebEnv } from '../context.js';
import { answer, type ClientOf } from '../workspace-client.js';

/** The fields e-mail can add to a booking; the feed knows only the dates (and sometimes a code). */
const FROM_MAIL: [keyof Booking, string][] = [
  ['guestName', 'Guest'],
  ['guestCount', 'Guests'],
  ['confirmationCode', 'Code'],
  ['payoutAmount', 'Payout'],
];

const ENRICHMENT_REASONS: Record<string, string> = {
  code_match: 'matched by confirmation code',
  exact_dates: 'matched by dates',
  manual: 'chosen by a person in review',
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Bookings by listing (feed) and check-in date, a year back and ahead unless asked; what came from mail is marked, cancellations shown. */
export function bookingPages(api: ClientOf) {
  return new Hono<WebEnv>().get('/app/bookings', async (c) => {
    const client = api(c);
    const now = new Date();
    const from = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('from') ?? '')
      ? c.req.query('from')!
      : isoDay(new Date(now.getTime() - 365 * 86_400_000));
    const to = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('to') ?? '')
      ? c.req.query('to')!
      : isoDay(new Date(now.getTime() + 365 * 86_400_000));
    const [page, feeds] = await Promise.all([
      answer(client.bookings.$get({ query: { from, to, limit: 200 } })),
      answer(client['ical-feeds'].$get()),
    ]);
    const byFeed = feeds.items
      .map((feed) => ({ feed, bookings: page.items.filter((b) => b.feedId === feed.id) }))
      .filter((group) => group.bookings.length > 0);
    return c.html(
      <Page title="Bookings" section="bookings" wide>
        <form method="get" action="/app/bookings" class="filters">
          <label for="b-from">From</label>
          <input id="b-from" name="from" type="date" value={from} />
          <label for="b-to">To</label>
          <input id="b-to" name="to" type="date" value={to} />
          <button type="submit">Show</button>
        </form>
        <p class="muted small">
          <span class="from-mail">✉ from mail</span> marks what an e-mail added to the calendar's booking.
        </p>
        {byFeed.length === 0 ? <p class="empty">No bookings in these dates.</p> : null}
        {byFeed.map(({ feed, bookings }) => (
          <section class="panel" aria-labelledby={`feed-${feed.id}`}>
            <h2 id={`feed-${feed.id}`}>{feed.name ?? `${PLATFORM_NAMES[feed.platform]} calendar`}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Check-in</th>
                    <th scope="col">Check-out</th>
                    <th scope="col">Status</th>
                    {FROM_MAIL.map(([, name]) => (
                      <th scope="col">{name}</th>
                    ))}
                    <th scope="col">Enriched</th>
                  </tr>
                </thead>
                <tbody>
                  {bookings.map((b) => (
                    <tr class={b.status === 'cancelled' ? 'cancelled' : ''} data-booking={b.id}>
                      <td>{b.checkIn}</td>
                      <td>{b.checkOut}</td>
                      <td>
                        <span class={`status status-${b.status}`}>
                          {b.status === 'cancelled' ? '✕ cancelled' : b.status}
                        </span>
                      </td>
                      {FROM_MAIL.map(([key]) => (
                        <td>
                          <MailValue booking={b} field={key} />
                        </td>
                      ))}
                      <td class="small">
                        {b.enrichment
                          ? (ENRICHMENT_REASONS[b.enrichment.reason ?? ''] ??
                            b.enrichment.reason ??
                            'from mail')
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </Page>,
    );
  });
}

/** A value, marked as from mail when the booking was enriched and the feed alone would not have it. */
function MailValue(props: { booking: Booking; field: keyof Booking }) {
  const b = props.booking;
  const value = b[props.field];
  if (value === null || value === undefined) return <span class="muted">—</span>;
  const text = props.field === 'payoutAmount' ? `${value} ${b.payoutCurrency ?? ''}`.trim() : String(value);
  if (!b.enrichment) return <>{text}</>;
  return (
    <span class="from-mail" title="from mail">
      ✉ {text}
      <span class="visually-hidden"> (from mail)</span>
    </span>
  );
}
