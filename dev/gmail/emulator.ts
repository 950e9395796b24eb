import type { AppEnv, TokenMap } from '@emulators/core';
import { Store } from '@emulators/core';
import { seedFromConfig } from '@emulators/google';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { faultRoutes } from './fault-routes.js';
import { FaultController, faultMiddleware } from './faults.js';
import { createGmailApp } from './gmail-app.js';
import type { PushPublisher } from './push-publisher.js';
import { loadState, type StateSaver, stateSaver } from './state-file.js';
import { type MailboxWatch, type PushTarget, watchesOf } from './watch-routes.js';

export interface GmailEmulatorOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** JSON file: loaded at start, saved after each change and at stop, so a dev restart keeps the mailbox */
  statePath?: string;
  users?: string[];
  clientId?: string;
  clientSecret?: string;
  /** redirect URIs registered for the client; loopback URIs are accepted on any port anyway */
  redirectUris?: string[];
}

export interface GmailEmulator {
  /** origin, e.g. http://127.0.0.1:4010: googleapis `rootUrl`, and the OAuth endpoints' base */
  url: string;
  port: number;
  faults: FaultController;
  users: readonly string[];
  clientId: string;
  clientSecret: string;
  /** the emulator's in-memory state, for tests that inspect it directly */
  store: Store;
  /** Gmail push: where watched changes are published (none until set), and the watches by mailbox */
  push: {
    use(publisher: PushPublisher | null): void;
    watchOf(email: string): MailboxWatch | null;
  };
  /** write the state file now (no-op without statePath) */
  save(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_USER = 'host@example.com';
export const DEFAULT_CLIENT_ID = 'dev-client';
export const DEFAULT_CLIENT_SECRET = 'dev-secret';

function listen(app: Hono, hostname: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // keep-alive sockets from googleapis would otherwise hold close() open
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

// Calls that can change the state file's contents (the consent page may register a redirect URI).
function mayChangeState(method: string, path: string): boolean {
  return method !== 'GET' || path === '/o/oauth2/v2/auth';
}

function seedAccounts(
  store: Store,
  users: string[],
  clientId: string,
  clientSecret: string,
  redirectUris: string[],
) {
  seedFromConfig(store, '', {
    users: users.map((email) => ({ email })),
    oauth_clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        name: 'Connections (dev)',
        redirect_uris: redirectUris,
      },
    ],
  });
}

export async function startGmailEmulator(opts: GmailEmulatorOptions = {}): Promise<GmailEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const users = opts.users ?? [DEFAULT_USER];
  const clientId = opts.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = opts.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const store = new Store();
  const tokenMap: TokenMap = new Map();
  if (opts.statePath) await loadState(opts.statePath, store, tokenMap);
  seedAccounts(store, users, clientId, clientSecret, opts.redirectUris ?? []);
  const saver: StateSaver | undefined = opts.statePath
    ? stateSaver(opts.statePath, store, tokenMap)
    : undefined;

  const faults = new FaultController();
  const pushTarget: PushTarget = { publisher: null };
  // The Gmail app needs its own URL (OIDC issuer), known only once a port 0 is bound: forward to it.
  let gmail: Hono<AppEnv> | undefined;
  const app = new Hono();
  app.route('/_faults', faultRoutes(faults));
  app.use('*', faultMiddleware(faults));
  app.all('*', async (c) => {
    if (!gmail) return c.text('starting', 503);
    const response = await gmail.fetch(c.req.raw);
    if (mayChangeState(c.req.method, c.req.path)) saver?.schedule();
    return response;
  });

  const { server, port } = await listen(app, host, opts.port ?? 0);
  const url = `http://${host}:${port}`;
  gmail = createGmailApp(store, tokenMap, url, pushTarget);
  await saver?.flush();

  return {
    url,
    port,
    faults,
    users,
    clientId,
    clientSecret,
    store,
    push: {
      use(publisher) {
        pushTarget.publisher = publisher;
      },
      watchOf: (email) => watchesOf(store)[email] ?? null,
    },
    save: async () => saver?.flush(),
    async stop() {
      await close(server);
      await saver?.flush();
    },
  };
}
