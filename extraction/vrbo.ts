import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { isConversation } from './conversation.js';
import { parseDateRange } from './dates.js';
import type { Fact } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { type Found, labelledValue } from './labelled-lines.js';
import { isListingName } from './listing-name.js';
import type { MailView } from './mail-view.js';
import { noFacts, type Template } from './template.js';
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

/**
 * Inquiries (`Inquiry from NAME: Sep 27 - Sep 29, 2023 - Vrbo #3506302`, `NAME is interested in your
 * property`) and replies in their threads ask about dates nobody booked: no fact, and nothing to flag.
 */
const INQUIRY_SUBJECT =
  /^(?:Inquiry|Enquiry|Booking request|Reservation request|Demande(?: de réservation)?|Anfrage|Buchungsanfrage|Consulta|Solicitud(?: de reserva)?|Richiesta(?: di prenotazione)?|Pedido(?: de reserva)?|Solicitação|Aanvraag|Boekingsaanvraag|Verzoek)\s+(?:from|de|von|di|da|van)\s/i;
const INQUIRY_BODY =
  /\bis interested in your property\b|^Inquiry from:?$|\bRespond to this Inquiry\b|s'intéresse à votre (?:logement|propriété|hébergement)|interessiert sich für Ihre Unterkunft|está interesad[oa] en tu (?:propiedad|alojamiento)|è interessat[oa] alla tua (?:proprietà|struttura)|está interessad[oa] na sua propriedade|is geïnteresseerd in je accommodatie/im;

export const vrboInquiry: Template = {
  name: 'vrbo/inquiry',
  platform: 'vrbo',
  subject: INQUIRY_SUBJECT,
  body: (mail) => INQUIRY_BODY.test(mail.text.slice(0, 20_000)),
  extract: noFacts,
  quiet: true,
};

/** Review notices (`Alan reviewed their stay (…) at your property # 2813936`): no stay to record. */
export const vrboReview: Template = {
  name: 'vrbo/review',
  platform: 'vrbo',
  sender: /@reviews\.(?:homeaway|vrbo|abritel|fewo-direkt)\.[a-z.]+$/i,
  subject:
    /\breviewed (?:their|his|her|your) stay\b|\bleft (?:you )?a review\b|a évalué son séjour|hat (?:seinen|ihren) Aufenthalt bewertet|ha valorado su estancia|ha recensito il (?:suo )?soggiorno/i,
  extract: noFacts,
  quiet: true,
};

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
  const property = listingOf(mail);
  const idInText = RESERVATION_ID.exec(mail.text);
  const confirmationCode =
    RESERVATION_ID.exec(code?.value ?? '')?.[0] ?? code?.value ?? idInText?.[0] ?? null;
  const stayAt = dates ? dates.line : subject ? 'subject' : null;
  return makeFact(
    mail,
    {
      platform: 'vrbo',
      // a traveller's answer in the reservation's thread restates the stay: a message
      kind: isConversation(mail) ? 'message' : 'confirmed',
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

/**
 * The listing under a property label: Vrbo writes the property's number under `Property:`
 * (`#3506302`, `External ID …`) and the listing's name under `Unit:`; the first value that can be a
 * name is the listing.
 */
function listingOf(mail: MailView): Found | null {
  const label = labelSource('propertyName');
  for (let from = 0, tries = 0; tries < MAX_PROPERTY_LABELS; tries++) {
    const found = labelledValue(mail.lines, label, from);
    if (!found) return null;
    if (isListingName(found.value)) return found;
    from = found.line + 1;
  }
  return null;
}

const MAX_PROPERTY_LABELS = 4;
