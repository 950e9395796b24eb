import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CODE, type ErrorCode } from '../contracts/errors.js';
import { apiMetrics } from '../metrics/api-metrics.js';
import { webRoutes } from '../web/index.js';
import { oauthCallbackPage } from '../web/oauth-callback-page.js';
import type { ApiEnv, AppDeps } from './context.js';
import { AppError, errorBody } from './errors.js';
import { workspaceAuth } from './middleware/auth.js';
import { authFailureThrottle, failedAuthWindow } from './middleware/auth-throttle.js';
import { requestBodyLimit } from './middleware/body-limit.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { requestContext } from './middleware/request-id.js';
import { responseSecurityHeaders } from './middleware/security-headers.js';
import { createRouter } from './router.js';
import { gmailCallbackRoutes } from './routes/gmail-oauth.js';
import { gmailPushRoutes } from './routes/gmail-push.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { workspaceRouter } from './workspace-router.js';

export type { AppDeps } from './context.js';

/**
 * The HTTP server: the API, the web app and the docs. Routes registered before `workspaceAuth` are
 * public (health, the OAuth callback) or guarded otherwise (workspace creation: admin token; the
 * Gmail push: Pub/Sub's OIDC token; the web app: its session); Hono runs handlers in registration
 * order, so those answer before the auth middleware is reached. The workspace router is built once and mounted by both doors: here behind
 * the bearer token, and by the web app for its session (web/workspace-client.ts).
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const workspace = workspaceRouter(deps);
  const metrics = apiMetrics(deps.sql, { lagSeriesMax: deps.env.METRICS_LAG_SERIES_MAX });

  app.use('*', responseSecurityHeaders());
  app.use('*', httpMetrics(metrics.http));
  app.use('*', requestContext(deps.log));
  app.use('*', requestBodyLimit(deps.env.API_BODY_LIMIT_BYTES));
  // one count of failures per client, whichever door took the credential
  const failed = failedAuthWindow({
    failures: deps.env.AUTH_FAILURES_PER_WINDOW,
    windowSeconds: deps.env.AUTH_FAILURE_WINDOW_SECONDS,
  });
  app.use('/api/*', authFailureThrottle({ failed, trustedProxies: deps.env.TRUSTED_PROXIES }));
  app.route('/', healthRoutes(deps));
  metricsRoutes(deps, metrics, app);
  app.route('/', workspaceRoutes(deps));
  app.use('/api/connections/gmail/callback', oauthCallbackPage(deps.env.OAUTH_STATE_SECRET));
  app.route('/', gmailCallbackRoutes(deps));
  app.route('/', gmailPushRoutes(deps, metrics.push)); // Pub/Sub's door: its OIDC token, not a workspace's
  app.route('/', webRoutes(deps, workspace, failed)); // the web app (/app, its session) and the self-hosted /docs

  app.use('/api/*', workspaceAuth(deps.sql));
  app.route('/', workspace);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: "The workspace's apiToken",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'pubsubOidc', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "Google's OIDC token on a Pub/Sub push (the push subscription's service account)",
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

  app.notFound((c) =>
    c.json(errorBody(new AppError(CODE.NOT_FOUND, `no route ${c.req.method} ${c.req.path}`)), 404),
  );
  app.onError((err, c) => respondWithError(err, c, deps));
  return app;
}

/** What a 503 tells the client to wait: about the time a burst of workflow tasks takes to drain. */
const RETRY_UNAVAILABLE_AFTER_S = 5;

function respondWithError(err: Error, c: Context<ApiEnv>, deps: AppDeps): Response {
  const log = c.get('log') ?? deps.log;
  const known = err instanceof AppError ? err : fromHttpException(err);
  if (known) {
    // `code` is a redacted log key (OAuth codes): the error code goes under `error`
    log.info({ event: 'request_rejected', error: known.code, reason: known.message }, 'rejected');
    // a busy or restarting Temporal: the client may send the same request again shortly
    const retryAfter =
      known.status === 503 ? { 'Retry-After': String(RETRY_UNAVAILABLE_AFTER_S) } : undefined;
    return c.json(errorBody(known), known.status, retryAfter);
  }
  // name, message and stack only: client errors (gaxios, grpc) carry request headers with credentials
  log.error(
    { event: 'request_failed', err: { type: err.name, message: err.message, stack: err.stack } },
    'unexpected error',
  );
  const internal = new AppError(CODE.INTERNAL, undefined, { requestId: c.get('requestId') }, { cause: err });
  return c.json(errorBody(internal), internal.status);
}

/**
 * Hono's own 4xx keep their status and get the registry's code for it: malformed JSON is bad input
 * like any other, a body of the wrong media type is 415. A 4xx with no code of its own stays 400.
 */
const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: CODE.VALIDATION_FAILED,
  401: CODE.UNAUTHORIZED,
  405: CODE.METHOD_NOT_ALLOWED,
  413: CODE.PAYLOAD_TOO_LARGE,
  415: CODE.UNSUPPORTED_MEDIA_TYPE,
};

function fromHttpException(err: Error): AppError | null {
  if (!(err instanceof HTTPException) || err.status >= 500) return null;
  const code = HTTP_EXCEPTION_CODES[err.status] ?? CODE.VALIDATION_FAILED;
  if (code !== CODE.VALIDATION_FAILED) return new AppError(code, undefined, undefined, { cause: err });
  return new AppError(code, err.message, [{ path: 'body', message: err.message }], { cause: err });
}
