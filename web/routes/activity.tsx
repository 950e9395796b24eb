import { Hono } from 'hono';
import { ACTIVITY_CATEGORIES, type ActivityCategory } from '../../api/routes/activity.js';
import { activityText } from '../activity-words.js';
import { Page } from '../components/layout.js';
import { When } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { answer, type ClientOf } from '../workspace-client.js';

const CHIPS: Record<ActivityCategory, string> = {
  connector: 'Connector',
  review: 'Review',
  feeds: 'Feeds',
  webhooks: 'Webhooks',
  conflicts: 'Conflicts',
};

/** The workspace's events in words, newest first, by category, a page at a time. */
export function activityPages(api: ClientOf) {
  return new Hono<WebEnv>().get('/app/activity', async (c) => {
    const category = Object.keys(ACTIVITY_CATEGORIES).find((k) => k === c.req.query('category')) as
      | ActivityCategory
      | undefined;
    const cursor = c.req.query('cursor');
    const page = await answer(api(c).activity.$get({ query: { limit: 50, category, cursor } }));
    const more = new URLSearchParams(category ? { category } : {});
    return c.html(
      <Page title="Activity" section="activity">
        <nav aria-label="Filter activity" class="chips">
          <ul>
            <li>
              <a href="/app/activity" aria-current={!category ? 'page' : undefined}>
                All
              </a>
            </li>
            {Object.entries(CHIPS).map(([value, name]) => (
              <li>
                <a
                  href={`/app/activity?category=${value}`}
                  aria-current={value === category ? 'page' : undefined}
                >
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {page.items.length === 0 ? <p class="empty">Nothing has happened here yet.</p> : null}
        <ol class="activity" aria-label="Events, newest first">
          {page.items.map((entry) => (
            <li data-event={entry.event}>
              <span class={`tag tag-${entry.category}`}>{CHIPS[entry.category]}</span>{' '}
              <span class="what">{activityText(entry)}</span>{' '}
              <span class="muted small">
                <When at={entry.createdAt} />
              </span>
            </li>
          ))}
        </ol>
        {page.nextCursor ? (
          <p>
            <a
              href={`/app/activity?${more}${category ? '&' : ''}cursor=${encodeURIComponent(page.nextCursor)}`}
            >
              Older events
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}
