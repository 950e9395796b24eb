/**
 * Properties of the date parser that test/unit/extraction/dates.test.ts does not state: it never throws
 * (arbitrary strings, and text made of its own tokens), what it returns is always a real calendar
 * date, ranges never end before they start, and a yearless date lands within a year of the e-mail.
 * (Round trips through Intl in every language are already in dates.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DateContext,
  inferYear,
  parseDate,
  parseDateRange,
  parseDates,
} from '../../../extraction/dates.js';
import { anyText, tokenText } from './text-arbitraries.js';

const DAY_MS = 86_400_000;
const MIN_DAY = Date.UTC(1990, 0, 1) / DAY_MS;
const MAX_DAY = Date.UTC(2090, 11, 31) / DAY_MS;

const sentAtArb = fc
  .integer({ min: MIN_DAY * DAY_MS, max: MAX_DAY * DAY_MS + DAY_MS - 1 })
  .map((ms) => new Date(ms));
const contextArb: fc.Arbitrary<DateContext> = fc.record({
  sentAt: fc.option(sentAtArb, { nil: null }),
  numericOrder: fc.constantFrom('MDY' as const, 'DMY' as const),
});

/** Text assembled from what the date patterns look for, so their branches (and backtracking) run. */
const TOKENS = [
  'Jul',
  'jul.',
  'JULY',
  'ago',
  'set',
  'sept',
  'mar',
  'févr',
  'déc',
  'août',
  'Sunday',
  'sáb',
  'mer',
  'jeu',
  'de',
  ',',
  ', ',
  ' ',
  '  ',
  '\u00a0',
  '\u2009',
  '\u202f',
  '-',
  '–',
  '—',
  '\u2212',
  '/',
  '.',
  '•',
  '(',
  ')',
  '1',
  '7',
  '12',
  '29',
  '30',
  '31',
  '0',
  '00',
  '13',
  '32',
  '99',
  '2024',
  '2026',
  '0000',
  '9999',
  '1st',
  '22nd',
  '\u200b',
  '\u00ad',
  '\n',
  'x',
];
const madeOfTokens = tokenText(TOKENS);

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `YYYY-MM-DD` naming a day that exists. */
function isCalendarDate(iso: string): boolean {
  const m = ISO.exec(iso);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    date.getUTCFullYear() === Number(m[1]) &&
    date.getUTCMonth() + 1 === Number(m[2]) &&
    date.getUTCDate() === Number(m[3])
  );
}

const isoMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describe('date parser: total on any input', () => {
  for (const [name, text] of [
    ['arbitrary strings', anyText],
    ['text made of date tokens', madeOfTokens],
  ] as const) {
    it(`parseDate, parseDates and parseDateRange never throw on ${name}, and give only real dates`, () => {
      fc.assert(
        fc.property(text, contextArb, (input, context) => {
          const one = parseDate(input, context);
          const all = parseDates(input, context);
          const range = parseDateRange(input, context);
          for (const iso of [...(one ? [one] : []), ...all]) expect(isCalendarDate(iso), iso).toBe(true);
          if (one !== null) expect(all[0]).toBe(one);
          if (range) {
            expect(isCalendarDate(range.start) && isCalendarDate(range.end), JSON.stringify(range)).toBe(
              true,
            );
            expect(range.start <= range.end, JSON.stringify(range)).toBe(true);
          }
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('a yearless date is never read without a sending date to infer its year from', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('MDY' as const, 'DMY' as const),
        (month, day, numericOrder) => {
          const text = new Intl.DateTimeFormat('en-US', {
            month: 'short',
            day: 'numeric',
            timeZone: 'UTC',
          }).format(Date.UTC(2026, month, day));
          expect(parseDate(text, { sentAt: null, numericOrder }), text).toBeNull();
        },
      ),
    );
  });
});

describe('year inference', () => {
  /** A month and a day that exists in that month every year (Feb 29 has its own test below). */
  const monthDay = fc
    .integer({ min: 1, max: 12 })
    .chain((month) =>
      fc.tuple(
        fc.constant(month),
        fc.integer({ min: 1, max: new Date(Date.UTC(2023, month, 0)).getUTCDate() }),
      ),
    );

  it('puts a yearless date within one year of the e-mail: from its month (or two weeks) before, to a year after', () => {
    fc.assert(
      fc.property(monthDay, sentAtArb, ([month, day], sentAt) => {
        const year = inferYear(month, day, sentAt);
        if (year === null) {
          // only a Feb 29 can have no year within reach (no leap year in the window)
          expect([month, day]).toEqual([2, 29]);
          return;
        }
        expect(
          Math.abs(year - sentAt.getUTCFullYear()),
          `${month}/${day} sent ${sentAt.toISOString()}`,
        ).toBeLessThanOrEqual(1);
        const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const monthStart = Date.UTC(sentAt.getUTCFullYear(), sentAt.getUTCMonth(), 1);
        const threshold = Math.min(monthStart, sentAt.getTime() - 14 * DAY_MS);
        const at = isoMs(iso);
        const context = `${iso} for ${month}/${day} sent ${sentAt.toISOString()}`;
        expect(at, context).toBeGreaterThanOrEqual(threshold);
        // within a year of the e-mail (a year plus a day when a Feb 29 lies in between)
        expect(at - sentAt.getTime(), context).toBeLessThanOrEqual(366 * DAY_MS);
        // and it is the earliest such year: a year earlier would fall before the threshold
        const earlier = Date.UTC(year - 1, month - 1, day);
        if (isCalendarDate(`${year - 1}-${iso.slice(5)}`)) expect(earlier, context).toBeLessThan(threshold);
      }),
      { numRuns: 3000 },
    );
  });

  it('parseDate agrees: a yearless `Mon D` in a mail resolves to that day within a year of it', () => {
    const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(monthDay, sentAtArb, ([month, day], sentAt) => {
        const text = short.format(Date.UTC(2024, month - 1, day));
        const iso = parseDate(text, { sentAt, numericOrder: 'MDY' });
        expect(iso, `${text} sent ${sentAt.toISOString()}`).not.toBeNull();
        const offset = isoMs(iso!) - sentAt.getTime();
        expect(offset, `${text} sent ${sentAt.toISOString()} → ${iso}`).toBeGreaterThanOrEqual(-32 * DAY_MS);
        expect(offset, `${text} sent ${sentAt.toISOString()} → ${iso}`).toBeLessThanOrEqual(366 * DAY_MS);
        expect(iso!.slice(5)).toBe(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      }),
      { numRuns: 2000 },
    );
  });

  // Sent 2027-01-10, `Feb 29` must not become 2028-02-29 (415 days later): null instead.
  it('a yearless Feb 29 resolves within a year of the e-mail, or to null', () => {
    const late: string[] = [];
    for (let day = Date.UTC(2020, 0, 1) / DAY_MS; day <= Date.UTC(2032, 11, 31) / DAY_MS; day++) {
      const sentAt = new Date(day * DAY_MS + 9 * 3_600_000);
      const iso = parseDate('Feb 29', { sentAt, numericOrder: 'MDY' });
      if (iso !== null && isoMs(iso) - sentAt.getTime() > 366 * DAY_MS)
        late.push(`${sentAt.toISOString()} → ${iso}`);
    }
    expect(late).toEqual([]);
  });
});
