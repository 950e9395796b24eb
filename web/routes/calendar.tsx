import { Hono } from 'hono';
import type { Booking } from '../../api/booking-record.js';
import type { Conflict } from '../../api/routes/conflicts.js';
import type { Property } from '../../api/routes/properties.js';
import { nightsText } from '../../domain/conflicts/evidence.js';
import {
  daysOf,
  isMonthKey,
  lanesIn,
  type Month,
  monthsFrom,
  type Placed,
  shiftMonth,
  todayColumn,
} from '../components/calendar-layout.js';
import { CONFLICT_KIND_WORDS } from '../components/conflict-words.js';
import { channelWords } from '../components/feed-title.js';
import { Page } from '../components/layout.js';
import type { WebEnv } from '../context.js';
import { idParam } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

/** Months on one page; Earlier and Later move by as many. */
const MONTHS = 3;
/** Pages of bookings read for one view, 200 each: a calendar holds far fewer stays in three months. */
const MAX_PAGES = 10;

const STATUS_WORDS: Record<Booking['status'], string> = {
  confirmed: 'Reserved',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

/**
 * The calendar of one property, the picture every PMS draws: one row per channel's calendar, each
 * stay a bar across its nights (the guest and code once mail enriched it; blocked nights shaded),
 * today marked, months to move through, and each conflict drawn where it happens and linked to it.
 */
export function calendarPages(api: ClientOf) {
  return new Hono<WebEnv>().get('/app/properties/:id/calendar', async (c) => {
    const id = idParam(c);
    const client = api(c);
    const today = new Date().toISOString().slice(0, 10);
    const asked = c.req.query('from');
    const start = isMonthKey(asked) ? asked : today.slice(0, 7);
    const months = monthsFrom(start, MONTHS);
    const window = { from: months[0]!.nights.from, to: months.at(-1)!.nights.to };
    const [property, bookings, open, acknowledged] = await Promise.all([
      answer(client.properties[':id'].$get({ param: { id } })),
      bookingsIn(client, id, window),
      answer(client.conflicts.$get({ query: { status: 'open', propertyId: id, limit: 200 } })),
      answer(client.conflicts.$get({ query: { status: 'acknowledged', propertyId: id, limit: 200 } })),
    ]);
    const conflicts = [...open.items, ...acknowledged.items];
    return c.html(
      <Page title={`Calendar of ${property.name}`} section="properties" wide>
        <nav aria-label="Months" class="month-nav">
          <a href={`/app/properties/${id}/calendar?from=${shiftMonth(start, -MONTHS)}`}>← Earlier</a>
          <a href={`/app/properties/${id}/calendar`}>Today</a>
          <a href={`/app/properties/${id}/calendar?from=${shiftMonth(start, MONTHS)}`}>Later →</a>
          <a href="/app/properties">All properties</a>
        </nav>
        <Legend />
        {property.feeds.length === 0 ? (
          <p class="empty">
            No calendar in this property yet: add one on <a href="/app/properties">Properties</a>.
          </p>
        ) : (
          months.map((month) => (
            <MonthView
              month={month}
              property={property}
              bookings={bookings.filter((b) => b.status !== 'cancelled')}
              conflicts={conflicts}
              today={today}
            />
          ))
        )}
      </Page>,
    );
  });
}

async function bookingsIn(
  client: ReturnType<ClientOf>,
  propertyId: string,
  window: { from: string; to: string },
) {
  const all: Booking[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const got = await answer(
      client.bookings.$get({ query: { propertyId, from: window.from, to: window.to, limit: 200, cursor } }),
    );
    all.push(...got.items);
    if (!got.nextCursor) break;
    cursor = got.nextCursor;
  }
  return all;
}

function Legend() {
  return (
    <ul class="cal-legend" aria-label="Legend">
      <li>
        <span class="swatch bar-confirmed" aria-hidden="true" /> reserved
      </li>
      <li>
        <span class="swatch bar-blocked" aria-hidden="true" /> blocked (the host's, or another channel's stay)
      </li>
      <li>
        <span class="swatch bar-conflict" aria-hidden="true" /> ⚠ in conflict: follow the link
      </li>
      <li>
        <span class="swatch today-swatch" aria-hidden="true" /> today
      </li>
    </ul>
  );
}

const conflictHref = (c: Conflict) => `/app/conflicts?status=${c.status}#conflict-${c.id}`;

function MonthView(props: {
  month: Month;
  property: Property;
  bookings: Booking[];
  conflicts: Conflict[];
  today: string;
}) {
  const { month } = props;
  const titleId = `month-${month.key}`;
  const todayAt = todayColumn(month, props.today);
  const conflictOf = new Map<string, Conflict>();
  for (const c of props.conflicts)
    for (const side of c.sides)
      for (const b of side.bookings) if (!conflictOf.has(b.id)) conflictOf.set(b.id, c);
  const conflictLanes = lanesIn(month, props.conflicts, (c) => c.nights);
  return (
    <section class="cal-month" aria-labelledby={titleId}>
      <h2 id={titleId}>{month.title}</h2>
      <section class="cal-scroll" aria-label={`${props.property.name}, ${month.title}`} tabindex={0}>
        <div class="cal">
          <div class="cal-label cal-corner">Calendar</div>
          <ol class={`cal-days days-${month.days}`} aria-hidden="true">
            {daysOf(month).map((d) => (
              <li class={`day${d.weekend ? ' weekend' : ''}${d.day === todayAt ? ' today' : ''}`}>
                <span class="weekday">{d.weekday}</span>
                {d.day}
              </li>
            ))}
          </ol>
          {props.property.feeds.map((feed) => {
            const lanes = lanesIn(
              month,
              props.bookings.filter((b) => b.feedId === feed.id),
              (b) => ({ from: b.checkIn, to: b.checkOut }),
            );
            const label = feed.name
              ? `${channelWords(feed.platform)} · ${feed.name}`
              : channelWords(feed.platform);
            return (
              <>
                <div class="cal-label" id={`row-${month.key}-${feed.id}`}>
                  {label}
                </div>
                <div class="cal-lanes">
                  {(lanes.length ? lanes : [[]]).map((lane) => (
                    <ol
                      class={`cal-track days-${month.days}`}
                      aria-labelledby={`row-${month.key}-${feed.id}`}
                    >
                      <TodayMark at={todayAt} />
                      {lane.map((bar) => (
                        <StayBar
                          bar={bar}
                          channel={channelWords(feed.platform)}
                          conflict={conflictOf.get(bar.item.id)}
                        />
                      ))}
                    </ol>
                  ))}
                </div>
              </>
            );
          })}
          {conflictLanes.length > 0 ? (
            <>
              <div class="cal-label cal-label-conflicts" id={`row-${month.key}-conflicts`}>
                ⚠ Conflicts
              </div>
              <div class="cal-lanes">
                {conflictLanes.map((lane) => (
                  <ol class={`cal-track days-${month.days}`} aria-labelledby={`row-${month.key}-conflicts`}>
                    <TodayMark at={todayAt} />
                    {lane.map((bar) => (
                      <ConflictBar bar={bar} />
                    ))}
                  </ol>
                ))}
              </div>
            </>
          ) : null}
        </div>
      </section>
    </section>
  );
}

function TodayMark(props: { at: number | null }) {
  if (props.at === null) return null;
  return <li class={`today-mark at-${props.at} n-1`} aria-hidden="true" />;
}

function StayBar(props: { bar: Placed<Booking>; channel: string; conflict: Conflict | undefined }) {
  const { bar } = props;
  const b = bar.item;
  const status = b.status === 'blocked' ? 'blocked' : 'confirmed';
  const who = [b.guestName, b.confirmationCode].filter(Boolean).join(' · ');
  const shown = who || STATUS_WORDS[b.status];
  const full = `${props.channel}: ${who || STATUS_WORDS[b.status]}, ${nightsText({ from: b.checkIn, to: b.checkOut })}`;
  const classes = [
    'bar',
    `at-${bar.at}`,
    `n-${bar.nights}`,
    `bar-${status}`,
    bar.before ? 'goes-before' : '',
    bar.after ? 'goes-after' : '',
    props.conflict ? 'bar-conflict' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const text = (
    <>
      {props.conflict ? <span aria-hidden="true">⚠ </span> : null}
      <span class="bar-text">{shown}</span>
      <span class="visually-hidden">
        {' '}
        ({full}
        {props.conflict ? `; in conflict: ${CONFLICT_KIND_WORDS[props.conflict.kind]}` : ''})
      </span>
    </>
  );
  return (
    <li class={classes} title={full} data-booking={b.id}>
      {props.conflict ? (
        <a class="bar-link" href={conflictHref(props.conflict)} data-conflict-link={props.conflict.id}>
          {text}
        </a>
      ) : (
        text
      )}
    </li>
  );
}

function ConflictBar(props: { bar: Placed<Conflict> }) {
  const { bar } = props;
  const c = bar.item;
  const words = CONFLICT_KIND_WORDS[c.kind];
  return (
    <li
      class={`bar bar-conflict-mark at-${bar.at} n-${bar.nights}`}
      id={`calendar-conflict-${c.id}`}
      data-conflict={c.id}
      title={`${words}, ${nightsText(c.nights)}`}
    >
      <a class="bar-link" href={conflictHref(c)}>
        <span aria-hidden="true">⚠ </span>
        <span class="bar-text">{words}</span>
        <span class="visually-hidden"> ({nightsText(c.nights)})</span>
      </a>
    </li>
  );
}
