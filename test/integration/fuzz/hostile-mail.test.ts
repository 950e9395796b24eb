/**
 * Hostile mail through the Gmail API (emulator) into the real archive and extract activities,
 * beside normal mail: every worst case of testing/hostile-mail.ts and a 25 MB body. Each hostile
 * message is archived once and flagged, the normal mail beside it is extracted, nothing throws.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMessages } from '../../../activities/archive/archive-messages.js';
import { extractMessages } from '../../../activities/extract/extract-messages.js';
import { createConnectedConnection, deliver, type TestConnection } from '../../../testing/connections.js';
import { hostileCorpus } from '../../../testing/hostile-mail.js';
import { airbnbConfirmation, stayOf } from '../../../testing/mail.js';
import { type Stack, startStack } from '../../support/stack.js';

const BUDGET_BYTES = 512 * 1024;
const LABEL = 'Hostile';
const NORMAL = [9001, 9002, 9003];

let stack: Stack;
let conn: TestConnection;
const hostile = [
  ...hostileCorpus(600 * 1024).filter((m) => m.raw.length > BUDGET_BYTES),
  {
    name: 'a 25 MB body',
    raw: `Subject: big\r\nFrom: a@b.c\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\n${'x'.repeat(25 * 1024 * 1024)}`,
  },
];
const thrown: unknown[] = [];
let heartbeats = 0;
let idsByName: Map<string, string>;

async function run<I, R>(fn: (input: I) => Promise<R>, input: I): Promise<R | null> {
  const env = new MockActivityEnvironment();
  env.on('heartbeat', () => heartbeats++);
  try {
    return await env.run(fn, input);
  } catch (err) {
    thrown.push(err);
    return null;
  }
}

beforeAll(async () => {
  stack = await startStack({
    worker: false,
    messageBudget: { bytes: BUDGET_BYTES, maxMessageBytes: 8 * 1024 * 1024 },
  });
  conn = await createConnectedConnection(stack, { label: LABEL });
  const mails = [...hostile, ...NORMAL.map((n) => ({ name: `normal ${n}`, raw: airbnbConfirmation(n) }))];
  const ids = await deliver(
    stack,
    LABEL,
    mails.map((m) => m.raw),
    { concurrency: 4 },
  );
  idsByName = new Map(mails.map((m, i) => [m.name, ids[i]!]));
  const [runRow] = await stack.sql<{ id: string }[]>`
    INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
    VALUES (${conn.workspaceId}, ${conn.connectionId}, 'hostile', 'manual', 'full') RETURNING id`;
  const page = {
    connectionId: conn.connectionId,
    labelId: conn.labelId,
    runId: runRow!.id,
    historyIdAfterPage: null,
    mode: 'full' as const,
  };
  await run(archiveMessages(stack.deps), { ...page, messageIds: ids });
  // the same ids again: nothing is archived twice
  await run(archiveMessages(stack.deps), { ...page, messageIds: ids });
  for (let call = 0; call < 5; call++) {
    const result = await run(extractMessages(stack.deps), { connectionId: conn.connectionId });
    if (!result || result.messages === 0) break;
  }
}, 600_000);

afterAll(() => stack?.stop());

describe('hostile mail beside normal mail', () => {
  it('throws nothing and heartbeats while archiving', () => {
    expect(thrown).toEqual([]);
    expect(heartbeats).toBeGreaterThan(0);
  });

  it('archives each hostile message once, flagged, and processed', async () => {
    const rows = await stack.sql<{ gmail_message_id: string; flags: string[]; processed: boolean }[]>`
      SELECT gmail_message_id, flags, processed_at IS NOT NULL AS processed FROM gmail_messages
      WHERE connection_id = ${conn.connectionId}`;
    expect(rows).toHaveLength(hostile.length + NORMAL.length);
    const byId = new Map(rows.map((r) => [r.gmail_message_id, r]));
    const unflagged = hostile.filter((m) => {
      const row = byId.get(idsByName.get(m.name)!);
      // over the byte budget, or (a 600 KB subject) past the MIME parser's header limit
      return !row?.processed || row.flags.length === 0;
    });
    expect(unflagged.map((m) => m.name)).toEqual([]);
    expect(byId.get(idsByName.get('a 25 MB body')!)?.flags).toContain('too_large');
  });

  it('extracts the normal mail beside it', async () => {
    const facts = await stack.sql<{ confirmation_code: string }[]>`
      SELECT confirmation_code FROM reservation_facts WHERE connection_id = ${conn.connectionId}`;
    expect(facts.map((f) => f.confirmation_code).sort()).toEqual(NORMAL.map((n) => stayOf(n).code).sort());
  });
});
