import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { parseDate } from './dates.js';
import type { Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { labelledValue } from './labelled-lines.js';
import type { MailView } from './mail-view.js';
import type { Template } from './template.js';

/**
 * Host notifications: `Booking.com - New booking! (5581435138, Sunday, 28 June 2026)`; the date is
 * the check-in. The body adds the property's name and the number again (also in `res_id=`).
 */
const NOTIFICATION_SUBJECT = /^Booking\.com\s*[-–]\s*(.+?)\s*\((\d{6,}),\s*(.+)\)\s*$/i;

const NOTIFICATION_KINDS: readonly { kind: FactKind; pattern: RegExp }[] = [
  { kind: 'cancelled', pattern: /cancel|annul|storn|cancelad/i },
  {
    kind: 'confirmed',
    pattern: /new|modified|nouvelle|modifiée|nuova|modificata|nueva|modificada|neue|geändert/i,
  },
];

const PROPERTY_LABEL =
  /Property(?: name)?|Struttura|Nome della struttura|Établissement|Hébergement|Propiedad|Alojamiento|Unterkunft/;
const NUMBER_LABEL =
  /Reservation number|Booking number|Confirmation number|Numéro de réservation|Numero di prenotazione|Número de reserva|Buchungsnummer/;
const GUEST_LABEL =
  /Guest name|Booker name|Nom du client|Nome dell'ospite|Nombre del huésped|Name des Gastes/;

const NOTIFICATION_EXPECTED: readonly FactField[] = [
  'confirmationCode',
  'checkIn',
  'checkOut',
  'guestName',
  'listingName',
];

export const bookingComNotification: Template = {
  name: 'booking-com/notification',
  platform: 'booking',
  subject: NOTIFICATION_SUBJECT,
  extract: (mail) => {
    const fact = readNotification(mail);
    return fact ? [fact] : [];
  },
};

function readNotification(mail: MailView): Fact | null {
  const subject = NOTIFICATION_SUBJECT.exec(mail.subject);
  if (!subject) return null;
  const kind = NOTIFICATION_KINDS.find((k) => k.pattern.test(subject[1]!))?.kind;
  if (!kind) return null;
  const value = (label: RegExp): string | null => labelledValue(mail.lines, label);
  const number = subject[2] ?? /res_id=(\d+)/.exec(mail.text)?.[1] ?? digitsIn(value(NUMBER_LABEL));
  return makeFact(
    {
      platform: 'booking',
      kind,
      guestName: value(GUEST_LABEL),
      checkIn: parseDate(subject[3]!, mail.dates),
      confirmationCode: number,
      listingName: value(PROPERTY_LABEL),
    },
    NOTIFICATION_EXPECTED,
  );
}

/**
 * Guest messages relayed from `…@mchat.booking.com`, often base64: the booking's details sit in
 * `Label: value` lines (`Numero di conferma: 5958915259`, `Check-in: gio 15 gen 2026`).
 */
const GUEST_MESSAGE_LABELS = {
  number:
    /Numero di conferma|Confirmation number|Número de confirmación|Numéro de confirmation|Buchungsnummer/,
  checkIn: /Check-in|Arrivo|Llegada|Arrivée|Anreise/,
  checkOut: /Check-out|Partenza|Salida|Départ|Abreise/,
  guests:
    /Ospiti totali|Total guests|Huéspedes totales|Total de huéspedes|Nombre total de voyageurs|Gäste insgesamt|Ospiti|Guests/,
  guest: /Nome dell'ospite|Nome ospite|Guest name|Nombre del huésped|Nom du client|Name des Gastes/,
  property: /Struttura|Property|Alojamiento|Établissement|Unterkunft/,
};
const GUEST_MESSAGE_EXPECTED: readonly FactField[] = [
  'confirmationCode',
  'checkIn',
  'checkOut',
  'guestCount',
  'guestName',
];

export const bookingComGuestMessage: Template = {
  name: 'booking-com/guest-message',
  platform: 'booking',
  sender: /@mchat\.booking\.com$/i,
  body: /(?:Numero di conferma|Confirmation number|Número de confirmación|Numéro de confirmation)\s*:\s*\d{8,}/i,
  extract: (mail) => {
    const fact = readGuestMessage(mail);
    return fact ? [fact] : [];
  },
};

function readGuestMessage(mail: MailView): Fact | null {
  const value = (label: RegExp): string | null => labelledValue(mail.lines, label);
  const number = digitsIn(value(GUEST_MESSAGE_LABELS.number));
  if (!number) return null;
  const date = (label: RegExp): string | null => {
    const text = value(label);
    return text ? parseDate(text, mail.dates) : null;
  };
  const guests = value(GUEST_MESSAGE_LABELS.guests);
  return makeFact(
    {
      platform: 'booking',
      kind: 'confirmed',
      guestName: value(GUEST_MESSAGE_LABELS.guest) ?? displayName(mail.fromHeader),
      checkIn: date(GUEST_MESSAGE_LABELS.checkIn),
      checkOut: date(GUEST_MESSAGE_LABELS.checkOut),
      guestCount: guests ? (parseGuestCount(guests) ?? countIn(guests)) : null,
      confirmationCode: number,
      listingName: value(GUEST_MESSAGE_LABELS.property),
    },
    GUEST_MESSAGE_EXPECTED,
  );
}

function digitsIn(text: string | null): string | null {
  return text ? (/\d{6,}/.exec(text)?.[0] ?? null) : null;
}

function countIn(text: string): number | null {
  const m = /^\d{1,2}\b/.exec(text.trim());
  return m ? Number(m[0]) : null;
}

/** `"Francesco Brufani via Booking.com" <x@mchat.booking.com>` → `Francesco Brufani`. */
function displayName(fromHeader: string): string | null {
  const name = /^\s*"?([^"<]+?)"?\s*</.exec(fromHeader)?.[1]?.trim();
  const cleaned = name
    ?.replace(/\s+(?:via|tramite|a través de|par l'intermédiaire de)\s+Booking\.com$/i, '')
    .trim();
  return cleaned && !/booking\.com/i.test(cleaned) ? cleaned : null;
}
