import { activityInfo } from '@temporalio/activity';
import {
  type ArchivePageResult,
  NONE_WRITTEN,
  pageCounts,
  type WrittenMessages,
} from '../../domain/archive/page-counts.js';
import { gmailForConnection } from '../../gmail/connected-gmail.js';
import type { ActivityDeps } from '../deps.js';
import { fetchMessages } from './fetch-messages.js';
import { type PageTarget, pageWriter } from './page-writer.js';

/** A page's listed ids, and where they go (page-writer.ts: the run, and the cursor to save). */
export interface ArchivePageInput extends Omit<PageTarget, 'listed'> {
  messageIds: string[];
}

/**
 * Archives a page's messages: fetches the new ones (fetch-messages.ts: bounded concurrency, parsed
 * and extracted while their bytes are in memory) and writes them with their facts in batches as
 * they arrive (page-writer.ts); the last batch moves the cursor, so it never passes unarchived mail.
 * A message that fails to parse is archived with its error, never dropped; one already archived is
 * never fetched again. Extracting here, not from the archive afterwards, spares reading every body
 * back from Postgres: the extract stage is left with what this step could not finish.
 */
export function archiveMessages(deps: ActivityDeps) {
  return async (input: ArchivePageInput): Promise<ArchivePageResult> => {
    const known = await alreadyArchived(deps, input, activityInfo().attempt > 1);
    const toFetch = input.messageIds.filter((id) => !known.ids.has(id));
    const writer = pageWriter(deps, { ...input, listed: input.messageIds.length });
    const gmail = toFetch.length
      ? await gmailForConnection(
          { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
          input.connectionId,
        )
      : null;
    const { fetched, failure } = gmail
      ? await fetchMessages(deps, gmail, input.connectionId, toFetch, writer.add)
      : { fetched: 0, failure: null };
    // keep what was read before a failure: the retry then asks Gmail only for the rest
    const written = await writer.finish(failure === null);
    if (failure) throw failure;
    return pageCounts({
      listed: input.messageIds.length,
      known: input.messageIds.length - toFetch.length,
      earlier: known.thisRun,
      fetched,
      written,
    });
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
): Promise<{ ids: Set<string>; thisRun: WrittenMessages }> {
  if (input.messageIds.length === 0) return { ids: new Set(), thisRun: NONE_WRITTEN };
  const rows = await deps.sql<
    { gmail_message_id: string; mine: boolean; malformed: boolean; facts: number }[]
  >`
    SELECT m.gmail_message_id, mine, m.parse_error IS NOT NULL AS malformed,
      CASE WHEN mine THEN (SELECT count(*)::int FROM reservation_facts f WHERE f.message_id = m.id) ELSE 0 END AS facts
    FROM gmail_messages m, LATERAL (SELECT ${retry}::boolean AND m.sync_run_id = ${input.runId}::uuid IS TRUE AS mine) o
    WHERE m.connection_id = ${input.connectionId} AND m.gmail_message_id = ANY(${input.messageIds})`;
  const thisRun = { ...NONE_WRITTEN };
  for (const row of rows.filter((r) => r.mine)) {
    thisRun.archived += 1;
    thisRun.facts += row.facts;
    thisRun.malformed += row.malformed ? 1 : 0;
  }
  return { ids: new Set(rows.map((r) => r.gmail_message_id)), thisRun };
}
