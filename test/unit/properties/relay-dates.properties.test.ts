import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate, parseDateRange, toIsoDate } from '../../../extraction/dates.js';
import { LANGUAGES, VOCABULARIES } from '../../../extraction/vocabulary.js';

/**
 * The date forms relays and unknown systems write: `05.10.26 – 09.10.26`, `14/8/2026` in either
 * order, `2026-08-14`, `2026/08/14`, `Aug 3-9`, `3–9 août`, `du 3 au 9 août`, `ott 24 2026`, with
 * or without a weekday before them.
 */
const DAY_MS = 86_400_000;
const stay = fc.record({
  start: fc.integer({ min: Date.UTC(2024, 0, 1) / DAY_MS, max: Date.UTC(2034, 11, 1) / DAY_MS }),
  nights: fc.integer({ min: 1, max: 27 }),
});
const dateOf = (days: number): Date => new Date(days * DAY_MS);
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const pad = (n: number): string => String(n).padStart(2, '0');
const D = (d: Date) => d.getUTCDate();
const M = (d: Date) => d.getUTCMonth() + 1;
const Y = (d: Date) => d.getUTCFullYear();
const DASHES = ['-', '–', '—', ' - ', ' – '];

describe('numeric dates of relays', () => {
  it('`dd.mm.yy – dd.mm.yy` is a stay, day first whatever the language', () => {
    fc.assert(
      fc.property(
        stay,
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...DASHES),
        ({ start, nights }, language, dash) => {
          const [a, b] = [dateOf(start), dateOf(start + nights)];
          const text = `${pad(D(a))}.${pad(M(a))}.${String(Y(a)).slice(2)}${dash}${pad(D(b))}.${pad(M(b))}.${String(Y(b)).slice(2)}`;
          const context = { sentAt: null, numericOrder: VOCABULARIES[language].numericOrder, language };
          expect(parseDateRange(text, context)).toEqual({ start: iso(a), end: iso(b) });
        },
      ),
    );
  });

  it('`d/m/yyyy` and `m/d/yyyy` read in the given order, and in the other when a part is over 12', () => {
    fc.assert(
      fc.property(
        stay,
        fc.constantFrom('DMY' as const, 'MDY' as const),
        fc.constantFrom('/', '-'),
        ({ start }, order, sep) => {
          const a = dateOf(start);
          const written =
            order === 'DMY' ? `${D(a)}${sep}${M(a)}${sep}${Y(a)}` : `${M(a)}${sep}${D(a)}${sep}${Y(a)}`;
          expect(parseDate(written, { sentAt: null, numericOrder: order })).toBe(iso(a));
          if (D(a) > 12) {
            // the same text in a mail of the other order: there is no month over 12
            const other = order === 'DMY' ? 'MDY' : 'DMY';
            expect(parseDate(written, { sentAt: null, numericOrder: other })).toBe(iso(a));
          }
        },
      ),
    );
  });

  it('`yyyy-mm-dd` and `yyyy/mm/dd`, with a weekday before them or not', () => {
    fc.assert(
      fc.property(
        stay,
        fc.constantFrom('-', '/', '.'),
        fc.constantFrom('', 'Thu, ', 'jue., ', 'Do. '),
        ({ start }, sep, weekday) => {
          const a = dateOf(start);
          const text = `${weekday}${Y(a)}${sep}${pad(M(a))}${sep}${pad(D(a))}`;
          expect(parseDate(text, { sentAt: null, numericOrder: 'MDY' })).toBe(iso(a));
        },
      ),
    );
  });

  it('no date in a run of numbers that only looks like one (`06.12.34.56`, an IP address)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 28 }), { minLength: 4, maxLength: 6 }), (parts) => {
        expect(parseDate(parts.map(pad).join('.'), { sentAt: null, numericOrder: 'DMY' })).toBeNull();
      }),
    );
  });
});

describe('ranges that share a month', () => {
  for (const language of LANGUAGES) {
    const vocabulary = VOCABULARIES[language];
    it(`${language}: \`3–9 <month>\` and \`3 <to> 9 <month>\` (and English \`Aug 3-9\`) with a year`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 2024, max: 2034 }),
          fc.nat(),
          fc.constantFrom(...DASHES),
          (first, nights, month, year, pick, dash) => {
            const names = vocabulary.months[month - 1]!;
            const name = names[pick % names.length]!;
            const to = vocabulary.words.rangeTo[pick % vocabulary.words.rangeTo.length]!;
            const last = first + nights;
            const forms = [
              `${first}${dash}${last} ${name} ${year}`,
              `${first} ${to} ${last} ${name} ${year}`,
              ...(language === 'en' ? [`${name} ${first}${dash}${last}, ${year}`] : []),
            ];
            for (const text of forms) {
              const range = parseDateRange(text, {
                sentAt: null,
                numericOrder: vocabulary.numericOrder,
                language,
              });
              expect(range, text).toEqual({
                start: toIsoDate(year, month, first),
                end: toIsoDate(year, month, last),
              });
            }
          },
        ),
      );
    });

    it(`${language}: a month before the day with a year (\`ott 24 2026\`) in any language`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 28 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 2024, max: 2034 }),
          fc.nat(),
          (d, m, y, pick) => {
            const names = vocabulary.months[m - 1]!;
            const text = `${names[pick % names.length]} ${d} ${y}`;
            expect(parseDate(text, { sentAt: null, numericOrder: vocabulary.numericOrder, language })).toBe(
              toIsoDate(y, m, d),
            );
          },
        ),
      );
    });
  }
});
