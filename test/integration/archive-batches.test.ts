/**
 * The archive step writes a page in batches while it is still fetching. A Gmail failure mid-page
 * keeps the batches already written and does not move the cursor or count the page as scanned; the
 * retry asks Gmail only for the rest, counts what the failed attempt wrote as the run's own, and
 * nothing is archived twice.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMessages } from '../../activities/archive/archive-messages.js';
import type { ArchivePageResult } from '../../domain/archive/page-counts.js';
import { createConnectedConnection, deliver, type TestConnection } from '../../testing/connections.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { type Stack, startStack } from '../support/stack.js';

const MESSAGES = 300;
const FAIL_AFTER = 150;
const CURSOR = '987654321';

let stack: Stack;
let conn: TestConnection;
let ids: string[];
let runId: string;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  conn = await createConnectedConnection(stack, { label: 'Batches' });
  ids = await deliver(
    stack,
    'Batches',
    Array.from({ length: MESSAGES }, (_, i) => airbnbConfirmation(7000 + i)),
    { concurrency: 8 },
  );
  const [run] = await stack.sql<{ id: string }[]>`
    INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
    VALUES (${conn.workspaceId}, ${conn.connectionId}, 'batches', 'manual', 'full') RETURNING id`;
  runId = run!.id;
}, 120_000);

afterAll(() => stack?.stop());

const page = () => ({
  connectionId: conn.connectionId,
  labelId: conn.labelId,
  runId,
  messageIds: ids,
  historyIdAfterPage: CURSOR,
  mode: 'full' as const,
});

async function archivedCount(): Promise<number> {
  const [row] = await stack.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.connectionId}`;
  return row!.n;
}

async function cursorAndScanned() {
  const [row] = await stack.sql<{ history_id: string | null; emails_scanned: number }[]>`
    SELECT c.history_id, r.emails_scanned FROM connections c, sync_runs r
    WHERE c.id = ${conn.connectionId} AND r.id = ${runId}`;
  return row!;
}

describe('archiving a page in batches', () => {
  let kept = 0;

  it('keeps the batches written before a Gmail failure, without moving the cursor', async () => {
    const env = new MockActivityEnvironment();
    // Gmail starts failing once part of the page is read
    env.on('heartbeat', (details: { fetched?: number }) => {
      if ((details?.fetched ?? 0) >= FAIL_AFTER && stack.emulator.faults.count({ kind: 'messages.get' }) > 0)
        stack.emulator.faults.serverError({ status: 500, routes: ['messages.get'] });
    });
    stack.emulator.faults.resetCalls();
    await expect(env.run(archiveMessages(stack.deps), page())).rejects.toBeTruthy();
    kept = await archivedCount();
    expect(kept).toBeGreaterThanOrEqual(100);
    expect(kept).toBeLessThan(MESSAGES);
    const facts = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM reservation_facts WHERE connection_id = ${conn.connectionId}`;
    expect(facts[0]!.n).toBeGreaterThan(0);
    const after = await cursorAndScanned();
    expect(after.history_id).not.toBe(CURSOR);
    expect(after.emails_scanned).toBe(0);
  });

  it('asks Gmail only for the rest on the retry, and archives each message once', async () => {
    stack.emulator.faults.clear();
    stack.emulator.faults.resetCalls();
    const result: ArchivePageResult = await new MockActivityEnvironment({ attempt: 2 }).run(
      archiveMessages(stack.deps),
      page(),
    );
    // what the failed attempt committed was this run's own work: archived, not duplicates
    const [facts] = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM reservation_facts WHERE connection_id = ${conn.connectionId}`;
    expect(result).toMatchObject({ archived: MESSAGES, duplicates: 0, factsExtracted: facts!.n });
    expect(stack.emulator.faults.count({ kind: 'messages.get' })).toBe(MESSAGES - kept);
    expect(await archivedCount()).toBe(MESSAGES);
    expect(await cursorAndScanned()).toEqual({ history_id: CURSOR, emails_scanned: MESSAGES });
  });

  it('counts a message another run archived as a duplicate, even on a retry', async () => {
    const [other] = await stack.sql<{ id: string }[]>`
      INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
      VALUES (${conn.workspaceId}, ${conn.connectionId}, 'batches-again', 'manual', 'full') RETURNING id`;
    const retried = new MockActivityEnvironment({ attempt: 2 });
    expect(await retried.run(archiveMessages(stack.deps), { ...page(), runId: other!.id })).toMatchObject({
      scanned: MESSAGES,
      archived: 0,
      duplicates: MESSAGES,
      factsExtracted: 0,
    });
  });

  it("counts its own run's messages as duplicates on a first attempt: that page was reported", async () => {
    const again = await new MockActivityEnvironment().run(archiveMessages(stack.deps), page());
    expect(again).toMatchObject({ archived: 0, duplicates: MESSAGES });
  });
});
