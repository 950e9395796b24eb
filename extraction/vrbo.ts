import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { isConversation } from './conversation.js';
import { type DateRange, parseDate, parseDateRange } from './dates.js';
import type { Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { readLabelledFields } from './labelled-fields.js';
import { type Found, labelledValue } from './labelled-lines.js';
import { isListingName } from './listing-name.js';
import type { MailView } from './mail-view.js';
import { isPriceBreakdown, type Money, parseMoney } from './money.js';
import { noFacts, type Template } from './template.js';
import { LABEL_DICTIONARY, labelSource, wordsOf } from './vocabulary.js';

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
  traveler:
    'Traveler Name|Traveller Name|Nom du voyageur|Name des Reisenden|Nombre del viajero|Nome del viaggiatore|Nome do viajante|Naam van de reiziger',
};
/** `HA-1YTNT6`, also inside markup (`__HA-1YTNT6__`, `**HA-…**`). */
const RESERVATION_ID = /(?<![A-Z0-9-])(?:HA|VB)-[A-Z0-9]{5,}(?![A-Z0-9])/;

const EXPECTED: readonly FactField[] = ['guestName', 'checkIn', 'checkOut', 'guestCount', 'confirmationCode'];

/**
 * Inquiries (`Inquiry from NAME: Sep 27 - Sep 29, 2023 - Vrbo #3506302`, `NAME is interested in your
 * property`) and replies in their threads ask about dates nobody booked: no fact, and nothing to flag.
 */
const INQUIRY_SUBJECT =
  /^(?:Inquiry|Enquiry|Booking request|Reservation request|Demande(?: de réservation)?|Anfrage|Buchungsanfrage|Consulta|Solicitud(?: de reserva)?|Richiesta(?: di prenotazione)?|Pedido(?: de reserva)?|Solicitação|Aanvraag|Boekingsaanvraag|Verzoek)\s+(?:from|de|von|di|da|van)\s/i;
const INQUIRY_BODY =
  /\bis interested in your property\b|^Inquiry from:?$|\bRespond to this Inquiry\b|s'intéresse à votre (?:logement|propriété|hébergement)|interessiert sich für Ihre Unterkunft|está interesad[oa] en tu (?:propiedad|alojamiento)|è interessat[oa] alla tua (?:proprietà|struttura)|está interessad[oa] na sua propriedade|is geïnteresseerd in je accommodatie/im;

/**
 * An inquiry has no reservation yet: a reply whose `Reservation ID` holds a reservation's code
 * (`HA-L745BN`) is about a booking, even under a `Respond to this Inquiry` button.
 */
export const vrboInquiry: Template = {
  name: 'vrbo/inquiry',
  platform: 'vrbo',
  subject: INQUIRY_SUBJECT,
  body: (mail) => INQUIRY_BODY.test(mail.text.slice(0, 20_000)) && !labelsReservation(mail),
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

function labelsReservation(mail: MailView): boolean {
  const id = labelledValue(mail.lines, labelSource('confirmationNumber'));
  return id !== null && RESERVATION_ID.test(id.value);
}

/**
 * Vrbo's reservation mail, by its subject or by its traveller's label (with a colon, a tab or
 * alone over its value): the booking, the owner's copy of their confirmation (`Details of your
 * upcoming reservation`), a traveller's reply in the reservation's thread, a cancellation.
 */
export const vrboReservation: Template = {
  name: 'vrbo/reservation',
  platform: 'vrbo',
  subject: SUBJECT,
  body: (mail) => labelledValue(mail.lines, LABELS.traveler) !== null,
  extract: (mail) => [readReservation(mail)],
  expected: EXPECTED,
};

/**
 * `message` for a traveller's reply in the thread or a request; `cancelled` when the subject says so in a
 * vocabulary language (`Your reservation was canceled`, `Votre réservation a été annulée`);
 * else `confirmed`.
 */
function kindOf(mail: MailView): FactKind {
  const subject = mail.subject.slice(0, 300);
  // `Cancellation request from Ana` asks; it cancels nothing
  if (isConversation(mail) || wordsOf('inquiry').test(subject)) return 'message';
  return wordsOf('cancelled').test(subject) ? 'cancelled' : 'confirmed';
}

/**
 * The owner's payout under a payout label (`Estimated payout**`, `Your payout`), never the
 * traveller's total or payment; a payout label over a breakdown or a word is passed over.
 */
function payoutOf(mail: MailView): { money: Money; line: number } | null {
  const found = readLabelledFields(mail.lines, LABEL_DICTIONARY).get('payout') ?? [];
  for (const v of found.slice(0, MAX_PAYOUT_LABELS)) {
    const money = isPriceBreakdown(v.value) ? null : parseMoney(v.value.slice(0, 200));
    if (money && money.amount > 0) return { money, line: v.line };
  }
  return null;
}

const MAX_PAYOUT_LABELS = 4;

function readReservation(mail: MailView): Fact {
  const value = (label: string): Found | null => labelledValue(mail.lines, label);
  const subject = SUBJECT.exec(mail.subject);
  const dates = value(LABELS.dates) ?? value(labelSource('stayDates'));
  const ranged = parseDateRange(dates?.value ?? subject?.[2] ?? '', mail.dates);
  const labelled = ranged ? null : labelledStay(mail);
  const stay = ranged ?? labelled;
  const code = value(labelSource('confirmationNumber'));
  const traveler = value(LABELS.traveler) ?? value(labelSource('guestName'));
  const guests = value(labelSource('guests'));
  const property = listingOf(mail);
  const idInText = RESERVATION_ID.exec(mail.text);
  const confirmationCode =
    RESERVATION_ID.exec(code?.value ?? '')?.[0] ?? code?.value ?? idInText?.[0] ?? null;
  const stayAt = dates ? dates.line : subject ? 'subject' : null;
  const payout = payoutOf(mail);
  return makeFact(
    mail,
    {
      platform: 'vrbo',
      kind: kindOf(mail),
      guestName: traveler?.value ?? subject?.[1]?.trim() ?? null,
      checkIn: stay?.start ?? null,
      checkOut: stay?.end ?? null,
      guestCount: parseGuestCount(guests?.value ?? ''),
      confirmationCode,
      listingName: property?.value ?? null,
      payoutAmount: payout?.money.amount ?? null,
      payoutCurrency: payout?.money.currency ?? null,
    },
    EXPECTED,
    {
      guestName: traveler ? traveler.line : 'subject',
      checkIn: labelled ? labelled.inLine : stayAt,
      checkOut: labelled ? labelled.outLine : stayAt,
      guestCount: guests?.line,
      confirmationCode: code ? code.line : idInText ? { offset: idInText.index } : null,
      listingName: property?.line,
      payoutAmount: payout?.line,
      payoutCurrency: payout?.line,
    },
  );
}

/** `Arrive: Mar 21, 2026` and `Depart: Mar 22, 2026` under their own labels (a cancellation's). */
function labelledStay(mail: MailView): (DateRange & { inLine: number; outLine: number }) | null {
  const checkIn = labelledValue(mail.lines, labelSource('checkIn'));
  const checkOut = checkIn ? labelledValue(mail.lines, labelSource('checkOut'), checkIn.line) : null;
  if (!checkIn || !checkOut) return null;
  const start = parseDate(checkIn.value, mail.dates);
  const end = parseDate(checkOut.value, mail.dates);
  return start && end && end > start ? { start, end, inLine: checkIn.line, outLine: checkOut.line } : null;
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
