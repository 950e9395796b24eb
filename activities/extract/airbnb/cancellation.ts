import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { type DateRange, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { reservationCodeIn } from './reservation-code.js';

const SUBJECT = /^(?:Canceled|Cancelled|Cancelada|Cancellata|Annulée)\s*:/i;
/** `Listing #810948342542502060` / `Anuncio n.º …` sits under the listing's name. */
const LISTING_NUMBER = /^(?:Listing|Anuncio|Annuncio|Annonce)\s*(?:#|n\.?\s*º|n\.|n°)\s*\d+/i;
/** The line under the listing number: `Aug 7 – 10, 3 guests`. */
const STAY_AND_GUESTS = /\d.*,\s*\d+\s+\p{L}+$/u;

const GUEST_SENTENCES: readonly RegExp[] = [
  /your guest (.{1,80}?) had to cancel/i,
  /(?:de que|que) (.{1,80}?), tu (?:viajero|huésped|viajera), ha (?:tenido que cancelar|cancelado)/i,
  /tu (?:viajero|huésped),? (.{1,80}?),? ha (?:tenido que cancelar|cancelado)/i,
  /(?:il tuo ospite|l'ospite) (.{1,80}?) ha (?:dovuto cancellare|cancellato)/i,
  /(?:votre voyageur|le voyageur) (.{1,80}?) a dû annuler/i,
];

const EXPECTED: readonly FactField[] = [
  'guestName',
  'checkIn',
  'checkOut',
  'guestCount',
  'confirmationCode',
  'listingName',
];

export const airbnbCancellation: Template = {
  name: 'airbnb/cancellation',
  platform: 'airbnb',
  header: /CANCELLATIONS?_RESERVATION_CANCEL+ED_BY_GUEST|RESERVATION_CANCEL+ED/i,
  subject: SUBJECT,
  body: /RESERVATION CANCELL?ED|RESERVA CANCELADA|PRENOTAZIONE CANCELLATA|RÉSERVATION ANNULÉE/,
  extract: (mail) => [readCancellation(mail)],
};

function readCancellation(mail: MailView): Fact {
  const { lines } = mail;
  const numberAt = lines.findIndex((line) => LISTING_NUMBER.test(line));
  const stayLine =
    numberAt >= 0 ? lines.slice(numberAt + 1).find((line) => STAY_AND_GUESTS.test(line)) : undefined;
  const stay = stayFrom(mail, stayLine);
  return makeFact(
    {
      platform: 'airbnb',
      kind: 'cancelled',
      guestName: guestName(mail.flat),
      checkIn: stay?.start ?? null,
      checkOut: stay?.end ?? null,
      guestCount: stayLine ? parseGuestCount(stayLine) : null,
      confirmationCode: reservationCodeIn(mail.subject) ?? reservationCodeIn(mail.text),
      listingName: numberAt > 0 ? (lines[numberAt - 1] ?? null) : null,
    },
    EXPECTED,
  );
}

/** The subject names the stay with its year (`Aug 7 – 10, 2026`); the body line only as a fallback. */
function stayFrom(mail: MailView, stayLine: string | undefined): DateRange | null {
  const subjectStay = SUBJECT.test(mail.subject) ? parseDateRange(mail.subject, mail.dates) : null;
  return (
    subjectStay ?? (stayLine ? parseDateRange(stayLine.replace(/,\s*\d+\s+\p{L}+$/u, ''), mail.dates) : null)
  );
}

function guestName(flat: string): string | null {
  for (const sentence of GUEST_SENTENCES) {
    const name = sentence.exec(flat)?.[1]?.trim();
    if (name) return name;
  }
  return null;
}
