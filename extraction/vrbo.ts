import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { parseDateRange } from './dates.js';
import type { Fact } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { type Found, labelledValue } from './labelled-lines.js';
import type { MailView } from './mail-view.js';
import type { Template } from './template.js';
import { labelSource } from './vocabulary.js';

/**
 * `Reservation from NAME: Aug 12 - Aug 15, 2026 - Vrbo #4353572`, `Instant Booking from NAME: …`,
 * and the brands' translations: Abritel `Réservation de NAME : 12 août - 15 août 2026`, FeWo-direkt
 * `Buchung von NAME: 12. Aug. - 15. Aug. 2026`, `Reserva de NAME: …`.
 */
const SUBJECT =
  /^(?:Reservation|Instant Booking|Booking|Confirmed reservation|Réservation(?: instantanée)?|Buchung|Sofortbuchung|Reserva(?: instantánea| imediata)?|Prenotazione(?: immediata)?|Boeking|Reservering)\s+(?:from|de|von|di|da|van)\s+([^:]{1,80}?)\s?:[ \t]*(\S.{0,79}?)(?:\s+-\s+(?:Vrbo|HomeAway|Abritel|FeWo-direkt|Stayz|Bookabach)\s*#\s*\d+)?\s*$/i;
/** Vrbo's own labels, beyond the vocabulary's. */
const LABELS = {
  dates: 'Dates|Stay dates',
  traveler: 'Traveler Name|Traveller Name',
};
const RESERVATION_ID = /\b(?:HA|VB)-[A-Z0-9]{5,}\b/;

const EXPECTED: readonly FactField[] = ['guestName', 'checkIn', 'checkOut', 'guestCount', 'confirmationCode'];

export const vrboReservation: Template = {
  name: 'vrbo/reservation',
  platform: 'vrbo',
  subject: SUBJECT,
  body: /Traveler Name:/,
  extract: (mail) => [readReservation(mail)],
  expected: EXPECTED,
};

function readReservation(mail: MailView): Fact {
  const value = (label: string): Found | null => labelledValue(mail.lines, label);
  const subject = SUBJECT.exec(mail.subject);
  const dates = value(LABELS.dates) ?? value(labelSource('stayDates'));
  const stay = parseDateRange(dates?.value ?? subject?.[2] ?? '', mail.dates);
  const code = value(labelSource('confirmationNumber'));
  const traveler = value(LABELS.traveler) ?? value(labelSource('guestName'));
  const guests = value(labelSource('guests'));
  const property = value(labelSource('propertyName'));
  const idInText = RESERVATION_ID.exec(mail.text);
  const confirmationCode =
    RESERVATION_ID.exec(code?.value ?? '')?.[0] ?? code?.value ?? idInText?.[0] ?? null;
  const stayAt = dates ? dates.line : subject ? 'subject' : null;
  return makeFact(
    mail,
    {
      platform: 'vrbo',
      kind: 'confirmed',
      guestName: traveler?.value ?? subject?.[1]?.trim() ?? null,
      checkIn: stay?.start ?? null,
      checkOut: stay?.end ?? null,
      guestCount: parseGuestCount(guests?.value ?? ''),
      confirmationCode,
      listingName: property?.value ?? null,
    },
    EXPECTED,
    {
      guestName: traveler ? traveler.line : 'subject',
      checkIn: stayAt,
      checkOut: stayAt,
      guestCount: guests?.line,
      confirmationCode: code ? code.line : idInText ? { offset: idInText.index } : null,
      listingName: property?.line,
    },
  );
}
