import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type AppDeps, createApp } from '../../../api/app.js';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionStatus } from '../../../api/connection-status.js';
import { OAUTH_BINDING_COOKIE } from '../../../api/oauth-cookie.js';
import type { CreatedWorkspace } from '../../../api/routes/workspaces.js';
import type { ErrorResponse } from '../../../api/schemas.js';
import { loadEnv } from '../../../config/env.js';
import { approveConsent, DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { gmailSettingsFor } from '../../../testing/gmail-settings.js';
import type { StackOptions } from '../../../testing/stack.js';
import { type Stack, startStack } from '../../support/stack.js';
import { responseContract } from './response-contract.js';

export const ADMIN_TOKEN = 'test-admin-token';

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  /** a raw body, sent as application/json unless headers say otherwise */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ApiOptions {
  allowPrivateHosts?: string[];
  feedAllowPrivateHosts?: string[];
  env?: Record<string, string>;
  stack?: StackOptions;
}

/**
 * The API in process (`app.request`) over a real stack: its own database and Gmail emulator, the
 * run's Temporal dev server, and a worker running the lead's workflows on a task queue of its own.
 * `allowPrivateHosts` (or its older name `feedAllowPrivateHosts`): the test's own loopback feed
 * servers and webhook receivers, for the API and the worker alike; `env` sets API settings (limits)
 * for one test file.
 */
export async function startApi(options: ApiOptions = {}) {
  const allowed = [...(options.allowPrivateHosts ?? []), ...(options.feedAllowPrivateHosts ?? [])];
  const stack = await startStack({ ...options.stack, allowPrivateHosts: allowed });
  const env = loadEnv({
    OUTBOUND_ALLOW_PRIVATE_HOSTS: allowed.join(','),
    ADMIN_TOKEN,
    OAUTH_STATE_SECRET: 'test-oauth-state-secret-0123456789',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    LOG_LEVEL: 'silent',
    // every in-process request is one client: a file full of 401 and sync-now checks must not trip
    // the limits meant for one abusive client (limits.test.ts sets them low on purpose)
    AUTH_FAILURES_PER_WINDOW: '10000',
    SYNC_NOW_PER_MINUTE: '10000',
    ...options.env,
  });
  const deps: AppDeps = {
    sql: stack.sql,
    temporal: stack.client,
    cipher: stack.deps.cipher,
    env,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    // loopback: the emulator accepts it on any port, and we read the code from the redirect
    gmailSettings: gmailSettingsFor(stack.emulator, 'http://127.0.0.1/api/connections/gmail/callback'),
  };
  const app = createApp(deps);
  const checkContract = responseContract(app);

  async function call<T = ErrorResponse>(
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined || opts.raw !== undefined) {
      body = opts.raw ?? JSON.stringify(opts.json);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    const parsed: unknown = text && isJson(res) ? JSON.parse(text) : text;
    checkContract(method, path, res.status, parsed);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async function newWorkspace(name = 'Host') {
    const res = await call<CreatedWorkspace>('POST', '/api/workspaces', {
      json: { name },
      headers: { 'X-Admin-Token': ADMIN_TOKEN },
    });
    if (res.status !== 201) throw new Error(`workspace: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, token: res.body.apiToken };
  }

  async function newConnection(
    token: string,
    reservationLabel = 'Airbnb',
    extra: Record<string, unknown> = {},
  ) {
    const res = await call<Connection>('POST', '/api/connections', {
      token,
      json: { platform: 'airbnb', reservationLabel, ...extra },
    });
    if (res.status !== 201) throw new Error(`connection: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /**
   * /gmail/start → the emulator's consent page, approved as `user` → where the browser lands next,
   * with the binding cookie start set (what the browser would send back to the callback).
   * `consentUrl` may rewrite the consent page's URL first, as an attacker in the middle would.
   */
  async function consent(
    token: string,
    connectionId: string,
    user = DEFAULT_USER,
    consentUrl: (url: URL) => URL = (url) => url,
  ): Promise<Landing> {
    const start = await call('GET', `/api/connections/${connectionId}/gmail/start`, { token });
    const location = start.headers.get('location');
    if (start.status !== 302 || !location)
      throw new Error(`gmail/start: ${start.status} ${JSON.stringify(start.body)}`);
    const cookie = cookieOf(start.headers, OAUTH_BINDING_COOKIE);
    if (!cookie) throw new Error('gmail/start set no binding cookie');
    const url = new URL((await approveConsent(consentUrl(new URL(location)).href, user)).redirectUrl);
    return { path: `${url.pathname}${url.search}`, url, cookie };
  }

  /** The browser arriving at the callback: with the cookie it was given, unless told otherwise. */
  function land(landing: Landing, cookie: string | null = landing.cookie) {
    return call<Connection & ErrorResponse>(
      'GET',
      landing.path,
      cookie === null ? {} : { headers: { Cookie: cookie } },
    );
  }

  /** The whole consent flow, ending at the API's callback. */
  async function connectGmail(token: string, connectionId: string, user = DEFAULT_USER) {
    return land(await consent(token, connectionId, user));
  }

  /** Creates the label in the user's mailbox (with `raws` in it); returns its Gmail id. */
  async function mailbox(label: string, raws: string[] = [], user = DEFAULT_USER) {
    return seedMessages({ emulatorUrl: stack.emulator.url, user, label, raws });
  }

  /** The web app's sign-in, in process: the session cookie a browser would send back. */
  async function webSession(token: string): Promise<string> {
    const res = await web('POST', '/app/sign-in', null, { token });
    const cookie = cookieOf(res.headers, 'cn_session');
    if (res.status !== 303 || !cookie) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
    return cookie;
  }

  /** A page of the web app, or a form posted to it, for a session (null: signed out). */
  function web(method: string, path: string, session: string | null, form?: Record<string, string>) {
    const headers: Record<string, string> = { Origin: IN_PROCESS_ORIGIN };
    if (session) headers.Cookie = session;
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return app.request(path, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
  }

  /** A connection's `GET …/status`, as its workspace sees it. */
  async function statusOf(token: string, connectionId: string): Promise<ConnectionStatus> {
    return (await call<ConnectionStatus>('GET', `/api/connections/${connectionId}/status`, { token })).body;
  }

  /** Waits for the connection to be idle with at least `runs` runs behind it, the last one recorded. */
  function idleAfter(token: string, connectionId: string, runs: number, timeoutMs = 60_000) {
    return eventually(
      async () => {
        const s = await statusOf(token, connectionId);
        return s.state === 'idle' && s.runCount >= runs && s.lastRun ? s : undefined;
      },
      timeoutMs,
      `idle after ${runs} runs`,
    );
  }

  return {
    stack,
    app,
    env,
    deps,
    call,
    newWorkspace,
    newConnection,
    consent,
    land,
    connectGmail,
    mailbox,
    statusOf,
    idleAfter,
    webSession,
    web,
    stop: () => stack.stop(),
  };
}

export type Api = Awaited<ReturnType<typeof startApi>>;

/**
 * One API for the whole file: started before the first test and handed to `use`, which sets the
 * file up with it (its workspaces, connections…); stopped after the last test.
 */
export function useApi(use: (api: Api) => Promise<void> | void, options: ApiOptions = {}): void {
  let api: Api | undefined;
  beforeAll(async () => {
    api = await startApi(options);
    await use(api);
  });
  afterAll(async () => {
    await api?.stop();
  });
}

/** Where `app.request` says an in-process request comes from: the web app's CSRF check wants it. */
const IN_PROCESS_ORIGIN = 'http://localhost';

/** Where Google's redirect sends the browser, and the `name=value` cookie it carries there. */
export interface Landing {
  path: string;
  url: URL;
  cookie: string;
}

/** `name=value` of the cookie `name` a response sets, as a browser would send it back. */
export function cookieOf(headers: Headers, name: string): string | null {
  const set = headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return set ? set.split(';', 1)[0]! : null;
}

function isJson(res: Response): boolean {
  return (res.headers.get('content-type') ?? '').includes('json');
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export type { Stack };
