import { Hono } from 'hono';
import type { ReviewItem } from '../../api/routes/review-items.js';
import { allConnections } from '../all-connections.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { Notice, Page } from '../components/layout.js';
import { REASONS, ReviewItemView } from '../components/review-item.js';
import type { WebEnv } from '../context.js';
import { attempt, formOf, formValue, idParam, isPartial, refusalText } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

const STATUSES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['dismissed', 'Dismissed'],
] as const;

async function feedNames(api: ReturnType<ClientOf>): Promise<Record<string, string>> {
  const { items } = await answer(api['ical-feeds'].$get());
  return Object.fromEntries(items.map((f) => [f.id, f.name ?? `${PLATFORM_NAMES[f.platform]} calendar`]));
}

type OneItem = ReturnType<ClientOf>['review-items'][':id'];

/** What each button asks the API; answers the booking a resolve changed (a dismiss changes none). */
const ACTIONS = {
  resolve: async (item: OneItem, id: string, form: Record<string, string>) => {
    const json = { bookingId: formValue(form.bookingId) };
    return (await answer(item.resolve.$post({ param: { id }, json }))).booking;
  },
  dismiss: async (item: OneItem, id: string) => {
    await answer(item.dismiss.$post({ param: { id } }));
    return null;
  },
};
type ReviewAction = keyof typeof ACTIONS;

/** The review queue: newest first, filtered by reason and connection; resolve and dismiss in place. */
export function reviewPages(api: ClientOf) {
  const app = new Hono<WebEnv>();

  app.get('/app/review', async (c) => {
    const client = api(c);
    const status = STATUSES.find(([s]) => s === c.req.query('status'))?.[0] ?? 'open';
    const reason = c.req.query('reason') || undefined;
    const connectionId = c.req.query('connection') || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const [page, connections, names] = await Promise.all([
      answer(
        client['review-items'].$get({
          query: { status, limit: 25, reason: formValue<ReviewItem['reason']>(reason), connectionId, cursor },
        }),
      ),
      allConnections(client),
      feedNames(client),
    ]);
    const next = new URLSearchParams({ status, ...(reason ? { reason } : {}) });
    if (connectionId) next.set('connection', connectionId);
    return c.html(
      <Page title="Review" section="review">
        <nav aria-label="Review status" class="tabs">
          <ul>
            {STATUSES.map(([value, name]) => (
              <li>
                <a href={`/app/review?status=${value}`} aria-current={value === status ? 'page' : undefined}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <form method="get" action="/app/review" class="filters">
          <input type="hidden" name="status" value={status} />
          <label for="f-reason">Reason</label>
          <select id="f-reason" name="reason">
            <option value="">Any reason</option>
            {Object.entries(REASONS).map(([value, name]) => (
              <option value={value} selected={value === reason}>
                {name}
              </option>
            ))}
          </select>
          <label for="f-connection">Connection</label>
          <select id="f-connection" name="connection">
            <option value="">Any connection</option>
            {connections.map((conn) => (
              <option value={conn.id} selected={conn.id === connectionId}>
                {PLATFORM_NAMES[conn.platform]} · {conn.reservationLabel}
              </option>
            ))}
          </select>
          <button type="submit">Filter</button>
        </form>
        {status === 'open' ? (
          <p class="muted small" id="shortcuts">
            Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>r</kbd> resolve with the best candidate,{' '}
            <kbd>d</kbd> dismiss.
          </p>
        ) : null}
        <div id="review-notices" aria-live="polite" />
        {page.items.length === 0 ? (
          <p class="empty">{status === 'open' ? 'Nothing to review. All clear.' : 'Nothing here yet.'}</p>
        ) : (
          <ul class="review-list" aria-label="Review items">
            {page.items.map((item) => (
              <li>
                <ReviewItemView item={item} feedNames={names} />
              </li>
            ))}
          </ul>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/app/review?${next}&cursor=${encodeURIComponent(page.nextCursor)}`}>Older items</a>
          </p>
        ) : null}
      </Page>,
    );
  });

  app.post('/app/review/:id/:action{resolve|dismiss}', async (c) => {
    const id = idParam(c);
    const act = ACTIONS[c.req.param('action') as ReviewAction];
    const form = await formOf(c);
    const result = await attempt(() => act(api(c)['review-items'][':id'], id, form));
    if (!isPartial(c)) {
      if ('ok' in result) return c.redirect('/app/review', 303);
      return c.html(
        <Page title="Review" section="review">
          <Notice kind="error">{refusalText(result.refused)}</Notice>
          <a href="/app/review">Back to the queue</a>
        </Page>,
        result.refused.status,
      );
    }
    // in place: the item leaves the queue, a line says what happened
    if ('refused' in result)
      return c.html(
        <div id={`review-${id}`} class="review-item">
          <Notice kind="error">{refusalText(result.refused)}</Notice>
        </div>,
      );
    const booking = result.ok;
    return c.html(
      <div id={`review-${id}`} class="review-done" data-review-done>
        <Notice kind="ok">
          {booking
            ? `Resolved: the booking of ${booking.checkIn} → ${booking.checkOut} now has what the e-mail said.`
            : 'Dismissed: no booking changed.'}
        </Notice>
      </div>,
    );
  });
  return app;
}
