import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../api/context.js';
import { AppError } from '../api/errors.js';
import { authFailureThrottle } from '../api/middleware/auth-throttle.js';
import type { RateWindow } from '../api/rate-window.js';
import type { WorkspaceRouter } from '../api/workspace-router.js';
import { apiDocsRoutes } from './api-docs.js';
import { assetRoutes } from './assets.js';
import { Notice, Page } from './components/layout.js';
import { Problem } from './components/problem.js';
import type { WebEnv } from './context.js';
import { navCounts } from './nav-counts.js';
import { refusalText } from './request.js';
import { activityPages } from './routes/activity.js';
import { bookingPages } from './routes/bookings.js';
import { calendarPages } from './routes/calendar.js';
import { conflictPages } from './routes/conflicts.js';
import { connectionPages } from './routes/connections.js';
import { feedPages } from './routes/feeds.js';
import { propertyPages } from './routes/properties.js';
import { reviewPages } from './routes/review.js';
import { runPages } from './routes/runs.js';
import { SignInPage, signInPages, signOutEverywhere } from './routes/sign-in.js';
import { webhookPages } from './routes/webhooks.js';
import { GOOGLE_CONSENT_ORIGIN, pageSecurityHeaders } from './security-headers.js';
import { requireSession } from './session/require-session.js';
import { sessionKey } from './session/session-cookie.js';
import { workspaceClient } from './workspace-client.js';

/**
 * The host's web app under /app, and the self-hosted assets of it and of /docs. Public: the assets,
 * sign-in; everything else needs a session. Every form post is checked by Hono's `csrf` (the
 * Origin must be ours); the JSON API keeps its bearer tokens and never reads the cookie. Pages read
 * and act through `workspace`, the router the API mounts too (web/workspace-client.ts).
 */
export function webRoutes(deps: AppDeps, workspace: WorkspaceRouter, failedAuth: RateWindow) {
  const key = sessionKey(deps.env.OAUTH_STATE_SECRET);
  const publicUrl = deps.env.PUBLIC_URL ? new URL(deps.env.PUBLIC_URL) : null;
  const secure = publicUrl?.protocol === 'https:';
  const api = workspaceClient(workspace);
  const app = new Hono<WebEnv>();

  app.route('/', assetRoutes());
  app.route('/', apiDocsRoutes());
  app.use('/app/*', pageHeaders(consentOriginOf(deps.gmailSettings.authUrl)));
  app.use(
    '/app/*',
    csrf({
      // the request's own origin, or the public one when a proxy serves the app under another name
      origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicUrl?.origin,
    }),
  );
  app.use(
    '/app/sign-in',
    authFailureThrottle({
      failed: failedAuth,
      trustedProxies: deps.env.TRUSTED_PROXIES,
      refuse: (c, wait) => {
        c.header('Retry-After', String(wait));
        return c.html(<SignInPage slowed={wait} />, 429);
      },
    }),
  );
  const session = { sql: deps.sql, key, secure };
  app.route('/', signInPages(session));

  // '/app/*' matches '/app' too
  app.use('/app/*', requireSession({ ...session, idleMinutes: deps.env.WEB_SESSION_IDLE_MINUTES }));
  app.use('/app/*', contextStorage());
  app.use('/app/*', navCounts(api));
  for (const pages of [
    signOutEverywhere(session),
    connectionPages(api),
    runPages(api, deps.env),
    reviewPages(api),
    bookingPages(api),
    activityPages(api),
    feedPages(api),
    webhookPages(api),
    propertyPages(api),
    calendarPages(api),
    conflictPages(api),
  ])
    app.route('/', pages);

  app.onError((err, c) => {
    if (err instanceof AppError) {
      return c.html(
        <Page title="Something needs attention" section="connections">
          <Notice kind="error">{refusalText(err)}</Notice>
          <Problem code={err.code} />
        </Page>,
        err.status,
      );
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.html(
        <Page title="Refused" section="connections">
          <Notice kind="error">This form could not be accepted here. Reload the page and try again.</Notice>
        </Page>,
        err.status,
      );
    }
    c.get('log').error(
      { event: 'web_request_failed', err: { type: err.name, message: err.message, stack: err.stack } },
      'unexpected error',
    );
    return c.html(
      <Page title="Something went wrong" section="connections">
        <Notice kind="error">Something went wrong on our side. Try again in a moment.</Notice>
      </Page>,
      500,
    );
  });
  return app;
}

/** The app's pages load only from our own origin (security-headers.ts); set on every /app answer. */
function pageHeaders(consentOrigin: string): MiddlewareHandler<WebEnv> {
  const headers = Object.entries(pageSecurityHeaders([consentOrigin]));
  return async function pageHeaders(c, next) {
    await next();
    for (const [name, value] of headers) c.header(name, value);
  };
}

/** The origin "Connect Gmail" leads to: the configured consent page's (the emulator's in development), or Google's. */
function consentOriginOf(authUrl: string | undefined): string {
  return authUrl ? new URL(authUrl).origin : GOOGLE_CONSENT_ORIGIN;
}
