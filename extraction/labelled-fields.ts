/**
 * Every labelled value of a mail, found in one pass whatever the layout: `Label: value` and
 * `Label<TAB>value` on one line, a label alone with its value on the next line (the cells of an
 * HTML table become lines), several `Label: value` cells on one line (`Check-in: 3.9.26   Check-out:
 * 7.9.26`), and a row of labels over a row of values (`Check-in      Checkout` / `Wed, Jul 29   Sun, Aug
 * 2`). A label is looked up whole in a dictionary (normalised text → what it names), so the cost
 * is one split and a few map lookups per line, whatever the mail holds.
 */

/** A value and the index of the line of `MailView.lines` it was read from. */
export interface LabelledValue {
  value: string;
  line: number;
}

/** Longest line read: labels start lines, and hostile mail has megabyte lines. */
const MAX_LINE_CHARS = 500;
/** Longest label: a few words. Longer text before a colon is a sentence, not a label. */
const MAX_LABEL_CHARS = 60;

/** Cells of a line: tab-separated, `|`-separated, or apart by two spaces or more. */
const CELL_BREAK = /\t+|\s+\|\s+| {2,}/;
const DECORATION_START = /^[\s*•·▪►>#|_-]+/;
const DECORATION_END = /[\s*:：|_.]+$/;
/** `Check-in (from 15:00)`: a parenthesis after a label says more about it, it is no part of it. */
const TRAILING_PARENTHESIS = /\s*\([^()]{1,40}\)$/;
const VALUE_MARKUP = /^[\s*_]+|[\s*_]+$/g;
/** `TOTAL (USD)`: the currency a label names is no part of the label. */
const CURRENCY_SUFFIX = /\s*\([A-Z]{3}\)$/i;

/** A label as the dictionary keys it: lower case, single spaces, no bullets, colons or markup. */
export function normaliseLabel(text: string): string {
  return text
    .replace(DECORATION_START, '')
    .replace(DECORATION_END, '')
    .replace(CURRENCY_SUFFIX, '')
    .replace(TRAILING_PARENTHESIS, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Whether a line has more than one cell: most lines do not, and are not split. */
const HAS_CELLS = /\t|\s\|\s| {2}/;

function cellsOf(line: string): string[] {
  if (!HAS_CELLS.test(line)) {
    const cell = line.trim();
    return cell === '' ? [] : [cell];
  }
  return line
    .split(CELL_BREAK)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
}

/** Values kept per concept: readers look at the first few; a hostile mail repeats a label forever. */
const MAX_VALUES = 20;
/** Short texts whose reading is remembered within one mail. */
const MAX_REMEMBERED = 4_096;

/** Most labels stacked over as many values: a table row, never a page of labels. */
const MAX_STACK = 6;

/**
 * How many label-only lines start at `at` and are followed by as many lines that are no labels,
 * or 0. One label alone is the ordinary label-then-value case, read by the caller.
 */
function stackedLabels(
  lines: readonly string[],
  at: number,
  lineLabel: (at: number) => string | undefined,
): number {
  let k = 0;
  while (k < MAX_STACK && lineLabel(at + k) !== undefined) k++;
  if (k < 2) return 0;
  for (let v = 0; v < k; v++) {
    if (at + k + v >= lines.length || lineLabel(at + k + v) !== undefined) return 0;
    // `Chambre` / `Arrivée` / `lun. 8 juil.` / `15:00`: a room type over a label and its value and
    // time, not two labels over two values; a date's label over a time of day reads no stack
    if (DATE_CONCEPTS.has(lineLabel(at + v)!) && TIME_ONLY.test(lines[at + k + v]!)) return 0;
  }
  return k;
}

/** Concepts whose value is a date: a time of day under their label is no value of theirs. */
const DATE_CONCEPTS = new Set(['checkIn', 'checkOut', 'stayDates']);
const TIME_ONLY = /^\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?\s?m\.?)?$/i;

/**
 * Where a cell's label ends: its first colon, or the one after a parenthesis that holds a colon
 * itself (`Check-in (from 15:00): Fri 14 Aug`); -1 when no label stands before either.
 */
function labelColon(cell: string, lookUp: (text: string) => string | undefined): number {
  const colon = cell.search(/[:：]/);
  if (colon <= 0 || colon > MAX_LABEL_CHARS) return -1;
  if (lookUp(cell.slice(0, colon))) return colon;
  const afterParenthesis = cell.indexOf('):');
  return afterParenthesis > 0 && afterParenthesis < MAX_LABEL_CHARS ? afterParenthesis + 1 : -1;
}

/**
 * Concepts whose values are checked hard enough (a date, a code with a digit, a number) to be read
 * after a label with no colon on the same line (`Arrival 14 Aug 2026`, `Booking ID ZX-99812`):
 * never a name or a listing, which any sentence could be.
 */
const PREFIXED_CONCEPTS = new Set([
  'checkIn',
  'checkOut',
  'stayDates',
  'confirmationNumber',
  'channelCode',
  'guests',
  'adults',
  'children',
  'nights',
]);
const MAX_PREFIX_WORDS = 4;
/** Concepts whose value is a reservation number: a heading may give it in brackets. */
const CODE_CONCEPTS = new Set(['confirmationNumber', 'channelCode', 'relayOwnId']);
/** `(#B16389402)`, `(ID 5581435138)`: a number with a digit, in brackets at the end of a heading. */
const PARENTHESISED_CODE = /\((?:#|no\.?|id)?\s?([A-Z0-9][A-Z0-9-]{0,29}\d[A-Z0-9-]{0,10})\)$/i;
/** A label's value without a colon starts with a digit or a weekday or month word and is short. */
const PREFIXED_LINE_CHARS = 80;

function readPrefixed(
  cell: string,
  line: number,
  firstWords: ReadonlySet<string>,
  lookUp: (text: string) => string | undefined,
  add: (concept: string, value: string, line: number) => void,
): void {
  if (cell.length > PREFIXED_LINE_CHARS || !/\d/.test(cell)) return;
  const first = cell.slice(0, cell.indexOf(' ') >>> 0).toLowerCase();
  if (!firstWords.has(first.replace(DECORATION_START, ''))) return;
  const words = cell.split(' ', MAX_PREFIX_WORDS + 1);
  for (let n = Math.min(MAX_PREFIX_WORDS, words.length - 1); n >= 1; n--) {
    const concept = lookUp(words.slice(0, n).join(' '));
    if (concept && PREFIXED_CONCEPTS.has(concept)) {
      add(concept, cell.slice(words.slice(0, n).join(' ').length), line);
      return;
    }
  }
}

const firstWordSets = new WeakMap<LabelDictionary, ReadonlySet<string>>();
/** The first words of a dictionary's labels: a line that starts with none of them holds no label. */
function firstWordsOf(dictionary: LabelDictionary): ReadonlySet<string> {
  let words = firstWordSets.get(dictionary);
  if (!words) {
    words = new Set([...dictionary.keys()].map((label) => label.split(' ')[0]!));
    firstWordSets.set(dictionary, words);
  }
  return words;
}

/** What a dictionary knows: normalised label → the concept it names. */
export type LabelDictionary = ReadonlyMap<string, string>;

/** Every concept's values, in the order of the mail. */
export type LabelledFields = ReadonlyMap<string, readonly LabelledValue[]>;

/** The labelled values of `lines` for the labels of `dictionary`. */
export function readLabelledFields(lines: readonly string[], dictionary: LabelDictionary): LabelledFields {
  const found = new Map<string, LabelledValue[]>();
  const add = (concept: string, value: string, line: number) => {
    // markup around a value (`**Check-in:** 3.9.26`) is no part of it
    const trimmed = value.replace(VALUE_MARKUP, '').trim();
    if (trimmed === '') return;
    const list = found.get(concept) ?? [];
    if (list.length >= MAX_VALUES) return;
    list.push({ value: trimmed.slice(0, MAX_LINE_CHARS), line });
    found.set(concept, list);
  };
  // the same short texts come back line after line (and thousands of times in hostile mail)
  const seen = new Map<string, string | null>();
  const lookUp = (text: string): string | undefined => {
    let concept = seen.get(text);
    if (concept === undefined) {
      concept = dictionary.get(normaliseLabel(text)) ?? null;
      if (seen.size < MAX_REMEMBERED) seen.set(text, concept);
    }
    return concept ?? undefined;
  };
  const conceptOfCell = (cell: string | undefined): string | undefined =>
    cell !== undefined && cell.length <= MAX_LABEL_CHARS ? lookUp(cell) : undefined;
  // whether each line is a label alone, looked up once per line: stacks and next lines ask again
  const lineLabels: (string | null | undefined)[] = new Array(lines.length);
  const lineLabel = (at: number): string | undefined => {
    if (at >= lines.length) return undefined;
    let known = lineLabels[at];
    if (known === undefined) {
      known = conceptOfCell(lines[at]!.slice(0, MAX_LINE_CHARS)) ?? null;
      lineLabels[at] = known;
    }
    return known ?? undefined;
  };
  const isLabelLine = (at: number): boolean => lineLabel(at) !== undefined;

  for (let i = 0; i < lines.length; i++) {
    const stacked = stackedLabels(lines, i, lineLabel);
    if (stacked > 1) {
      // labels one per line, then their values one per line (an HTML table row read cell by cell)
      for (let k = 0; k < stacked; k++) add(lineLabel(i + k)!, lines[i + stacked + k]!, i + stacked + k);
      i += 2 * stacked - 1;
      continue;
    }
    const cells = cellsOf(lines[i]!.slice(0, MAX_LINE_CHARS));
    const next = lines[i + 1];
    const labelsOnly = cells.length >= 2 && cells.every((cell) => conceptOfCell(cell) !== undefined);
    if (labelsOnly && next !== undefined) {
      // a row of labels over a row of values, cell by cell
      const values = cellsOf(next.slice(0, MAX_LINE_CHARS));
      if (values.length === cells.length && !values.some((v) => conceptOfCell(v) !== undefined)) {
        cells.forEach((cell, at) => {
          add(conceptOfCell(cell)!, values[at]!, i + 1);
        });
      }
      continue;
    }
    for (let at = 0; at < cells.length; at++) {
      const cell = cells[at]!;
      const colon = labelColon(cell, lookUp);
      if (colon > 0) {
        const concept = lookUp(cell.slice(0, colon));
        if (concept) {
          const value = cell.slice(colon + 1).trim();
          if (value !== '') add(concept, value, i);
          else if (at + 1 < cells.length) add(concept, cells[++at]!, i);
          else if (cells.length === 1 && next !== undefined && !isLabelLine(i + 1)) add(concept, next, i + 1);
          continue;
        }
      }
      const concept = conceptOfCell(cell);
      if (!concept) {
        if (cells.length === 1) readPrefixed(cell, i, firstWordsOf(dictionary), lookUp, add);
        continue;
      }
      const inParenthesis = CODE_CONCEPTS.has(concept) ? PARENTHESISED_CODE.exec(cell)?.[1] : undefined;
      if (inParenthesis) {
        // `BOOKING (#B16389402)`: the number a heading names in brackets is its value
        add(concept, inParenthesis, i);
        continue;
      }
      if (at + 1 < cells.length) {
        // `Ospiti<TAB>2 Adulti`: the next cell is the value unless it is a label itself
        if (conceptOfCell(cells[at + 1]) === undefined) add(concept, cells[++at]!, i);
      } else if (cells.length === 1 && next !== undefined && !isLabelLine(i + 1)) {
        add(concept, next, i + 1);
      }
    }
  }
  return found;
}
