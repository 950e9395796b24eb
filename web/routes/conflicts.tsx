import { Hono } from 'hono';
import type { Conflict } from '../../api/routes/conflicts.js';
import { nightsText } from '../../domain/conflicts/evidence.js';
import { CONFLICT_KIND_HELP, CONFLICT_KIND_WORDS } from '../components/conflict-words.js';
import { channelWords } from '../components/feed-title.js';
import { ItemList } from '../components/item-list.js';
import { Notice, Page } from '../components/layout.js';
import { refusedPage } from '../components/refused-page.js';
import { StatusTabs } from '../components/status-tabs.js';
import { When } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { attempt, idParam } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

const STATUSES = [
  ['open', 'Open'],
  ['acknowledged', 'Acknowledged'],
  ['resolved', 'Resolved'],
] as const;

const BOOKING_WORDS = { confirmed: 'reserved', blocked: 'blocked', cancelled: 'cancelled' } as const;

/**
 * The conflicts: open ones first (what needs the host now), acknowledged (seen, still there),
 * resolved (gone by themselves, with why). Each shows both sides, the lines that show it, and
 * links to where it is on the property's calendar.
 */
export function conflictPages(api: ClientOf) {
  const app = new Hono<WebEnv>();

  app.get('/app/conflicts', async (c) => {
    const status = STATUSES.find(([s]) => s === c.req.query('status'))?.[0] ?? 'open';
    const cursor = c.req.query('cursor') || undefined;
    const property = c.req.query('property') || undefined;
    const done = c.req.query('done') === 'acknowledged';
    const page = await answer(
      api(c).conflicts.$get({ query: { status, limit: 25, cursor, propertyId: property } }),
    );
    const more = new URLSearchParams({ status, ...(property ? { property } : {}) });
    const keep = property ? `&property=${property}` : '';
    return c.html(
      <Page title="Conflicts" section="conflicts">
        <StatusTabs
          label="Conflict status"
          path="/app/conflicts"
          tabs={STATUSES}
          current={status}
          also={keep}
        />
        {done ? (
          <Notice kind="ok">Acknowledged: it stays under Acknowledged until its cause goes away.</Notice>
        ) : null}
        {page.items.length === 0 ? (
          <p class="empty">
            {status === 'open'
              ? 'No conflicts. Every channel agrees with the others and with your mail.'
              : 'None.'}
          </p>
        ) : (
          <ItemList class="cards" label="Conflicts">
            {page.items.map((conflict) => (
              <ConflictCard conflict={conflict} />
            ))}
          </ItemList>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/app/conflicts?${more}&cursor=${encodeURIComponent(page.nextCursor)}`}>
              Older conflicts
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });

  app.post('/app/conflicts/:id/acknowledge', async (c) => {
    const id = idParam(c);
    const result = await attempt(() => answer(api(c).conflicts[':id'].acknowledge.$post({ param: { id } })));
    if ('ok' in result) return c.redirect('/app/conflicts?done=acknowledged', 303);
    return refusedPage(c, result.refused, {
      title: 'Conflicts',
      section: 'conflicts',
      back: ['/app/conflicts', 'Back to the conflicts'],
    });
  });
  return app;
}

function ConflictCard(props: { conflict: Conflict }) {
  const c = props.conflict;
  const titleId = `conflict-${c.id}-title`;
  const calendar = `/app/properties/${c.propertyId}/calendar?from=${c.nights.from.slice(0, 7)}#calendar-conflict-${c.id}`;
  return (
    <article class={`card conflict conflict-${c.status}`} id={`conflict-${c.id}`} aria-labelledby={titleId}>
      <header class="card-head">
        <h2 id={titleId}>
          <span aria-hidden="true">{c.status === 'resolved' ? '✓ ' : '⚠ '}</span>
          {CONFLICT_KIND_WORDS[c.kind]} · {c.propertyName}
        </h2>
        <span class={`badge badge-conflict-${c.status}`}>{c.status}</span>
      </header>
      <p>{CONFLICT_KIND_HELP[c.kind]}</p>
      <dl class="facts">
        <dt>Nights</dt>
        <dd>{nightsText(c.nights)}</dd>
        <dt>Found</dt>
        <dd>
          <When at={c.detectedAt} />
        </dd>
        {c.acknowledgedAt ? (
          <>
            <dt>Acknowledged</dt>
            <dd>
              <When at={c.acknowledgedAt} />
            </dd>
          </>
        ) : null}
        {c.resolution ? (
          <>
            <dt>Resolved</dt>
            <dd>
              <When at={c.resolvedAt} /> — {c.resolution.text}
            </dd>
          </>
        ) : null}
      </dl>
      <div class="sides">
        {c.sides.map((side, i) => (
          <section aria-label={i === 0 ? 'One side' : 'The other side'} class="side">
            <ul class="plain-list">
              {side.bookings.map((b) => (
                <li>
                  <span class="tag">{channelWords(b.channel)} calendar</span> {BOOKING_WORDS[b.status]}
                  {b.vanished ? ' (no longer listed)' : ''}
                  {b.guestName ? ` — ${b.guestName}` : ''}
                  {b.confirmationCode ? ` · ${b.confirmationCode}` : ''},{' '}
                  {nightsText({ from: b.checkIn, to: b.checkOut })}
                </li>
              ))}
              {side.facts.map((f) => (
                <li>
                  <span class="tag">{channelWords(f.channel)} e-mail</span> {f.kind}
                  {f.guestName ? ` — ${f.guestName}` : ''}
                  {f.confirmationCode ? ` · ${f.confirmationCode}` : ''}
                  {f.checkIn && f.checkOut ? `, ${nightsText({ from: f.checkIn, to: f.checkOut })}` : ''}
                  <span class="muted small">
                    {' '}
                    (received <When at={f.receivedAt} />)
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <details class="more">
        <summary>Evidence</summary>
        <ul class="evidence">
          {c.evidence.map((line) => (
            <li>
              <span class="tag">{line.source === 'mail' ? 'e-mail' : 'calendar'}</span> {line.text}
            </li>
          ))}
        </ul>
      </details>
      <div class="actions">
        <a href={calendar}>See it on the calendar</a>
        {c.status === 'open' ? (
          <form method="post" action={`/app/conflicts/${c.id}/acknowledge`}>
            <button type="submit">Acknowledge</button>
          </form>
        ) : null}
      </div>
    </article>
  );
}
