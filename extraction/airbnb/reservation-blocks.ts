import { type DateRange, parseDate, parseDateRange } from '../dates.js';
import { parseGuestCount } from '../guest-count.js';
import { type Found, labelIndex, labelledValue } from '../labelled-lines.js';
import { isListingName } from '../listing-name.js';
import type { MailView } from '../mail-view.js';
import { LANGUAGES, labelSource, ROOM_TYPE, VOCABULARIES } from '../vocabulary.js';
import { RESERVATION_CODE, reservationCodeIn } from './reservation-code.js';

/**
 * The blocks Airbnb's host mail repeats wherever it restates a reservation (the confirmation, the
 * pre-arrival reminder): the listing, the two dates under `Check-in  Checkout`, `GUESTS`,
 * `CONFIRMATION CODE`. Read from their labels in every language, never from positions alone.
 */

const CHECK_IN = labelSource('checkIn');
const CHECK_OUT = labelSource('checkOut');
/** The current layout's one-line header: `Check-in      Checkout` (one space in some renderings). */
const DATES_HEADER = new RegExp(`^(?:${CHECK_IN})[ \\t]+(?:${CHECK_OUT})$`, 'iu');
/** A date sits this many lines under its label at most (a time or an empty cell may come between). */
const DATE_WINDOW = 3;
const MAX_LINE = 500;
/** Lines of a mail's head searched for the listing when no dates block closes it. */
const MAX_HEAD_LINES = 200;

export interface Stay {
  range: DateRange;
  inLine: number;
  outLine: number;
}

/** Where the dates block starts: the one-line header, else the check-in label; -1 when absent. */
export function datesBlockAt(mail: MailView): number {
  const header = mail.lines.findIndex((line) => line.length <= MAX_LINE && DATES_HEADER.test(line));
  return header >= 0 ? header : labelIndex(mail.lines, CHECK_IN);
}

/**
 * The text part writes `Check-in   Checkout` then both dates on one line (or, in guest messages,
 * a line of weekdays between); HTML-only mail puts each table cell on its own line (`Check-in` /
 * `Wed, Jul 29` / `2:00 PM` / `Checkout` / …, or the two labels first and the two dates after).
 */
export function readStay(mail: MailView): Stay | null {
  const { lines } = mail;
  const headerAt = lines.findIndex((line) => line.length <= MAX_LINE && DATES_HEADER.test(line));
  if (headerAt >= 0) {
    for (let at = headerAt + 1; at <= headerAt + DATE_WINDOW && at < lines.length; at++) {
      const range = parseDateRange(lines[at]!, mail.dates);
      if (range) return { range, inLine: at, outLine: at };
    }
  }
  const inLabel = labelIndex(lines, CHECK_IN);
  if (inLabel < 0) return inlineStay(mail) ?? rangeAlone(mail);
  const inLine = dateLineAfter(mail, inLabel + 1);
  const outLabel = labelIndex(lines, CHECK_OUT, inLabel + 1);
  if (inLine < 0 || outLabel < 0) return null;
  const outLine = dateLineAfter(mail, Math.max(outLabel, inLine) + 1);
  if (outLine < 0) return null;
  const range = parseDateRange(`${lines[inLine]}   ${lines[outLine]}`, mail.dates);
  return range ? { range, inLine, outLine } : null;
}

/** Older layouts: `Check In: Thursday, July 29, 2021` and `Check Out: …` on their own lines. */
function inlineStay(mail: MailView): Stay | null {
  const checkIn = labelledValue(mail.lines, CHECK_IN);
  const checkOut = checkIn ? labelledValue(mail.lines, CHECK_OUT, checkIn.line + 1) : null;
  if (!checkIn || !checkOut) return null;
  const range = parseDateRange(`${checkIn.value}   ${checkOut.value}`, mail.dates);
  return range ? { range, inLine: checkIn.line, outLine: checkOut.line } : null;
}

/** Longest line that can hold a stay's two dates and nothing else. */
const MAX_RANGE_LINE = 90;
/** Words a range alone on a line may hold besides weekdays and months (`24 de agosto de 2020`). */
const DATE_CONNECTORS = ['de', 'del', 'di', 'du', 'of', 'the', 'le', 'el', 'am', 'vom', 'van'];
let rangeWords: ReadonlySet<string> | null = null;

function isRangeWord(word: string): boolean {
  rangeWords ??= new Set([
    ...DATE_CONNECTORS,
    ...LANGUAGES.flatMap((l) => [
      ...VOCABULARIES[l].weekdays.flat(),
      ...VOCABULARIES[l].months.flat(),
      ...VOCABULARIES[l].words.rangeTo,
    ]),
  ]);
  return rangeWords.has(word.toLowerCase());
}

/**
 * The 2018-22 layouts: the stay alone on a line under the listing, with weekdays and years
 * (`Monday Aug 24, 2020 - Saturday Aug 29, 2020`). Only a line of dates and nothing else: a range
 * in a sentence (a cancellation policy's) is no stay.
 */
function rangeAlone(mail: MailView): Stay | null {
  const { lines } = mail;
  for (let at = 0; at < Math.min(lines.length, MAX_HEAD_LINES); at++) {
    const line = lines[at]!;
    if (line.length > MAX_RANGE_LINE || !/\d/.test(line)) continue;
    const words = line.match(/\p{L}+/gu) ?? [];
    if (words.length === 0 || !words.every(isRangeWord)) continue;
    const range = parseDateRange(line, mail.dates);
    if (range) return { range, inLine: at, outLine: at };
  }
  return null;
}

function dateLineAfter(mail: MailView, from: number): number {
  for (let at = from; at < from + DATE_WINDOW && at < mail.lines.length; at++) {
    if (parseDate(mail.lines[at]!, mail.dates)) return at;
  }
  return -1;
}

/** `GUESTS` over `4 adults`, or (older layouts) `Guests: 2 guests` or a bare number under the label. */
export function readGuestCount(mail: MailView): { count: number; line: number } | null {
  const guests = labelledValue(mail.lines, labelSource('guests'));
  if (!guests) return null;
  const count = parseGuestCount(guests.value) ?? bareCount(guests.value);
  return count === null ? null : { count, line: guests.line };
}

function bareCount(text: string): number | null {
  const m = /^(\d{1,2})(?!\d)/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** The code under `CONFIRMATION CODE`, else the first `HM…` code anywhere (links carry it). */
export function readCode(mail: MailView): { code: string; source: number | { offset: number } } | null {
  const below: Found | null = labelledValue(mail.lines, labelSource('confirmationNumber'));
  const labelled = reservationCodeIn(below?.value);
  if (labelled && below) return { code: labelled, source: below.line };
  const inText = RESERVATION_CODE.exec(mail.text);
  return inText ? { code: inText[0], source: { offset: inText.index } } : null;
}

export interface ListingRead {
  value: string;
  line: number;
  /** Read from a position only (a line in capitals above the dates): never trusted on its own. */
  weak: boolean;
}

/** A link to the listing's own page: the text part writes it beside the listing's name. */
const LISTING_LINK = /\/rooms\/\d/;
/** `[Casa Azul]`: an image's alt text as the HTML rendering writes it (the listing's photo). */
const BRACKETED = /^\[([^[\]]{2,120})\]$/;

/**
 * The listing, strongest sign first: the line before the room type (`Entire home/apt`, `Room`,
 * `Casa/dpto. entero`); the line that repeats the photo's alt text above it (`[Casa Azul]` /
 * `Casa Azul`); a line beside a link to the listing's page (`…/rooms/123`). Failing those, a line
 * in capitals right above the dates (the layout that dropped the room type) is taken, as weak.
 * A candidate is never a label, a date, a number, a button or the guest's name.
 */
export function readListing(mail: MailView, guestName: string | null): ListingRead | null {
  const { lines } = mail;
  const datesAt = datesBlockAt(mail);
  // the listing sits in the mail's head, above the dates
  const end = Math.min(datesAt >= 0 ? datesAt : lines.length, MAX_HEAD_LINES);
  const valid = (line: string | undefined): line is string =>
    isListingName(line) && !ROOM_TYPE.test(line) && !isGuest(line, guestName);
  const roomTypeAt = lines.findIndex((line) => line.length <= MAX_LINE && ROOM_TYPE.test(line));
  if (roomTypeAt > 0 && valid(lines[roomTypeAt - 1])) {
    return { value: lines[roomTypeAt - 1]!, line: roomTypeAt - 1, weak: false };
  }
  for (let at = 1; at < end; at++) {
    const alt = BRACKETED.exec(lines[at - 1]!)?.[1]?.trim();
    if (alt && alt === lines[at] && valid(alt)) return { value: alt, line: at, weak: false };
  }
  for (let at = 0; at < end; at++) {
    if (besideListingLink(mail, at) && valid(lines[at])) return { value: lines[at]!, line: at, weak: false };
  }
  const above = datesAt > 0 ? lines[datesAt - 1] : undefined;
  if (valid(above) && isCapitals(above)) return { value: above, line: datesAt - 1, weak: true };
  return null;
}

/** Whether the raw text just before or after line `at` (where links were taken out) links to a listing. */
function besideListingLink(mail: MailView, at: number): boolean {
  const spans = mail.lineSpans;
  const start = at > 0 ? spans[at - 1]!.end : 0;
  const end = at + 1 < spans.length ? spans[at + 1]!.start : mail.text.length;
  return LISTING_LINK.test(mail.text.slice(start, Math.min(end, start + 4_000)));
}

function isCapitals(line: string): boolean {
  return /\p{Lu}{2}/u.test(line) && !/\p{Ll}/u.test(line);
}

/** The guest's name (or its first word) is no listing: `Amy McDonald` above the listing in a header. */
function isGuest(line: string, guestName: string | null): boolean {
  if (!guestName) return false;
  const first = guestName.split(/\s+/)[0]!.toLowerCase();
  const lower = line.toLowerCase();
  return lower === guestName.toLowerCase() || lower === first || lower.startsWith(`${first} `);
}
