import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { parseDate } from './dates.js';
import type { Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { labelledValue } from './labelled-lines.js';
import type { MailView } from './mail-view.js';
import { parseMoney } from './money.js';
import type { Template } from './template.js';

/**
 * Scidoo relays channel bookings: subject `Confermata - Prenotazione ID 5958915259 - Booking`, body
 * of `Label<TAB>value` lines. Names come surname first (`Brufani Francesco`): kept as given, since
 * we cannot tell which words are the surname.
 */
const SUBJECT = /^(\p{L}+)\s*-\s*Prenotazione ID\s*(\d+)(?:\s*-\s*(.+))?$/iu;
const KINDS: readonly { kind: FactKind; pattern: RegExp }[] = [
  { kind: 'cancelled', pattern: /^(?:cancellata|annullata|disdetta)$/i },
  { kind: 'confirmed', pattern: /^(?:confermata|nuova|modificata)$/i },
];
const LABELS = {
  voucher: /ID Voucher|Voucher/,
  room: /Camera\/Alloggio|Alloggio|Camera/,
  guests: /Ospiti|Numero ospiti/,
  guest: /Nome Ospite|Ospite|Cliente/,
  checkIn: /Data di Check-in|Check-in|Arrivo/,
  checkOut: /Data di Check-out|Check-out|Partenza/,
  total: /Totale Prenotazione|Totale/,
};

const EXPECTED: readonly FactField[] = [
  'guestName',
  'checkIn',
  'checkOut',
  'guestCount',
  'confirmationCode',
  'listingName',
  'payoutAmount',
  'payoutCurrency',
];

export const scidooReservation: Template = {
  name: 'pms/scidoo',
  platform: 'pms',
  subject: SUBJECT,
  extract: (mail) => {
    const fact = readReservation(mail);
    return fact ? [fact] : [];
  },
};

function readReservation(mail: MailView): Fact | null {
  const subject = SUBJECT.exec(mail.subject);
  const kind = KINDS.find((k) => k.pattern.test(subject?.[1] ?? ''))?.kind;
  if (!kind) return null;
  const value = (label: RegExp): string | null => labelledValue(mail.lines, label);
  const dayFirst = { ...mail.dates, numericOrder: 'DMY' as const };
  const date = (label: RegExp): string | null => {
    const text = value(label);
    return text ? parseDate(text, dayFirst) : null;
  };
  const total = value(LABELS.total);
  const money = total ? parseMoney(total, 'EUR') : null;
  return makeFact(
    {
      platform: 'pms',
      kind,
      guestName: value(LABELS.guest),
      checkIn: date(LABELS.checkIn),
      checkOut: date(LABELS.checkOut),
      guestCount: parseGuestCount(value(LABELS.guests) ?? ''),
      confirmationCode: /\d{6,}/.exec(value(LABELS.voucher) ?? '')?.[0] ?? subject?.[2] ?? null,
      listingName: value(LABELS.room),
      payoutAmount: money?.amount ?? null,
      payoutCurrency: money?.currency ?? null,
    },
    EXPECTED,
  );
}
