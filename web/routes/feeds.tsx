import { type Context, Hono } from 'hono';
import type { Feed } from '../../api/routes/ical-feeds.js';
import type { Platform } from '../../contracts/platforms.js';
import { AddForm } from '../components/add-form.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { Notice, Page } from '../components/layout.js';
import { Problem } from '../components/problem.js';
import { When } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { attempt, formOf, formValue, idParam, numberField, refusalText } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

type OneFeed = ReturnType<ClientOf>['ical-feeds'][':id'];

/** What each feed button asks the API. */
const ACTIONS = {
  pause: (feed: OneFeed, id: string) => feed.pause.$post({ param: { id } }),
  resume: (feed: OneFeed, id: string) => feed.resume.$post({ param: { id } }),
  delete: (feed: OneFeed, id: string) => feed.$delete({ param: { id } }),
};
type FeedAction = keyof typeof ACTIONS;

/** The iCal feeds: list with the last import, add, pause or resume, delete. */
export function feedPages(api: ClientOf) {
  const app = new Hono<WebEnv>();
  const render = async (c: Context<WebEnv>, refused?: string, status = 200) => {
    const { items } = await answer(api(c)['ical-feeds'].$get());
    return c.html(<FeedsPage feeds={items} refused={refused} />, status as 200);
  };

  app.get('/app/feeds', (c) => render(c));

  app.post('/app/feeds', async (c) => {
    const form = await formOf(c);
    const result = await attempt(() =>
      answer(
        api(c)['ical-feeds'].$post({
          json: {
            platform: formValue<Platform>(form.platform),
            url: formValue(form.url),
            name: form.name || undefined,
            importIntervalMinutes: numberField(form.importIntervalMinutes),
          },
        }),
      ),
    );
    if ('ok' in result) return c.redirect('/app/feeds', 303);
    return render(c, refusalText(result.refused), result.refused.status);
  });

  app.post('/app/feeds/:id/:action{pause|resume|delete}', async (c) => {
    const id = idParam(c);
    const act = ACTIONS[c.req.param('action') as FeedAction];
    const result = await attempt(() => answer(act(api(c)['ical-feeds'][':id'], id)));
    if ('ok' in result) return c.redirect('/app/feeds', 303);
    return render(c, refusalText(result.refused), result.refused.status);
  });
  return app;
}

function FeedsPage(props: { feeds: Feed[]; refused?: string | undefined }) {
  return (
    <Page title="Feeds" section="feeds">
      {props.refused ? <Notice kind="error">{props.refused}</Notice> : null}
      {props.feeds.length === 0 ? (
        <p class="empty">No calendars yet. Add your listing's iCal link below.</p>
      ) : null}
      <ul class="cards" aria-label="Feeds">
        {props.feeds.map((feed) => (
          <li>
            <article class="card" aria-labelledby={`feed-${feed.id}-title`} id={`feed-${feed.id}`}>
              <header class="card-head">
                <h2 id={`feed-${feed.id}-title`}>
                  {feed.name ?? `${PLATFORM_NAMES[feed.platform]} calendar`}
                </h2>
                <span class={`badge badge-feed-${feed.status}`}>
                  {feed.status === 'active'
                    ? '✓ Active'
                    : feed.status === 'paused'
                      ? '‖ Paused'
                      : '⚠ Held for review'}
                </span>
              </header>
              <dl class="facts">
                <dt>Platform</dt>
                <dd>{PLATFORM_NAMES[feed.platform]}</dd>
                <dt>Imports</dt>
                <dd>every {feed.importIntervalMinutes} minutes</dd>
                <dt>Last import</dt>
                <dd>
                  <When at={feed.lastImportedAt} none="not yet" />
                  {feed.lastCounts ? ` · ${lastResult(feed.lastCounts)}` : ''}
                </dd>
              </dl>
              {feed.lastError ? <Problem code={feed.lastError} /> : null}
              <div class="actions">
                <form
                  method="post"
                  action={`/app/feeds/${feed.id}/${feed.status === 'paused' ? 'resume' : 'pause'}`}
                >
                  <button type="submit">{feed.status === 'paused' ? 'Resume' : 'Pause'}</button>
                </form>
              </div>
              <details class="more">
                <summary>Delete…</summary>
                <form method="post" action={`/app/feeds/${feed.id}/delete`} class="stack">
                  <p>The calendar's bookings are removed with it.</p>
                  <button type="submit" class="danger">
                    Yes, delete this feed
                  </button>
                </form>
              </details>
            </article>
          </li>
        ))}
      </ul>
      <AddForm noun="calendar" action="/app/feeds" idPrefix="feed" titleId="add-feed">
        <label for="feed-url">iCal link</label>
        <input id="feed-url" name="url" type="url" required placeholder="https://…/calendar.ics" />
        <label for="feed-name">Name (the listing)</label>
        <input id="feed-name" name="name" />
      </AddForm>
    </Page>
  );
}

function lastResult(counts: Record<string, unknown>): string {
  const n = (k: string) => (typeof counts[k] === 'number' ? counts[k] : 0);
  const refused = n('refused') ? `, ${n('refused')} more events than one import takes (left out)` : '';
  return `${n('inserted')} new, ${n('updated')} updated, ${n('cancelled')} cancelled${refused}`;
}
