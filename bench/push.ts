import { randomUUID } from 'node:crypto';
import { type ConnectionStatus, statusQuery } from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import { findPubSubEmulator, type PushPathMode, startPubSubEmulator } from '../dev/push/index.js';
import {
  createConnectedConnection,
  deliver,
  startConnectionWorkflow,
  type TestConnection,
} from '../testing/connections.js';
import { airbnbConfirmation, stayOf } from '../testing/mail.js';
import { freePort } from '../testing/ports.js';
import { startPushStack } from '../testing/push.js';
import { type Stack, startStack } from '../testing/stack.js';
import { sleep, waitFor } from '../testing/wait-for.js';
import type { BenchStack } from './setup.js';
import { percentile } from './sync-now.js';

export interface PushBenchResult {
  mode: PushPathMode;
  /** mail inserted into the watched label (Gmail API) → its booking enriched, push on, one at a time */
  pushSamples: number[];
  /** the same with polling every minute and no push, mails spread over a minute */
  pollSamples: number[];
  burstMails: number;
  burstNotifications: number;
  burstRuns: number;
}

const PUSH_LABEL = 'PushBench';
const POLL_LABEL = 'PollBench';

/**
 * Gmail push, measured (docs/gmail-push.md): with push on (through the Pub/Sub emulator when it
 * is installed, else the Gmail emulator's direct path), `pushMails` e-mails one at a time, each
 * 1–2 s after the last was enriched, from the import call to its booking enriched; then a burst of
 * `burstMails` at once and the push runs it started; then, for comparison, a worker without push
 * polling every minute, `pollMails` e-mails spread evenly over one minute. The worker runs in this
 * process (the harness's), beside the API and the emulators.
 */
export async function runPushBench(
  bench: BenchStack,
  opts: { pushMails: number; pollMails: number; burstMails: number; say: (line: string) => void },
): Promise<PushBenchResult> {
  const gcloud = findPubSubEmulator();
  const pubsub = gcloud
    ? await startPubSubEmulator({ gcloud, port: await freePort(), project: 'connections-dev' })
    : null;
  try {
    const push = await startPushStack(bench.servers, {
      pubsubHost: pubsub?.host ?? null,
      stack: { name: 'bench-push', archiveConcurrency: 10 },
    });
    let pushed: Omit<PushBenchResult, 'pollSamples'>;
    try {
      opts.say(
        `push: ${push.path.mode === 'pubsub-emulator' ? 'through the Pub/Sub emulator' : 'direct from the Gmail emulator (no Pub/Sub emulator here)'}`,
      );
      pushed = { mode: push.path.mode, ...(await pushPhase(push.stack, push.path.relay, opts)) };
    } finally {
      await push.stop();
    }
    const poll = await startStack(bench.servers, { name: 'bench-poll', archiveConcurrency: 10 });
    try {
      return { ...pushed, pollSamples: await pollPhase(poll, opts) };
    } finally {
      await poll.stop();
    }
  } finally {
    await pubsub?.stop();
  }
}

async function pushPhase(
  stack: Stack,
  relay: { delivered(): { count: number } },
  opts: { pushMails: number; burstMails: number; say: (line: string) => void },
) {
  const conn = await createConnectedConnection(stack, { label: PUSH_LABEL, intervalMinutes: 15 });
  const numbers = Array.from({ length: opts.pushMails }, (_, i) => 7_000 + i);
  await bookStays(stack.sql, conn, numbers);
  const handle = await startConnectionWorkflow(stack, conn, { intervalMinutes: 15 });
  await waitFor(
    'the watch and the first sync',
    async () => {
      const s = await handle.query(statusQuery);
      return s.push.state === 'watching' && s.runCount >= 1 && s.currentRun === null ? s : undefined;
    },
    { timeoutMs: 180_000 },
  );
  const pushSamples: number[] = [];
  for (const n of numbers) {
    await sleep(1_000 + Math.random() * 1_000);
    const sentAt = performance.now();
    await deliver(stack, conn.label, [airbnbConfirmation(n)]);
    await waitFor(`booking of mail ${n} enriched`, () => enrichedAt(stack.sql, conn, n), {
      timeoutMs: 120_000,
      intervalMs: 10,
    });
    pushSamples.push(performance.now() - sentAt);
  }
  opts.say(
    `push: ${numbers.length} mails one at a time → booking enriched p50 ${percentile(pushSamples, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(pushSamples, 95).toFixed(0)} ms, max ${Math.max(...pushSamples).toFixed(0)} ms`,
  );

  // a burst: every mail at once, then count the push runs it started
  await waitIdle(handle);
  const before = relay.delivered().count;
  const startedAt = new Date();
  const archivedBefore = await archived(stack.sql, conn);
  const burst = Array.from({ length: opts.burstMails }, (_, i) => airbnbConfirmation(8_000 + i));
  await deliver(stack, conn.label, burst, { concurrency: 25 });
  await waitFor(
    'the burst archived',
    async () => ((await archived(stack.sql, conn)) - archivedBefore >= opts.burstMails ? true : undefined),
    { timeoutMs: 180_000 },
  );
  // a held run starts at most 5 s after it was asked for: wait it out before counting
  await sleep(6_000);
  await waitIdle(handle);
  const [runs] = await stack.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM sync_runs
    WHERE connection_id = ${conn.connectionId} AND trigger = 'push' AND started_at >= ${startedAt}`;
  const burstNotifications = relay.delivered().count - before;
  opts.say(
    `push: a burst of ${opts.burstMails} mails → ${burstNotifications} notifications → ${runs!.n} runs`,
  );
  await handle.terminate();
  return { pushSamples, burstMails: opts.burstMails, burstNotifications, burstRuns: runs!.n };
}

async function pollPhase(stack: Stack, opts: { pollMails: number; say: (line: string) => void }) {
  const conn = await createConnectedConnection(stack, { label: POLL_LABEL, intervalMinutes: 1 });
  const numbers = Array.from({ length: opts.pollMails }, (_, i) => 9_000 + i);
  await bookStays(stack.sql, conn, numbers);
  const handle = await startConnectionWorkflow(stack, conn, { intervalMinutes: 1 });
  await waitFor(
    'the first sync',
    async () => {
      const s = await handle.query(statusQuery);
      return s.runCount >= 1 && s.currentRun === null ? s : undefined;
    },
    { timeoutMs: 180_000 },
  );
  // spread over one interval, so the mails land at every phase of the poll
  const spacing = 60_000 / numbers.length;
  const pollSamples = await Promise.all(
    numbers.map(async (n, i) => {
      await sleep(i * spacing);
      const sentAt = performance.now();
      await deliver(stack, conn.label, [airbnbConfirmation(n)]);
      await waitFor(`booking of mail ${n} enriched`, () => enrichedAt(stack.sql, conn, n), {
        timeoutMs: 180_000,
        intervalMs: 50,
      });
      return performance.now() - sentAt;
    }),
  );
  opts.say(
    `poll every minute: ${numbers.length} mails → booking enriched p50 ${percentile(pollSamples, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(pollSamples, 95).toFixed(0)} ms`,
  );
  await handle.terminate();
  return pollSamples;
}

/** A feed of the connection's workspace with the stay each airbnbConfirmation(n) confirms. */
async function bookStays(sql: Sql, conn: TestConnection, numbers: number[]) {
  const [feed] = await sql<{ id: string }[]>`
    INSERT INTO ical_feeds (workspace_id, platform, url)
    VALUES (${conn.workspaceId}, 'airbnb', ${`https://calendar.bench.example/${randomUUID()}.ics`}) RETURNING id`;
  const rows = numbers.map((n) => {
    const { code, checkIn, checkOut } = stayOf(n);
    return {
      workspace_id: conn.workspaceId,
      feed_id: feed!.id,
      ical_uid: `${code}@bench`,
      platform: 'airbnb',
      check_in: checkIn,
      check_out: checkOut,
      confirmation_code: code,
    };
  });
  await sql`INSERT INTO bookings ${sql(rows)}`;
}

async function enrichedAt(sql: Sql, conn: TestConnection, n: number): Promise<true | undefined> {
  const [row] = await sql<{ enrichment_status: string | null }[]>`
    SELECT enrichment_status FROM bookings
    WHERE workspace_id = ${conn.workspaceId} AND confirmation_code = ${stayOf(n).code}`;
  return row?.enrichment_status === 'enriched' ? true : undefined;
}

async function archived(sql: Sql, conn: TestConnection): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.connectionId}`;
  return row!.n;
}

async function waitIdle(handle: { query: (q: typeof statusQuery) => Promise<ConnectionStatus> }) {
  await waitFor('the connection idle', async () =>
    (await handle.query(statusQuery)).currentRun ? undefined : true,
  );
}
