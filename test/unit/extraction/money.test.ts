import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyCodeIn, findMoney, parseAmount, parseMoney } from '../../../extraction/money.js';

describe('parseMoney on the amounts of FORMATS.md', () => {
  const cases: [string, number, string][] = [
    ['YOU EARN   $108.08', 108.08, 'USD'],
    ['GANAS   128,74\u00a0$', 128.74, 'USD'],
    ['TU GUADAGNI   5.101,25\u00a0€', 5101.25, 'EUR'],
    ['Mariuxi   $111.54 USD', 111.54, 'USD'],
    ['Diego   $96,58 USD', 96.58, 'USD'],
    ['Totale Prenotazione: 349,55 €', 349.55, 'EUR'],
    ['Nightly rate adjustment   -$13.10', -13.1, 'USD'],
    ['Total £1,020', 1020, 'GBP'],
    ['CHF 1’234.50', 1234.5, 'CHF'],
  ];
  for (const [text, amount, currency] of cases) {
    it(text, () => {
      expect(parseMoney(text)).toEqual({ amount, currency });
    });
  }

  it('lets a code written next to the amount, then a fallback, name the currency of `$`', () => {
    expect(parseMoney('$80.00 CAD')).toEqual({ amount: 80, currency: 'CAD' });
    expect(parseMoney('$80.00', 'CAD')).toEqual({ amount: 80, currency: 'CAD' });
    expect(parseMoney('80,00 €', 'USD')).toEqual({ amount: 80, currency: 'EUR' });
  });

  it('ignores bare numbers and percentages', () => {
    expect(findMoney('Host service fee (15.5%) for 3 nights, 2 guests')).toEqual([]);
  });

  it('reads the code of a `TOTAL (USD)` label', () => {
    expect(currencyCodeIn('TOTAL (USD)   $127.90')).toBe('USD');
    expect(currencyCodeIn('Total')).toBeNull();
  });
});

describe('parseAmount', () => {
  it('reads decimal commas, decimal points and every thousands separator', () => {
    expect(parseAmount('1.234,56')).toBe(1234.56);
    expect(parseAmount('1,234.56')).toBe(1234.56);
    expect(parseAmount('1\u202f234,56')).toBe(1234.56);
    expect(parseAmount('1.234.567')).toBe(1234567);
    expect(parseAmount('1,234')).toBe(1234);
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('abc')).toBeNull();
  });
});

const LOCALES = ['en-US', 'en-GB', 'en-IE', 'es-ES', 'es-EC', 'it-IT', 'fr-FR', 'de-DE', 'de-CH'] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;

describe('money properties', () => {
  it('an amount formatted by Intl in any locale and currency parses back to its value and currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...CURRENCIES),
        (cents, locale, currency) => {
          const amount = cents / 100;
          const text = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
          expect(parseMoney(text), text).toEqual({ amount: amount === 0 ? 0 : amount, currency });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an amount written with a code before or after, in each grouping style, parses back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'de-CH', 'es-ES'),
        fc.constantFrom(...CURRENCIES),
        fc.boolean(),
        (cents, locale, code, before) => {
          const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(cents / 100);
          const text = before ? `${code} ${number}` : `${number}\u00a0${code}`;
          expect(parseMoney(text), text).toEqual({ amount: cents / 100, currency: code });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
