import { makeFact, PAID_STAY_FIELDS } from '../confidence.js';
import { type DateRange, parseDate, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { labelIndex, labelledValue } from '../labelled-lines.js';
import type { MailView } from '../mail-view.js';
import { currencyCodeIn, type Money, parseMoney } from '../money.js';
import type { Template } from '../template.js';
import { labelSource, ROOM_TYPE } from '../vocabulary.js';
import { RESERVATION_CODE, reservationCodeIn } from './reservation-code.js';

/**
 * `Reservation confirmed - NAME arrives Jul 29` in every language Airbnb writes, with the older
 * (2018-2022) and Latin-American wordings: `Reservación confirmada`, `Reserva instantánea confirmada`,
 * `NAME will arrive`, `llegará`, `chegará`.
 */
const SUBJECT =
  /^(?:Reservation confirmed|Reservación confirmada|Reserva confirmada|Prenotazione confermata|Réservation confirmée|Buchung bestätigt|Reservierung bestätigt|Reservering bevestigd|Boeking bevestigd|Reserva instantánea confirmada)\s*[-:–—!]\s*(\S.{0,79}?)\s+(?:arrives|will arrive|is arriving|llega|llegará|arriverà|arriva|arrive|arrivera|chega|chegará|kommt|reist|komt|arriveert)(?!\p{L})/iu;
/**
 * The headline with its exclamation mark (`NEW BOOKING CONFIRMED! ANA ARRIVES JUL 29.`), upper
 * case in the text part and capitalised in the HTML: another system's title `Nouvelle réservation
 * confirmée` or sentence `una nuova prenotazione confermata` is no Airbnb confirmation.
 */
const HEADLINES = [
  'New booking confirmed',
  'Nueva reserva confirmada',
  'Nuova prenotazione confermata',
  'Nouvelle réservation confirmée',
  'Neue Buchung bestätigt',
  'Nova reserva confirmada',
  'Nieuwe boeking bevestigd',
];
const BODY = new RegExp(`(?:${HEADLINES.flatMap((h) => [h, h.toUpperCase()]).join('|')}) ?!`);

const CHECK_IN = labelSource('checkIn');
const CHECK_OUT = labelSource('checkOut');
/** The current layout's one-line header: `Check-in      Checkout`. */
const DATES_HEADER = new RegExp(`^(?:${CHECK_IN})[ \\t]+(?:${CHECK_OUT})$`, 'iu');
const EARNINGS_LINE = new RegExp(`^(?:${labelSource('payout')})(?!\\p{L})[ \\t:]*(.*)$`, 'iu');
const TOTAL_LINE = new RegExp(`^(?:${labelSource('total')})(?!\\p{L})`, 'iu');
/** A date sits this many lines under its label at most (a time or an empty cell may come between). */
const DATE_WINDOW = 3;
const MAX_LINE = 500;

const EXPECTED = PAID_STAY_FIELDS;

export const airbnbConfirmation: Template = {
  name: 'airbnb/confirmation',
  platform: 'airbnb',
  header: /BOOKING_CONFIRMATION_TO_HOST|reservation_host_confirmation/i,
  subject: SUBJECT,
  body: BODY,
  extract: (mail) => [readConfirmation(mail)],
  expected: EXPECTED,
};

function readConfirmation(mail: MailView): Fact {
  const { lines } = mail;
  const stay = readStay(mail);
  const payout = hostPayout(lines);
  // `GUESTS` over its value, or (older layouts) `Guests: 2 guests` on one line
  const guests = labelledValue(lines, labelSource('guests'));
  // older layouts write a bare number under `GUESTS`
  const guestCount = guests ? (parseGuestCount(guests.value) ?? bareCount(guests.value)) : null;
  const codeBelow = labelledValue(lines, labelSource('confirmationNumber'));
  const labelledCode = reservationCodeIn(codeBelow?.value);
  const codeInText = labelledCode ? null : RESERVATION_CODE.exec(mail.text);
  const roomTypeAt = lines.findIndex((line) => line.length <= MAX_LINE && ROOM_TYPE.test(line));
  // the listing is the line before the room type; with no room type there is no listing
  const listingAt = roomTypeAt > 0 ? roomTypeAt - 1 : -1;
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: SUBJECT.exec(mail.subject)?.[1]?.trim() ?? null,
      checkIn: stay?.range.start ?? null,
      checkOut: stay?.range.end ?? null,
      guestCount,
      confirmationCode: labelledCode ?? codeInText?.[0] ?? null,
      listingName: listingAt >= 0 ? lines[listingAt]! : null,
      payoutAmount: payout?.money.amount ?? null,
      payoutCurrency: payout?.money.currency ?? null,
    },
    EXPECTED,
    {
      guestName: 'subject',
      checkIn: stay?.inLine,
      checkOut: stay?.outLine,
      guestCount: guestCount === null ? null : guests?.line,
      confirmationCode: labelledCode ? codeBelow?.line : codeInText ? { offset: codeInText.index } : null,
      listingName: listingAt,
      payoutAmount: payout?.line,
      payoutCurrency: payout?.line,
    },
  );
}

interface Stay {
  range: DateRange;
  inLine: number;
  outLine: number;
}

/**
 * The text part writes `Check-in   Checkout` then both dates on one line; HTML-only mail puts each
 * table cell on its own line (`Check-in` / `Wed, Jul 29` / `2:00 PM` / `Checkout` / …, or the two
 * labels first and the two dates after). Both are read from the labels, never from positions alone.
 */
function readStay(mail: MailView): Stay | null {
  const { lines } = mail;
  const headerAt = lines.findIndex((line) => line.length <= MAX_LINE && DATES_HEADER.test(line));
  if (headerAt >= 0) {
    for (let at = headerAt + 1; at <= headerAt + DATE_WINDOW && at < lines.length; at++) {
      const range = parseDateRange(lines[at]!, mail.dates);
      if (range) return { range, inLine: at, outLine: at };
    }
  }
  const inLabel = labelIndex(lines, CHECK_IN);
  if (inLabel < 0) return inlineStay(mail);
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

function bareCount(text: string): number | null {
  const m = /^(\d{1,2})(?!\d)/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

function dateLineAfter(mail: MailView, from: number): number {
  for (let at = from; at < from + DATE_WINDOW && at < mail.lines.length; at++) {
    if (parseDate(mail.lines[at]!, mail.dates)) return at;
  }
  return -1;
}

/**
 * The host's payout: the `YOU EARN` line of the current layout; in the 2023-24 layout, the
 * `TOTAL (USD)` under `HOST PAYOUT` (the first `TOTAL` is what the guest paid).
 */
function hostPayout(lines: readonly string[]): { money: Money; line: number } | null {
  const currency = lines.map(currencyCodeIn).find((code) => code !== null) ?? undefined;
  const onOrBelow = (at: number): { money: Money; line: number } | null => {
    if (at < 0) return null;
    const here = parseMoney(lines[at]!.slice(0, MAX_LINE), currency);
    if (here) return { money: here, line: at };
    const below = parseMoney((lines[at + 1] ?? '').slice(0, MAX_LINE), currency);
    return below ? { money: below, line: at + 1 } : null;
  };
  const earnedAt = lines.findIndex((line) => line.length <= MAX_LINE && EARNINGS_LINE.test(line));
  if (earnedAt >= 0) return onOrBelow(earnedAt);
  const sectionAt = labelIndex(lines, labelSource('payoutSection'));
  const totalsAt = lines.flatMap((line, at) =>
    line.length <= MAX_LINE && TOTAL_LINE.test(line) ? [at] : [],
  );
  const totalAt = sectionAt >= 0 ? totalsAt.find((at) => at > sectionAt) : totalsAt[1];
  return totalAt === undefined ? null : onOrBelow(totalAt);
}
