/**
 * Dates as booking e-mails write them: `Jul 29`, `sáb, 1 ago`, `mer 10 set`, `THU, JUN 27, 2024`,
 * `Sunday, 28 June 2026`, `18–19 jul 2026`, `7/15/2026` (English) or `15/7/2026` (Spanish, Italian).
 * All results are ISO `YYYY-MM-DD`; all arithmetic is in UTC so the host's time zone never shifts a day.
 */

import { alternation, LANGUAGES, type Language, type NumericOrder, VOCABULARIES } from './vocabulary.js';

export type { NumericOrder } from './vocabulary.js';

export interface DateRange {
  start: string;
  end: string;
}

/** What a date parser needs to know about the mail it reads. */
export interface DateContext {
  /** When the e-mail was sent: the year of a yearless date is inferred from it. */
  sentAt: Date | null;
  /** How to read `1/2/2026`. */
  numericOrder: NumericOrder;
  /**
   * The mail's language: its month and weekday names are read, with English ones (platforms mix
   * them in). Without it every language's names are read, which lets a few words collide
   * (Portuguese `out` is October).
   */
  language?: Language;
}

/** A date mention found in a text, before its year is known. */
interface Mention {
  index: number;
  length: number;
  day: number;
  month: number;
  year: number | null;
}

type MentionReader = {
  pattern: RegExp;
  read: (m: RegExpExecArray, order: NumericOrder) => Omit<Mention, 'index' | 'length'>;
};
type RangeReader = { pattern: RegExp; read: (m: RegExpExecArray) => [Mention, Mention] };

/** The patterns for one set of languages, built once from the vocabulary. */
interface DateGrammar {
  readers: readonly MentionReader[];
  ranges: readonly RangeReader[];
}

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\d])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\d])';
/** `15`, `15th`, German `15.` */
const DAY = '(\\d{1,2})(?:st|nd|rd|th|\\.)?';
const YEAR = '(\\d{4})';
/**
 * A numeric date stands alone: no digit glued to it, and its own separator does not go on
 * (`06.12.34.56`, `1.2.3.4`); a dash after it may join a range (`05.10.26-09.10.26`).
 */
const NUMERIC_START = '(?<![\\p{L}\\d]|\\d[/.])';
const numericEnd = (separator: number): string => `(?![\\p{L}\\d]|\\${separator}\\d)`;

const num = (s: string | undefined): number => Number(s);
const optionalYear = (s: string | undefined): number | null => (s ? Number(s) : null);
/** `26` → 2026: two-digit years in booking mail are this century's. */
const fullYear = (s: string | undefined): number => (s && s.length === 2 ? 2000 + Number(s) : Number(s));

/**
 * A numeric date in the mail's order, or in the other one when that cannot be a date (`14/8/2026`
 * in an English relay is the 14th of August: there is no 14th month).
 */
function numericDate(first: number, second: number, year: number, order: NumericOrder) {
  const dayFirst = order === 'DMY' ? second <= 12 || first > 12 : first > 12 && second <= 12;
  return dayFirst ? { day: first, month: second, year } : { month: first, day: second, year };
}

function buildGrammar(languages: readonly Language[]): DateGrammar {
  const monthNumbers = new Map<string, number>();
  for (const language of languages) {
    VOCABULARIES[language].months.forEach((names, index) => {
      for (const name of names) if (!monthNumbers.has(name)) monthNumbers.set(name, index + 1);
    });
  }
  const monthOf = (s: string | undefined): number => monthNumbers.get((s ?? '').toLowerCase()) ?? 0;
  const anyMonth = alternation(monthNumbers.keys());
  const MONTH = `(${anyMonth})\\.?`;
  // month-first dates (`Jul 29`) are English only; every other language writes the day first
  const englishMonth = `(${alternation(VOCABULARIES.en.months.flat())})\\.?`;
  const weekdays = alternation(languages.flatMap((l) => VOCABULARIES[l].weekdays.flat()));
  const WEEKDAY = `(?:(?:${weekdays})\\.?,? )?`;
  const readers: MentionReader[] = [
    {
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${YEAR}-(\\d{2})-(\\d{2})${NOT_LETTER_AFTER}`, 'giu'),
      read: (m) => ({ year: num(m[1]), month: num(m[2]), day: num(m[3]) }),
    },
    {
      // `14/8/2026`, `05.10.26`, `14-08-2026`; not a piece of a longer run (`06.12.34.56`, an IP)
      pattern: new RegExp(
        `${NUMERIC_START}(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${numericEnd(2)}`,
        'giu',
      ),
      read: (m, order) => numericDate(num(m[1]), num(m[3]), fullYear(m[4]), m[2] === '.' ? 'DMY' : order),
    },
    {
      // `2026/08/14`, `2026.08.14`
      pattern: new RegExp(`${NUMERIC_START}${YEAR}([/.])(\\d{1,2})\\2(\\d{1,2})${numericEnd(2)}`, 'giu'),
      read: (m) => ({ year: num(m[1]), month: num(m[3]), day: num(m[4]) }),
    },
    {
      // `1 ago`, `sáb, 1 ago`, `Mo., 15. Juni 2026`, `qui, 15 de jan. de 2026`, `Sunday, 28 June 2026`, `14-Oct-2026`
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${WEEKDAY}${DAY}(?: de | |-)${MONTH}${NOT_LETTER_AFTER}(?:(?:,?(?: de)? |-)${YEAR}${NOT_LETTER_AFTER})?`,
        'giu',
      ),
      read: (m) => ({ day: num(m[1]), month: monthOf(m[2]), year: optionalYear(m[3]) }),
    },
    {
      // `ott 24 2025`, `Oct 24, 2025`: month first with a year is unambiguous in every language
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${WEEKDAY}${MONTH} ${DAY},? ${YEAR}${NOT_LETTER_AFTER}`,
        'giu',
      ),
      read: (m) => ({ month: monthOf(m[1]), day: num(m[2]), year: num(m[3]) }),
    },
    {
      // `Jul 29`, `Wed, Jul 29`, `THU, JUN 27, 2024`; not `mar 10 set` (Italian Tuesday, then a day-month date)
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${WEEKDAY}${englishMonth} ${DAY}${NOT_LETTER_AFTER}(?!(?: de)? (?:${anyMonth})${NOT_LETTER_AFTER})(?:,? ${YEAR}${NOT_LETTER_AFTER})?`,
        'giu',
      ),
      read: (m) => ({ month: monthOf(m[1]), day: num(m[2]), year: optionalYear(m[3]) }),
    },
  ];
  // `Aug 3-9`, `Aug 3 to 9`; `3–9 août`, `du 3 au 9 août`, `vom 3. bis 9. August`, `del 3 al 9 de agosto`
  const to = alternation(languages.flatMap((l) => VOCABULARIES[l].words.rangeTo));
  const TO = `(?: ?- ?| (?:${to}) )`;
  const ranges: RangeReader[] = [
    {
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${englishMonth} ${DAY}${TO}${DAY}${NOT_LETTER_AFTER}(?:,? ${YEAR})?`,
        'iu',
      ),
      read: (m) => sharedMonth(m, monthOf(m[1]), m[2], m[3], m[4]),
    },
    {
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${DAY}${TO}${DAY}(?: de)? ${MONTH}${NOT_LETTER_AFTER}(?:,?(?: de)? ${YEAR})?`,
        'iu',
      ),
      read: (m) => sharedMonth(m, monthOf(m[3]), m[1], m[2], m[4]),
    },
  ];
  return { readers, ranges };
}

const grammars = new Map<string, DateGrammar>();
function grammarFor(language: Language | undefined): DateGrammar {
  const key = language ?? '*';
  let grammar = grammars.get(key);
  if (!grammar) {
    grammar = buildGrammar(language ? [...new Set<Language>([language, 'en'])] : LANGUAGES);
    grammars.set(key, grammar);
  }
  return grammar;
}

function sharedMonth(
  m: RegExpExecArray,
  month: number,
  startDay: string | undefined,
  endDay: string | undefined,
  year: string | undefined,
): [Mention, Mention] {
  const base = { index: m.index, length: m[0].length, month, year: optionalYear(year) };
  return [
    { ...base, day: num(startDay) },
    { ...base, day: num(endDay) },
  ];
}

/** Dashes, thin and no-break spaces and runs of spaces all read as one plain form. */
export function normaliseDateText(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/\u034f|[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[ \t]+/g, ' ');
}

/** Longest text a date is looked for in: a date sits on one short line, hostile mail has megabyte lines. */
const MAX_DATE_TEXT = 2_000;

function findMentions(text: string, context: DateContext): Mention[] {
  const order = context.numericOrder;
  const found: Mention[] = [];
  for (const reader of grammarFor(context.language).readers) {
    for (const m of text.matchAll(reader.pattern)) {
      found.push({ index: m.index, length: m[0].length, ...reader.read(m as RegExpExecArray, order) });
    }
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: Mention[] = [];
  for (const mention of found) {
    const last = kept[kept.length - 1];
    if (last && mention.index < last.index + last.length) continue;
    if (isValidDay(mention)) kept.push(mention);
  }
  return kept;
}

/**
 * Years a stay can be written in: `0000` or `9999` in a mail is a placeholder or noise, not a date
 * (and `Date.UTC` reads years below 100 as 1900 and after).
 */
const WRITTEN_YEARS = { min: 1900, max: 2199 };

function isValidDay(m: { day: number; month: number; year: number | null }): boolean {
  if (m.month < 1 || m.month > 12 || m.day < 1) return false;
  if (m.year !== null && (m.year < WRITTEN_YEARS.min || m.year > WRITTEN_YEARS.max)) return false;
  return m.day <= daysInMonth(m.year ?? 2024, m.month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;
/** How long before the e-mail a stay may have started and still be the one it means. */
const STARTED_BEFORE_MAIL_DAYS = 14;

/**
 * Year of a yearless date in a mail sent at `sentAt`: the earliest year that puts the date on or
 * after the mail's month (or at most two weeks before the mail, for a stay that already began).
 */
export function inferYear(month: number, day: number, sentAt: Date): number | null {
  const sentYear = sentAt.getUTCFullYear();
  const monthStart = Date.UTC(sentYear, sentAt.getUTCMonth(), 1);
  const threshold = Math.min(monthStart, sentAt.getTime() - STARTED_BEFORE_MAIL_DAYS * DAY_MS);
  // a yearless date lies within the year from the threshold on; Feb 29 may have no such year
  for (const year of [sentYear - 1, sentYear, sentYear + 1]) {
    if (day > daysInMonth(year, month)) continue;
    const at = Date.UTC(year, month - 1, day);
    if (at >= threshold) return at < threshold + 366 * DAY_MS ? year : null;
  }
  return null;
}

/** Year for the end of a stay: the first one that puts it on or after the start. */
function yearOnOrAfter(month: number, day: number, start: string): number {
  const startYear = Number(start.slice(0, 4));
  const candidate = toIsoDate(startYear, month, day);
  return candidate >= start ? startYear : startYear + 1;
}

function mentionToIso(m: Mention, sentAt: Date | null): string | null {
  const year = m.year ?? (sentAt ? inferYear(m.month, m.day, sentAt) : null);
  if (year === null || !isValidDay({ ...m, year })) return null;
  return toIsoDate(year, m.month, m.day);
}

/** The first date in `text`, or null. */
export function parseDate(text: string, context: DateContext): string | null {
  const normalised = normaliseDateText(text.slice(0, MAX_DATE_TEXT));
  const first =
    findMentions(normalised, context)[0] ?? withEveryLanguage(context, (c) => findMentions(normalised, c)[0]);
  return first ? mentionToIso(first, context.sentAt) : null;
}

/**
 * A second reading with every language's names, for a mail whose language was guessed wrong (a
 * relay in the guest's language); the mail's own language always reads first.
 */
function withEveryLanguage<T>(
  context: DateContext,
  read: (context: DateContext) => T | null | undefined,
): T | null {
  return context.language ? (read({ ...context, language: undefined }) ?? null) : null;
}

/** Every date in `text`, in order (unreadable ones left out). */
export function parseDates(text: string, context: DateContext): string[] {
  return findMentions(normaliseDateText(text.slice(0, MAX_DATE_TEXT)), context)
    .map((m) => mentionToIso(m, context.sentAt))
    .filter((d): d is string => d !== null);
}

/**
 * The first stay in `text`: `Aug 7 - 10, 2026`, `Jul 30 - Aug 2, 2026`, `Wed, Jul 29   Sun, Aug 2`.
 * A year written only after the second date also applies to the first (one year earlier when the
 * months wrap, as in `Dec 30 - Jan 2, 2027`).
 */
export function parseDateRange(text: string, context: DateContext): DateRange | null {
  return rangeIn(text, context) ?? withEveryLanguage(context, (c) => rangeIn(text, c));
}

function rangeIn(text: string, context: DateContext): DateRange | null {
  const normalised = normaliseDateText(text.slice(0, MAX_DATE_TEXT));
  const mentions = findMentions(normalised, context);
  const shared = findSharedMonthRange(normalised, context.language);
  const pair: [Mention, Mention] | null =
    shared && (mentions.length === 0 || shared[0].index <= (mentions[0]?.index ?? 0))
      ? shared
      : mentions.length >= 2
        ? [mentions[0]!, mentions[1]!]
        : null;
  return pair ? resolvePair(pair[0], pair[1], context.sentAt) : null;
}

function findSharedMonthRange(text: string, language: Language | undefined): [Mention, Mention] | null {
  for (const range of grammarFor(language).ranges) {
    const m = range.pattern.exec(text);
    if (m) return range.read(m);
  }
  return null;
}

function resolvePair(first: Mention, second: Mention, sentAt: Date | null): DateRange | null {
  let start: string | null;
  if (first.year === null && second.year !== null) {
    const year = first.month > second.month ? second.year - 1 : second.year;
    start = mentionToIso({ ...first, year }, sentAt);
  } else {
    start = mentionToIso(first, sentAt);
  }
  if (!start) return null;
  const end = mentionToIso(
    second.year === null ? { ...second, year: yearOnOrAfter(second.month, second.day, start) } : second,
    sentAt,
  );
  if (!end || end < start) return null;
  return { start, end };
}
