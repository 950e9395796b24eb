import { swaggerUI } from '@hono/swagger-ui';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiEnv, AppDeps } from './context.js';
import { AppError, errorBody } from './errors.js';
import { workspaceAuth } from './middleware/auth.js';
import { requestContext } from './middleware/request-id.js';
import { createRouter } from './router.js';
import { bookingRoutes } from './routes/bookings.js';
import { connectionRoutes } from './routes/connections.js';
import { gmailOAuthRoutes } from './routes/gmail-oauth.js';
import { healthRoutes } from './routes/health.js';
import { icalFeedRoutes } from './routes/ical-feeds.js';
import { reviewItemRoutes } from './routes/review-items.js';
import { syncRoutes } from './routes/sync.js';
import { workspaceRoutes } from './routes/workspaces.js';

export type { AppDeps } from './context.js';

/**
 * The HTTP API. Routes registered before `workspaceAuth` are public (health, the OAuth callback)
 * or guarded otherwise (workspace creation: admin token); Hono runs handlers in registration
 * order, so those answer before the auth middleware is reached.
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const oauth = gmailOAuthRoutes(deps);

  app.use('*', requestContext(deps.log));
  app.route('/', healthRoutes(deps));
  app.route('/', workspaceRoutes(deps));
  app.route('/', oauth.callbackRouter);

  app.use('/api/*', workspaceAuth(deps.sql));
  app.route('/', connectionRoutes(deps));
  app.route('/', oauth.startRouter);
  app.route('/', syncRoutes(deps));
  app.route('/', reviewItemRoutes(deps));
  app.route('/', icalFeedRoutes(deps));
  app.route('/', bookingRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: "The workspace's apiToken",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Admin-Token',
  });
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Connections API',
      version: '1.0.0',
      description:
        'Gmail booking e-mails → enriched bookings and a review queue. Errors: {error: {code, message, details?}}.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));

  app.notFound((c) =>
    c.json(errorBody(new AppError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)), 404),
  );
  app.onError((err, c) => respondWithError(err, c, deps));
  return app;
}

function respondWithError(err: Error, c: Context<ApiEnv>, deps: AppDeps): Response {
  const log = c.get('log') ?? deps.log;
  const known = err instanceof AppError ? err : fromHttpException(err);
  if (known) {
    // `code` is a redacted log key (OAuth codes): the error code goes under `error`
    log.info({ event: 'request_rejected', error: known.code, reason: known.message }, 'rejected');
    return c.json(errorBody(known), known.status);
  }
  // name, message and stack only: client errors (gaxios, grpc) carry request headers with credentials
  log.error(
    { event: 'request_failed', err: { type: err.name, message: err.message, stack: err.stack } },
    'unexpected error',
  );
  const internal = new AppError('INTERNAL', 'internal error', { requestId: c.get('requestId') });
  return c.json(errorBody(internal), internal.status);
}

/** Hono's own 4xx (malformed JSON, a body of the wrong media type) are bad input like any other. */
function fromHttpException(err: Error): AppError | null {
  if (!(err instanceof HTTPException) || err.status >= 500) return null;
  const message = err.status === 415 ? 'the body must be application/json' : err.message;
  return new AppError('VALIDATION_FAILED', message, [{ path: 'body', message }]);
}
