import { makeFact, STAY_FIELDS } from '../confidence.js';
import { arrivalSoonSource } from '../conversation.js';
import type { Fact } from '../fact.js';
import { fullNameInHead } from '../guest-name.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { wordsOf } from '../vocabulary.js';
import { datesBlockAt, readCode, readGuestCount, readListing, readStay } from './reservation-blocks.js';

/**
 * Pre-arrival reminders (`Reservation reminder: Andrew is coming soon!`, `Reminder: Ana arrives
 * Thursday`, `Ana arrives in 3 days`, `Upcoming reservation`, and their translations) restate a
 * stay that was confirmed before: listing, dates, guests, code, in the confirmation's blocks.
 *
 * Their facts are of kind `message`: they enrich the booking (guest, count, code, listing) and
 * never confirm it. A reminder read again after a cancellation (a reprocess, a late sync) must not
 * bring the stay back, and the confirmation that came first already confirmed it.
 */
const REMINDER_WORDS =
  'Reservation reminder|Booking reminder|Reminder|Recordatorio de (?:la )?reserva|Recordatorio|Promemoria(?: (?:della )?prenotazione)?|Rappel(?: de réservation)?|Buchungserinnerung|Erinnerung|Lembrete(?: de reserva)?|Herinnering(?: reservering)?';
const UPCOMING =
  'Upcoming reservation|Próxima reserva|Reserva próxima|Prenotazione imminente|Prossima prenotazione|Réservation à venir|Prochaine réservation|Bevorstehende (?:Buchung|Reservierung)|Reserva futura|Aankomende reservering';

const SUBJECT = new RegExp(
  `^(?:(?:${REMINDER_WORDS})\\s*:|(?:${UPCOMING})(?![\\p{L}])|\\S.{0,60}? ${arrivalSoonSource()})`,
  'iu',
);
/** The guest in the subject: `Reminder: NAME is coming soon`, `NAME arrives in 3 days`. */
const SUBJECT_GUEST = new RegExp(`(?:^|:\\s*)([^:!?]{1,60}?) (?:${wordsOf('arrives').source})`, 'iu');

export const airbnbReminder: Template = {
  name: 'airbnb/reminder',
  platform: 'airbnb',
  header: /REMINDER|PRE_?ARRIVAL|UPCOMING_(?:RESERVATION|STAY|ARRIVAL)/i,
  subject: SUBJECT,
  extract: (mail) => {
    const fact = readReminder(mail);
    return fact ? [fact] : [];
  },
  // a reminder without the stay's blocks (a checklist, a tip) carries nothing to record
  quiet: true,
  // the same blocks as a confirmation: what the template misses, nothing else fills on this layout
  genericFill: false,
};

const WEAK_CEILING = 0.89;

function readReminder(mail: MailView): Fact | null {
  const stay = readStay(mail);
  const code = readCode(mail);
  // a reminder that does not restate the stay says nothing we can use
  if (!stay || !code) return null;
  const guests = readGuestCount(mail);
  const guest = guestOf(mail);
  const listing = readListing(mail, guest?.value ?? null);
  const fact = makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'message',
      guestName: guest?.value ?? null,
      checkIn: stay.range.start,
      checkOut: stay.range.end,
      guestCount: guests?.count ?? null,
      confirmationCode: code.code,
      listingName: listing?.value ?? null,
    },
    STAY_FIELDS,
    {
      guestName: guest?.source,
      checkIn: stay.inLine,
      checkOut: stay.outLine,
      guestCount: guests?.line,
      confirmationCode: code.source,
      listingName: listing?.line,
    },
  );
  return listing?.weak ? { ...fact, confidence: Math.min(fact.confidence, WEAK_CEILING) } : fact;
}

/**
 * The guest's full name: the subject gives the first name (`Andrew is coming soon`), the guest's
 * block above the dates gives it whole (`Andrew Wilson`, the line that starts with it).
 */
function guestOf(mail: MailView): { value: string; source: number | 'subject' } | null {
  const first = SUBJECT_GUEST.exec(mail.subject.slice(0, 300))?.[1]?.trim();
  if (!first || /\d/.test(first)) return null;
  const whole = fullNameInHead(mail.lines, first, datesBlockAt(mail));
  if (whole) return { value: whole.value, source: whole.line };
  return { value: first, source: 'subject' };
}
