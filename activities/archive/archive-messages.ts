import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../../contracts/errors.js';
import type { MessageFlag } from '../../contracts/message-flags.js';
import { insertFacts, toFactRow } from '../../domain/facts/fact-rows.js';
import type { Fact } from '../../extraction/fact.js';
import { PARSER_VERSION } from '../../extraction/index.js';
import type { StoredEmail } from '../../extraction/stored-email.js';
import { callGmail, type GmailCall, gmailStatusOf } from '../../gmail/call-gmail.js';
import type { Gmail } from '../../gmail/client.js';
import { gmailForConnection } from '../../gmail/connected-gmail.js';
import type { ActivityDeps } from '../deps.js';
import { archiveWithinBudget } from '../extract/budget/budgeted-message.js';
import type { MessagePool } from '../extract/budget/message-pool.js';

export interface ArchivePageInput {
  connectionId: string;
  runId: string;
  /** The run's label: the cursor belongs to it and is dropped once the connection watches another. */
  labelId: string;
  messageIds: string[];
  /** Saved with the page's last batch, once every message is written: the cursor never passes unarchived mail. */
  historyIdAfterPage: string | null;
  mode: 'full' | 'incremental';
}

export interface ArchivePageResult {
  scanned: number;
  archived: number;
  duplicates: number;
  /** Listed, then deleted from Gmail before we could read it. */
  vanished: number;
  malformed: number;
  /** Facts of the newly archived messages, extracted on the way in. */
  factsExtracted: number;
}

interface FetchedMessage {
  id: string;
  threadId: string | null;
  historyId: string | null;
  internalDate: Date | null;
  raw: Buffer;
  stored: StoredEmail;
  flags: MessageFlag[];
  facts: Fact[];
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

/**
 * Fetches the page's new messages (bounded concurrency), parses and extracts each while its bytes are
 * in memory, and writes them with their facts in batches as they arrive (multi-row INSERT … ON
 * CONFLICT DO NOTHING); the last batch moves the cursor, so it never passes unarchived mail. A
 * message that fails to parse is archived with its error, never dropped; one already archived is
 * never fetched again. Extracting here, not from the archive afterwards, spares reading every body
 * back from Postgres: the extract stage is left with what this step could not finish.
 */
export function archiveMessages(deps: ActivityDeps) {
  return async (input: ArchivePageInput): Promise<ArchivePageResult> => {
    const known = await alreadyArchived(deps, input, activityInfo().attempt > 1);
    const toFetch = input.messageIds.filter((id) => !known.ids.has(id));
    const gmail = toFetch.length
      ? await gmailForConnection(
          { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
          input.connectionId,
        )
      : null;
    const writer = pageWriter(deps, input);
    const { fetched, failure } = gmail
      ? await fetchAll(deps, gmail, input.connectionId, toFetch, writer.add)
      : { fetched: 0, failure: null };
    // keep what was read before a failure: the retry then asks Gmail only for the rest
    const written = await writer.finish(failure === null);
    if (failure) throw failure;
    const mine = known.thisRun;
    // known but not this run's own, or fetched and found archived meanwhile (a concurrent writer)
    const knownIds = input.messageIds.length - toFetch.length;
    const duplicates = knownIds - mine.archived + (fetched - written.archived);
    return {
      scanned: input.messageIds.length,
      archived: mine.archived + written.archived,
      duplicates,
      vanished: toFetch.length - fetched,
      malformed: mine.malformed + written.malformed,
      factsExtracted: mine.facts + written.facts,
    };
  };
}

/**
 * The page's messages already in the archive and, on a retry, the ones this run wrote itself: the
 * batches the failed attempt committed. Those count as archived, not as duplicates. A first attempt
 * counts them as duplicates: a page read twice in one run (a relist) has already reported them.
 */
async function alreadyArchived(
  deps: ActivityDeps,
  input: ArchivePageInput,
  retry: boolean,
): Promise<{ ids: Set<string>; thisRun: WrittenPage }> {
  const thisRun: WrittenPage = { archived: 0, facts: 0, malformed: 0 };
  if (input.messageIds.length === 0) return { ids: new Set(), thisRun };
  const rows = await deps.sql<
    { gmail_message_id: string; mine: boolean; malformed: boolean; facts: number }[]
  >`
    SELECT m.gmail_message_id, mine, m.parse_error IS NOT NULL AS malformed,
      CASE WHEN mine THEN (SELECT count(*)::int FROM reservation_facts f WHERE f.message_id = m.id) ELSE 0 END AS facts
    FROM gmail_messages m, LATERAL (SELECT ${retry}::boolean AND m.sync_run_id = ${input.runId}::uuid IS TRUE AS mine) o
    WHERE m.connection_id = ${input.connectionId} AND m.gmail_message_id = ANY(${input.messageIds})`;
  for (const row of rows.filter((r) => r.mine)) {
    thisRun.archived += 1;
    thisRun.facts += row.facts;
    thisRun.malformed += row.malformed ? 1 : 0;
  }
  return { ids: new Set(rows.map((r) => r.gmail_message_id)), thisRun };
}

interface WrittenPage {
  archived: number;
  facts: number;
  malformed: number;
}

/**
 * Takes fetched messages as they come and writes them WRITE_BATCH at a time, one batch in flight;
 * `finish` writes the rest, with the cursor when the whole page was read. A failed write stops the
 * page: `add` then refuses more, and `finish` throws it.
 */
function pageWriter(deps: ActivityDeps, input: ArchivePageInput) {
  const totals: WrittenPage = { archived: 0, facts: 0, malformed: 0 };
  let batch: FetchedMessage[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const flush = (messages: FetchedMessage[], last: boolean) => {
    writing = writing.then(async () => {
      if (failure !== null) return;
      try {
        const written = await writeBatch(deps, input, messages, last);
        totals.archived += written.archived;
        totals.facts += written.facts;
        totals.malformed += messages.filter((m) => m.stored.parse_error).length;
      } catch (err) {
        failure = err;
      }
    });
  };
  return {
    add(message: FetchedMessage): boolean {
      if (failure !== null) return false;
      batch.push(message);
      if (batch.length >= WRITE_BATCH) {
        flush(batch, false);
        batch = [];
      }
      return true;
    },
    async finish(pageComplete: boolean): Promise<WrittenPage> {
      if (batch.length > 0 || pageComplete) flush(batch, pageComplete);
      batch = [];
      await writing;
      if (failure !== null) throw failure;
      return totals;
    },
  };
}

/**
 * Fetches with bounded concurrency, handing each message on as it arrives; on the first failure
 * other than a 5xx (or once `take` refuses) stops taking new ids, and reports the failure.
 */
async function fetchAll(
  deps: ActivityDeps,
  gmail: Gmail,
  connectionId: string,
  ids: string[],
  take: (message: FetchedMessage) => boolean,
): Promise<{ fetched: number; failure: unknown }> {
  const call = callGmail(deps, connectionId);
  let fetched = 0;
  let failure: unknown = null;
  // Gmail unavailable (a 5xx, or the network) is one call's bad luck: the rest of the page is still
  // read, and the retry asks only for what failed; anything else (429, auth, quota) stops the page
  // at once
  let serverError: unknown = null;
  let stopped = false;
  let next = 0;
  const worker = async () => {
    while (next < ids.length && failure === null && !stopped) {
      const id = ids[next++]!;
      try {
        const message = await fetchOne(call, gmail, id, deps.messagePool);
        if (message) {
          fetched += 1;
          stopped = !take(message);
        }
      } catch (err) {
        if (err instanceof ApplicationFailure && err.type === CODE.GMAIL_UNAVAILABLE) serverError ??= err;
        else failure ??= err;
      }
      heartbeat({ fetched });
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.archiveConcurrency, ids.length) }, worker));
  return { fetched, failure: failure ?? serverError };
}

async function fetchOne(
  call: GmailCall,
  gmail: Gmail,
  id: string,
  pool: MessagePool,
): Promise<FetchedMessage | null> {
  try {
    const res = await call('messages.get', () =>
      gmail.users.messages.get({ userId: 'me', id, format: 'raw' }),
    );
    const raw = Buffer.from(res.data.raw ?? '', 'base64url');
    const internalDate = res.data.internalDate ? new Date(Number(res.data.internalDate)) : null;
    const archived = await archiveWithinBudget(pool, raw, res.data.sizeEstimate ?? raw.length, internalDate);
    return {
      id,
      threadId: res.data.threadId ?? null,
      historyId: res.data.historyId ?? null,
      internalDate,
      raw,
      ...archived,
    };
  } catch (err) {
    if (gmailStatusOf(err) === 404) return null;
    throw err;
  }
}

async function writeBatch(
  deps: ActivityDeps,
  input: ArchivePageInput,
  fetched: FetchedMessage[],
  /** the page's last batch, the whole page read: the cursor moves and the page counts as scanned */
  last: boolean,
): Promise<{ archived: number; facts: number }> {
  return deps.sql.begin(async (tx) => {
    const [conn] = await tx<
      { workspace_id: string }[]
    >`SELECT workspace_id FROM connections WHERE id = ${input.connectionId}`;
    const workspaceId = conn!.workspace_id;
    let archived = 0;
    let facts = 0;
    for (const chunk of chunkByBytes(fetched)) {
      const rows = chunk.map((m) => toRow(workspaceId, input, m));
      const inserted = await tx<{ id: number; gmail_message_id: string }[]>`
        INSERT INTO gmail_messages ${tx(rows)} ON CONFLICT (connection_id, gmail_message_id) DO NOTHING
        RETURNING id, gmail_message_id`;
      archived += inserted.length;
      // only the messages this call inserted: a duplicate's facts were stored with its first copy
      const byGmailId = new Map(chunk.map((m) => [m.id, m]));
      const factRows = inserted.flatMap(({ id, gmail_message_id }) =>
        (byGmailId.get(gmail_message_id)?.facts ?? []).map((fact, ordinal) =>
          toFactRow({ id, workspace_id: workspaceId }, input.connectionId, ordinal, fact),
        ),
      );
      facts += await insertFacts(tx, factRows);
    }
    const cursor = last ? input.historyIdAfterPage : null;
    if (cursor) {
      await tx`UPDATE connections SET history_id = ${cursor}, updated_at = now()
        WHERE id = ${input.connectionId} AND gmail_label_id = ${input.labelId}
          AND (history_id IS NULL OR ${input.mode} = 'full' OR history_id::numeric < ${cursor}::numeric)`;
    }
    // the page counts as scanned with its last batch, like the cursor
    await tx`UPDATE sync_runs SET mode = ${input.mode},
        emails_scanned = emails_scanned + ${last ? input.messageIds.length : 0},
        emails_archived = emails_archived + ${archived}
      WHERE id = ${input.runId}`;
    return { archived, facts };
  });
}

function chunkByBytes(messages: FetchedMessage[]): FetchedMessage[][] {
  const chunks: FetchedMessage[][] = [];
  let current: FetchedMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = m.raw.length + (m.stored.body_text?.length ?? 0) + (m.stored.body_html?.length ?? 0);
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

function toRow(workspaceId: string, input: ArchivePageInput, m: FetchedMessage) {
  return {
    workspace_id: workspaceId,
    connection_id: input.connectionId,
    sync_run_id: input.runId,
    gmail_message_id: m.id,
    gmail_thread_id: m.threadId,
    history_id: m.historyId,
    ...m.stored,
    raw: m.raw,
    size_bytes: m.raw.length,
    flags: m.flags,
    // extracted on the way in: the extract stage skips it
    processed_at: new Date(),
    parser_version: PARSER_VERSION,
  };
}
