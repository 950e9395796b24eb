import { type Context, Hono } from 'hono';
import { type ClientResponse, DetailedError, hc, parseResponse } from 'hono/client';
import type { ApiEnv } from '../api/context.js';
import { AppError, errorBody } from '../api/errors.js';
import type { WorkspaceRouter } from '../api/workspace-router.js';
import type { Logger } from '../config/logger.js';
import { CODE, isErrorCode } from '../contracts/errors.js';
import type { WebEnv } from './context.js';

/** Who an in-process call is made for: the session's workspace, never anything the browser sent. */
interface Caller {
  workspaceId: string;
  requestId: string;
  log: Logger;
}

/** Never resolved or dialled: the typed client's requests go to `door.request`, in this process. */
const IN_PROCESS = 'http://in-process';

/**
 * The web app's door to the workspace router, the same router object the API mounts behind its
 * bearer tokens (api/workspace-router.ts): every read and every action of the web app goes through
 * the same validation, ownership checks, limits, domain code and workflow client as an
 * `Authorization: Bearer` call. Called through Hono's typed client (`hc`), so a wrong path, method,
 * parameter or body is a type error, and each answer has the type the route declares.
 *
 * The workspace comes from the session: it travels as the in-process request's `env`, which no
 * browser can reach. Returns the client for one page request.
 *
 * @example
 * const api = workspaceClient(router);
 * app.get('/app', async (c) => c.json(await answer(api(c).connections.$get())));
 */
export function workspaceClient(router: WorkspaceRouter) {
  const door = new Hono<ApiEnv & { Bindings: Caller }>()
    .use(async function asSessionWorkspace(c, next) {
      c.set('workspaceId', c.env.workspaceId);
      c.set('requestId', c.env.requestId);
      c.set('log', c.env.log);
      c.set('door', 'web');
      await next();
    })
    .route('/', router);
  door.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status);
    throw err;
  });

  return (c: Context<WebEnv>) => {
    const caller: Caller = {
      workspaceId: c.get('workspaceId'),
      requestId: c.get('requestId'),
      log: c.get('log'),
    };
    return hc<WorkspaceRouter>(IN_PROCESS, {
      fetch: (input: string | URL | Request, init?: RequestInit) => door.request(input, init, caller),
    }).api;
  };
}

export type ClientOf = ReturnType<typeof workspaceClient>;

/** The answer's body when the call succeeded; a refusal is thrown as the AppError the route threw. */
export async function answer<R extends ClientResponse<unknown>>(call: Promise<R>) {
  try {
    return await parseResponse(call);
  } catch (err) {
    if (err instanceof DetailedError) throw refusalOf(err);
    throw err;
  }
}

function refusalOf(err: DetailedError): AppError {
  const body = (err.detail as { data?: { error?: { code?: unknown; message?: string; details?: unknown } } })
    ?.data;
  const error = body?.error;
  return new AppError(isErrorCode(error?.code) ? error.code : CODE.INTERNAL, error?.message, error?.details);
}
