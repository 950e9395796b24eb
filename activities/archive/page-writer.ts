import type { SyncMode } from '../../contracts/workflows.js';
import type { WrittenMessages } from '../../domain/archive/page-counts.js';
import { type FlaggedMessage, recordUnrecognized } from '../../domain/archive/unrecognized-mail.js';
import { insertFacts, toFactRow } from '../../domain/facts/fact-rows.js';
import { countArchivedBatch } from '../../domain/runs/run-counts.js';
import { PARSER_VERSION } from '../../extraction/index.js';
import type { ActivityDeps } from '../deps.js';
import type { FetchedMessage } from './fetch-messages.js';

/** Where a page's messages go: its run, and the cursor its last batch may move. */
export interface PageTarget {
  connectionId: string;
  runId: string;
  /** The run's label: the cursor belongs to it and is dropped once the connection watches another. */
  labelId: string;
  /** Ids the page listed: they count as scanned with the page's last batch. */
  listed: number;
  /** Saved with the page's last batch, once every message is written: the cursor never passes unarchived mail. */
  historyIdAfterPage: string | null;
  mode: SyncMode;
}

/**
 * Bytes one INSERT carries at most (raw + bodies): a page of 500 large messages in one statement
 * would hold gigabytes in memory at once. A message larger than this goes in a statement alone.
 */
const INSERT_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Messages written per transaction while the rest of the page is still being fetched: Postgres
 * works on one batch while Gmail answers for the next, instead of the page waiting for both in turn.
 */
const WRITE_BATCH = 100;

export interface PageWriter {
  /** Takes one message; false once a write failed (take no more). */
  add(message: FetchedMessage): boolean;
  /** Writes the rest, and moves the cursor when the whole page was read; throws a failed write. */
  finish(pageComplete: boolean): Promise<WrittenMessages>;
}

/**
 * Takes fetched messages as they come and writes them WRITE_BATCH at a time, one batch in flight,
 * each with its facts in one transaction (multi-row INSERT … ON CONFLICT DO NOTHING), and for mail
 * nobody could read its `message.unrecognized` event. Each message gives its bytes back to the
 * worker's budget once its batch is written (or given up); whenever someone waits for bytes, the
 * writer writes what it holds at once instead of waiting for a full batch. A failed write stops the
 * page: `add` then refuses more, and `finish` throws it.
 */
export function pageWriter(deps: ActivityDeps, target: PageTarget): PageWriter {
  const totals: WrittenMessages = { archived: 0, facts: 0, malformed: 0 };
  let batch: FetchedMessage[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const flush = (messages: FetchedMessage[], last: boolean) => {
    writing = writing.then(async () => {
      try {
        if (failure !== null) return;
        const written = await writeBatch(deps, target, messages, last);
        // counted once committed: a rolled-back batch flagged nothing
        deps.metrics.unrecognized.count(written.unrecognized.map((m) => m.sender));
        totals.archived += written.archived;
        totals.facts += written.facts;
        totals.malformed += messages.filter((m) => m.stored.parse_error).length;
      } catch (err) {
        failure = err;
      } finally {
        for (const m of messages) m.release();
      }
    });
  };
  const flushHeld = () => {
    if (batch.length === 0) return;
    flush(batch, false);
    batch = [];
  };
  const stopListening = deps.messageBytes.onPressed(flushHeld);
  return {
    add(message) {
      if (failure !== null) return false;
      batch.push(message);
      if (batch.length >= WRITE_BATCH || deps.messageBytes.pressed) flushHeld();
      return true;
    },
    async finish(pageComplete) {
      stopListening();
      if (batch.length > 0 || pageComplete) flush(batch, pageComplete);
      batch = [];
      await writing;
      if (failure !== null) throw failure;
      return totals;
    },
  };
}

async function writeBatch(
  deps: ActivityDeps,
  target: PageTarget,
  fetched: FetchedMessage[],
  /** the page's last batch, the whole page read: the cursor moves and the page counts as scanned */
  last: boolean,
): Promise<{ archived: number; facts: number; unrecognized: FlaggedMessage[] }> {
  return deps.sql.begin(async (tx) => {
    const [conn] = await tx<
      { workspace_id: string }[]
    >`SELECT workspace_id FROM connections WHERE id = ${target.connectionId}`;
    const workspaceId = conn!.workspace_id;
    let archived = 0;
    let facts = 0;
    const unrecognized: FlaggedMessage[] = [];
    for (const chunk of chunkByBytes(fetched)) {
      const rows = chunk.map((m) => toRow(workspaceId, target, m));
      const inserted = await tx<{ id: number; gmail_message_id: string }[]>`
        INSERT INTO gmail_messages ${tx(rows)} ON CONFLICT (connection_id, gmail_message_id) DO NOTHING
        RETURNING id, gmail_message_id`;
      archived += inserted.length;
      // only the messages this call inserted: a duplicate's facts were stored with its first copy
      const byGmailId = new Map(chunk.map((m) => [m.id, m]));
      const factRows = inserted.flatMap(({ id, gmail_message_id }) =>
        (byGmailId.get(gmail_message_id)?.facts ?? []).map((fact, ordinal) =>
          toFactRow({ id, workspace_id: workspaceId }, target.connectionId, ordinal, fact),
        ),
      );
      facts += await insertFacts(tx, factRows);
      const flagged = inserted
        .map(({ gmail_message_id }) => byGmailId.get(gmail_message_id)!)
        .filter((m) => m.flags.includes('unrecognized'))
        .map((m) => ({
          workspaceId,
          connectionId: target.connectionId,
          gmailMessageId: m.id,
          sender: m.stored.sender,
        }));
      await recordUnrecognized(tx, flagged);
      unrecognized.push(...flagged);
    }
    const cursor = last ? target.historyIdAfterPage : null;
    if (cursor) {
      await tx`UPDATE connections SET history_id = ${cursor}, updated_at = now()
        WHERE id = ${target.connectionId} AND gmail_label_id = ${target.labelId}
          AND (history_id IS NULL OR ${target.mode} = 'full' OR history_id::numeric < ${cursor}::numeric)`;
    }
    // the page counts as scanned with its last batch, like the cursor
    await countArchivedBatch(tx, {
      runId: target.runId,
      mode: target.mode,
      scanned: last ? target.listed : 0,
      archived,
    });
    return { archived, facts, unrecognized };
  });
}

function chunkByBytes(messages: FetchedMessage[]): FetchedMessage[][] {
  const chunks: FetchedMessage[][] = [];
  let current: FetchedMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = (m.raw?.length ?? 0) + (m.stored.body_text?.length ?? 0) + (m.stored.body_html?.length ?? 0);
    if (current.length > 0 && bytes + size > INSERT_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function toRow(workspaceId: string, target: PageTarget, m: FetchedMessage) {
  return {
    workspace_id: workspaceId,
    connection_id: target.connectionId,
    sync_run_id: target.runId,
    gmail_message_id: m.id,
    gmail_thread_id: m.threadId,
    history_id: m.historyId,
    ...m.stored,
    raw: m.raw,
    size_bytes: m.sizeBytes,
    flags: m.flags,
    excerpt: m.excerpt,
    // extracted on the way in: the extract stage skips it
    processed_at: new Date(),
    parser_version: PARSER_VERSION,
  };
}
