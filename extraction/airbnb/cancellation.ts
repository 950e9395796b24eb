import { cancellingGuest, listingBlock } from '../cancelled-by.js';
import { makeFact, STAY_FIELDS } from '../confidence.js';
import { type DateRange, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { RESERVATION_CODE, reservationCodeIn } from './reservation-code.js';

/**
 * `Canceled: Reservation HMFSAPQJFF for Aug 7 – 10, 2026` and its translations; older (2018-2022)
 * subjects put the word after the reservation: `Reservation HMFSAPQJFF canceled`, `Reserva
 * cancelada`, `Your reservation HM… has been cancelled`, `Reservation canceled - Jul 1-11, LISTING`.
 */
const SUBJECT =
  /^(?:Canceled|Cancelled|Cancelada|Cancelado|Cancellata|Annullata|Annulée|Storniert|Geannuleerd)\s*:|^(?:Your )?(?:Reservation|Reservación|Reserva|Prenotazione|Réservation|Buchung|Reservierung|Reservering) HM[A-Z0-9]{8}\b[^\n]{0,80}?\b(?:cancell?ed|cancelad[ao]|cancellata|annullata|annulée|storniert|geannuleerd)\b|^(?:Reservation|Reservación|Reserva|Prenotazione|Réservation|Buchung|Reservierung|Reservering) (?:cancell?ed|cancelad[ao]|cancellata|annullata|annulée|storniert|geannuleerd)\s*[-–—:]\s*\S/i;
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
  const block = listingBlock(mail.lines);
  const stay = stayFrom(mail, block?.stay?.text);
  const guest = cancellingGuest(mail);
  const codeInSubject = reservationCodeIn(mail.subject);
  const codeInText = codeInSubject ? null : RESERVATION_CODE.exec(mail.text);
  const stayFromSubject = stay?.fromSubject ? 'subject' : block?.stay?.line;
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'cancelled',
      guestName: guest?.name ?? null,
      checkIn: stay?.range.start ?? null,
      checkOut: stay?.range.end ?? null,
      guestCount: block?.guestCount ?? null,
      confirmationCode: codeInSubject ?? codeInText?.[0] ?? null,
      listingName: block?.listing?.value ?? null,
    },
    EXPECTED,
    {
      guestName: guest ? { offset: guest.offset } : null,
      checkIn: stayFromSubject,
      checkOut: stayFromSubject,
      guestCount: block?.stay?.line,
      confirmationCode: codeInSubject ? 'subject' : codeInText ? { offset: codeInText.index } : null,
      listingName: block?.listing?.line,
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
