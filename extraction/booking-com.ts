import { channelNamedIn } from './channels.js';
import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { parseDate } from './dates.js';
import type { Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { type Found, labelIndex, labelledValue } from './labelled-lines.js';
import { isListingName, withWrappedTail } from './listing-name.js';
import type { MailView } from './mail-view.js';
import { atMostOne, type Template } from './template.js';
import { labelSource, wordsOf } from './vocabulary.js';

/**
 * Host notifications: `Booking.com - New booking! (5581435138, Sunday, 28 June 2026)`; the date is
 * the check-in. The body adds the property's name and the number again (also in `res_id=`). Some
 * arrive without the `Booking.com - ` prefix (`¡Reserva cancelada! (6017858947, martes, 21 de julio
 * de 2026)`): that form is read only from Booking.com's own address, and only when its heading
 * speaks of a reservation or a cancellation in a vocabulary language.
 */
const NOTIFICATION_SUBJECT = /^Booking\.com\s*[-–]\s*(.{1,80}?)\s*\((\d{6,}),\s*(.{1,80})\)\s*$/i;
const UNPREFIXED_SUBJECT = /^(?!Booking\.com)(.{1,80}?)\s*\((\d{6,}),\s*(.{1,80})\)\s*$/i;
const BOOKING_COM_SENDER = /@(?:[\w-]+\.)*booking\.com$/i;

const NOTIFICATION_KINDS: readonly { kind: FactKind; pattern: () => RegExp }[] = [
  { kind: 'cancelled', pattern: () => /cancel|annul|storn|geannuleerd|cancelad/i },
  { kind: 'cancelled', pattern: () => wordsOf('cancelled') },
  {
    kind: 'confirmed',
    pattern: () =>
      /new|modified|nouvelle|modifiée|nuova|modificata|nueva|modificada|neue|geändert|nova|alterada|nieuwe|gewijzigd/i,
  },
  { kind: 'confirmed', pattern: () => wordsOf('booking') },
];

/** The notice's subject: with Booking.com's prefix, or without it from Booking.com's own address. */
function notificationSubject(mail: MailView): RegExpExecArray | null {
  const prefixed = NOTIFICATION_SUBJECT.exec(mail.subject);
  if (prefixed) return prefixed;
  if (!BOOKING_COM_SENDER.test(mail.from)) return null;
  const bare = UNPREFIXED_SUBJECT.exec(mail.subject);
  const heading = bare?.[1] ?? '';
  // a request (`Solicitud de cancelación`) is no notice of a booking or a cancellation
  const aboutStay = wordsOf('booking').test(heading) || wordsOf('cancelled').test(heading);
  return bare && aboutStay && !wordsOf('inquiry').test(heading) ? bare : null;
}

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
  body: (mail) => notificationSubject(mail) !== null,
  extract: atMostOne(readNotification),
  expected: NOTIFICATION_EXPECTED,
};

function readNotification(mail: MailView): Fact | null {
  const subject = notificationSubject(mail);
  if (!subject) return null;
  const kind = NOTIFICATION_KINDS.find((k) => k.pattern().test(subject[1]!))?.kind;
  if (!kind) return null;
  const value = (concept: Parameters<typeof labelSource>[0]): Found | null =>
    labelledValue(mail.lines, labelSource(concept));
  const guest = value('guestName');
  const property =
    value('propertyName') ??
    propertyInHeader(mail, subject[2]!) ??
    propertyGreeted(mail, subject[2]!) ??
    listingNearNumber(mail, subject[2]!);
  return makeFact(
    mail,
    {
      platform: 'booking',
      kind,
      guestName: guest?.value ?? null,
      checkIn: parseDate(subject[3]!, mail.dates),
      confirmationCode: subject[2]!,
      listingName: property?.value ?? null,
    },
    NOTIFICATION_EXPECTED,
    { guestName: guest?.line, checkIn: 'subject', confirmationCode: 'subject', listingName: property?.line },
  );
}

/** A notice's head: its logo line, the number and the greeting stand in its first lines. */
const HEAD_LINES = 12;
/** `Booking.com Luxury Center`: the logo's text, then the property's name, on one line. */
const HEADER_LINE = /^Booking\.com[ \t]+(\S.{0,119})$/i;
/** `Booking.com B.V.`, `Booking.com Customer Service`: the company, never a property. */
const COMPANY = /^(?:B\.?V\.?|Inc\b|Ltd\b|Limited\b|Customer Service|Partner|Extranet|Team)/i;

/** The property named after Booking.com's name in the notice's head (`Booking.com Casa Azul`). */
function propertyInHeader(mail: MailView, number: string): Found | null {
  for (let line = 0; line < Math.min(HEAD_LINES, mail.lines.length); line++) {
    const name = HEADER_LINE.exec(mail.lines[line]!.slice(0, 200))?.[1]?.trim();
    if (name && !COMPANY.test(name) && isPropertyName(name, number)) return { value: name, line };
  }
  return null;
}

let greeting: RegExp | null = null;
/**
 * `Hola, Luxury Center:`, `Dear Casa Azul,`: a notice addressed to the property greets it by its
 * name (a guest message greets the host, and is not read here).
 */
function propertyGreeted(mail: MailView, number: string): Found | null {
  greeting ??= new RegExp(`^(?:${wordsOf('greeting').source})[,\\s]\\s*(\\S.{0,119}?)\\s*[:,!]?$`, 'iu');
  for (let line = 0; line < Math.min(HEAD_LINES, mail.lines.length); line++) {
    const name = greeting.exec(mail.lines[line]!.slice(0, 200))?.[1]?.trim();
    if (name && !ADDRESSEE.test(name) && isPropertyName(name, number)) return { value: name, line };
  }
  return null;
}

/** `Dear Partner`, `Hola, anfitrión`, `Gentile partner`: whom a notice greets when it names nobody. */
const ADDRESSEE =
  /^(?:(?:our |dear |valued |lieber |liebe )?(?:partners?|hosts?|property owner|owner|sir(?: or madam)?|madam|customer|team|all|there|everyone|socio|socia|anfitri[óo]n|anfitriona|propietari[oa]|partenaire|h[ôo]te|propri[ée]taire|gastgeber(?:in)?|vermieter(?:in)?|host|proprietario|gestore|anfitri[ãa]o|parceiro|propriet[áa]rio|verhuurder|gastheer|gastvrouw)\b)/i;

/** How far from the reservation number's line the property's name stands in a notice's body. */
const NEAR_NUMBER_LINES = 3;
const MAX_HEADING_WORDS = 4;
const MAX_NAME_WORDS = 10;

/**
 * A notice with no property label names the property beside its reservation number (`Booking
 * confirmation — 5581435138` / `Luxury Room Uzorita B&B`, or the name, `Cancellation`, the
 * number): the nearest line that can be a listing's name, and is no sentence, no greeting, no
 * heading of reservation words (`Cancellation`, `New booking!`) and no channel's name.
 */
function listingNearNumber(mail: MailView, number: string): Found | null {
  const at = mail.lines.findIndex((line) => line.length <= 300 && line.includes(number));
  if (at < 0) return null;
  for (let distance = 1; distance <= NEAR_NUMBER_LINES; distance++) {
    for (const line of [at + distance, at - distance]) {
      const text = mail.lines[line];
      if (text !== undefined && isPropertyName(text, number)) return { value: text, line };
    }
  }
  return null;
}

function isPropertyName(text: string, number: string): boolean {
  const words = text.split(/\s+/).length;
  const heading =
    words <= MAX_HEADING_WORDS && (wordsOf('booking').test(text) || wordsOf('cancelled').test(text));
  return (
    isListingName(text) &&
    !text.includes(number) &&
    words <= MAX_NAME_WORDS &&
    !/[,:;.!?]$/.test(text) &&
    !heading &&
    channelNamedIn(text) === null
  );
}

/**
 * Guest messages relayed from `…@mchat.booking.com` or `…@guest.booking.com`, often base64, in the
 * host's or the guest's language: the booking's details sit in `Label: value` lines or a label
 * with its value below (`Numero di conferma: 5958915259`, `Nome struttura:` / `Maggiore Suite`),
 * usually in a details block after the guest's own words, which are never read as labels.
 */
const GUEST_MESSAGE_EXPECTED: readonly FactField[] = [
  'confirmationCode',
  'checkIn',
  'checkOut',
  'guestCount',
  'guestName',
  'listingName',
];

const BOOKING_NUMBER = /\d{6,12}/;
const RELAYS_FOR_BOOKING_COM = /booking\.com/i;
const GUEST_ADDRESS = /@(?:mchat|guest)\.booking\.com\b/i;

/**
 * A Booking.com guest message from a sender we do not know: a sender that says it relays for
 * Booking.com (`Name via Booking.com`) or a body that cites Booking.com's guest addresses, with a
 * confirmation number and a check-in label. Another system's booking mail with the same labels
 * is the generic reader's.
 */
function looksLikeRelay(mail: MailView): boolean {
  if (!RELAYS_FOR_BOOKING_COM.test(mail.fromHeader) && !GUEST_ADDRESS.test(mail.text.slice(0, 200_000)))
    return false;
  const number = labelledValue(mail.lines, labelSource('confirmationNumber'));
  return (
    Boolean(number && BOOKING_NUMBER.test(number.value)) &&
    labelledValue(mail.lines, labelSource('checkIn')) !== null
  );
}

export const bookingComGuestMessage: Template = {
  name: 'booking-com/guest-message',
  platform: 'booking',
  sender: /@(?:mchat|guest)\.booking\.com$/i,
  body: looksLikeRelay,
  extract: atMostOne(readGuestMessage),
  quiet: true,
  genericFill: false,
};

function readGuestMessage(mail: MailView): Fact | null {
  const detailsAt = labelIndex(mail.lines, labelSource('bookingDetails'));
  // the details block when there is one: the guest's own text above it could mimic a label
  const from = detailsAt >= 0 ? detailsAt + 1 : 0;
  const value = (concept: Parameters<typeof labelSource>[0]): Found | null =>
    labelledValue(mail.lines, labelSource(concept), from) ?? labelledValue(mail.lines, labelSource(concept));
  const number = value('confirmationNumber');
  const code = number ? (BOOKING_NUMBER.exec(number.value)?.[0] ?? null) : null;
  if (!code) return null;
  const date = (found: Found | null): string | null => (found ? parseDate(found.value, mail.dates) : null);
  const checkIn = value('checkIn');
  const checkOut = value('checkOut');
  const guests = value('guests');
  const guest = value('guestName');
  const labelledProperty = value('propertyName');
  const property = labelledProperty ? withWrappedTail(mail.lines, labelledProperty) : null;
  const sender = guest ? null : displayName(mail.fromHeader);
  return makeFact(
    mail,
    {
      platform: 'booking',
      kind: 'message',
      guestName: guest?.value ?? sender,
      checkIn: date(checkIn),
      checkOut: date(checkOut),
      guestCount: guests ? (parseGuestCount(guests.value) ?? countIn(guests.value)) : null,
      confirmationCode: code,
      listingName: property?.value ?? null,
    },
    GUEST_MESSAGE_EXPECTED,
    {
      guestName: guest?.line ?? (sender ? 'from' : null),
      checkIn: checkIn?.line,
      checkOut: checkOut?.line,
      guestCount: guests?.line,
      confirmationCode: number?.line,
      listingName: property?.line,
    },
  );
}

function countIn(text: string): number | null {
  const m = /^\d{1,2}\b/.exec(text.trim());
  return m ? Number(m[0]) : null;
}

/** `"Francesco Brufani via Booking.com" <x@mchat.booking.com>` → `Francesco Brufani`. */
function displayName(fromHeader: string): string | null {
  const name = /^\s*"?([^"<]{1,120}?)"?\s*</.exec(fromHeader.slice(0, 300))?.[1]?.trim();
  const cleaned = name
    ?.replace(
      /\s+(?:via|tramite|a través de|par l'intermédiaire de|über|através de|namens)\s+Booking\.com$/i,
      '',
    )
    .trim();
  return cleaned && !/booking\.com/i.test(cleaned) ? cleaned : null;
}
