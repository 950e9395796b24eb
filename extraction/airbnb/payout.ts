import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import type { MailView } from '../mail-view.js';
import { findMoney, type Money } from '../money.js';
import type { Template } from '../template.js';
import { reservationCodeIn } from './reservation-code.js';

/**
 * One stay per block:
 *   Mariuxi Elizabeth Calderon Pita   $111.54 USD
 *   Home • 7/15/2026 - 7/20/2026
 *   4A Luxury Suite | Mall del Río + Free Parking (811012317316746820)
 *   HMM9C2AKCD
 * The `•` line anchors the block; dates are month/day in English, day/month in Spanish.
 */
const STAY_LINE = /^[^•]{1,60}•\s*(.{1,200})$/;
/** `Name   $111.54 USD`: a name, a gap of two spaces or more, an amount; either side 1-121 characters. */
const SIDE_MAX = 121;
const GAP = /\s{2,}/g;
/** A line holding an amount only: `$111.54 USD`, `-€ 1.234,56`. Short, so its test is cheap. */
const AMOUNT_ONLY = /^[-−]?\s?\S{0,4}?\s?\d[\d.,\s]{0,20}?\S{0,4}(?:\s[A-Z]{3})?$/;
const AMOUNT_LINE_MAX = 48;
const LISTING_ID_SUFFIX = /\s*\(\d+\)\s*$/;

const EXPECTED: readonly FactField[] = [
  'guestName',
  'checkIn',
  'checkOut',
  'confirmationCode',
  'listingName',
  'payoutAmount',
  'payoutCurrency',
];

export const airbnbPayout: Template = {
  name: 'airbnb/payout',
  platform: 'airbnb',
  header: /PAYOUT_SENT|HOST_PAYOUT/i,
  subject:
    /^(?:We sent a payout|Te hemos enviado un cobro|Ti abbiamo inviato un pagamento|Nous avons envoyé un versement)/i,
  body: /was sent today|Hoy hemos tramitado el pago/i,
  extract: readPayouts,
  quiet: true,
  // one mail, many stays: a labelled field could belong to any of them
  genericFill: false,
};

function readPayouts(mail: MailView): Fact[] {
  const { lines } = mail;
  const facts: Fact[] = [];
  lines.forEach((line, at) => {
    const stayText = STAY_LINE.exec(line)?.[1];
    const stay = stayText ? parseDateRange(stayText, mail.dates) : null;
    if (!stay) return;
    const { guestName, money, line: guestLine } = guestAndAmount(lines, at);
    const listing = lines[at + 1] ?? '';
    const codeBelow = reservationCodeIn(lines[at + 2]);
    const code = codeBelow ?? reservationCodeIn(listing);
    facts.push(
      makeFact(
        mail,
        {
          platform: 'airbnb',
          kind: 'payout',
          guestName,
          checkIn: stay.start,
          checkOut: stay.end,
          confirmationCode: code,
          listingName: listing && !reservationCodeIn(listing) ? listing.replace(LISTING_ID_SUFFIX, '') : null,
          payoutAmount: money?.amount ?? null,
          payoutCurrency: money?.currency ?? null,
        },
        EXPECTED,
        {
          guestName: guestLine,
          checkIn: at,
          checkOut: at,
          confirmationCode: codeBelow ? at + 2 : at + 1,
          listingName: at + 1,
          payoutAmount: guestLine,
          payoutCurrency: guestLine,
        },
      ),
    );
  });
  return facts;
}

/** `Name   $111.54 USD` on the line above the stay, or (HTML-only mail) the name and amount on two lines. */
function guestAndAmount(
  lines: readonly string[],
  stayAt: number,
): { guestName: string | null; money: Money | null; line: number | null } {
  const above = lines[stayAt - 1] ?? '';
  const oneLine = nameAndAmount(above);
  const moneyInLine = oneLine ? findMoney(oneLine.amount)[0] : undefined;
  if (oneLine && moneyInLine) return { guestName: oneLine.name.trim(), money: moneyInLine, line: stayAt - 1 };
  const aboveMoney = above.length <= AMOUNT_LINE_MAX ? findMoney(above)[0] : undefined;
  if (aboveMoney && AMOUNT_ONLY.test(above)) {
    return { guestName: lines[stayAt - 2]?.trim() || null, money: aboveMoney, line: stayAt - 2 };
  }
  return { guestName: null, money: null, line: null };
}

/**
 * The first gap that leaves a name and an amount of fitting length on either side, found by hand:
 * the regex it replaces (`^(\S.{0,120}?)\s{2,}(\S.{0,120})$`) was quadratic on runs of spaces.
 */
function nameAndAmount(line: string): { name: string; amount: string } | null {
  if (line.length === 0 || /\s/.test(line[0]!)) return null;
  for (const gap of line.matchAll(GAP)) {
    if (gap.index > SIDE_MAX) return null;
    const amount = line.slice(gap.index + gap[0].length);
    if (amount.length >= 1 && amount.length <= SIDE_MAX) return { name: line.slice(0, gap.index), amount };
  }
  return null;
}
