/**
 * Properties of the money parser that test/unit/extraction/money.test.ts does not state: it never throws
 * and gives only finite amounts in known currencies, whatever the text; and any grouping of thousands
 * (`,` `.` space, no-break space, thin and narrow no-break space, figure space, `'` and `’`) with
 * either decimal mark reads back to the same amount, bare or with a symbol or code.
 * (Intl round trips per locale and currency are already in money.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyCodeIn, findMoney, parseAmount, parseMoney } from '../../../extraction/money.js';
import { anyText, tokenText } from './text-arbitraries.js';

/** Text assembled from what the money pattern looks for, so its branches (and backtracking) run. */
const TOKENS = [
  '$',
  'US$',
  'CA$',
  'C$',
  'A$',
  'R$',
  'MX$',
  '€',
  '£',
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'JPY',
  'TOTAL',
  '(',
  ')',
  '-',
  '−',
  '.',
  ',',
  "'",
  '’',
  ' ',
  '\u00a0',
  '\u2007',
  '\u2009',
  '\u202f',
  '%',
  '0',
  '1',
  '12',
  '123',
  '999',
  '000',
  '1234',
  '99999999999999999999',
  'x',
];
const madeOfTokens = tokenText(TOKENS);

const CODES = new Set(
  'USD EUR GBP CAD AUD NZD CHF MXN BRL ARS CLP COP PEN UYU JPY CNY HKD SGD INR ZAR SEK NOK DKK PLN CZK HUF RON TRY ILS AED'.split(
    ' ',
  ),
);

describe('money parser: total on any input', () => {
  for (const [name, text] of [
    ['arbitrary strings', anyText],
    ['text made of money tokens', madeOfTokens],
  ] as const) {
    it(`findMoney, parseMoney, parseAmount and currencyCodeIn never throw on ${name}`, () => {
      fc.assert(
        fc.property(
          text,
          fc.option(fc.constantFrom('USD', 'CAD', 'EUR'), { nil: undefined }),
          (input, fallback) => {
            const all = findMoney(input, fallback);
            for (const money of all) {
              expect(Number.isFinite(money.amount), JSON.stringify(money)).toBe(true);
              expect(CODES.has(money.currency), JSON.stringify(money)).toBe(true);
            }
            expect(parseMoney(input, fallback)).toEqual(all[0] ?? null);
            const amount = parseAmount(input);
            if (amount !== null) expect(Number.isFinite(amount) && amount >= 0).toBe(true);
            const code = currencyCodeIn(input);
            if (code !== null) expect(CODES.has(code)).toBe(true);
          },
        ),
        { numRuns: 1500 },
      );
    });
  }
});

/** Groups of three digits, most significant first, without leading zeros. */
function groupsOf(whole: number): string[] {
  const digits = String(whole);
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups;
}

const GROUPING = [',', '.', ' ', '\u00a0', '\u2007', '\u2009', '\u202f', "'", '\u2019'];

/** An amount written with a thousands separator and, maybe, a decimal part of one or two digits. */
const writtenAmount = fc
  .record({
    whole: fc.integer({ min: 1000, max: 999_999_999_999 }),
    group: fc.constantFrom(...GROUPING),
    decimalMark: fc.constantFrom('.', ','),
    fraction: fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 9 }).map(String),
      fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
    ),
  })
  .filter(({ group, decimalMark }) => group !== decimalMark)
  .map(({ whole, group, decimalMark, fraction }) => ({
    text: groupsOf(whole).join(group) + (fraction ? `${decimalMark}${fraction}` : ''),
    value: Number(fraction ? `${whole}.${fraction}` : whole),
  }));

describe('amounts with thousands separators', () => {
  it('parseAmount reads any grouping of thousands with either decimal mark', () => {
    fc.assert(
      fc.property(writtenAmount, ({ text, value }) => {
        expect(parseAmount(text), JSON.stringify(text)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('parseMoney reads the same amount with a symbol or a code, before or after, in a sentence', () => {
    const currency = fc.constantFrom(
      { mark: '€', code: 'EUR' },
      { mark: '£', code: 'GBP' },
      { mark: 'US$', code: 'USD' },
      { mark: 'CHF', code: 'CHF' },
      { mark: 'EUR', code: 'EUR' },
      { mark: 'JPY', code: 'JPY' },
    );
    fc.assert(
      fc.property(
        writtenAmount,
        currency,
        fc.boolean(),
        fc.constantFrom(' ', '\u00a0', ''),
        fc.boolean(),
        ({ text, value }, { mark, code }, before, space, negative) => {
          const written = before ? `${mark}${space}${text}` : `${text}${space}${mark}`;
          const line = `Total payout: ${negative ? '-' : ''}${written} for 3 nights`;
          expect(parseMoney(line), JSON.stringify(line)).toEqual({
            amount: negative ? -value : value,
            currency: code,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
