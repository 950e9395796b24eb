import { normaliseLabel } from './labelled-fields.js';
import { LABEL_DICTIONARY, LANGUAGES, VOCABULARIES } from './vocabulary.js';

/**
 * Mail whose line breaks were lost on the way (a Zapier or Outlook step that pasted the HTML as
 * markdown on one line): `…[Casa Azul](https://…/rooms/1)Check-inMon, Feb 1, 20274:00
 * PMCheckoutTue, Mar 2, 2027…Guests1 adultConfirmation codeHMSBFCS3FM`, or labels with colons
 * run together (`Arrival: Mar 12 2026 Departure: Mar 15 2026 Guests: 2`). A long line that holds
 * at least three labels of the vocabulary is opened again: markdown links and images become their
 * own lines, and each label goes on a line of its own, its value on the next, so every reader
 * reads it as it reads any mail. Lines without three labels are left exactly as they are.
 *
 * Text taken from an HTML part can lose its breaks but keep its spaces: `… Check-in Sun, Apr 26
 * 3:00 PM Checkout Wed, May 6 1:00 AM Guests 2 adults, 1 child Confirmation code HMZ… You earn €
 * 898.94`. A capitalised label followed by a space and a value of its kind (a date's weekday or
 * month, a digit, a currency, a code with a digit) is a label there too; a name or a listing never
 * is (any sentence could be one), and a lower-case `check-in` in a sentence is no label.
 */

/**
 * A collapsed body is one long line; an ordinary sentence is shorter. A short line with three
 * labels (`Property: … Reservation ID: … Arrive: … Depart: …`) is opened as well.
 */
const MIN_COLLAPSED_CHARS = 100;
/** How much of one line is opened: a booking's collapsed body is a few kilobytes. */
const MAX_OPENED_CHARS = 50_000;
/** How much of a whole mail is looked at: hostile mail repeats long lines. */
const MAX_OPENED_TOTAL = 100_000;
const MIN_LABELS = 3;
const MAX_LABEL_WORDS = 5;
const MAX_LABEL_CHARS = 60;

const MARKDOWN_IMAGE = /!\[([^\]\n]{0,200})\]\(([^)\s]{0,2000})\)/g;
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)/g;
/** `20274:00 PM`: a year glued to the time that followed it. */
const YEAR_AND_TIME = /(?<!\d)((?:19|20)\d{2})(\d{1,2}:\d{2})(?!\d)/g;
/** `1 ago16:00`: a month's name glued to the time that followed it. */
const WORD_AND_TIME = /(?<=\p{L})(?=\d{1,2}:\d{2}(?!\d))/gu;
/**
 * Where two words were glued: a capital after a lower-case letter, digit, bracket or stop
 * (`Check-inMon`, `adultConfirmation`), a capitalised word after capitals (`PMCheckout`), a digit
 * or a currency after a letter or bracket (`Guests1`, `You earn€`, `(EUR)€`).
 */
const GLUE = /(?<=[\p{Ll}\d)\].!?€$£])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=[\p{L})])(?=[\d€$£])/gu;
const COLON = /[:：]/g;

/** The text with its collapsed lines opened (see the module comment). */
export function openCollapsedLines(text: string): string {
  if (!hasLongLine(text)) return text;
  let budget = MAX_OPENED_TOTAL;
  return text
    .split('\n')
    .map((line) => {
      if (line.length < MIN_COLLAPSED_CHARS || budget <= 0) return line;
      budget -= Math.min(line.length, MAX_OPENED_CHARS);
      return openLine(line);
    })
    .join('\n');
}

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start >= MIN_COLLAPSED_CHARS) return true;
    start = stop + 1;
  }
  return false;
}

function openLine(line: string): string {
  const head = line.slice(0, MAX_OPENED_CHARS);
  const opened = head
    .replace(MARKDOWN_IMAGE, (_, alt: string) => `\n${alt}\n`)
    .replace(MARKDOWN_LINK, (_, label: string, url: string) => `\n${label}\n${url}\n`)
    .replace(YEAR_AND_TIME, '$1 $2')
    .replace(WORD_AND_TIME, ' ');
  const breaks = labelBreaks(opened);
  if (breaks.labels < MIN_LABELS) return line;
  let out = '';
  let from = 0;
  for (const at of breaks.at) {
    out += `${opened.slice(from, at)}\n`;
    from = at;
  }
  return out + opened.slice(from) + line.slice(MAX_OPENED_CHARS);
}

/**
 * The label whose words end `text[from, to)` (its last words, within a label's length), and where
 * it starts in `text`, or -1.
 */
function labelEndingAt(text: string, from: number, to: number, capitalised: boolean): number {
  const windowStart = Math.max(from, to - MAX_LABEL_CHARS);
  const window = text.slice(windowStart, to).trimEnd();
  const words = window.split(' ');
  // most pieces end in a word no label ends with: one lookup decides
  const last = (words[words.length - 1] ?? '').toLowerCase().replace(/[:：.]+$/, '');
  if (!LAST_WORDS.has(last) && !/\([A-Z]{3}\)$/.test(window)) return -1;
  for (let n = Math.min(MAX_LABEL_WORDS, words.length); n >= 1; n--) {
    const candidate = words.slice(-n).join(' ');
    if (candidate.trim() !== candidate || candidate === '') continue;
    if (capitalised && !/^\p{Lu}/u.test(candidate)) continue;
    // a label cut by the window is no label
    const start = windowStart + window.length - candidate.length;
    if (start === windowStart && windowStart > from && !/\s/.test(text[start - 1] ?? '')) continue;
    if (LABEL_DICTIONARY.has(normaliseLabel(candidate))) return start;
  }
  return -1;
}

/** The lengths of the vocabulary's labels, longest first: a glued label is found by its length. */
const LABEL_LENGTHS = [...new Set([...LABEL_DICTIONARY.keys()].map((label) => label.length))]
  .filter((length) => length >= 3)
  .sort((a, b) => b - a);
/** The last word of every label, and the first characters of every label: cheap first checks. */
const LAST_WORDS = new Set([...LABEL_DICTIONARY.keys()].map((label) => label.split(' ').pop()!));
const PREFIX_CHARS = 3;
const PREFIXES = new Set([...LABEL_DICTIONARY.keys()].map((label) => label.slice(0, PREFIX_CHARS)));
/** Weekday and month names of every language: a lower-case value that starts one follows a label. */
const DATE_WORDS = new Set(
  LANGUAGES.flatMap((language) => [
    ...VOCABULARIES[language].weekdays.flat(),
    ...VOCABULARIES[language].months.flat(),
  ]),
);

/**
 * The end of the label that starts at `at` and is glued to its value (`Check-insáb, 1 ago`,
 * `LlegadaMié`), or -1. The value must start a new token: a capital, a digit, a sign, or a
 * weekday's or a month's name, so that `Reservations` is never read as `Reservation` + `s`.
 */
function labelStartingAt(text: string, at: number): number {
  if (!PREFIXES.has(text.slice(at, at + PREFIX_CHARS).toLowerCase())) return -1;
  for (const length of LABEL_LENGTHS) {
    const end = at + length;
    if (end >= text.length) continue;
    const key = text.slice(at, end).toLowerCase();
    if (!LABEL_DICTIONARY.has(key)) continue;
    const next = text.slice(end, end + 12);
    // `Label:` is the colon scan's (`labelBreaks`), and a space is the spaced labels'
    if (/^[\s:：]/.test(next)) return -1;
    if (/^[^\p{Ll}]/u.test(next)) return end;
    const word = /^\p{Ll}+/u.exec(next)?.[0] ?? '';
    return DATE_WORDS.has(word) ? end : -1;
  }
  return -1;
}

/** A capitalised word's start: at a line's start or after a space. */
const WORD_START = /(?<=^|[ \n])\p{Lu}/gmu;
/** Concepts whose value is checked by its first token, so their label may stand before it with no colon. */
const SPACED_CONCEPTS: ReadonlyMap<string, RegExp> = (() => {
  const date = /^(?:\d|\p{L}+)/u;
  const count = /^\d/;
  const code = /^#?(?=[A-Z-]{0,29}\d)[A-Z0-9][A-Z0-9-]{3,29}$/;
  const money = /^(?:[€$£]|[A-Z]{3}$|\d)/;
  return new Map<string, RegExp>([
    ['checkIn', date],
    ['checkOut', date],
    ['stayDates', date],
    ['guests', count],
    ['adults', count],
    ['children', count],
    ['nights', count],
    ['confirmationNumber', code],
    ['channelCode', code],
    ['payout', money],
    ['total', money],
  ]);
})();
const DATE_CONCEPTS = new Set(['checkIn', 'checkOut', 'stayDates']);
/** `Du 3 au 9 août`, `Von 14 bis 16 Uhr`: short labels are words of any sentence without their colon. */
const MIN_SPACED_LABEL_CHARS = 5;

/**
 * The end of a capitalised label at `at` that a space and a value of its kind follow (see the
 * module comment), or -1. Its longest reading wins: `Confirmation code`, not `Confirmation`.
 */
function spacedLabelAt(text: string, at: number): number {
  if (!PREFIXES.has(text.slice(at, at + PREFIX_CHARS).toLowerCase())) return -1;
  const words = text.slice(at, at + MAX_LABEL_CHARS + 40).split(/[ \n]/, MAX_LABEL_WORDS + 1);
  for (let n = Math.min(MAX_LABEL_WORDS, words.length - 1); n >= 1; n--) {
    const label = words.slice(0, n).join(' ');
    const concept = LABEL_DICTIONARY.get(label.toLowerCase());
    const value = SPACED_CONCEPTS.get(concept ?? '');
    const next = words[n]!.replace(/[,.;]+$/, '');
    if (!concept || !value?.test(next) || label.length < MIN_SPACED_LABEL_CHARS) continue;
    // a date's label before a word: the word must be a weekday's or a month's name
    if (DATE_CONCEPTS.has(concept) && !/^\d/.test(next) && !DATE_WORDS.has(next.toLowerCase())) continue;
    return text[at + label.length] === ' ' ? at + label.length : -1;
  }
  return -1;
}

/** Where the line holding `at` starts, walking forward from the last answer (callers go in order). */
function lineStarts(text: string): (at: number) => number {
  let lineStart = 0;
  let scanned = 0;
  return (at) => {
    for (; scanned < at; scanned++) if (text[scanned] === '\n') lineStart = scanned + 1;
    return lineStart;
  };
}

/**
 * Where to break the text: before and after each label glued to its neighbours, before each
 * `Label:` that follows other text on its line; and how many labels were found.
 */
function labelBreaks(text: string): { at: number[]; labels: number } {
  const at = new Set<number>();
  const starts = new Set<number>();
  // pieces between glue points and line breaks: a glued label is a whole piece's last words, or
  // starts at a glue point and runs into a lower-case value
  let pieceStart = 0;
  const glueLineStart = lineStarts(text);
  for (const m of text.matchAll(GLUE)) {
    const point = m.index;
    const lineStart = glueLineStart(point);
    const from = Math.max(pieceStart, lineStart);
    const start = labelEndingAt(text, from, point, true);
    if (start >= 0) {
      starts.add(start);
      if (start > lineStart) at.add(start);
      at.add(point);
    }
    const end = labelStartingAt(text, point);
    if (end > 0) {
      starts.add(point);
      if (point > lineStart) at.add(point);
      at.add(end);
    }
    pieceStart = point;
  }
  // and a label at the very start of a line, glued to its value (`Check-insáb, 1 ago` after a link)
  for (let lineStart = 0; lineStart >= 0 && lineStart < text.length; ) {
    const end = /^\p{Lu}/u.test(text[lineStart] ?? '') ? labelStartingAt(text, lineStart) : -1;
    if (end > 0) {
      starts.add(lineStart);
      at.add(end);
    }
    const newline = text.indexOf('\n', lineStart);
    lineStart = newline < 0 ? -1 : newline + 1;
  }
  // and a capitalised label followed by a space and its value (`Checkout Wed, May 6`, `Guests 2`)
  for (const m of text.matchAll(WORD_START)) {
    const end = spacedLabelAt(text, m.index);
    if (end < 0) continue;
    starts.add(m.index);
    if (m.index > 0 && text[m.index - 1] !== '\n') at.add(m.index);
    at.add(end);
  }
  let labels = starts.size;
  const colonLineStart = lineStarts(text);
  for (const m of text.matchAll(COLON)) {
    const lineStart = colonLineStart(m.index);
    const start = labelEndingAt(text, lineStart, m.index, false);
    if (start < 0) continue;
    labels += 1;
    if (start > lineStart && /\s/.test(text[start - 1] ?? '')) at.add(start);
  }
  return { at: [...at].sort((a, b) => a - b), labels };
}
