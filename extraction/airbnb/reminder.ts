import { makeFact, STAY_FIELDS } from '../confidence.js';
import type { Fact } from '../fact.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { isButtonText } from '../vocabulary.js';
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
const ARRIVAL_VERBS =
  'is coming|arrives|will arrive|is arriving|llega|llegará|arriva|arriverà|arrive|arrivera|kommt|reist|chega|chegará|komt|arriveert';
const REMINDER_WORDS =
  'Reservation reminder|Booking reminder|Reminder|Recordatorio de (?:la )?reserva|Recordatorio|Promemoria(?: (?:della )?prenotazione)?|Rappel(?: de réservation)?|Buchungserinnerung|Erinnerung|Lembrete(?: de reserva)?|Herinnering(?: reservering)?';
const UPCOMING =
  'Upcoming reservation|Próxima reserva|Reserva próxima|Prenotazione imminente|Prossima prenotazione|Réservation à venir|Prochaine réservation|Bevorstehende (?:Buchung|Reservierung)|Reserva futura|Aankomende reservering';
/** `in 3 days`, `tomorrow`, `en 3 días`, `mañana`, `tra 3 giorni`, `domani`, `dans 3 jours`, `demain`, … */
const SOON =
  "in \\d{1,2} days|tomorrow|today|soon|en \\d{1,2} días|mañana|hoy|pronto|tra \\d{1,2} giorni|domani|oggi|presto|dans \\d{1,2} jours|demain|aujourd’hui|aujourd'hui|bientôt|in \\d{1,2} Tagen|morgen|heute|bald|em \\d{1,2} dias|amanhã|hoje|em breve|over \\d{1,2} dagen|vandaag|binnenkort";

const SUBJECT = new RegExp(
  `^(?:(?:${REMINDER_WORDS})\\s*:|(?:${UPCOMING})(?![\\p{L}])|\\S.{0,60}? (?:${ARRIVAL_VERBS}) (?:${SOON})(?![\\p{L}]))`,
  'iu',
);
/** The guest in the subject: `Reminder: NAME is coming soon`, `NAME arrives in 3 days`. */
const SUBJECT_GUEST = new RegExp(`(?:^|:\\s*)([^:!?]{1,60}?) (?:${ARRIVAL_VERBS})(?![\\p{L}])`, 'iu');

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

/** A name line: two to four words of letters, no digits, no sentence punctuation. */
const NAME_LINE = /^\p{L}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){1,3}$/u;

/**
 * The guest's full name: the subject gives the first name (`Andrew is coming soon`), the guest's
 * block above the dates gives it whole (`Andrew Wilson`, the line that starts with it).
 */
function guestOf(mail: MailView): { value: string; source: number | 'subject' } | null {
  const first = SUBJECT_GUEST.exec(mail.subject.slice(0, 300))?.[1]?.trim();
  if (!first || /\d/.test(first)) return null;
  const end = datesBlockAt(mail);
  const prefix = `${first.toLowerCase()} `;
  for (let at = 0; at < (end >= 0 ? end : Math.min(mail.lines.length, 20)); at++) {
    const line = mail.lines[at]!;
    if (line.toLowerCase().startsWith(prefix) && isNameLine(line)) {
      return { value: line, source: at };
    }
  }
  return { value: first, source: 'subject' };
}

/** `Andrew Wilson`, `江理子 Qing`: no word starts lower case (`Andrew is coming soon` is a sentence). */
function isNameLine(line: string): boolean {
  return NAME_LINE.test(line) && !/(?:^| )\p{Ll}/u.test(line) && !isButtonText(line);
}
