import { describe, expect, it } from 'vitest';
import type { LabelPage } from '../../../activities/fetch/fetch-label.js';
import {
  cursorToSave,
  openCursor,
  type PageOutcome,
  pageResult,
} from '../../../activities/page/page-cursor.js';
import type { ArchivePageResult } from '../../../domain/archive/page-counts.js';

const FIRST = openCursor(null);

function listed(fields: Partial<LabelPage> = {}): LabelPage {
  return {
    messageIds: ['m1'],
    nextPageToken: 'p2',
    historyIdAfterPage: '500',
    historyExpired: false,
    ...fields,
  };
}

function archived(fields: Partial<ArchivePageResult> = {}): ArchivePageResult {
  return { scanned: 10, archived: 8, duplicates: 2, vanished: 0, malformed: 0, factsExtracted: 5, ...fields };
}

const enriched = (more: boolean) => ({
  counts: { factsExtracted: 1, bookingsEnriched: 2, reviewItemsCreated: 3 },
  more,
});

function outcome(fields: Partial<PageOutcome> = {}): PageOutcome {
  return { listed: listed(), relistHistoryId: null, archived: archived(), enriched: null, ...fields };
}

describe('cursorToSave: the history cursor never passes unarchived mail', () => {
  it('an incremental page saves where its history records ended', () => {
    expect(cursorToSave('incremental', FIRST, listed({ historyIdAfterPage: '42' }))).toEqual({
      relistHistoryId: null,
      historyIdAfterPage: '42',
    });
  });

  it('a relist takes the mailbox cursor on its first page and saves it only with its last', () => {
    const first = cursorToSave('full', FIRST, listed({ historyIdAfterPage: '900' }));
    expect(first).toEqual({ relistHistoryId: '900', historyIdAfterPage: null });
    const middle = { pageToken: 'p2', relistHistoryId: '900' };
    expect(cursorToSave('full', middle, listed({ historyIdAfterPage: null }))).toEqual(first);
    expect(cursorToSave('full', middle, listed({ historyIdAfterPage: null, nextPageToken: null }))).toEqual({
      relistHistoryId: '900',
      historyIdAfterPage: '900',
    });
  });

  it('a relist of one page saves the cursor it read before listing', () => {
    expect(cursorToSave('full', FIRST, listed({ nextPageToken: null, historyIdAfterPage: '7' }))).toEqual({
      relistHistoryId: '7',
      historyIdAfterPage: '7',
    });
  });
});

describe('pageResult: the page’s counts and what comes next', () => {
  it('counts the page, and the enrichment of the one before it', () => {
    const at = { ...FIRST, enrichPrevious: true };
    expect(pageResult(at, outcome({ enriched: enriched(false) })).counts).toEqual({
      emailsScanned: 10,
      emailsArchived: 8,
      duplicatesSkipped: 2,
      factsExtracted: 6,
      bookingsEnriched: 2,
      reviewItemsCreated: 3,
    });
  });

  it('carries the page token and the relist cursor into the next page, sealed', () => {
    const result = pageResult(FIRST, outcome({ relistHistoryId: '900' }));
    expect(result.next.kind).toBe('more');
    const next = result.next.kind === 'more' ? openCursor(result.next.cursor) : null;
    expect(next).toEqual({ pageToken: 'p2', relistHistoryId: '900', enrichPrevious: true });
  });

  it('is done after the listing’s last page', () => {
    expect(pageResult(FIRST, outcome({ listed: listed({ nextPageToken: null }) })).next).toEqual({
      kind: 'done',
    });
  });

  it('relists from the first page when Gmail lost the history, keeping what is left to enrich', () => {
    const at = { pageToken: null, relistHistoryId: null, enrichPrevious: true };
    const result = pageResult(
      at,
      outcome({ listed: null, archived: archived({ scanned: 0, archived: 0 }), enriched: enriched(true) }),
    );
    expect(result.next.kind).toBe('relist');
    const next = result.next.kind === 'relist' ? openCursor(result.next.cursor) : null;
    expect(next).toEqual({ pageToken: null, relistHistoryId: null, enrichPrevious: true });
  });

  // [why, archived on this page, enrichment asked for, its outcome, unenriched after]
  const cases: [string, number, boolean, ReturnType<typeof enriched> | null, boolean][] = [
    ['new mail is left to enrich', 8, false, null, true],
    ['a page of duplicates leaves nothing', 0, false, null, false],
    ['the enrichment finished what the page before left', 0, true, enriched(false), false],
    ['the enrichment ran out of time', 0, true, enriched(true), true],
    ['the enrichment failed: still to do', 0, true, null, true],
    ['new mail after a finished enrichment', 3, true, enriched(false), true],
  ];
  it.each(cases)('%s', (_why, archivedNow, enrichPrevious, enrichment, unenriched) => {
    const at = { ...FIRST, enrichPrevious };
    const result = pageResult(
      at,
      outcome({ archived: archived({ archived: archivedNow }), enriched: enrichment }),
    );
    expect(result.unenriched).toBe(unenriched);
    expect(result.next.kind === 'more' && openCursor(result.next.cursor).enrichPrevious).toBe(unenriched);
  });
});
