import { type Context, Hono } from 'hono';
import type { Connection } from '../../api/connection-record.js';
import { AppError } from '../../api/errors.js';
import { GmailMessageId } from '../../api/routes/messages.js';
import type { ReviewItem } from '../../api/routes/review-items.js';
import { CODE } from '../../contracts/errors.js';
import { allConnections } from '../all-connections.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { ItemList } from '../components/item-list.js';
import { Notice, Page } from '../components/layout.js';
import { refusedPage } from '../components/refused-page.js';
import { REASONS, ReviewItemView } from '../components/review-item.js';
import { StatusTabs } from '../components/status-tabs.js';
import { UNREAD_MAIL, type UnreadMail, UnreadMailView, unreadMailId } from '../components/unread-mail.js';
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

/** The reason filter's value for mail nobody could read: the queue's own, never sent to the API. */
const UNREAD = 'unrecognized';
/** Unread mails the queue shows at once, newest first. */
const MAIL_SHOWN = 25;

type Api = ReturnType<ClientOf>;

/**
 * The mail nobody could read (flag `unrecognized`) of the filter's connection or of every one, still
 * waiting for a person or already dismissed, newest first: one call per connection, through the
 * same API route a client lists them with.
 */
async function unreadMail(
  api: Api,
  connections: Connection[],
  filter: { connectionId: string | undefined; dismissed: boolean },
): Promise<{ mails: UnreadMail[]; more: boolean }> {
  const chosen = connections.filter((conn) => !filter.connectionId || conn.id === filter.connectionId);
  const pages = await Promise.all(
    chosen.map(async (conn) => {
      const query = {
        flag: UNREAD,
        dismissed: filter.dismissed ? 'true' : 'false',
        limit: MAIL_SHOWN,
      } as const;
      const page = await answer(api.connections[':id'].messages.$get({ param: { id: conn.id }, query }));
      const connectionName = `${PLATFORM_NAMES[conn.platform]} · ${conn.reservationLabel ?? 'no label'}`;
      return {
        more: page.nextCursor !== null,
        mails: page.items.map((message) => ({ connectionId: conn.id, connectionName, message })),
      };
    }),
  );
  const mails = pages
    .flatMap((p) => p.mails)
    .sort((a, b) => (b.message.internalDate ?? '').localeCompare(a.message.internalDate ?? ''));
  return { mails: mails.slice(0, MAIL_SHOWN), more: mails.length > MAIL_SHOWN || pages.some((p) => p.more) };
}

/** The `:messageId` of a page's path, checked as the API checks it before a path is built from it. */
function messageIdParam(c: Context): string {
  const id = GmailMessageId.safeParse(c.req.param('messageId'));
  if (id.success) return id.data;
  throw new AppError(CODE.VALIDATION_FAILED, 'invalid param', [
    { path: 'param.messageId', message: 'must be a Gmail message id' },
  ]);
}

type OneItem = Api['review-items'][':id'];

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
    const onlyMail = reason === UNREAD;
    const [page, connections, names] = await Promise.all([
      onlyMail
        ? { items: [], nextCursor: null }
        : answer(
            client['review-items'].$get({
              query: {
                status,
                limit: 25,
                reason: formValue<ReviewItem['reason']>(reason),
                connectionId,
                cursor,
              },
            }),
          ),
      allConnections(client),
      feedNames(client),
    ]);
    // mail nobody could read sits in the queue beside the items: waiting (open) or dismissed
    const withMail = status !== 'resolved' && !cursor && (reason === undefined || onlyMail);
    const unread = withMail
      ? await unreadMail(client, connections, { connectionId, dismissed: status === 'dismissed' })
      : { mails: [], more: false };
    const next = new URLSearchParams({ status, ...(reason ? { reason } : {}) });
    if (connectionId) next.set('connection', connectionId);
    return c.html(
      <Page title="Review" section="review">
        <StatusTabs label="Review status" path="/app/review" tabs={STATUSES} current={status} />
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
            <option value={UNREAD} selected={onlyMail}>
              {UNREAD_MAIL}
            </option>
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
        {unread.mails.length > 0 ? (
          <section aria-label="E-mails nobody could read">
            <ItemList class="review-list" label="Unread e-mails">
              {unread.mails.map((mail) => (
                <UnreadMailView mail={mail} />
              ))}
            </ItemList>
            {unread.more ? (
              <p class="muted small">Only the newest {MAIL_SHOWN} are shown: dismiss some to see the rest.</p>
            ) : null}
          </section>
        ) : null}
        {page.items.length === 0 && unread.mails.length === 0 ? (
          <p class="empty">{status === 'open' ? 'Nothing to review. All clear.' : 'Nothing here yet.'}</p>
        ) : page.items.length === 0 ? null : (
          <ItemList class="review-list" label="Review items">
            {page.items.map((item) => (
              <ReviewItemView item={item} feedNames={names} />
            ))}
          </ItemList>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/app/review?${next}&cursor=${encodeURIComponent(page.nextCursor)}`}>Older items</a>
          </p>
        ) : null}
      </Page>,
    );
  });

  // before the item route: `mail` is no item id, and the item route would refuse it as one
  app.post('/app/review/mail/:id/:messageId/dismiss', async (c) => {
    const connectionId = idParam(c);
    const messageId = messageIdParam(c);
    const client = api(c);
    const result = await attempt(() =>
      answer(
        client.connections[':id'].messages[':messageId'].dismiss.$post({
          param: { id: connectionId, messageId },
        }),
      ),
    );
    const target = unreadMailId({ connectionId, gmailMessageId: messageId });
    return answerAction(
      c,
      result,
      target,
      () => 'Dismissed: not a booking. The e-mail stays in the archive.',
    );
  });

  app.post('/app/review/:id/:action{resolve|dismiss}', async (c) => {
    const id = idParam(c);
    const act = ACTIONS[c.req.param('action') as ReviewAction];
    const form = await formOf(c);
    const result = await attempt(() => act(api(c)['review-items'][':id'], id, form));
    return answerAction(c, result, `review-${id}`, (booking) =>
      booking
        ? `Resolved: the booking of ${booking.checkIn} → ${booking.checkOut} now has what the e-mail said.`
        : 'Dismissed: no booking changed.',
    );
  });
  return app;
}

/**
 * A review action's answer. A plain form post (no script) goes back to the queue, or to a page
 * saying why not; a partial request is answered in place: the item leaves the queue, a line says
 * what happened.
 */
function answerAction<T>(
  c: Context,
  result: { ok: T } | { refused: AppError },
  target: string,
  done: (ok: T) => string,
) {
  if (!isPartial(c)) {
    if ('ok' in result) return c.redirect('/app/review', 303);
    return refusedPage(c, result.refused, {
      title: 'Review',
      section: 'review',
      back: ['/app/review', 'Back to the queue'],
    });
  }
  if ('refused' in result)
    return c.html(
      <div id={target} class="review-item">
        <Notice kind="error">{refusalText(result.refused)}</Notice>
      </div>,
    );
  return c.html(
    <div id={target} class="review-done" data-review-done>
      <Notice kind="ok">{done(result.ok)}</Notice>
    </div>,
  );
}
