import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DateContext, inferYear, parseDate, parseDateRange } from '../../../extraction/dates.js';

const sentAt = (iso: string): Date => new Date(iso);
const en = (iso: string): DateContext => ({ sentAt: sentAt(iso), numericOrder: 'MDY' });
const es = (iso: string): DateContext => ({ sentAt: sentAt(iso), numericOrder: 'DMY' });
const noYearContext: DateContext = { sentAt: null, numericOrder: 'MDY' };

describe('parseDateRange on the layouts of FORMATS.md', () => {
  const cases: [string, DateContext, string, string][] = [
    ['Wed, Jul 29   Sun, Aug 2', en('2026-07-21T14:58:44Z'), '2026-07-29', '2026-08-02'],
    ['sáb, 1 ago   mar, 4 ago', es('2026-07-26T01:52:17Z'), '2026-08-01', '2026-08-04'],
    ['mer 10 set   ven 10 ott', es('2026-09-01T00:00:00Z'), '2026-09-10', '2026-10-10'],
    ['THU, JUN 27, 2024   MON, JUL 1, 2024', en('2024-06-20T00:00:00Z'), '2024-06-27', '2024-07-01'],
    [
      'Canceled: Reservation HMFSAPQJFF for Aug 7\u2009–\u200910, 2026',
      en('2026-07-27T00:00:00Z'),
      '2026-08-07',
      '2026-08-10',
    ],
    ['for Jul 30\u2009–\u2009Aug 2, 2026', en('2026-07-01T00:00:00Z'), '2026-07-30', '2026-08-02'],
    [
      'Cancelada: reserva HMTZCHECXN (del 18–19 jul 2026)',
      es('2026-07-19T00:00:00Z'),
      '2026-07-18',
      '2026-07-19',
    ],
    ['Apr 3 - Apr 6, 2026, 3 nights', en('2026-03-13T00:00:00Z'), '2026-04-03', '2026-04-06'],
    ['Home • 7/15/2026 - 7/20/2026', en('2026-07-22T00:00:00Z'), '2026-07-15', '2026-07-20'],
    ['Alojamiento • 2/7/2026 - 5/7/2026', es('2026-07-21T00:00:00Z'), '2026-07-02', '2026-07-05'],
    ['Dec 30 - Jan 2, 2027', en('2026-12-01T00:00:00Z'), '2026-12-30', '2027-01-02'],
    ['Sat, Dec 26   Sat, Jan 2', en('2026-12-20T00:00:00Z'), '2026-12-26', '2027-01-02'],
  ];
  for (const [text, context, start, end] of cases) {
    it(text, () => {
      expect(parseDateRange(text, context)).toEqual({ start, end });
    });
  }

  it('returns null when there is no second date or the end is before the start', () => {
    expect(parseDateRange('Wed, Jul 29', en('2026-07-01T00:00:00Z'))).toBeNull();
    expect(parseDateRange('Aug 10, 2026 - Aug 7, 2026', en('2026-07-01T00:00:00Z'))).toBeNull();
  });
});

describe('parseDate', () => {
  it('reads the check-in from Booking.com subjects in English and French', () => {
    const context = en('2026-06-02T00:00:00Z');
    expect(parseDate('Booking.com - New booking! (5581435138, Sunday, 28 June 2026)', context)).toBe(
      '2026-06-28',
    );
    expect(parseDate('Nouvelle réservation ! (5581435138, dimanche 28 juin 2026)', context)).toBe(
      '2026-06-28',
    );
  });

  it('tells an Italian Tuesday (`mar 10 set`) from March 10', () => {
    expect(parseDate('mar 10 set', es('2026-09-01T00:00:00Z'))).toBe('2026-09-10');
    expect(parseDate('Mar 10', en('2026-02-01T00:00:00Z'))).toBe('2026-03-10');
  });

  it('gives null for a yearless date when the sending date is unknown, and for impossible days', () => {
    expect(parseDate('Jul 29', noYearContext)).toBeNull();
    expect(parseDate('Feb 30, 2026', noYearContext)).toBeNull();
    expect(parseDate('no date here', noYearContext)).toBeNull();
  });

  it('reads no stay in a placeholder year (0000, 0099, 9999), and does in 1900 and 2199', () => {
    for (const text of ['12 Jul 0000', 'Jul 12, 0099', '0000-07-12', '12/07/9999', '12 - 13 Jul 0000'])
      expect(parseDate(text, noYearContext), text).toBeNull();
    expect(parseDate('Jul 12, 1900', noYearContext)).toBe('1900-07-12');
    expect(parseDate('Jul 12, 2199', noYearContext)).toBe('2199-07-12');
  });
});

describe('inferYear', () => {
  it('puts a January stay mentioned on Dec 28 in the next year', () => {
    expect(inferYear(1, 3, sentAt('2026-12-28T09:00:00Z'))).toBe(2027);
  });
  it('keeps a stay that started a few days before the mail in the mail’s year', () => {
    expect(inferYear(12, 30, sentAt('2027-01-02T09:00:00Z'))).toBe(2026);
    expect(inferYear(7, 30, sentAt('2026-08-02T09:00:00Z'))).toBe(2026);
  });
  it('keeps a date earlier in the mail’s month in that year', () => {
    expect(inferYear(7, 3, sentAt('2026-07-27T00:00:00Z'))).toBe(2026);
  });
});

const DAY_MS = 86_400_000;
const isoOf = (date: Date): string => date.toISOString().slice(0, 10);
const dateArb = fc
  .integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2090, 11, 31) / DAY_MS })
  .map((d) => new Date(d * DAY_MS));

/** Every way Node's Intl writes a date in the languages we read, with and without weekday. */
const LOCALES = ['en-US', 'en-GB', 'es-ES', 'it-IT', 'fr-FR'] as const;
const STYLES: Intl.DateTimeFormatOptions[] = [
  { day: 'numeric', month: 'short', year: 'numeric' },
  { day: 'numeric', month: 'long', year: 'numeric' },
  { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  { day: 'numeric', month: 'numeric', year: 'numeric' },
];

describe('date properties', () => {
  it('formatting a date in any language and style, then parsing it, gives the date back', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...LOCALES), fc.constantFrom(...STYLES), (date, locale, style) => {
        const text = new Intl.DateTimeFormat(locale, { ...style, timeZone: 'UTC' }).format(date);
        const numericOrder = locale === 'en-US' ? 'MDY' : 'DMY';
        expect(parseDate(text, { sentAt: null, numericOrder }), text).toBe(isoOf(date));
      }),
      { numRuns: 500 },
    );
  });

  it('a yearless date from two weeks before to eleven months after the mail resolves to that date', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -13, max: 330 }),
        fc.constantFrom(...LOCALES),
        (sent, offset, locale) => {
          const stay = new Date(sent.getTime() + offset * DAY_MS);
          fc.pre(!(stay.getUTCMonth() === 1 && stay.getUTCDate() === 29));
          const text = new Intl.DateTimeFormat(locale, {
            day: 'numeric',
            month: 'short',
            timeZone: 'UTC',
          }).format(stay);
          expect(parseDate(text, { sentAt: sent, numericOrder: 'MDY' }), `${text} sent ${isoOf(sent)}`).toBe(
            isoOf(stay),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a stay written `Mon D - Mon D, YYYY` parses to its two dates, across months and years', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (start, nights) => {
        const end = new Date(start.getTime() + nights * DAY_MS);
        const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
        const text = `${short.format(start)} – ${short.format(end)}, ${end.getUTCFullYear()}`;
        expect(parseDateRange(text, { sentAt: null, numericOrder: 'MDY' }), text).toEqual({
          start: isoOf(start),
          end: isoOf(end),
        });
      }),
      { numRuns: 300 },
    );
  });
});
