import { makeFact, STAY_FIELDS } from '../confidence.js';
import { type DateRange, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { RESERVATION_CODE, reservationCodeIn } from './reservation-code.js';

/**
 * `Canceled: Reservation HMFSAPQJFF for Aug 7 – 10, 2026` and its translations; older (2018-2022)
 * subjects put the word after the reservation: `Reservation HMFSAPQJFF canceled`, `Reserva
 * cancelada`, `Your reservation HM… has been cancelled`.
 */
const SUBJECT =
  /^(?:Canceled|Cancelled|Cancelada|Cancelado|Cancellata|Annullata|Annulée|Storniert|Geannuleerd)\s*:|^(?:Your )?(?:Reservation|Reservación|Reserva|Prenotazione|Réservation|Buchung|Reservierung|Reservering) HM[A-Z0-9]{8}\b[^\n]{0,80}?\b(?:cancell?ed|cancelad[ao]|cancellata|annullata|annulée|storniert|geannuleerd)\b/i;
/** `Listing #810948342542502060` / `Anuncio n.º …` sits under the listing's name. */
const LISTING_NUMBER =
  /^(?:Listing|Anuncio|Annuncio|Annonce|Inserat|Anúncio|Advertentie)\s*(?:#|n\.?\s*º|n\.|n°|nr\.?)\s*\d+/i;
/** The line under the listing number: `Aug 7 – 10, 3 guests`. */
const STAY_AND_GUESTS = /\d[^,\n]{0,60},\s*\d+\s+\p{L}+$/u;

/**
 * Older layouts start a line or a sentence with the guest's name: `Ana Silva canceled their
 * reservation`, `Ana canceló su reservación`. A capitalised name of one to four words, read on
 * the lines as written so a listing's last words on the line above are never part of it.
 */
const NAME = "(\\p{Lu}[\\p{L}'’-]{0,30}(?: \\p{Lu}[\\p{L}'’-]{0,30}){0,3})";
const cancelledBy = (verb: string): RegExp => new RegExp(`(?:^[ \\t]*|[.!?] )${NAME}\\s+${verb}`, 'mu');

const GUEST_SENTENCES: readonly RegExp[] = [
  /your guest (.{1,80}?) had to cancel/i,
  /(?:de que|que) (.{1,80}?), tu (?:viajero|huésped|viajera), ha (?:tenido que cancelar|cancelado)/i,
  /tu (?:viajero|huésped),? (.{1,80}?),? ha (?:tenido que cancelar|cancelado)/i,
  /(?:il tuo ospite|l'ospite) (.{1,80}?) ha (?:dovuto cancellare|cancellato)/i,
  /(?:votre voyageur|le voyageur) (.{1,80}?) a dû annuler/i,
];

const GUEST_LINES: readonly RegExp[] = [
  cancelledBy('(?:has )?cancell?ed (?:(?:their|his|her|the) )?reservation'),
  cancelledBy('(?:ha )?cancelado (?:su|la) reserva'),
  cancelledBy('canceló (?:su|la) reserva'),
  cancelledBy('ha (?:cancellato|annullato) la (?:sua )?prenotazione'),
  cancelledBy('a annulé (?:sa|la) réservation'),
  cancelledBy('hat (?:die|seine|ihre) (?:Buchung|Reservierung) storniert'),
  cancelledBy('cancelou (?:a|sua) reserva'),
  cancelledBy('heeft (?:de|zijn|haar) (?:reservering|boeking) geannuleerd'),
];

const EXPECTED = STAY_FIELDS;

export const airbnbCancellation: Template = {
  name: 'airbnb/cancellation',
  platform: 'airbnb',
  header: /CANCELLATIONS?_RESERVATION_CANCEL+ED_BY_GUEST|RESERVATION_CANCEL+ED/i,
  subject: SUBJECT,
  body: /RESERVATION CANCELL?ED|RESERVA CANCELADA|PRENOTAZIONE CANCELLATA|RÉSERVATION ANNULÉE|BUCHUNG STORNIERT|RESERVERING GEANNULEERD/,
  extract: (mail) => [readCancellation(mail)],
  expected: EXPECTED,
};

function readCancellation(mail: MailView): Fact {
  const { lines } = mail;
  const numberAt = lines.findIndex((line) => line.length <= 300 && LISTING_NUMBER.test(line));
  const stayAt =
    numberAt >= 0
      ? lines.findIndex((line, at) => at > numberAt && STAY_AND_GUESTS.test(line.slice(0, 300)))
      : -1;
  const stayLine = stayAt >= 0 ? lines[stayAt] : undefined;
  const stay = stayFrom(mail, stayLine);
  const guest = guestName(mail);
  const codeInSubject = reservationCodeIn(mail.subject);
  const codeInText = codeInSubject ? null : RESERVATION_CODE.exec(mail.text);
  const stayFromSubject = stay?.fromSubject ? 'subject' : stayAt;
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'cancelled',
      guestName: guest?.name ?? null,
      checkIn: stay?.range.start ?? null,
      checkOut: stay?.range.end ?? null,
      guestCount: stayLine ? parseGuestCount(stayLine) : null,
      confirmationCode: codeInSubject ?? codeInText?.[0] ?? null,
      listingName: numberAt > 0 ? (lines[numberAt - 1] ?? null) : null,
    },
    EXPECTED,
    {
      guestName: guest ? { offset: guest.offset } : null,
      checkIn: stayFromSubject,
      checkOut: stayFromSubject,
      guestCount: stayAt,
      confirmationCode: codeInSubject ? 'subject' : codeInText ? { offset: codeInText.index } : null,
      listingName: numberAt - 1,
    },
  );
}

/** The subject names the stay with its year (`Aug 7 – 10, 2026`); the body line only as a fallback. */
function stayFrom(
  mail: MailView,
  stayLine: string | undefined,
): { range: DateRange; fromSubject: boolean } | null {
  const subjectStay = SUBJECT.test(mail.subject) ? parseDateRange(mail.subject, mail.dates) : null;
  if (subjectStay) return { range: subjectStay, fromSubject: true };
  const bodyStay = stayLine ? parseDateRange(stayLine.replace(/,\s*\d+\s+\p{L}+$/u, ''), mail.dates) : null;
  return bodyStay ? { range: bodyStay, fromSubject: false } : null;
}

/**
 * The guest's name in the body's sentence (read on the flattened text: templates wrap it), and
 * where the name first stands in the text.
 */
function guestName(mail: MailView): { name: string; offset: number } | null {
  const flat = mail.flat.slice(0, 50_000);
  for (const sentence of GUEST_SENTENCES) {
    const name = sentence.exec(flat)?.[1]?.trim();
    if (name) return { name, offset: mail.text.indexOf(name.split(' ')[0]!) };
  }
  const text = mail.text.slice(0, 50_000);
  for (const line of GUEST_LINES) {
    const found = line.exec(text);
    if (found?.[1]) return { name: found[1], offset: found.index + found[0].indexOf(found[1]) };
  }
  return null;
}
