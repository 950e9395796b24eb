import type { MiddlewareHandler } from 'hono';
import { getContext } from 'hono/context-storage';
import type { WebEnv } from './context.js';
import { isPartial } from './request.js';
import { answer, type ClientOf } from './workspace-client.js';

/**
 * The navigation's badge: how many conflicts wait for the host, on every page. Read once per full
 * page view through the API (GET /api/conflicts/summary) before the page renders; htmx fragments
 * and form posts have no navigation and skip it.
 */
export function navCounts(api: ClientOf): MiddlewareHandler<WebEnv> {
  return async function navCounts(c, next) {
    if (c.req.method === 'GET' && !isPartial(c)) {
      const summary = await answer(api(c).conflicts.summary.$get());
      c.set('openConflicts', summary.open);
    }
    await next();
  };
}

/**
 * The count for the page being rendered: the layout reads it from the request it renders for
 * (hono/context-storage), so no page has to pass it along. Undefined outside a page request.
 */
export function openConflictsNow(): number | undefined {
  try {
    return getContext<WebEnv>().get('openConflicts');
  } catch {
    return undefined;
  }
}
