import { describe, expect, it } from 'vitest';
import type { EnrichmentPatch } from '../../../domain/enrichment/enrichment-patch.js';
import {
  CandidateIndex,
  type CodeKeys,
  candidateQueryOf,
  type IndexedBooking,
  MAX_CANDIDATES_PER_FACT,
  WINDOW_DAYS,
} from '../../../domain/matching/candidate-index.js';
import { dayNumber, isoDate } from '../../../domain/matching/day-number.js';
import type { FactToMatch } from '../../../domain/matching/match-inputs.js';
import { booking, fact, WORKSPACE } from './builders.js';

const TODAY = dayNumber('2026-06-01');

/** Each code's keys as Postgres computes them: upper(trim(code)) and upper(code). */
function keysOf(codes: readonly (string | null)[]): Map<string, CodeKeys> {
  return new Map(
    codes
      .filter((c): c is string => c !== null)
      .map((c) => [c, { trimmed: c.trim().toUpperCase(), raw: c.toUpperCase() }]),
  );
}

/** Bookings as the query loads them, with their code key. */
function loaded(...bookings: ReturnType<typeof booking>[]): IndexedBooking[] {
  return bookings.map((b) => ({ ...b, codeKey: b.confirmationCode?.toUpperCase() ?? null }));
}

/** An index over `bookings`, knowing the codes of `facts`. */
function indexOf(bookings: IndexedBooking[], facts: FactToMatch[] = []): CandidateIndex {
  return new CandidateIndex(bookings, keysOf(facts.map((f) => f.confirmationCode)), TODAY);
}

const ids = (bookings: { id: string }[]) => bookings.map((b) => b.id);

/** A stay `days` after 10 July 2026, `nights` long, without a code. */
function stay(id: string, days: number, nights = 4, fields: Partial<ReturnType<typeof booking>> = {}) {
  const checkIn = dayNumber('2026-07-10') + days;
  return booking({
    id,
    confirmationCode: null,
    checkIn: isoDate(checkIn),
    checkOut: isoDate(checkIn + nights),
    ...fields,
  });
}

const DATED = fact({ confirmationCode: null, checkIn: '2026-07-10', checkOut: '2026-07-14' });

describe('CandidateIndex: which bookings a fact may be', () => {
  it('never offers a booking of another workspace, even with the same code', () => {
    const f = fact({ checkIn: '2026-07-10', checkOut: '2026-07-14' });
    const index = indexOf(loaded(booking({ workspaceId: 'ws-other' })), [f]);
    expect(index.forFact(f)).toEqual([]);
  });

  it('finds the code case- and space-blind, however far its dates lie', () => {
    const f = fact({ confirmationCode: ' hmabc ', checkIn: '2026-01-01', checkOut: '2026-01-03' });
    const index = indexOf(loaded(booking({ id: 'far', checkIn: '2027-12-01', checkOut: '2027-12-05' })), [f]);
    expect(ids(index.forFact(f))).toEqual(['far']);
  });

  it('takes stays overlapping the window of 60 days around the fact, and no others', () => {
    const index = indexOf(
      loaded(
        stay('ends-before-window', -WINDOW_DAYS - 5, 4),
        stay('touches-window-start', -WINDOW_DAYS - 4, 4),
        stay('exact', 0),
        stay('touches-window-end', 4 + WINDOW_DAYS),
        stay('starts-after-window', 4 + WINDOW_DAYS + 1),
      ),
    );
    expect(ids(index.forFact(DATED))).toEqual(['exact', 'touches-window-end', 'touches-window-start']);
  });

  it('finds a long stay that began long before the window but reaches into it', () => {
    const index = indexOf(loaded(stay('long', -200, 150), stay('short-early', -150, 3)));
    expect(ids(index.forFact(DATED))).toEqual(['long']);
  });

  it('lets one known date stand in for the other', () => {
    const index = indexOf(loaded(stay('near', 10), stay('far', 200)));
    expect(
      ids(index.forFact(fact({ confirmationCode: null, checkIn: null, checkOut: '2026-07-14' }))),
    ).toEqual(['near']);
  });

  it('without dates, offers the named stays still to come, nearest to today first', () => {
    const today = TODAY - dayNumber('2026-07-10');
    const index = indexOf(
      loaded(
        stay('past', today - 10, 4, { guestName: 'Ada' }),
        stay('ending-today', today - 4, 4, { guestName: 'Ada' }),
        stay('soon', today + 3, 4, { guestName: 'Ada' }),
        stay('later', today + 30, 4, { guestName: 'Ada' }),
        stay('unnamed', today + 1),
      ),
    );
    expect(ids(index.forFact(fact({ confirmationCode: null, kind: 'change_requested' })))).toEqual([
      'soon',
      'ending-today',
      'later',
    ]);
  });
});

describe('CandidateIndex: order and size', () => {
  it('puts code matches first, then the nearest check-in, then the lower id', () => {
    const f = fact({ confirmationCode: 'HMXYZ', checkIn: '2026-07-10', checkOut: '2026-07-14' });
    const index = indexOf(
      loaded(
        stay('b-near', 1),
        stay('a-near', -1),
        stay('exact', 0),
        stay('coded-far', 50, 4, { confirmationCode: 'hmxyz' }),
      ),
      [f],
    );
    expect(ids(index.forFact(f))).toEqual(['coded-far', 'exact', 'a-near', 'b-near']);
  });

  it(`offers at most ${MAX_CANDIDATES_PER_FACT}, the nearest`, () => {
    const many = Array.from({ length: 250 }, (_, i) => stay(`s${String(i).padStart(3, '0')}`, i % 60, 1));
    const offered = indexOf(loaded(...many)).forFact(DATED);
    expect(offered).toHaveLength(MAX_CANDIDATES_PER_FACT);
    expect(offered.every((b) => dayNumber(b.checkIn) - dayNumber('2026-07-10') < 50)).toBe(true);
  });

  it('hands out copies: a caller changing one does not change the index', () => {
    const index = indexOf(loaded(stay('exact', 0)));
    index.forFact(DATED)[0]!.guestName = 'changed';
    expect(index.forFact(DATED)[0]!.guestName).toBeNull();
  });
});

describe('CandidateIndex: what an enrichment wrote is seen by the next fact of the batch', () => {
  const patch = (fields: Partial<EnrichmentPatch>): EnrichmentPatch => ({
    guestName: null,
    guestCount: null,
    confirmationCode: null,
    payoutAmount: null,
    payoutCurrency: null,
    enrichmentStatus: 'enriched',
    rawData: { enrichment_reason: 'exact_dates', fact_id: 'fact-1' },
    ...fields,
  });

  it('a code filled in makes the booking a code match for a later fact', () => {
    const later = fact({
      id: 'fact-2',
      confirmationCode: 'HMNEW',
      checkIn: '2025-01-01',
      checkOut: '2025-01-02',
    });
    const index = indexOf(loaded(stay('exact', 0)), [later]);
    expect(index.forFact(later)).toEqual([]);
    index.applied('exact', patch({ confirmationCode: 'HMNEW' }));
    expect(index.forFact(later)).toMatchObject([{ id: 'exact', confirmationCode: 'HMNEW' }]);
  });

  it('never replaces a code the booking has', () => {
    const f = fact({ confirmationCode: 'HMOTHER' });
    const index = indexOf(loaded(booking({ id: 'coded' })), [f, fact()]);
    index.applied('coded', patch({ confirmationCode: 'HMOTHER' }));
    expect(index.forFact(f)).toEqual([]);
    expect(index.forFact(fact())[0]).toMatchObject({ confirmationCode: 'HMABC' });
  });

  it('a guest name filled in makes a stay to come a candidate of a fact without dates', () => {
    const today = TODAY - dayNumber('2026-07-10');
    const index = indexOf(loaded(stay('soon', today + 3)));
    const dateless = fact({ confirmationCode: null, kind: 'change_requested' });
    expect(index.forFact(dateless)).toEqual([]);
    index.applied('soon', patch({ guestName: 'Ada Lovelace' }));
    expect(index.forFact(dateless)).toMatchObject([{ id: 'soon', guestName: 'Ada Lovelace' }]);
  });

  it('ignores a booking it never loaded', () => {
    const index = indexOf(loaded(stay('exact', 0)));
    index.applied('unknown', patch({ guestName: 'Ada' }));
    expect(ids(index.forFact(DATED))).toEqual(['exact']);
  });
});

describe('candidateQueryOf: what the batch must load', () => {
  it('one code branch per workspace and key, merged date windows, and the workspaces without dates', () => {
    const facts = [
      fact({ confirmationCode: 'hmabc', checkIn: '2026-07-10', checkOut: '2026-07-14' }),
      fact({ id: 'f2', confirmationCode: ' HMABC ', checkIn: '2026-08-01', checkOut: '2026-08-03' }),
      fact({ id: 'f3', confirmationCode: null, checkIn: '2027-03-01', checkOut: '2027-03-02' }),
      fact({ id: 'f4', workspaceId: 'ws-2', confirmationCode: null }),
    ];
    const query = candidateQueryOf(facts, keysOf(facts.map((f) => f.confirmationCode)));
    expect(query.codes).toEqual([[WORKSPACE, 'HMABC']]);
    expect(query.ranges).toEqual([
      { ws: WORKSPACE, lo: '2026-05-11', hi: '2026-10-02' },
      { ws: WORKSPACE, lo: '2026-12-31', hi: '2027-05-01' },
    ]);
    expect(query.upcoming).toEqual(['ws-2']);
  });
});
