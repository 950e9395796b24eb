import { describe, expect, it } from 'vitest';
import { NONE_WRITTEN, type PageTally, pageCounts } from '../../../domain/archive/page-counts.js';

const written = (archived: number, facts = 0, malformed = 0) => ({ archived, facts, malformed });

/** A page of `listed` ids, none known, all fetched and written: each test changes what it is about. */
function tally(fields: Partial<PageTally> = {}): PageTally {
  const listed = fields.listed ?? 10;
  return { listed, known: 0, earlier: NONE_WRITTEN, fetched: listed, written: written(listed), ...fields };
}

describe('pageCounts: where each listed id of a page goes', () => {
  // [why, tally, archived, duplicates, vanished]
  const cases: [string, PageTally, number, number, number][] = [
    ['a new page: every id archived', tally(), 10, 0, 0],
    [
      'ids another run archived are duplicates, not fetched',
      tally({ known: 4, fetched: 6, written: written(6) }),
      6,
      4,
      0,
    ],
    ['ids Gmail deleted after listing vanished', tally({ fetched: 7, written: written(7) }), 7, 0, 3],
    [
      'fetched, but a concurrent writer archived them first: duplicates',
      tally({ fetched: 10, written: written(8) }),
      8,
      2,
      0,
    ],
    [
      'a retry: what the failed attempt wrote is this run’s own, archived',
      tally({ known: 6, earlier: written(6), fetched: 4, written: written(4) }),
      10,
      0,
      0,
    ],
    [
      'a retry: known ids the failed attempt did not write are still duplicates',
      tally({ known: 6, earlier: written(2), fetched: 4, written: written(4) }),
      6,
      4,
      0,
    ],
    ['an empty page counts nothing', tally({ listed: 0, fetched: 0, written: written(0) }), 0, 0, 0],
  ];
  it.each(cases)('%s', (_why, t, archived, duplicates, vanished) => {
    expect(pageCounts(t)).toMatchObject({ scanned: t.listed, archived, duplicates, vanished });
  });

  it('adds the failed attempt’s facts and malformed mail to this call’s', () => {
    const counts = pageCounts(
      tally({ known: 3, earlier: written(3, 5, 1), fetched: 7, written: written(7, 9, 2) }),
    );
    expect(counts).toEqual({
      scanned: 10,
      archived: 10,
      duplicates: 0,
      vanished: 0,
      malformed: 3,
      factsExtracted: 14,
    });
  });

  it('accounts for every listed id exactly once: archived + duplicates + vanished = scanned', () => {
    for (let known = 0; known <= 6; known++)
      for (let earlier = 0; earlier <= known; earlier++)
        for (let fetched = 0; fetched <= 6 - known; fetched++)
          for (let wrote = 0; wrote <= fetched; wrote++) {
            const c = pageCounts({
              listed: 6,
              known,
              earlier: written(earlier),
              fetched,
              written: written(wrote),
            });
            expect(c.archived + c.duplicates + c.vanished).toBe(c.scanned);
            expect(Math.min(c.archived, c.duplicates, c.vanished)).toBeGreaterThanOrEqual(0);
          }
  });
});
