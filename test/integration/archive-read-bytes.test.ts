/**
 * Every reader of archived bodies reads in byte-bounded batches (issue 20): extraction and
 * reprocess take at most `ARCHIVE_READ_BATCH_BYTES` of text, HTML and headers per read (past the
 * first row, so a batch always moves on), however many rows the batch's count would allow, and
 * the loops built on them still reach every row.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMessages } from '../../activities/archive/archive-messages.js';
import { enrichConnection } from '../../activities/enrich/enrich-connection.js';
import { reextractMessages } from '../../activities/extract/extract-messages.js';
import { createConnectedConnection, deliver, type TestConnection } from '../../testing/connections.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { type Stack, startStack } from '../support/stack.js';

const MESSAGES = 12;

let stack: Stack;
let conn: TestConnection;
/** Each archived row's bytes as the read counts them, in id order. */
let sizes: { id: number; bytes: number }[];
let cap: number;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  conn = await createConnectedConnection(stack, { label: 'Read bytes' });
  const ids = await deliver(
    stack,
    conn.label,
    Array.from({ length: MESSAGES }, (_, i) => airbnbConfirmation(8100 + i)),
  );
  const [run] = await stack.sql<{ id: string }[]>`
    INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
    VALUES (${conn.workspaceId}, ${conn.connectionId}, 'read-bytes', 'manual', 'full') RETURNING id`;
  await new MockActivityEnvironment().run(archiveMessages(stack.deps), {
    connectionId: conn.connectionId,
    labelId: conn.labelId,
    runId: run!.id,
    messageIds: ids,
    historyIdAfterPage: '1',
    mode: 'full' as const,
  });
  sizes = await stack.sql<{ id: number; bytes: number }[]>`
    SELECT id::int, (coalesce(octet_length(body_text), 0) + coalesce(octet_length(body_html), 0)
      + coalesce(pg_column_size(headers), 0))::int AS bytes
    FROM gmail_messages WHERE connection_id = ${conn.connectionId} ORDER BY id`;
  // room for three and a half messages: a read of the default 500 rows would take all twelve
  cap = Math.floor(sizes.slice(0, 3).reduce((sum, row) => sum + row.bytes, 0) * 1.15);
}, 120_000);

afterAll(() => stack?.stop());

describe('reading archived bodies by bytes', () => {
  it('re-extracts (reprocess) in batches whose bodies stay within the cap, and reaches every row', async () => {
    expect(sizes).toHaveLength(MESSAGES);
    const reextract = reextractMessages({ ...stack.deps, archiveReadBytes: cap });
    const batches: number[][] = [];
    let afterId = 0;
    for (;;) {
      const batch = await reextract({ connectionId: conn.connectionId, afterId, limit: 500 });
      if (batch.lastId === null) break;
      batches.push(sizes.filter((row) => row.id > afterId && row.id <= batch.lastId!).map((row) => row.id));
      expect(batch.messages).toBe(batches.at(-1)!.length);
      afterId = batch.lastId;
    }
    expect(batches.flat()).toEqual(sizes.map((row) => row.id));
    expect(batches.length).toBeGreaterThanOrEqual(4);
    for (const batch of batches) {
      const bytes = sizes.filter((row) => batch.includes(row.id)).reduce((sum, row) => sum + row.bytes, 0);
      expect(bytes).toBeLessThanOrEqual(cap);
    }
  });

  it('extracts what the archive left in byte-cut batches, and the enrichment loop still reaches all of it', async () => {
    await stack.sql`UPDATE gmail_messages SET processed_at = NULL WHERE connection_id = ${conn.connectionId}`;
    const result = await enrichConnection({ ...stack.deps, archiveReadBytes: cap })({
      connectionId: conn.connectionId,
    });
    expect(result.more).toBe(false);
    const [left] = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM gmail_messages
      WHERE connection_id = ${conn.connectionId} AND processed_at IS NULL`;
    expect(left!.n).toBe(0);
  });
});
