import { describe, expect, it } from 'vitest';
import type { CandidateBooking, FactToMatch } from '../../../domain/matching/match-inputs.js';
import { dateDistanceDays, sameCode, scoreBooking } from '../../../domain/matching/score.js';
import { booking, fact } from './builders.js';

describe('scoreBooking: each signal counts only when both sides know it', () => {
  // [why, fact fields, booking fields, score]
  const cases: [string, Partial<FactToMatch>, Partial<CandidateBooking>, number][] = [
    ['equal codes alone decide, case- and space-blind', { confirmationCode: ' hmabc ' }, {}, 1],
    ['different codes alone give nothing', { confirmationCode: 'HMXYZ' }, {}, 0],
    ['a code on one side only is no signal', { confirmationCode: null }, { confirmationCode: 'HMABC' }, 0],
    [
      'exact dates alone are a full score',
      { confirmationCode: null, checkIn: '2026-07-10', checkOut: '2026-07-14' },
      { confirmationCode: null },
      1,
    ],
    [
      'three days off in total halve the date signal',
      { confirmationCode: null, checkIn: '2026-07-11', checkOut: '2026-07-16' },
      { confirmationCode: null },
      0.5,
    ],
    [
      'only the known side of the dates is measured',
      { confirmationCode: null, checkIn: '2026-07-13', checkOut: null },
      { confirmationCode: null },
      0.5,
    ],
    [
      'names compare accent- and case-blind',
      { confirmationCode: null, guestName: 'José GARCÍA' },
      { confirmationCode: null, guestName: 'Jose Garcia' },
      1,
    ],
    [
      'a name scores the share of the fact’s words found in the booking',
      { confirmationCode: null, guestName: 'Ana María López' },
      { confirmationCode: null, guestName: 'Ana Lopez' },
      0.667,
    ],
    [
      'initials are not words',
      { confirmationCode: null, guestName: 'J. Smith' },
      { confirmationCode: null, guestName: 'John Smith' },
      1,
    ],
    [
      'a code outweighs dates: codes differ, dates exact',
      { confirmationCode: 'HMXYZ', checkIn: '2026-07-10', checkOut: '2026-07-14' },
      {},
      0.333,
    ],
    [
      'all three signals weighed: code 0.6, dates 0.3, name 0.1',
      { checkIn: '2026-07-11', checkOut: '2026-07-16', guestName: 'Bob' },
      { guestName: 'Alice' },
      0.75,
    ],
    [
      'an unknown booking name drops the name weight instead of counting it as 0',
      { checkIn: '2026-07-10', checkOut: '2026-07-14', guestName: 'Bob' },
      { guestName: null },
      1,
    ],
    ['nothing known on either side is 0, not NaN', { confirmationCode: null }, { confirmationCode: null }, 0],
  ];
  for (const [why, f, b, score] of cases) {
    it(why, () => {
      expect(scoreBooking(fact(f), booking(b))).toBe(score);
    });
  }
});

describe('sameCode', () => {
  it('matches codes ignoring case and surrounding spaces', () => {
    expect(sameCode('hmabc ', 'HMABC')).toBe(true);
    expect(sameCode('HMABC', 'HMABD')).toBe(false);
  });

  it('never matches two missing codes: an absent code is no identity', () => {
    expect(sameCode(null, null)).toBe(false);
    expect(sameCode('  ', '')).toBe(false);
    expect(sameCode('HMABC', null)).toBe(false);
  });
});

describe('dateDistanceDays', () => {
  it('adds the check-in and check-out differences in whole days', () => {
    const stay = booking({ checkIn: '2026-02-27', checkOut: '2026-03-02' });
    expect(dateDistanceDays(fact({ checkIn: '2026-03-01', checkOut: '2026-03-01' }), stay)).toBe(3);
  });

  it('counts only the dates the fact knows, and is null when it knows none', () => {
    const stay = booking({ checkIn: '2026-07-10', checkOut: '2026-07-14' });
    expect(dateDistanceDays(fact({ checkIn: null, checkOut: '2026-07-10' }), stay)).toBe(4);
    expect(dateDistanceDays(fact({ checkIn: null, checkOut: null }), stay)).toBeNull();
  });
});
