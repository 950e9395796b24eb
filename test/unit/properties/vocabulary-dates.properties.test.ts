import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate, parseDateRange, toIsoDate } from '../../../extraction/dates.js';
import { LANGUAGES, VOCABULARIES } from '../../../extraction/vocabulary.js';

/** A day that exists in every year (the property is about names, not leap years). */
const day = fc.integer({ min: 1, max: 28 });
const month = fc.integer({ min: 1, max: 12 });
const year = fc.integer({ min: 2020, max: 2035 });

/** How each language writes a day with its month's name (weekday optional, with or without a dot). */
const WRITINGS: Record<string, (d: number, m: string, y: number, w: string) => string> = {
  en: (d, m, y, w) => `${w}, ${m} ${d}, ${y}`,
  es: (d, m, y, w) => `${w}, ${d} de ${m} de ${y}`,
  it: (d, m, y, w) => `${w} ${d} ${m} ${y}`,
  fr: (d, m, y, w) => `${w} ${d} ${m} ${y}`,
  de: (d, m, y, w) => `${w}, ${d}. ${m} ${y}`,
  pt: (d, m, y, w) => `${w}, ${d} de ${m} de ${y}`,
  nl: (d, m, y, w) => `${w} ${d} ${m} ${y}`,
};

describe('every language of the vocabulary: named dates', () => {
  for (const language of LANGUAGES) {
    const vocabulary = VOCABULARIES[language];
    it(`${language}: any month name or abbreviation (with or without a dot), after any weekday, reads back`, () => {
      fc.assert(
        fc.property(
          day,
          month,
          year,
          fc.nat(),
          fc.nat(),
          fc.boolean(),
          fc.boolean(),
          (d, m, y, nameAt, weekdayAt, dotted, upper) => {
            const names = vocabulary.months[m - 1]!;
            const name = names[nameAt % names.length]!;
            const weekdays = vocabulary.weekdays[weekdayAt % 7]!;
            const weekday = weekdays[weekdayAt % weekdays.length]!;
            const written = WRITINGS[language]!(
              d,
              `${name}${dotted && name.length <= 4 ? '.' : ''}`,
              y,
              `${weekday}${dotted && weekday.length <= 3 ? '.' : ''}`,
            );
            const text = upper ? written.toUpperCase() : written;
            const context = { sentAt: null, numericOrder: vocabulary.numericOrder, language };
            expect(parseDate(text, context)).toBe(toIsoDate(y, m, d));
          },
        ),
      );
    });

    it(`${language}: numeric dates read in the language's order`, () => {
      fc.assert(
        fc.property(day, month, year, (d, m, y) => {
          const written = vocabulary.numericOrder === 'MDY' ? `${m}/${d}/${y}` : `${d}/${m}/${y}`;
          const context = { sentAt: null, numericOrder: vocabulary.numericOrder, language };
          expect(parseDate(written, context)).toBe(toIsoDate(y, m, d));
        }),
      );
    });

    it(`${language}: a yearless stay of two named dates lands on or after the mail's month`, () => {
      fc.assert(
        fc.property(day, month, fc.integer({ min: 1, max: 20 }), (d, m, nights) => {
          const start = new Date(Date.UTC(2026, m - 1, d));
          const end = new Date(start.getTime() + nights * 86_400_000);
          const nameOf = (date: Date): string => vocabulary.months[date.getUTCMonth()]![0]!;
          // English puts the month first (`Apr 3 - Apr 6`), every other language the day
          const text =
            language === 'en'
              ? `${nameOf(start)} ${start.getUTCDate()} - ${nameOf(end)} ${end.getUTCDate()}`
              : `${start.getUTCDate()} ${nameOf(start)}   ${end.getUTCDate()} ${nameOf(end)}`;
          const sentAt = new Date(Date.UTC(2026, m - 1, 1));
          const range = parseDateRange(text, { sentAt, numericOrder: vocabulary.numericOrder, language });
          expect(range).toEqual({
            start: start.toISOString().slice(0, 10),
            end: end.toISOString().slice(0, 10),
          });
        }),
      );
    });
  }
});
