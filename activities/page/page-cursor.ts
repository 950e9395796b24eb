import type { RunCounts, SyncMode } from '../../contracts/workflows.js';
import type { ArchivePageResult } from '../../domain/archive/page-counts.js';
import type { EnrichResult } from '../enrich/enrich-connection.js';
import type { LabelPage } from '../fetch/fetch-label.js';

declare const sealed: unique symbol;

/**
 * Where a sync's next page starts. The workflow hands it back unread: only this module looks inside,
 * so what a page needs from the one before can change without touching the workflow.
 */
export type PageCursor = { readonly [sealed]: 'PageCursor' };

/** What the cursor holds. */
export interface CursorState {
  /** Gmail's token for the listing's next page; null on its first page. */
  pageToken: string | null;
  /** A full relist's cursor, taken on its first page: saved only with its last page. */
  relistHistoryId: string | null;
  /** The previous page archived mail not enriched yet: enrich it while this page is fetched. */
  enrichPrevious: boolean;
}

/** After this page: list more of the label, list all of it from the start (mode full), or stop. */
export type NextPage =
  | { kind: 'more'; cursor: PageCursor }
  | { kind: 'relist'; cursor: PageCursor }
  | { kind: 'done' };

export interface SyncPageResult {
  counts: RunCounts;
  next: NextPage;
  /** Mail the run archived is not enriched yet: should the run end here, it must enrich it. */
  unenriched: boolean;
}

/** A listing's first page. */
const FIRST: CursorState = { pageToken: null, relistHistoryId: null, enrichPrevious: false };

export function openCursor(cursor: PageCursor | null): CursorState {
  return cursor === null ? FIRST : (cursor as unknown as CursorState);
}

function seal(state: CursorState): PageCursor {
  return state as unknown as PageCursor;
}

/**
 * A full relist saves the mailbox's history id read before its first page, and only with its last
 * page; an incremental page saves where its history records ended.
 */
export function cursorToSave(
  mode: SyncMode,
  at: Omit<CursorState, 'enrichPrevious'>,
  page: LabelPage,
): { relistHistoryId: string | null; historyIdAfterPage: string | null } {
  if (mode === 'incremental') return { relistHistoryId: null, historyIdAfterPage: page.historyIdAfterPage };
  const relistHistoryId = at.pageToken === null ? page.historyIdAfterPage : at.relistHistoryId;
  return { relistHistoryId, historyIdAfterPage: page.nextPageToken === null ? relistHistoryId : null };
}

/** What one page did, and what the listing said comes after it. */
export interface PageOutcome {
  /** The page as listed; null when Gmail no longer had history from the saved cursor. */
  listed: LabelPage | null;
  relistHistoryId: string | null;
  archived: ArchivePageResult;
  /** The previous page's enrichment: null when none was asked for, or when it failed. */
  enriched: EnrichResult | null;
}

/**
 * The page's counts and what comes next. Mail stays unenriched while the run archives new mail, or
 * while the enrichment asked for has work left (or failed): the next page, or the end of the run,
 * enriches it then.
 */
export function pageResult(at: CursorState, outcome: PageOutcome): SyncPageResult {
  const { archived, enriched } = outcome;
  const unenriched = archived.archived > 0 || (at.enrichPrevious && (enriched?.more ?? true));
  const counts: RunCounts = {
    emailsScanned: archived.scanned,
    emailsArchived: archived.archived,
    duplicatesSkipped: archived.duplicates,
    factsExtracted: archived.factsExtracted + (enriched?.counts.factsExtracted ?? 0),
    bookingsEnriched: enriched?.counts.bookingsEnriched ?? 0,
    reviewItemsCreated: enriched?.counts.reviewItemsCreated ?? 0,
  };
  const nextPageToken = outcome.listed?.nextPageToken ?? null;
  const next: NextPage =
    outcome.listed === null
      ? { kind: 'relist', cursor: seal({ ...FIRST, enrichPrevious: unenriched }) }
      : nextPageToken === null
        ? { kind: 'done' }
        : {
            kind: 'more',
            cursor: seal({
              pageToken: nextPageToken,
              relistHistoryId: outcome.relistHistoryId,
              enrichPrevious: unenriched,
            }),
          };
  return { counts, next, unenriched };
}
