import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { type AppDeps, createApp } from '../api/app.js';
import { loadEnv } from '../config/env.js';
import { gmailSettingsFor } from './gmail-settings.js';
import { freePort } from './ports.js';
import type { Stack } from './stack.js';

export const WEB_ADMIN_TOKEN = 'web-admin-token';

export interface ServedApp {
  /** the origin the browser talks to, e.g. http://127.0.0.1:41234 */
  url: string;
  deps: AppDeps;
  /** the API in process, for setup the browser should not have to do */
  request: ReturnType<typeof createApp>['request'];
  stop(): Promise<void>;
}

/**
 * The whole app (API, web app, docs) over HTTP on a free loopback port, on top of a stack: what a
 * browser test drives. Google's redirect comes back to this server's own callback.
 */
export async function serveApp(stack: Stack, extraEnv: Record<string, string> = {}): Promise<ServedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = loadEnv({
    PUBLIC_URL: url,
    API_PORT: String(port),
    ADMIN_TOKEN: WEB_ADMIN_TOKEN,
    OAUTH_STATE_SECRET: 'web-test-oauth-state-secret-0123456789',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    LOG_LEVEL: 'silent',
    FEED_ONLY_ALLOWED_HOSTS: 'true',
    ...extraEnv,
  });
  const deps: AppDeps = {
    sql: stack.sql,
    temporal: stack.client,
    cipher: stack.cipher,
    env,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    gmailSettings: gmailSettingsFor(stack.emulator, `${url}/api/connections/gmail/callback`),
  };
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  return {
    url,
    deps,
    request: app.request.bind(app),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
