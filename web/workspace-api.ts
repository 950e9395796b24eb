import type { AppDeps } from '../api/context.js';
import { AppError, errorBody } from '../api/errors.js';
import { syncNowLimit } from '../api/middleware/sync-now-limit.js';
import { createRouter } from '../api/router.js';
import { activityRoutes } from '../api/routes/activity.js';
import { bookingRoutes } from '../api/routes/bookings.js';
import { connectionRoutes } from '../api/routes/connections.js';
import { gmailOAuthRoutes } from '../api/routes/gmail-oauth.js';
import { icalFeedRoutes } from '../api/routes/ical-feeds.js';
import { reviewItemRoutes } from '../api/routes/review-items.js';
import { syncRoutes } from '../api/routes/sync.js';
import type { Logger } from '../config/logger.js';
import { CODE, isErrorCode } from '../contracts/errors.js';

/** Who the in-process call is made for: the session's workspace, never anything the browser sent. */
export interface Caller {
  workspaceId: string;
  requestId: string;
  log: Logger;
}

/**
 * The JSON API's own route modules, in process, bound to the signed-in workspace: every read and
 * every action of the web app goes through the same validation, ownership checks, domain code and
 * workflow client as `Authorization: Bearer` calls do, so there is no second implementation to
 * drift. The workspace comes from the session (Hono's `env` argument of `request`), which the
 * browser cannot reach. Mounted nowhere: it answers only these calls.
 */
export function workspaceApi(deps: AppDeps) {
  const api = createRouter();
  api.use('*', async function asSessionWorkspace(c, next) {
    const caller = c.env as Caller;
    c.set('workspaceId', caller.workspaceId);
    c.set('requestId', caller.requestId);
    c.set('log', caller.log);
    await next();
  });
  api.on('POST', '/api/connections/:id/sync', syncNowLimit(deps.env.SYNC_NOW_PER_MINUTE));
  for (const routes of [
    connectionRoutes(deps),
    gmailOAuthRoutes(deps).startRouter,
    syncRoutes(deps),
    reviewItemRoutes(deps),
    icalFeedRoutes(deps),
    bookingRoutes(deps),
    activityRoutes(deps),
  ])
    api.route('/', routes);
  api.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status);
    throw err;
  });

  /** The raw answer (the OAuth start's redirect and its cookies are passed on as they are). */
  const raw = (caller: Caller, method: string, path: string, json?: unknown): Promise<Response> =>
    Promise.resolve(
      api.request(
        path,
        json === undefined
          ? { method }
          : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) },
        caller,
      ),
    );

  /** The answer's JSON; an error answer is thrown as the AppError the route threw. */
  async function call<T>(caller: Caller, method: string, path: string, json?: unknown): Promise<T> {
    const res = await raw(caller, method, path, json);
    const body = (await res.json()) as unknown;
    if (res.ok) return body as T;
    const error = (body as { error?: { code?: unknown; message?: string; details?: unknown } }).error;
    const code = isErrorCode(error?.code) ? error.code : CODE.INTERNAL;
    throw new AppError(code, error?.message, error?.details);
  }

  return {
    raw,
    get: <T>(caller: Caller, path: string) => call<T>(caller, 'GET', path),
    post: <T>(caller: Caller, path: string, json?: unknown) => call<T>(caller, 'POST', path, json),
    patch: <T>(caller: Caller, path: string, json: unknown) => call<T>(caller, 'PATCH', path, json),
    delete: <T>(caller: Caller, path: string) => call<T>(caller, 'DELETE', path),
  };
}

export type WorkspaceApi = ReturnType<typeof workspaceApi>;
