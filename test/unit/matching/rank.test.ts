import { describe, expect, it } from 'vitest';
import type { CandidateBooking, FactToMatch } from '../../../domain/matching/match-inputs.js';
import {
  datesTrusted,
  LOW_CONFIDENCE_THRESHOLD,
  MAX_CANDIDATES,
  type MatchDecision,
  rankCandidates,
  rankFact,
} from '../../../domain/matching/rank.js';
import { booking, fact } from './builders.js';

const JULY_10_14 = { checkIn: '2026-07-10', checkOut: '2026-07-14' };

/** What a decision says, with candidates reduced to their ids in rank order. */
interface Expected {
  outcome: MatchDecision['outcome'];
  reason: MatchDecision['reason'];
  bookingId?: string;
  candidates: string[];
}

/** The one booking enriched on its exact dates: what most of the rules below come to. */
const ENRICHED_BY_DATES: Expected = {
  outcome: 'enrich',
  reason: 'exact_dates',
  bookingId: 'booking-1',
  candidates: ['booking-1'],
};

/** The one booking enriched, or cancelled, by its code. */
const ENRICHED_BY_CODE: Expected = { ...ENRICHED_BY_DATES, reason: 'code_match' };
const CANCELLED_BY_CODE: Expected = { ...ENRICHED_BY_CODE, outcome: 'cancel' };

/** The one booking a candidate of a person's decision, none of the rules finding it. */
const NO_MATCH: Expected = { outcome: 'review', reason: 'no_match', candidates: ['booking-1'] };

/** [why, fact, bookings, decision] */
type Case = [string, Partial<FactToMatch>, Partial<CandidateBooking>[], Expected];

function summary(decision: MatchDecision): Expected {
  return {
    outcome: decision.outcome,
    reason: decision.reason,
    ...('bookingId' in decision ? { bookingId: decision.bookingId } : {}),
    candidates: decision.candidates.map((c) => c.bookingId),
  };
}

/** One test a case: rankFact on the fact and bookings comes to the decision. */
function itDecides(cases: Case[]): void {
  for (const [why, f, bookings, expected] of cases) {
    it(why, () => {
      const decision = rankFact(
        fact(f),
        bookings.map((b) => booking(b)),
      );
      expect(summary(decision)).toEqual(expected);
    });
  }
}

describe('rankFact: every rule and its reason', () => {
  const cases: Case[] = [
    [
      'a fact about no stay is skipped before any booking is looked at',
      { kind: 'other' },
      [{}],
      { outcome: 'skip', reason: 'not_a_reservation', candidates: [] },
    ],
    [
      'code_match: the code finds the booking, case-insensitively',
      { confirmationCode: 'hmabc' },
      [{}],
      ENRICHED_BY_CODE,
    ],
    [
      'code_match wins over another booking on the fact’s exact dates',
      { checkIn: '2026-07-11', checkOut: '2026-07-15' },
      [{}, { id: 'same-dates', checkIn: '2026-07-11', checkOut: '2026-07-15', confirmationCode: null }],
      ENRICHED_BY_CODE,
    ],
    [
      'code_match looks across every platform of the workspace: a code is an identity',
      {},
      [{ platform: 'vrbo' }],
      ENRICHED_BY_CODE,
    ],
    ['a payout enriches like a confirmation', { kind: 'payout' }, [{}], ENRICHED_BY_CODE],
    ['a cancellation found by its code cancels', { kind: 'cancelled' }, [{}], CANCELLED_BY_CODE],
    [
      'exact_dates: same check-in and check-out on the fact’s platform, neither side coded',
      { ...JULY_10_14, confirmationCode: null },
      [{ confirmationCode: null }],
      ENRICHED_BY_DATES,
    ],
    [
      'exact_dates: a coded fact may enrich a feed booking that carries no code',
      { ...JULY_10_14, confirmationCode: 'HMNEW' },
      [{ confirmationCode: null }],
      ENRICHED_BY_DATES,
    ],
    [
      'exact_dates: an uncoded fact may enrich a coded booking',
      { ...JULY_10_14, confirmationCode: null },
      [{}],
      ENRICHED_BY_DATES,
    ],
    [
      'no_match: two different known codes on the same dates are two different stays',
      { ...JULY_10_14, confirmationCode: 'HMXYZ' },
      [{}],
      NO_MATCH,
    ],
    [
      'no_match: exact dates on another platform are not an identity, but still a candidate',
      { ...JULY_10_14, confirmationCode: null },
      [{ platform: 'vrbo', confirmationCode: null }],
      NO_MATCH,
    ],
    [
      'no_match: a block on the exact dates is the host’s closure, never a candidate',
      { ...JULY_10_14, confirmationCode: null },
      [{ status: 'blocked', confirmationCode: null }],
      { outcome: 'review', reason: 'no_match', candidates: [] },
    ],
    [
      'no_match: a confirmation does not land on a stay the feed already cancelled',
      { ...JULY_10_14, confirmationCode: null },
      [{ status: 'cancelled', confirmationCode: null }],
      NO_MATCH,
    ],
    [
      'exact_dates: a cancellation does find the stay the feed already dropped',
      { ...JULY_10_14, kind: 'cancelled', confirmationCode: null },
      [{ status: 'cancelled', confirmationCode: null }],
      { outcome: 'cancel', reason: 'exact_dates', bookingId: 'booking-1', candidates: ['booking-1'] },
    ],
    [
      'no_match: dates identify a stay only with both check-in and check-out',
      { checkIn: '2026-07-10', checkOut: null, confirmationCode: null },
      [{ confirmationCode: null }],
      NO_MATCH,
    ],
    [
      'no_match: near dates rank the nearest first, blocks left out',
      { checkIn: '2026-07-11', checkOut: '2026-07-14', confirmationCode: null },
      [
        { id: 'far', checkIn: '2026-07-20', checkOut: '2026-07-24', confirmationCode: null },
        { id: 'near', confirmationCode: null },
        { id: 'block', checkIn: '2026-07-11', checkOut: '2026-07-14', status: 'blocked' },
      ],
      { outcome: 'review', reason: 'no_match', candidates: ['near', 'far'] },
    ],
    [
      'no_match: another workspace’s booking with the same code is invisible',
      {},
      [{ workspaceId: 'ws-2' }],
      { outcome: 'review', reason: 'no_match', candidates: [] },
    ],
    [
      'ambiguous: two bookings under one code, ranked, nothing enriched',
      { checkIn: '2026-07-20', checkOut: '2026-07-24' },
      [{ id: 'earlier' }, { id: 'later', checkIn: '2026-07-20', checkOut: '2026-07-24' }],
      { outcome: 'review', reason: 'ambiguous', candidates: ['later', 'earlier'] },
    ],
    [
      'ambiguous: two bookings on the exact dates of the platform',
      { ...JULY_10_14, confirmationCode: null },
      [
        { id: 'a', confirmationCode: null },
        { id: 'b', confirmationCode: null },
      ],
      { outcome: 'review', reason: 'ambiguous', candidates: ['a', 'b'] },
    ],
    [
      'change_request: always a person’s decision, even when the code matches',
      { kind: 'change_requested' },
      [{}, { id: 'block', status: 'blocked' }],
      { outcome: 'review', reason: 'change_request', candidates: ['booking-1'] },
    ],
    [
      'low_confidence: an unsure extraction goes to review before its code is trusted',
      { confidence: LOW_CONFIDENCE_THRESHOLD - 0.01 },
      [{}],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1'] },
    ],
    ['the threshold itself is sure enough', { confidence: LOW_CONFIDENCE_THRESHOLD }, [{}], ENRICHED_BY_CODE],
    [
      'low_confidence: a code match whose dates and name disagree, times the fact’s confidence',
      // score (0.6 + 0.3·0.2 + 0) = 0.66, × 0.7 = 0.46
      { confidence: 0.7, checkIn: '2026-07-16', checkOut: '2026-07-20', guestName: 'Bob Stone' },
      [{ guestName: 'Alice Reed' }],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1'] },
    ],
  ];
  itDecides(cases);

  it('carries each candidate’s score, dates and code for the review queue', () => {
    const decision = rankFact(
      fact({ checkIn: '2026-07-11', checkOut: '2026-07-14', confirmationCode: null }),
      [booking({ confirmationCode: 'HMABC' })],
    );
    expect(decision.candidates).toEqual([
      {
        bookingId: 'booking-1',
        score: 0.75,
        checkIn: '2026-07-10',
        checkOut: '2026-07-14',
        confirmationCode: 'HMABC',
      },
    ]);
  });
});

describe('rankCandidates: best first', () => {
  const ids = (f: Partial<FactToMatch>, bookings: Partial<CandidateBooking>[]) =>
    rankCandidates(
      fact(f),
      bookings.map((b) => booking(b)),
    ).map((c) => c.bookingId);

  it('orders by score', () => {
    const order = ids({ ...JULY_10_14, confirmationCode: null }, [
      { id: 'two-off', checkIn: '2026-07-12', confirmationCode: null },
      { id: 'exact', confirmationCode: null },
      { id: 'one-off', checkIn: '2026-07-11', confirmationCode: null },
    ]);
    expect(order).toEqual(['exact', 'one-off', 'two-off']);
  });

  it('breaks a score tie by date distance before check-in', () => {
    // one day off without a name (0.75) ties the exact dates with the wrong name (0.3 / 0.4 = 0.75)
    const order = ids({ ...JULY_10_14, confirmationCode: null, guestName: 'Bob' }, [
      { id: 'one-day-off', checkIn: '2026-07-09', confirmationCode: null },
      { id: 'exact-dates', confirmationCode: null, guestName: 'Alice' },
    ]);
    expect(order).toEqual(['exact-dates', 'one-day-off']);
  });

  it('breaks a tie of score and distance by the earlier check-in', () => {
    const order = ids({ ...JULY_10_14, confirmationCode: null }, [
      { id: 'later', checkIn: '2026-07-11', checkOut: '2026-07-15', confirmationCode: null },
      { id: 'earlier', checkIn: '2026-07-09', checkOut: '2026-07-13', confirmationCode: null },
    ]);
    expect(order).toEqual(['earlier', 'later']);
  });

  it('orders by check-in when the fact has no dates to measure', () => {
    const order = ids({ confirmationCode: null, guestName: 'Ana Lopez' }, [
      { id: 'august', checkIn: '2026-08-01', checkOut: '2026-08-03', guestName: 'Ana Lopez' },
      { id: 'july', guestName: 'Ana Lopez' },
    ]);
    expect(order).toEqual(['july', 'august']);
  });

  it('leaves out bookings with no likeness at all', () => {
    expect(ids({ confirmationCode: 'HMXYZ' }, [{ id: 'other-code' }])).toEqual([]);
  });

  it(`keeps at most ${MAX_CANDIDATES}, the best ones`, () => {
    const stays = Array.from({ length: MAX_CANDIDATES + 2 }, (_, i) => ({
      id: `off-${i}`,
      checkIn: `2026-07-${String(10 + i).padStart(2, '0')}`,
      checkOut: `2026-07-${String(14 + i).padStart(2, '0')}`,
      confirmationCode: null,
    }));
    const order = ids({ ...JULY_10_14, confirmationCode: null }, stays.reverse());
    expect(order).toEqual(['off-0', 'off-1', 'off-2', 'off-3', 'off-4']);
  });
});

describe('rankFact: the channel’s feeds, and who read the fact', () => {
  const uncoded = { ...JULY_10_14, confirmationCode: null };
  const generic = { readBy: 'generic' as const, genericFields: ['checkIn', 'checkOut'], confidence: 0.85 };
  // [why, the fact's channel, the one feed's, decision]: an uncoded stay, and a booking on its dates
  const byFeed: [string, FactToMatch['platform'], CandidateBooking['platform'], Expected][] = [
    [
      'a channel’s dates find its stay in a PMS calendar, which carries every channel',
      'booking',
      'pms',
      ENRICHED_BY_DATES,
    ],
    [
      'an Expedia stay has no feed of its own: a PMS calendar may hold it',
      'expedia',
      'pms',
      ENRICHED_BY_DATES,
    ],
    [
      'an Expedia stay is never found by dates in an Airbnb calendar (there it is a block or nothing)',
      'expedia',
      'airbnb',
      NO_MATCH,
    ],
    ['an Agoda stay likewise', 'agoda', 'vrbo', NO_MATCH],
    ['a direct booking may be in any feed of the workspace', 'direct', 'vrbo', ENRICHED_BY_DATES],
    ['so may a stay whose mail names no channel', 'other', 'booking', ENRICHED_BY_DATES],
    ['and a fact stored as `pms` before channels existed', 'pms', 'airbnb', ENRICHED_BY_DATES],
  ];
  itDecides(
    byFeed.map(([why, channel, feed, expected]) => [
      why,
      { ...uncoded, platform: channel },
      [{ platform: feed, confirmationCode: null }],
      expected,
    ]),
  );

  const cases: Case[] = [
    [
      'any feed means any: two feeds with the stay’s dates are ambiguous',
      { ...uncoded, platform: 'other' },
      [
        { id: 'airbnb', platform: 'airbnb', confirmationCode: null },
        { id: 'vrbo', platform: 'vrbo', confirmationCode: null },
      ],
      { outcome: 'review', reason: 'ambiguous', candidates: ['airbnb', 'vrbo'] },
    ],
    [
      'generic reader: an exact code enriches on its own',
      { ...generic, platform: 'booking', confirmationCode: 'HMABC', ...JULY_10_14 },
      [{}],
      ENRICHED_BY_CODE,
    ],
    [
      'generic reader: a cancellation found by its code cancels',
      { ...generic, kind: 'cancelled' },
      [{}],
      CANCELLED_BY_CODE,
    ],
    [
      'generic reader: one stay on its exact dates is a person’s decision, shown first',
      { ...generic, ...uncoded },
      [{ confirmationCode: null }, { id: 'later', checkIn: '2026-07-12', confirmationCode: null }],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1', 'later'] },
    ],
    [
      'generic reader: a code that finds nothing leaves the stay on its dates to a person',
      { ...generic, ...JULY_10_14, confirmationCode: '4012398765' },
      [{ confirmationCode: null }],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1'] },
    ],
    [
      'generic reader: a cancellation is never applied by dates',
      { ...generic, ...uncoded, kind: 'cancelled' },
      [{ confirmationCode: null }],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1'] },
    ],
    [
      'generic reader: two stays on its dates are ambiguous, the reason a person can act on',
      { ...generic, ...uncoded },
      [
        { id: 'a', confirmationCode: null },
        { id: 'b', confirmationCode: null },
      ],
      { outcome: 'review', reason: 'ambiguous', candidates: ['a', 'b'] },
    ],
    [
      'generic reader: no stay near its dates is no_match',
      { ...generic, ...uncoded },
      [{ checkIn: '2026-10-01', checkOut: '2026-10-04', confirmationCode: null }],
      NO_MATCH,
    ],
    [
      'a template’s fact whose check-out the generic reader filled is not trusted on its dates',
      { ...uncoded, readBy: 'mixed', genericFields: ['checkOut'], confidence: 0.89 },
      [{ confirmationCode: null }],
      { outcome: 'review', reason: 'low_confidence', candidates: ['booking-1'] },
    ],
    [
      'a template’s fact whose guest name the generic reader filled still finds its stay by dates',
      { ...uncoded, readBy: 'mixed', genericFields: ['guestName'], confidence: 0.89 },
      [{ confirmationCode: null }],
      ENRICHED_BY_DATES,
    ],
  ];
  itDecides(cases);

  it('datesTrusted: a template’s reading, or one whose dates no generic evidence marks', () => {
    expect(datesTrusted({ readBy: 'template', genericFields: [] })).toBe(true);
    expect(datesTrusted({ readBy: 'mixed', genericFields: ['listingName'] })).toBe(true);
    expect(datesTrusted({ readBy: 'mixed', genericFields: ['checkIn'] })).toBe(false);
    expect(datesTrusted({ readBy: 'generic', genericFields: [] })).toBe(false);
  });
});
