/**
 * Amounts as booking e-mails write them: `$108.08`, `128,74 $`, `5.101,25 €` (no-break space),
 * `$111.54 USD`, `-$13.10`, `349,55 €`, `EUR 1 234,50`.
 */

export interface Money {
  amount: number;
  currency: string;
}

/** Codes we accept next to an amount; a wider net would read words such as `TOTAL` as currencies. */
const CURRENCY_CODES =
  'USD EUR GBP CAD AUD NZD CHF MXN BRL ARS CLP COP PEN UYU JPY CNY HKD SGD INR ZAR SEK NOK DKK PLN CZK HUF RON TRY ILS AED'.split(
    ' ',
  );

/** Symbols that name one currency. `$` alone is ambiguous and resolved last (see `pickCurrency`). */
const SYMBOL_CURRENCIES: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  US$: 'USD',
  CA$: 'CAD',
  C$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  R$: 'BRL',
  MX$: 'MXN',
  CHF: 'CHF',
};

const SPACE = '[ \\u00a0\\u2007\\u2009\\u202f]';
const SYMBOL = '(US\\$|CA\\$|AU\\$|MX\\$|C\\$|A\\$|R\\$|\\$|€|£)';
const CODE = `(${CURRENCY_CODES.join('|')})`;
/** Groups of three after a `.`, `,`, apostrophe or (no-break) space; then an optional decimal part. */
const NUMBER = `(\\d{1,3}(?:(?:[.,'’]|${SPACE})\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)`;
const MINUS = '([-−]?)';

const MONEY_PATTERN = new RegExp(
  `${MINUS}${SPACE}?(?:${SYMBOL}|${CODE}${SPACE}?)?${MINUS}${SPACE}?${NUMBER}(?!\\d)` +
    `(?:${SPACE}?${SYMBOL})?(?:${SPACE}?\\(?${CODE}\\b\\)?)?`,
  'gu',
);

/**
 * `1.234,56` → 1234.56, `1,234.56` → 1234.56, `1 234` → 1234, `96,58` → 96.58. With one kind of
 * separator, a single one followed by exactly three digits is a thousands separator (`1.234`).
 */
export function parseAmount(text: string): number | null {
  const digits = text.replace(/[ \u00a0\u2007\u2009\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(digits)) return null;
  const lastDot = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  const decimalAt = decimalSeparatorIndex(digits, lastDot, lastComma);
  const whole = (decimalAt < 0 ? digits : digits.slice(0, decimalAt)).replace(/[.,]/g, '');
  const fraction = decimalAt < 0 ? '' : digits.slice(decimalAt + 1);
  const value = Number(fraction ? `${whole}.${fraction}` : whole);
  return Number.isFinite(value) ? value : null;
}

function decimalSeparatorIndex(digits: string, lastDot: number, lastComma: number): number {
  if (lastDot >= 0 && lastComma >= 0) return Math.max(lastDot, lastComma);
  const at = Math.max(lastDot, lastComma);
  if (at < 0) return -1;
  const separator = digits[at]!;
  const occurrences = digits.split(separator).length - 1;
  const digitsAfter = digits.length - at - 1;
  return occurrences > 1 || digitsAfter === 3 ? -1 : at;
}

/**
 * The currency of an amount: a code written next to it wins, then a symbol that names one currency,
 * then `fallbackCurrency` (e.g. the `TOTAL (CAD)` of the same mail), and `$` alone means USD.
 */
function pickCurrency(
  codes: (string | undefined)[],
  symbols: (string | undefined)[],
  fallback?: string,
): string | null {
  const code = codes.find((c) => c);
  if (code) return code;
  const symbol = symbols.find((s) => s);
  if (symbol && SYMBOL_CURRENCIES[symbol]) return SYMBOL_CURRENCIES[symbol];
  if (fallback) return fallback;
  return symbol === '$' ? 'USD' : null;
}

/** Every amount with a currency in `text`, in order. Bare numbers are not money. */
export function findMoney(text: string, fallbackCurrency?: string): Money[] {
  const found: Money[] = [];
  for (const m of text.matchAll(MONEY_PATTERN)) {
    const [, minusBefore, symbolBefore, codeBefore, minusAfter, number, symbolAfter, codeAfter] = m;
    const currency = pickCurrency([codeBefore, codeAfter], [symbolBefore, symbolAfter], fallbackCurrency);
    const amount = number ? parseAmount(number) : null;
    if (!currency || amount === null || !(symbolBefore || codeBefore || symbolAfter || codeAfter)) continue;
    const negative = Boolean(minusBefore || minusAfter);
    found.push({ amount: negative && amount !== 0 ? -amount : amount, currency });
  }
  return found;
}

/** The first amount with a currency in `text`, or null. */
export function parseMoney(text: string, fallbackCurrency?: string): Money | null {
  return findMoney(text, fallbackCurrency)[0] ?? null;
}

/** The currency code written in a label such as `TOTAL (USD)`, or null. */
export function currencyCodeIn(text: string): string | null {
  return new RegExp(`\\(${CODE}\\)`).exec(text)?.[1] ?? null;
}

/** `$32.40 x 5 Nights $162.00`, `32,40 € x 5 Nächte`: a price times nights, a breakdown's line. */
const BREAKDOWN = /\d[\d.,]{0,12}\s?(?:[€$£]|[A-Z]{3})?\s?[x×]\s?\d/;
const MAX_BREAKDOWN_CHARS = 500;

/** Whether a line is part of a price's breakdown: under a payout label, it makes a section. */
export function isPriceBreakdown(line: string): boolean {
  return BREAKDOWN.test(line.slice(0, MAX_BREAKDOWN_CHARS));
}
