import { parseDates } from './dates.js';
import { normaliseLabel } from './labelled-fields.js';
import { parseMoney } from './money.js';
import { isButtonText, LABEL_DICTIONARY, wordsOf } from './vocabulary.js';

/**
 * What a listing's name can never be, whichever reader found it. Real mail put label rows
 * (`Check-in      Checkout`), dates (`lun. 8 juil.`), listing numbers (`#3506302`, `External ID
 * 1235495468`), times and buttons where a listing was expected; each was taken at high confidence.
 * A candidate that is one of these is no listing: the reader leaves the field null.
 */

const MIN_CHARS = 2;
const MAX_CHARS = 120;
/** Cells of a row: tab-separated, `|`-separated, or apart by two spaces or more. */
const CELL_BREAK = /\t+|\s+\|\s+| {2,}/;
/** `#3506302`, `3506302`, `HMSBFCS3FM`, `B16389402`, `RES-08974`, `unit_2234599`: one code-like token. */
const CODE_ONLY = /^[#№]?\s*(?=[A-Z_-]{0,20}\d)[A-Z0-9][A-Z0-9_-]{2,30}$/i;
/** `Listing #28057216`, `External ID 2403-165151`, `Property # 2813936`: a few words, then a long number. */
const WORDS_AND_NUMBER = /^(?:[\p{L}.]+ ){0,3}(?:[#№:]\s*)?[A-Z]{0,3}[\d-]{0,12}\d{4,}$/iu;
/** `15:00`, `4:00 PM`, `12:00 p. m.`: a time of day. */
const TIME_ONLY = /^\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?\s?m\.?)?$/i;
/** Longest text that can still be a date alone (`Mittwoch, 15. September 2026`). */
const MAX_DATE_WORDS = 5;
/** Any date, in any language: the year is irrelevant, only whether a date stands there. */
const ANY_DATE = { sentAt: new Date(Date.UTC(2024, 0, 1)), numericOrder: 'DMY' as const };

/** `[enlace al extranet]`, `<property name>`, `{listing}`: a placeholder a mail's author left. */
const BRACKETED_WHOLE = /^(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\})$/;
/** `IATA/TIDS: PC029090`, `Hotel ID: 7781234`: a label and the one code or number it labels. */
const LABEL_AND_CODE = /^[^:：]{1,40}[:：]\s*(\S{1,40})$/;
const MIN_ID_CHARS = 5;
/** `!` anywhere, or a stop after a word at the end: a sentence, not a name (`Apt. 4` is no end). */
const EXCLAIMED = /[!¡]/;
const SENTENCE_STOP = /\p{L}{3,}\.$/u;

/** Whether `value` can be a listing's name. */
export function isListingName(value: string | null | undefined): value is string {
  const v = (value ?? '').trim();
  if (v.length < MIN_CHARS || v.length > MAX_CHARS) return false;
  if (!/\p{L}{2}/u.test(v) || /@|https?:|www\./i.test(v)) return false;
  return !(
    isButtonText(v) ||
    isLabelRow(v) ||
    CODE_ONLY.test(v) ||
    WORDS_AND_NUMBER.test(v) ||
    TIME_ONLY.test(v) ||
    isDateAlone(v) ||
    isMoneyAlone(v) ||
    BRACKETED_WHOLE.test(v) ||
    isLabelledCode(v) ||
    isHeadline(v)
  );
}

function isLabelledCode(text: string): boolean {
  const value = LABEL_AND_CODE.exec(text)?.[1];
  // `Loft: 2BR` may be a name; `IATA/TIDS: PC029090` is an id
  return (
    value !== undefined &&
    value.length >= MIN_ID_CHARS &&
    (CODE_ONLY.test(value) || WORDS_AND_NUMBER.test(value))
  );
}

/**
 * `NEW BOOKING CONFIRMED! PATRICK ARRIVES JUN 4.`, `¡Reserva cancelada!`: a sentence (an
 * exclamation, or a stop after a word) that speaks of a reservation, a cancellation or an arrival
 * in any vocabulary language. A listing may shout (`Sunny Loft!`), but never announces a booking.
 */
function isHeadline(text: string): boolean {
  if (!EXCLAIMED.test(text) && !SENTENCE_STOP.test(text)) return false;
  return ['booking', 'cancelled', 'arrives'].some((kind) =>
    wordsOf(kind as 'booking' | 'cancelled' | 'arrives').test(text),
  );
}

/** `Check-in      Checkout`, `Arrivée`, `GUESTS`: every cell a label of the vocabulary. */
export function isLabelRow(text: string): boolean {
  const cells = text
    .split(CELL_BREAK)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
  return cells.length > 0 && cells.every((cell) => LABEL_DICTIONARY.has(normaliseLabel(cell)));
}

/** `lun. 8 juil.`, `SUN, NOV 19`, `14/08/2026`: a date and nothing that names a place. */
function isDateAlone(text: string): boolean {
  if (!/\d/.test(text) || text.split(/\s+/).length > MAX_DATE_WORDS) return false;
  return parseDates(text, ANY_DATE).length > 0;
}

/** `$555.81`, `409,70 €`. */
function isMoneyAlone(text: string): boolean {
  return /^[^\p{L}]*(?:[A-Z]{3})?[^\p{L}]*$/u.test(text) && parseMoney(text) !== null;
}

/** A name cut by a mail's line wrap ends with a joining sign or word: `Sauna &`, `Villa Sol -`. */
const WRAPPED_END = /(?:[&+,|/·–-]|\b(?:and|und|et|y|e|en|con|with|mit|avec|com|met))$/iu;
const MAX_TAIL_CHARS = 60;

/**
 * The listing's name with the rest of it from the next line, when the mail wrapped it there
 * (`Unterkunftsname: Ferienwohnung Forellensprung - Sauna &` / `Saisonaler Pool`). Only a name
 * that cannot end where it does is continued, and only by a short line that is no label.
 */
export function withWrappedTail(
  lines: readonly string[],
  found: { value: string; line: number },
): { value: string; line: number } {
  const value = found.value.trim();
  const next = lines[found.line + 1]?.trim();
  if (!next || !WRAPPED_END.test(value) || next.length > MAX_TAIL_CHARS) return found;
  if (/[:：]/.test(next) || isLabelRow(next) || !isListingName(next)) return found;
  return { value: `${value} ${next}`, line: found.line };
}
