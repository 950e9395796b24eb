import { heartbeat } from '@temporalio/activity';
import type { ArchivePageResult } from '../../domain/archive/page-counts.js';
import { archiveMessages } from '../archive/archive-messages.js';
import type { ActivityDeps } from '../deps.js';
import { type FetchLabelPageInput, fetchLabelPage } from '../fetch/fetch-label.js';
import { type EnrichPageResult, enrichPage } from './enrich-page.js';

export interface ArchiveLabelPageInput extends FetchLabelPageInput {
  runId: string;
  /** A full relist's cursor, taken on its first page (null there): saved only with its last page. */
  relistHistoryId: string | null;
  /** The previous page archived mail: enrich it (enrich-page.ts) while this page is fetched. */
  enrichPrevious?: boolean;
}

export interface ArchivedLabelPage extends ArchivePageResult {
  nextPageToken: string | null;
  /** What the next page must pass back as `relistHistoryId`. */
  relistHistoryId: string | null;
  /** Gmail no longer has history from the saved cursor: nothing was archived, relist the label. */
  historyExpired: boolean;
  /** The previous page's enrichment, when asked for. */
  enriched: EnrichPageResult | null;
}

/** Well inside the sync activities' 10 s heartbeat timeout (workflows/sync-activities.ts). */
const HEARTBEAT_EVERY_MS = 2_000;

const NOTHING: ArchivePageResult = {
  scanned: 0,
  archived: 0,
  duplicates: 0,
  vanished: 0,
  malformed: 0,
  factsExtracted: 0,
};

/**
 * One page of a sync as one activity: list the page's ids, then archive (and extract) them. One
 * activity instead of two halves the page's history and its workflow tasks; a retry lists the page
 * again, which is cheap next to the messages, and archives only what is not archived yet. Asked to,
 * it enriches the previous page at the same time: Postgres matches while Gmail answers, instead of
 * the sync waiting for each in turn. Both halves are idempotent, so a retry repeats them safely.
 */
export function archiveLabelPage(deps: ActivityDeps) {
  const listPage = fetchLabelPage(deps);
  const archive = archiveMessages(deps);
  const enrich = enrichPage(deps);
  const archiveListed = async (input: ArchiveLabelPageInput) => {
    const page = await listPage(input);
    if (page.historyExpired) {
      return { ...NOTHING, nextPageToken: null, relistHistoryId: null, historyExpired: true };
    }
    const full = input.mode === 'full';
    const relistHistoryId = full
      ? input.pageToken === null
        ? page.historyIdAfterPage
        : input.relistHistoryId
      : null;
    const last = page.nextPageToken === null;
    const archived = await archive({
      connectionId: input.connectionId,
      runId: input.runId,
      labelId: input.labelId,
      messageIds: page.messageIds,
      // a relist's cursor is only safe once its last page is in
      historyIdAfterPage: full ? (last ? relistHistoryId : null) : page.historyIdAfterPage,
      mode: input.mode,
    });
    return { ...archived, nextPageToken: page.nextPageToken, relistHistoryId, historyExpired: false };
  };
  return async (input: ArchiveLabelPageInput): Promise<ArchivedLabelPage> => {
    // the archive half heartbeats per message; an enrichment still running after it (a page of
    // duplicates, a backlog) must keep the activity alive too, or the server starts a retry beside it
    const beat = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      // both settle before the activity answers: a retry must never overlap a half still running
      const [archived, enriched] = await Promise.allSettled([
        archiveListed(input),
        input.enrichPrevious ? enrich({ connectionId: input.connectionId }) : Promise.resolve(null),
      ]);
      if (archived.status === 'rejected') throw archived.reason;
      if (enriched.status === 'fulfilled') return { ...archived.value, enriched: enriched.value };
      // the page is in: failing it would retry it, and the retry (archiving nothing new) could
      // report the mail enriched. `enriched: null` leaves it pending for the next call instead
      deps.log.warn(
        { err: enriched.reason, connectionId: input.connectionId },
        'enriching the previous page failed; the next page or the last step of the run enriches it',
      );
      return { ...archived.value, enriched: null };
    } finally {
      clearInterval(beat);
    }
  };
}
