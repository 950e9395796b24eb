import { makeFact, PAID_STAY_FIELDS } from '../confidence.js';
import type { Fact } from '../fact.js';
import { labelIndex } from '../labelled-lines.js';
import type { MailView } from '../mail-view.js';
import { currencyCodeIn, isPriceBreakdown, type Money, parseMoney } from '../money.js';
import type { Template } from '../template.js';
import { labelSource } from '../vocabulary.js';
import { readCode, readGuestCount, readListing, readStay } from './reservation-blocks.js';

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

const EARNINGS_LINE = new RegExp(`^(?:${labelSource('payout')})(?!\\p{L})[ \\t:]*(.*)$`, 'iu');
const TOTAL_LINE = new RegExp(`^(?:${labelSource('total')})(?!\\p{L})`, 'iu');
const MAX_LINE = 500;
/** A fact whose listing was read from a position only stays under the trusted band. */
const WEAK_CEILING = 0.89;

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
  const stay = readStay(mail);
  const payout = hostPayout(mail.lines);
  const guests = readGuestCount(mail);
  const code = readCode(mail);
  const guestName = SUBJECT.exec(mail.subject)?.[1]?.trim() ?? null;
  const listing = readListing(mail, guestName);
  const fact = makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName,
      checkIn: stay?.range.start ?? null,
      checkOut: stay?.range.end ?? null,
      guestCount: guests?.count ?? null,
      confirmationCode: code?.code ?? null,
      listingName: listing?.value ?? null,
      payoutAmount: payout?.money.amount ?? null,
      payoutCurrency: payout?.money.currency ?? null,
    },
    EXPECTED,
    {
      guestName: 'subject',
      checkIn: stay?.inLine,
      checkOut: stay?.outLine,
      guestCount: guests?.line,
      confirmationCode: code?.source,
      listingName: listing?.line,
      payoutAmount: payout?.line,
      payoutCurrency: payout?.line,
    },
  );
  return listing?.weak ? { ...fact, confidence: Math.min(fact.confidence, WEAK_CEILING) } : fact;
}

/**
 * The host's payout: the `YOU EARN` line of the current layout; in the 2023-24 layout, the
 * `TOTAL (USD)` under `HOST PAYOUT` (the first `TOTAL` is what the guest paid); in the 2018-22
 * layouts, the `Total $178.48` under `Payout` and its breakdown.
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
  const earned = onOrBelow(earnedAt);
  // `Auszahlung` over a breakdown (`32,40 € x 5 Nächte 162,00 €`, …): a section, its total below
  if (earned && !isPriceBreakdown(lines[earned.line]!)) return earned;
  const sectionAt = earned ? earnedAt : labelIndex(lines, labelSource('payoutSection'));
  const totalsAt = lines.flatMap((line, at) =>
    line.length <= MAX_LINE && TOTAL_LINE.test(line) ? [at] : [],
  );
  const totalAt = sectionAt >= 0 ? totalsAt.find((at) => at > sectionAt) : totalsAt[1];
  return totalAt === undefined ? null : onOrBelow(totalAt);
}
