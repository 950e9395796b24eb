import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../config/logger.js';
import type { ApiEnv } from '../context.js';

const HEADER = 'X-Request-Id';
// A caller's id is echoed only when it is safe to put in a log line and a header.
const ACCEPTED = /^[\w.:-]{1,128}$/;

/**
 * Gives each request an id (the caller's X-Request-Id, or a new one), a child logger carrying it,
 * and one `http_request` log line when it ends. Only the path is logged: the OAuth callback's
 * query holds the authorization code and state.
 */
export function requestContext(log: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const incoming = c.req.header(HEADER);
    const requestId = incoming && ACCEPTED.test(incoming) ? incoming : randomUUID();
    const reqLog = log.child({ reqId: requestId });
    c.set('requestId', requestId);
    c.set('log', reqLog);
    c.header(HEADER, requestId);
    const started = performance.now();
    await next();
    c.header(HEADER, requestId);
    reqLog.info(
      {
        event: 'http_request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        workspaceId: c.get('workspaceId'),
      },
      'request',
    );
  };
}
