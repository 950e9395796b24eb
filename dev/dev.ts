import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv, outboundPolicy } from '../config/env.js';
import { WORKER_MALLOC_ENV } from '../config/worker-malloc.js';
import { connectDb } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrate } from '../db/migrate.js';
import { serveDemoFeed } from './demo-feed-server.js';
import { serveDemoWebhookReceiver } from './demo-webhook-receiver.js';
import { type GmailEmulator, startGmailEmulator } from './gmail/index.js';
import {
  DEV_PUSH_PROJECT,
  findPubSubEmulator,
  type PushPath,
  startPubSubEmulator,
  startPushPath,
} from './push/index.js';
import { seedDemo } from './seed.js';
import { supervise } from './supervised-process.js';
import { startDevTemporal } from './temporal-server.js';

/**
 * `npm run dev`: the whole product on one machine, started in dependency order with readable
 * progress. `--reset` wipes `.data/` first. Ctrl-C stops everything; a restart keeps the data.
 */
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const env = loadEnv();
const DATA = env.DEV_DATA_DIR ? resolve(env.DEV_DATA_DIR) : join(ROOT, '.data');
const stops: (() => Promise<unknown>)[] = [];
let stopping = false;
const t0 = Date.now();

const say = (line: string) => console.log(`[dev +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
const quiet = (name: string) => (line: string) => {
  if (process.env.DEV_VERBOSE) console.log(`[${name}] ${line}`);
};

async function main() {
  if (process.argv.includes('--reset')) {
    await rm(DATA, { recursive: true, force: true });
    say('wiped .data/');
  }

  say('starting Temporal dev server …');
  const temporal = await startDevTemporal({
    dataDir: join(DATA, 'temporal'),
    port: env.TEMPORAL_PORT,
    uiPort: env.TEMPORAL_UI_PORT,
    log: quiet('temporal'),
  });
  stops.push(temporal.stop);
  say(`Temporal ${temporal.address}, UI ${temporal.uiUrl}`);

  say('starting Postgres …');
  const databaseUrl = await startDatabase();
  say('Postgres ready, migrations applied');

  say('starting Gmail emulator …');
  const emulator = await startGmailEmulator({
    port: env.GMAIL_EMULATOR_PORT,
    statePath: join(DATA, 'gmail-emulator.json'),
  });
  stops.push(emulator.stop);
  const feed = await serveDemoFeed({
    port: env.DEMO_FEED_PORT,
    file: join(ROOT, 'dev/demo/feed.ics'),
  });
  stops.push(() => new Promise((r) => feed.server.close(r)));
  const receiver = await serveDemoWebhookReceiver({ port: env.DEMO_WEBHOOK_PORT });
  stops.push(receiver.stop);
  say(
    `Gmail emulator ${emulator.url}, demo feeds ${Object.values(feed.urls).join(', ')}, demo webhook receiver ${receiver.url}`,
  );

  const apiUrl = `http://${env.API_HOST}:${env.API_PORT}`;
  const publicUrl = env.PUBLIC_URL ?? apiUrl;
  const push = await startPush(emulator, `${apiUrl}/api/gmail/push`, `${publicUrl}/api/gmail/push`);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    GMAIL_API_ROOT_URL: emulator.url,
    GOOGLE_OAUTH_AUTH_URL: `${emulator.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulator.url}/oauth2/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${emulator.url}/revoke`,
    PUBLIC_URL: publicUrl,
    // Gmail push on: the worker watches on the topic, the API trusts the dev issuer's keys
    GMAIL_PUSH_TOPIC: push.topic,
    GMAIL_PUSH_SERVICE_ACCOUNT: push.serviceAccount,
    GMAIL_PUSH_JWKS_URL: push.jwksUrl,
    // the web app links each run to this dev server's UI, whatever port it is on
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? temporal.uiUrl,
    // the demo feeds (one server) and webhook receiver are loopback: allowed by name, next to whatever the
    // variables already allow
    OUTBOUND_ALLOW_PRIVATE_HOSTS: [
      ...outboundPolicy(env).allowPrivateHosts,
      new URL(feed.url).host,
      new URL(receiver.url).host,
    ].join(','),
  };
  say('starting worker and API …');
  for (const [name, entry] of [
    ['worker', 'worker.ts'],
    ['api', 'api/server.ts'],
  ] as const) {
    const proc = supervise({
      name,
      entry: join(ROOT, entry),
      env: name === 'worker' ? { ...WORKER_MALLOC_ENV, ...childEnv } : childEnv,
      pidFile: join(DATA, 'pids', `${name}.pid`),
      log: say,
      shouldRestart: () => !stopping,
    });
    stops.unshift(proc.stop);
  }
  await waitFor(`${apiUrl}/healthz`, 90_000);
  say('API healthy');

  const demo = await seedDemo({
    apiUrl,
    adminToken: env.ADMIN_TOKEN,
    emulatorUrl: emulator.url,
    feedUrls: feed.urls,
    dataDir: DATA,
    log: say,
  });
  printSummary({
    apiUrl,
    uiUrl: temporal.uiUrl,
    emulatorUrl: emulator.url,
    feedUrl: feed.url,
    receiverUrl: receiver.url,
    databaseUrl,
    workerMetricsUrl: `http://${env.WORKER_METRICS_HOST}:${env.WORKER_METRICS_PORT}/metrics`,
    demo,
  });
}

/**
 * Gmail push for the local stack: through the Pub/Sub emulator when it is installed, else the Gmail
 * emulator posts each push itself; either way the relay signs it as Pub/Sub would. Says which.
 */
async function startPush(emulator: GmailEmulator, apiPushUrl: string, audience: string): Promise<PushPath> {
  const gcloud = findPubSubEmulator();
  let pubsubHost: string | null = null;
  if (gcloud) {
    say('starting the Pub/Sub emulator …');
    const pubsub = await startPubSubEmulator({
      gcloud,
      port: env.PUBSUB_EMULATOR_PORT,
      project: DEV_PUSH_PROJECT,
      log: quiet('pubsub'),
    });
    stops.push(pubsub.stop);
    pubsubHost = pubsub.host;
  }
  const path = await startPushPath({ emulator, pubsubHost, topicId: 'gmail-push', apiPushUrl, audience });
  stops.push(path.stop);
  say(
    path.mode === 'pubsub-emulator'
      ? `Gmail push: Gmail emulator → Pub/Sub emulator ${pubsubHost} (${path.topic}) → API`
      : 'Gmail push: the Pub/Sub emulator is not installed (Debian: google-cloud-cli-pubsub-emulator), so the Gmail emulator posts each push to the API itself',
  );
  return path;
}

async function startDatabase(): Promise<string> {
  let url = env.DATABASE_URL;
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(DATA, 'postgres'),
      port: env.POSTGRES_PORT,
      onLog: quiet('postgres'),
    });
    stops.push(pg.stop);
    url = await ensureDatabase(pg.url, 'connections');
  }
  const sql = connectDb(url, { max: 1 });
  await migrate(sql);
  await sql.end();
  return url;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = connectDb(serverUrl, { max: 1 });
  const [found] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  if (!found) await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

function printSummary(s: {
  apiUrl: string;
  uiUrl: string;
  emulatorUrl: string;
  feedUrl: string;
  receiverUrl: string;
  databaseUrl: string;
  workerMetricsUrl: string;
  demo: { apiToken: string; connectionId: string; workspaceId: string };
}) {
  const rows: [string, string][] = [
    ['web app', `${s.apiUrl}/app`],
    ['API', s.apiUrl],
    ['API docs', `${s.apiUrl}/docs`],
    ['API metrics', `${s.apiUrl}/metrics`],
    ['worker metrics', s.workerMetricsUrl],
    ['Temporal UI', s.uiUrl],
    ['demo workflow', `${s.uiUrl}/namespaces/default/workflows/connection-${s.demo.connectionId}`],
    ['Gmail emulator', s.emulatorUrl],
    ['demo iCal feeds', s.feedUrl.replace(/airbnb\.ics$/, '{airbnb,vrbo,booking}.ics')],
    ['demo webhooks', `${s.receiverUrl} (an endpoint URL; GET it to see what arrived)`],
    ['Postgres', s.databaseUrl.replace(/:[^:@/]+@/, ':***@')],
    ['workspace', s.demo.workspaceId],
    ['connection', s.demo.connectionId],
    ['API token', s.demo.apiToken],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nConnections is up (${((Date.now() - t0) / 1000).toFixed(1)} s).\n`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(`\n  sign in to the web app with the API token above: ${s.apiUrl}/app`);
  console.log(
    `  or: curl -H 'Authorization: Bearer ${s.demo.apiToken}' ${s.apiUrl}/api/connections/${s.demo.connectionId}/status`,
  );
  console.log('\nCtrl-C stops everything; data stays in .data/ (npm run dev -- --reset wipes it).\n');
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping …');
  for (const stop of stops) await stop().catch((err) => say(`stop failed: ${err}`));
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err) => {
  console.error(`\nnpm run dev failed: ${err instanceof Error ? err.message : err}`);
  if (!existsSync(DATA)) console.error('(no .data/ yet)');
  await shutdown(1);
});
