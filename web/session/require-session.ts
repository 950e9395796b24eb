import type { MiddlewareHandler } from 'hono';
import type { Sql } from '../../db/client.js';
import type { WebEnv } from '../context.js';
import { readSessionCookie } from './session-cookie.js';
import { type SessionPolicy, sessionWorkspace } from './session-store.js';

export interface SessionGuard extends SessionPolicy {
  sql: Sql;
  key: string;
  secure: boolean;
}

/**
 * Resolves the session cookie to its workspace; without a live one (unknown, expired, idle too
 * long, or made with a token since rotated or revoked), a page request goes to the sign-in form and
 * a partial (htmx) request is told to reload there.
 *
 * @example
 * app.use('/app/*', requireSession({ sql, key, secure, idleMinutes: 720 }));
 */
export function requireSession(guard: SessionGuard): MiddlewareHandler<WebEnv> {
  return async function requireSession(c, next) {
    const sessionId = await readSessionCookie(c, guard.key, guard.secure);
    const workspaceId = sessionId ? await sessionWorkspace(guard.sql, sessionId, guard) : null;
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
