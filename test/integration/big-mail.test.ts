/**
 * Bytes are a budget, like time (issue 20): a label full of big mail, synced by the real worker
 * process (worker.ts) through the Gmail emulator, keeps the worker's resident memory under a stated
 * bound however many big messages there are. Messages over the size cap are never held whole: their
 * download stops at the cap and they are archived from their metadata, flagged `too_large`; big
 * messages under the cap pass through the byte budget one large message at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../api/connection-status.js';
import type { ArchivedMessagePage } from '../../api/routes/messages.js';
import type { ChildHandle } from '../../testing/child-process.js';
import {
  createConnectedConnection,
  deliver,
  startConnectionWorkflow,
  type TestConnection,
} from '../../testing/connections.js';
import { airbnbConfirmation, bigMessage } from '../../testing/mail.js';
import { mb, memoryOf, type ProcessMemory } from '../../testing/process-memory.js';
import { type Api, startApi } from './api/harness.js';

/**
 * The bounds this test states, on the worker's peak resident memory above its idle, warmed-up size
 * with the defaults (MAIL_BYTES_IN_FLIGHT 64 MiB, MAIL_POOL_THREADS 4 of which a connection alone takes 2, MAIL_THREAD_HEAP_MB 128):
 * mail over the cap costs next to nothing however much of it there is (its download stops at the
 * cap); big mail under the cap passes one message at a time through the budget's large lane and its
 * parse is bounded by the threads' heaps, so it costs at most about threads × heap + a few times the
 * cap, also however much of it there is (docs/tenancy.md, "Memory").
 */
const OVER_CAP_BOUND_MB = 300;
const UNDER_CAP_BOUND_MB = 500;
const CAP_MB = 10;
const LABEL = 'Big mail';

let api: Api;
let conn: TestConnection;
let idle: ProcessMemory;
let afterOverCap: ProcessMemory;
let after: ProcessMemory;
let items: ArchivedMessagePage['items'];

const pid = () => (api.stack.worker as ChildHandle).process.pid!;
const idleAfter = (runs: number) => api.idleAfter(conn.apiToken, conn.connectionId, runs, 600_000);

/** `count` messages of `sizeMb` each into the label, two uploads at a time. */
function deliverBig(count: number, sizeMb: number) {
  return deliver(
    api.stack,
    LABEL,
    Array.from({ length: count }, () => bigMessage(sizeMb)),
    { concurrency: 2 },
  );
}

/** "Sync now", through the API, until the connection is idle with `runs` runs behind it. */
async function syncNow(runs: number) {
  const sync = await api.call('POST', `/api/connections/${conn.connectionId}/sync`, { token: conn.apiToken });
  expect(sync.status).toBe(202);
  const status: ConnectionStatus = await idleAfter(runs);
  expect(status.lastRun?.status).toBe('completed');
}

beforeAll(async () => {
  api = await startApi({
    stack: {
      name: 'big-mail',
      workerProcess: true,
      // the worker's defaults (MAIL_BYTES_IN_FLIGHT 64 MiB, GMAIL_FETCH_CONCURRENCY 25), said aloud
      workerEnv: { MAIL_MAX_MESSAGE_BYTES: String(CAP_MB * 1024 * 1024) },
    },
  });
  conn = await createConnectedConnection(api.stack, { label: LABEL });
  // warm up: an ordinary first sync, so "idle" is a worker that has synced, not one that never ran
  await deliver(api.stack, LABEL, [
    airbnbConfirmation(7001),
    airbnbConfirmation(7002),
    airbnbConfirmation(7003),
  ]);
  await startConnectionWorkflow(api.stack, conn);
  await idleAfter(1);
  idle = await memoryOf(pid());

  // thirty 12 MB and ten 20 MB messages over the cap
  await deliverBig(30, 12);
  await deliverBig(10, 20);
  await syncNow(2);
  afterOverCap = await memoryOf(pid());
  // then twenty 8 MB ones under it (text bombs: each is parsed, and over the extraction budget)
  await deliverBig(20, 8);
  await syncNow(3);
  after = await memoryOf(pid());
  const listed = await api.call<ArchivedMessagePage>(
    'GET',
    `/api/connections/${conn.connectionId}/messages?flagged=true&limit=200`,
    { token: conn.apiToken },
  );
  items = listed.body.items;
  console.info(
    `[big-mail] worker RSS idle ${mb(idle.rssBytes)} MB (peak so far ${mb(idle.peakRssBytes)} MB); ` +
      `after 30×12 MB + 10×20 MB over the cap: peak ${mb(afterOverCap.peakRssBytes)} MB ` +
      `(+${mb(afterOverCap.peakRssBytes - idle.rssBytes)}, bound +${OVER_CAP_BOUND_MB}); ` +
      `after 20×8 MB under it: peak ${mb(after.peakRssBytes)} MB ` +
      `(+${mb(after.peakRssBytes - idle.rssBytes)}, bound +${UNDER_CAP_BOUND_MB}), now ${mb(after.rssBytes)} MB`,
  );
}, 900_000);
afterAll(async () => {
  await api?.stop();
});

describe('a label of big mail, synced by the worker process', () => {
  it(`keeps the worker's peak RSS within ${OVER_CAP_BOUND_MB} MB of its idle size through forty messages over the cap`, () => {
    expect(afterOverCap.peakRssBytes - idle.rssBytes).toBeLessThan(OVER_CAP_BOUND_MB * 1024 * 1024);
  });

  it(`keeps it within ${UNDER_CAP_BOUND_MB} MB through twenty big messages under the cap`, () => {
    expect(after.peakRssBytes - idle.rssBytes).toBeLessThan(UNDER_CAP_BOUND_MB * 1024 * 1024);
  });

  it('lists every message over the cap as too_large, with its size and headers but no body', async () => {
    const over = items.filter((m) => /^(12|20) MB message/.test(m.subject ?? ''));
    expect(over).toHaveLength(40);
    for (const m of over) {
      expect(m.flags).toEqual(['too_large']);
      expect(m.sizeBytes).toBeGreaterThan(CAP_MB * 1024 * 1024);
      expect(m.from).toContain('bulk@example.org');
    }
    const [bodies] = await api.stack.sql<{ with_body: number }[]>`
      SELECT count(*)::int AS with_body FROM gmail_messages
      WHERE connection_id = ${conn.connectionId} AND 'too_large' = ANY(flags)
        AND (raw IS NOT NULL OR body_text IS NOT NULL OR body_html IS NOT NULL)`;
    expect(bodies!.with_body).toBe(0);
  });

  it('archives the big messages under the cap whole (their text past the extraction budget, flagged)', async () => {
    const under = await api.stack.sql<{ size: number; flags: string[] }[]>`
      SELECT octet_length(raw) AS size, flags FROM gmail_messages
      WHERE connection_id = ${conn.connectionId} AND subject LIKE '8 MB message%'`;
    expect(under).toHaveLength(20);
    for (const m of under) {
      expect(m.size).toBeGreaterThan(8 * 1024 * 1024);
      expect(m.flags).toEqual(['budget_exceeded']);
    }
  });

  it('is never asked for a too_large message again: a second sync reads nothing new', async () => {
    const since = Date.now();
    await syncNow(4);
    const gets = api.stack.emulator.faults.calls({ kind: 'messages.get', since });
    expect(gets).toEqual([]);
  });
});
