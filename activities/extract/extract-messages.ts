import { isMessageFlag } from '../../contracts/message-flags.js';
import type { Queryable } from '../../db/client.js';
import { type FlaggedMessage, setUnrecognized } from '../../domain/archive/unrecognized-mail.js';
import { type FactRow, insertFacts, toFactRow } from '../../domain/facts/fact-rows.js';
import { settledByPerson } from '../../domain/review/person-settled.js';
import { dropOpenItems } from '../../domain/review/review-item-writes.js';
import { PARSER_VERSION } from '../../extraction/index.js';
import { type StoredEmail, toParsed } from '../../extraction/stored-email.js';
import type { ActivityDeps } from '../deps.js';
import { extractWithinBudget } from './budget/budgeted-message.js';
import { NOT_EXTRACTED } from './budget/extraction-gate.js';
import type { MessagePool } from './budget/message-pool.js';
import type { ArchiveExtraction } from './budget/message-tasks.js';

export interface ExtractInput {
  connectionId: string;
  /** How many archived messages one call reads at most. */
  limit?: number;
}

export interface ReextractInput {
  connectionId: string;
  /** Archive id to continue after (a cursor through the whole archive). */
  afterId: number;
  limit?: number;
}

export interface ExtractResult {
  messages: number;
  factsExtracted: number;
  /** Reprocessing only: facts whose content changed and are matched again. */
  factsChanged: number;
  lastId: number | null;
}

interface ArchivedRow extends StoredEmail {
  id: number;
  workspace_id: string;
  flags: string[];
}

/**
 * How long one call extracts before it stores what it has: it runs as a local activity with a
 * one-minute timeout, and a page of messages each near its budget must not lose the whole page.
 */
const EXTRACT_DEADLINE_MS = 30_000;

const FACT_COLUMNS = [
  'guest_name',
  'check_in',
  'check_out',
  'guest_count',
  'confirmation_code',
  'listing_name',
  'payout_amount',
  'payout_currency',
  'requested_check_in',
  'requested_check_out',
  'requested_guest_count',
] as const;

/**
 * Columns whose change sends a fact back to matching besides its values: a Scidoo relay that now
 * names its channel, a guest message no longer read as a confirmation, a fact a template now reads
 * (matching trusts a template's dates, the generic reader's only through a code). Evidence is
 * rewritten but never re-matches on its own (it says where, not what).
 */
const IDENTITY_COLUMNS = ['platform', 'kind', 'via', 'read_by'] as const;

/** Extracts facts from archived messages not yet processed; the archive, not Gmail, is the input. */
export function extractMessages(deps: ActivityDeps) {
  return (input: ExtractInput): Promise<ExtractResult> =>
    extractBatch(
      deps,
      input,
      'insert',
      (sql) => sql`connection_id = ${input.connectionId} AND processed_at IS NULL`,
    );
}

/** Re-extracts archived messages with the current parser (reprocess), a batch at a time. */
export function reextractMessages(deps: ActivityDeps) {
  return (input: ReextractInput): Promise<ExtractResult> =>
    extractBatch(
      deps,
      input,
      'upsert',
      (sql) => sql`connection_id = ${input.connectionId} AND id > ${input.afterId}`,
    );
}

/** One batch of the rows `where` picks, read and stored in one transaction. */
async function extractBatch(
  deps: ActivityDeps,
  input: ExtractInput,
  how: 'insert' | 'upsert',
  where: (sql: Queryable) => ReturnType<Queryable>,
): Promise<ExtractResult> {
  const { result, flagged } = await deps.sql.begin(async (tx) => {
    const rows = await readBatch(tx, input.limit ?? 500, deps.archiveReadBytes, where);
    return storeFacts(tx, deps.messagePool, input.connectionId, rows, how);
  });
  // counted once committed: a rolled-back batch flagged nothing
  deps.metrics.unrecognized.count(flagged.map((m) => m.sender));
  return result;
}

/**
 * The next archived rows, in id order, with their bodies: at most `limit` rows and, past the first,
 * at most `maxBytes` of text, HTML and headers together (`ARCHIVE_READ_BATCH_BYTES`). The rows are
 * locked and sized first, without their bodies (Postgres knows a value's length from its header),
 * then only the rows that fit are read, so a connection whose archive is full of large messages
 * costs the worker one batch of bytes, not 500 bodies at once.
 */
async function readBatch(
  tx: Queryable,
  limit: number,
  maxBytes: number,
  where: (sql: Queryable) => ReturnType<Queryable>,
): Promise<ArchivedRow[]> {
  const sized = await tx<{ id: number; bytes: number }[]>`
    SELECT id, (coalesce(octet_length(body_text), 0) + coalesce(octet_length(body_html), 0)
      + coalesce(pg_column_size(headers), 0))::bigint AS bytes
    FROM gmail_messages WHERE ${where(tx)}
    ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  const ids = withinBytes(sized, maxBytes);
  if (ids.length === 0) return [];
  return tx<ArchivedRow[]>`
    SELECT id, workspace_id, subject, sender, internal_date, headers, body_text, body_html, parse_error, flags
    FROM gmail_messages WHERE id = ANY(${ids}) ORDER BY id`;
}

/** The leading ids whose bytes add up to at most `maxBytes`; always the first, so a batch progresses. */
export function withinBytes(rows: readonly { id: number; bytes: number | string }[], maxBytes: number) {
  const ids: number[] = [];
  let total = 0;
  for (const row of rows) {
    total += Number(row.bytes);
    if (ids.length > 0 && total > maxBytes) break;
    ids.push(Number(row.id));
  }
  return ids;
}

/**
 * Stores what the extractor read in each row: its facts, the budget flag of a row over the budget,
 * and the `unrecognized` flag as the reading says (gained or lost; the messages that gain it are
 * returned for the metric, kept out of the result the workflow's history records).
 */
async function storeFacts(
  tx: Queryable,
  pool: MessagePool,
  connectionId: string,
  allRows: ArchivedRow[],
  how: 'insert' | 'upsert',
): Promise<{ result: ExtractResult; flagged: FlaggedMessage[] }> {
  const { rows, results } = await extractRows(pool, connectionId, allRows);
  const factRows = rows.flatMap((row, at) =>
    results[at]!.facts.map((fact, ordinal) => toFactRow(row, connectionId, ordinal, fact)),
  );
  const overBudget = rows.filter((_, at) => results[at]!.flags.includes('budget_exceeded')).map((r) => r.id);
  if (overBudget.length > 0) {
    await tx`UPDATE gmail_messages SET flags = array_append(flags, 'budget_exceeded')
      WHERE id = ANY(${overBudget}) AND NOT ('budget_exceeded' = ANY(flags))`;
  }
  // only rows the extractor read: one it skipped (over a budget) says nothing about being readable
  const readings = rows.flatMap((row, at) =>
    wasRead(row, results[at]!)
      ? [
          {
            id: row.id,
            unrecognized: results[at]!.flags.includes('unrecognized'),
            excerpt: results[at]!.excerpt,
          },
        ]
      : [],
  );
  const flagged = await setUnrecognized(tx, readings);
  let stored = 0;
  let changed = 0;
  if (how === 'insert') stored = await insertFacts(tx, factRows);
  if (factRows.length > 0 && how === 'upsert') {
    const result = await upsertFacts(tx, factRows);
    stored = result.stored;
    changed = result.changed;
  }
  if (rows.length > 0) {
    await tx`UPDATE gmail_messages SET processed_at = now(), parser_version = ${PARSER_VERSION}
      WHERE id = ANY(${rows.map((r) => r.id)})`;
  }
  const result = {
    messages: rows.length,
    factsExtracted: stored,
    factsChanged: changed,
    lastId: rows.at(-1)?.id ?? null,
  };
  return { result, flagged };
}

function wasRead(row: ArchivedRow, reading: ArchiveExtraction): boolean {
  return (
    !reading.flags.includes('budget_exceeded') &&
    !row.flags.some((flag) => isMessageFlag(flag) && NOT_EXTRACTED.has(flag))
  );
}

/**
 * A fact whose content changed under the new parser goes back to `pending` (its open review item
 * is dropped) so matching runs again; an unchanged fact keeps its match. A fact a person settled
 * is left exactly as it is: they decided on what they saw, and a re-match could undo their choice.
 */
async function upsertFacts(tx: Queryable, factRows: FactRow[]) {
  const changedFact = [...FACT_COLUMNS, ...IDENTITY_COLUMNS]
    .map((c) => `reservation_facts.${c} IS DISTINCT FROM EXCLUDED.${c}`)
    .join(' OR ');
  const columns = Object.keys(factRows[0]!).join(', ');
  const updates = [...FACT_COLUMNS, ...IDENTITY_COLUMNS, 'evidence', 'confidence', 'parser_version'].map(
    (c) => `${c} = EXCLUDED.${c}`,
  );
  const rows = await tx.unsafe<{ id: string; reset: boolean }[]>(
    `INSERT INTO reservation_facts (${columns})
     SELECT ${columns} FROM json_populate_recordset(NULL::reservation_facts, $1::json)
     ON CONFLICT (message_id, ordinal) DO UPDATE SET ${updates.join(', ')},
       match_status = CASE WHEN ${changedFact} THEN 'pending' ELSE reservation_facts.match_status END,
       conflicts_checked = reservation_facts.conflicts_checked AND NOT (${changedFact})
     WHERE NOT ${settledByPerson('reservation_facts')}
     RETURNING id, (match_status = 'pending') AS reset`,
    [factRows as never],
  );
  const reset = rows.filter((r) => r.reset).map((r) => r.id);
  await dropOpenItems(tx, reset);
  return { stored: rows.length, changed: reset.length };
}

/**
 * Extracts the rows on the pool's threads, in order, until the deadline: the rows not reached stay
 * unprocessed for the next call. The first row is always extracted, so every call makes progress.
 */
async function extractRows(
  pool: MessagePool,
  connectionId: string,
  rows: ArchivedRow[],
): Promise<{ rows: ArchivedRow[]; results: ArchiveExtraction[] }> {
  const deadline = Date.now() + EXTRACT_DEADLINE_MS;
  const results: (ArchiveExtraction | undefined)[] = [];
  let next = 0;
  const lane = async () => {
    while (next < rows.length && (next === 0 || Date.now() < deadline)) {
      const at = next++;
      const row = rows[at]!;
      results[at] = await extractWithinBudget(
        pool,
        toParsed(row),
        row.flags.filter(isMessageFlag),
        connectionId,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(rows.length, 8)) }, lane));
  const done = results.indexOf(undefined);
  const reached = done < 0 ? results.length : done;
  return {
    rows: rows.slice(0, reached),
    results: results.slice(0, reached) as ArchiveExtraction[],
  };
}
