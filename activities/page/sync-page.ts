import { heartbeat } from '@temporalio/activity';
import { NONE_WRITTEN, pageCounts } from '../../domain/archive/page-counts.js';
import { archiveMessages } from '../archive/archive-messages.js';
import type { ActivityDeps } from '../deps.js';
import { enrichConnection } from '../enrich/enrich-connection.js';
import { type FetchLabelPageInput, fetchLabelPage } from '../fetch/fetch-label.js';
import {
  type CursorState,
  cursorToSave,
  openCursor,
  type PageCursor,
  type PageOutcome,
  pageResult,
  type SyncPageResult,
} from './page-cursor.js';

/** A page of the run's listing: the label, the mode and where it starts; the cursor replaces Gmail's page token. */
export interface SyncPageInput extends Omit<FetchLabelPageInput, 'pageToken'> {
  runId: string;
  /** What the previous page returned; null for a listing's first page. */
  cursor: PageCursor | null;
}

/** Well inside the sync activities' 10 s heartbeat timeout (workflows/sync-activities.ts). */
const HEARTBEAT_EVERY_MS = 2_000;

const NOTHING_ARCHIVED = pageCounts({
  listed: 0,
  known: 0,
  earlier: NONE_WRITTEN,
  fetched: 0,
  written: NONE_WRITTEN,
});

/**
 * One page of a sync as one activity: list the page's ids, then archive (and extract) them, and say
 * what comes next (page-cursor.ts). One activity instead of two halves the page's history and its
 * workflow tasks; a retry lists the page again, which is cheap next to the messages, and archives
 * only what is not archived yet. When the previous page left mail unenriched, it enriches it at the
 * same time: Postgres matches while Gmail answers, instead of the sync waiting for each in turn.
 * Both halves are idempotent, so a retry repeats them safely.
 */
export function syncPage(deps: ActivityDeps) {
  const listPage = fetchLabelPage(deps);
  const archive = archiveMessages(deps);
  const enrich = enrichConnection(deps);
  const archiveListed = async (
    input: SyncPageInput,
    at: CursorState,
  ): Promise<Omit<PageOutcome, 'enriched'>> => {
    const listed = await listPage({ ...input, pageToken: at.pageToken });
    if (listed.historyExpired) return { listed: null, relistHistoryId: null, archived: NOTHING_ARCHIVED };
    const saved = cursorToSave(input.mode, at, listed);
    const archived = await archive({
      connectionId: input.connectionId,
      runId: input.runId,
      labelId: input.labelId,
      messageIds: listed.messageIds,
      historyIdAfterPage: saved.historyIdAfterPage,
      mode: input.mode,
    });
    return { listed, relistHistoryId: saved.relistHistoryId, archived };
  };
  return async (input: SyncPageInput): Promise<SyncPageResult> => {
    const at = openCursor(input.cursor);
    // the archive half heartbeats per message; an enrichment still running after it (a page of
    // duplicates, a backlog) must keep the activity alive too, or the server starts a retry beside it
    const beat = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      // both settle before the activity answers: a retry must never overlap a half still running
      const [archived, enriched] = await Promise.allSettled([
        archiveListed(input, at),
        at.enrichPrevious ? enrich({ connectionId: input.connectionId }) : Promise.resolve(null),
      ]);
      if (archived.status === 'rejected') throw archived.reason;
      if (enriched.status === 'rejected') {
        // the page is in: failing it would retry it, and the retry (archiving nothing new) could
        // report the mail enriched. Unenriched, it is left for the next page or the end of the run
        deps.log.warn(
          { err: enriched.reason, connectionId: input.connectionId },
          'enriching the previous page failed; the next page or the last step of the run enriches it',
        );
      }
      return pageResult(at, {
        ...archived.value,
        enriched: enriched.status === 'fulfilled' ? enriched.value : null,
      });
    } finally {
      clearInterval(beat);
    }
  };
}
