import type { MiddlewareHandler } from 'hono';
import type { Sql } from '../../db/client.js';
import type { WebEnv } from '../context.js';
import { readSessionCookie } from './session-cookie.js';
import { sessionWorkspace } from './session-store.js';

/**
 * Resolves the session cookie to its workspace; without a valid one, a page request goes to the
 * sign-in form and a partial (htmx) request is told to reload there.
 *
 * @example
 * app.use('/app/*', requireSession(sql, key));
 */
export function requireSession(sql: Sql, key: string): MiddlewareHandler<WebEnv> {
  return async function requireSession(c, next) {
    const sessionId = await readSessionCookie(c, key);
    const workspaceId = sessionId ? await sessionWorkspace(sql, sessionId) : null;
    if (!sessionId || !workspaceId) {
      if (c.req.header('HX-Request')) {
        c.header('HX-Redirect', '/app/sign-in');
        return c.body(null, 401);
      }
      return c.redirect('/app/sign-in', 303);
    }
    c.set('sessionId', sessionId);
    c.set('workspaceId', workspaceId);
    await next();
  };
}
