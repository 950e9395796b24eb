import { describe, expect, it } from 'vitest';
import type { EnrichResult } from '../../../activities/enrich/enrich-connection.js';
import { openCursor, type PageCursor, type SyncPageResult } from '../../../activities/page/page-cursor.js';
import type { SyncPageInput } from '../../../activities/page/sync-page.js';
import { type RunCounts, ZERO_COUNTS } from '../../../contracts/workflows.js';
import { type PageLoopState, pageThrough } from '../../../workflows/page-loop.js';

const RUN = { connectionId: 'c1', runId: 'r1', labelId: 'L1', historyId: '100', pageSize: 50 };

const counts = (fields: Partial<RunCounts>): RunCounts => ({ ...ZERO_COUNTS, ...fields });
const cursor = (pageToken: string): PageCursor =>
  ({ pageToken, relistHistoryId: null, enrichPrevious: true }) as unknown as PageCursor;

/**
 * The loop over scripted step results (the steps themselves are integration-tested): what it asks
 * for, in which order, and what it adds up.
 */
function script(
  pages: SyncPageResult[],
  enrichments: EnrichResult[] = [],
  stopAfter = Number.POSITIVE_INFINITY,
) {
  const calls: string[] = [];
  const inputs: SyncPageInput[] = [];
  const state: PageLoopState = { mode: 'incremental', pages: 0, totals: { ...ZERO_COUNTS } };
  const run = () =>
    pageThrough(
      {
        syncPage: async (input) => {
          calls.push(`page:${input.mode}`);
          inputs.push(input);
          return pages.shift()!;
        },
        enrichConnection: async () => {
          calls.push('enrich');
          return enrichments.shift()!;
        },
      },
      RUN,
      state,
      {
        stopRequested: () => state.pages >= stopAfter,
        afterPage: () => calls.push(`after:${state.pages}`),
        relisting: () => calls.push('relisting'),
      },
    );
  return { calls, inputs, state, run };
}

describe('pageThrough', () => {
  it('pages until done, handing each cursor back, then enriches what is left', async () => {
    const s = script(
      [
        {
          counts: counts({ emailsScanned: 5, emailsArchived: 5 }),
          next: { kind: 'more', cursor: cursor('p2') },
          unenriched: true,
        },
        { counts: counts({ emailsScanned: 3, factsExtracted: 2 }), next: { kind: 'done' }, unenriched: true },
      ],
      [
        { counts: { factsExtracted: 1, bookingsEnriched: 1, reviewItemsCreated: 0 }, more: true },
        { counts: { factsExtracted: 0, bookingsEnriched: 2, reviewItemsCreated: 1 }, more: false },
      ],
    );
    expect(await s.run()).toBe(false);
    expect(s.calls).toEqual([
      'page:incremental',
      'after:1',
      'page:incremental',
      'after:2',
      'enrich',
      'enrich',
    ]);
    expect(s.inputs.map((i) => i.cursor && openCursor(i.cursor).pageToken)).toEqual([null, 'p2']);
    expect(s.inputs[0]).toMatchObject({
      connectionId: 'c1',
      runId: 'r1',
      labelId: 'L1',
      startHistoryId: '100',
      pageSize: 50,
    });
    expect(s.state.totals).toEqual(
      counts({
        emailsScanned: 8,
        emailsArchived: 5,
        factsExtracted: 3,
        bookingsEnriched: 3,
        reviewItemsCreated: 1,
      }),
    );
  });

  it('switches to a full listing when Gmail lost the history; the relist page is not a page', async () => {
    const s = script([
      { counts: counts({}), next: { kind: 'relist', cursor: cursor('') }, unenriched: false },
      { counts: counts({ emailsScanned: 2 }), next: { kind: 'done' }, unenriched: false },
    ]);
    expect(await s.run()).toBe(false);
    expect(s.calls).toEqual(['page:incremental', 'relisting', 'page:full', 'after:1']);
    expect(s.state).toMatchObject({ mode: 'full', pages: 1 });
  });

  it('stops at a page boundary when asked, still enriching what the last page archived', async () => {
    const s = script(
      [
        {
          counts: counts({ emailsArchived: 4 }),
          next: { kind: 'more', cursor: cursor('p2') },
          unenriched: true,
        },
      ],
      [{ counts: { factsExtracted: 0, bookingsEnriched: 4, reviewItemsCreated: 0 }, more: false }],
      1,
    );
    expect(await s.run()).toBe(true);
    expect(s.calls).toEqual(['page:incremental', 'after:1', 'enrich']);
  });

  it('asks for no enrichment when nothing is left to enrich', async () => {
    const s = script([
      { counts: counts({ duplicatesSkipped: 3 }), next: { kind: 'done' }, unenriched: false },
    ]);
    await s.run();
    expect(s.calls).toEqual(['page:incremental', 'after:1']);
  });
});
