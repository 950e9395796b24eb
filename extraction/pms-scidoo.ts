import { reservationCodeIn } from './airbnb/reservation-code.js';
import { channelNamedIn } from './channels.js';
import { makeFact, PAID_STAY_FIELDS } from './confidence.js';
import { parseDate } from './dates.js';
import type { Channel, Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { type Found, labelledValue } from './labelled-lines.js';
import type { MailView } from './mail-view.js';
import { parseMoney } from './money.js';
import type { Template } from './template.js';
import { labelSource } from './vocabulary.js';

/**
 * Scidoo relays channel bookings: subject `Confermata - Prenotazione ID 5958915259 - Booking`, body
 * of `Label<TAB>value` lines. The fact's platform is the channel (named at the end of the subject
 * and in `Agenzia Prenotante 44813 -> Booking`), its `via` is `scidoo`. Names come surname first
 * (`Brufani Francesco`): kept as given, since we cannot tell which words are the surname.
 * A direct booking (`Diretta`) is `direct`; a channel the mail does not name is `other`.
 */
const SUBJECT = /^(\p{L}{1,30})\s*-\s*Prenotazione ID\s*([\w-]{1,40})(?:\s*-\s*(.{1,60}))?$/iu;
const AGENCY = /->\s*(.{1,60})$/;
const KINDS: readonly { kind: FactKind; pattern: RegExp }[] = [
  { kind: 'cancelled', pattern: /^(?:cancellata|annullata|disdetta)$/i },
  { kind: 'confirmed', pattern: /^(?:confermata|nuova|modificata)$/i },
];

/** Scidoo's own labels (Italian), beyond the vocabulary's. */
const LABELS = {
  agency: 'Agenzia Prenotante',
  voucher: 'ID Voucher|Voucher',
  room: 'Camera\\/Alloggio|Alloggio|Camera',
  guest: 'Nome Ospite|Cliente',
  total: 'Totale Prenotazione',
};

const EXPECTED = PAID_STAY_FIELDS;

export const scidooReservation: Template = {
  name: 'pms/scidoo',
  platform: 'pms',
  subject: SUBJECT,
  extract: (mail) => {
    const fact = readReservation(mail);
    return fact ? [fact] : [];
  },
  expected: EXPECTED,
};

/** The channel a name gives (`Booking`, `Diretta`), or null; an exchange sells no stay. */
function channelOf(name: string | undefined): Channel | null {
  const channel = channelNamedIn(name)?.channel;
  return channel && channel !== 'exchange' ? channel : null;
}

function readReservation(mail: MailView): Fact | null {
  const subject = SUBJECT.exec(mail.subject);
  const kind = KINDS.find((k) => k.pattern.test(subject?.[1] ?? ''))?.kind;
  if (!kind) return null;
  const value = (label: string): Found | null => labelledValue(mail.lines, label);
  const agency = value(LABELS.agency);
  const platform =
    channelOf(subject?.[3]) ?? channelOf(AGENCY.exec(agency?.value ?? '')?.[1] ?? agency?.value) ?? 'other';
  const dayFirst = { ...mail.dates, numericOrder: 'DMY' as const };
  const date = (found: Found | null): string | null => (found ? parseDate(found.value, dayFirst) : null);
  const checkIn = value(labelSource('checkIn'));
  const checkOut = value(labelSource('checkOut'));
  const guests = value(labelSource('guests'));
  const guest = value(LABELS.guest);
  const room = value(LABELS.room);
  const total = value(LABELS.total) ?? value(labelSource('total'));
  const money = total ? parseMoney(total.value, 'EUR') : null;
  const voucher = value(LABELS.voucher);
  const code = voucherCode(platform, voucher?.value) ?? subject?.[2] ?? null;
  return makeFact(
    mail,
    {
      platform,
      kind,
      via: 'scidoo',
      guestName: guest?.value ?? null,
      checkIn: date(checkIn),
      checkOut: date(checkOut),
      guestCount: guests ? parseGuestCount(guests.value) : null,
      confirmationCode: code,
      listingName: room?.value ?? null,
      payoutAmount: money?.amount ?? null,
      payoutCurrency: money?.currency ?? null,
    },
    EXPECTED,
    {
      guestName: guest?.line,
      checkIn: checkIn?.line,
      checkOut: checkOut?.line,
      guestCount: guests?.line,
      confirmationCode: voucherCode(platform, voucher?.value) ? voucher?.line : 'subject',
      listingName: room?.line,
      payoutAmount: total?.line,
      payoutCurrency: total?.line,
    },
  );
}

/** The channel's own code in the voucher: Airbnb's `HM…`, Booking.com's digits. */
function voucherCode(platform: Channel, voucher: string | undefined): string | null {
  if (!voucher) return null;
  if (platform === 'airbnb') return reservationCodeIn(voucher);
  return /\d{6,}/.exec(voucher)?.[0] ?? (/^[\w-]{4,40}$/.test(voucher) ? voucher : null);
}
