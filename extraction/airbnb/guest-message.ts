import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { parseDate, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { type Found, labelledValue } from '../labelled-lines.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { labelSource } from '../vocabulary.js';
import { RESERVATION_CODE } from './reservation-code.js';

/**
 * Guest messages (`express@airbnb.com`, threads `RE: Reservation at LISTING for Jul 29 - Aug 2,
 * 2026`) are conversations. They become a fact (kind `message`) only when they restate the
 * reservation: its code and its dates. They enrich; they never confirm.
 */
const SUBJECT =
  /^(?:Reservation at|Reserva en|Prenotazione (?:presso|per)|Réservation (?:à|pour)|Buchung (?:für|in)|Reserva em|Reservering (?:bij|voor))\s+(.{1,120}?)\s+(?:for|para|per|pour|für|voor|em|dal|du|vom|van)\s+(\S.{0,80})$/iu;

const EXPECTED: readonly FactField[] = ['checkIn', 'checkOut', 'confirmationCode', 'listingName'];

export const airbnbGuestMessage: Template = {
  name: 'airbnb/guest-message',
  platform: 'airbnb',
  sender: /^express@(?:[\w-]+\.)*airbnb\.[a-z.]+$/i,
  subject: SUBJECT,
  extract: (mail) => {
    const fact = readMessage(mail);
    return fact ? [fact] : [];
  },
  quiet: true,
  genericFill: false,
};

function readMessage(mail: MailView): Fact | null {
  const subject = SUBJECT.exec(mail.subject);
  const code = RESERVATION_CODE.exec(mail.text.slice(0, 200_000));
  const value = (concept: Parameters<typeof labelSource>[0]): Found | null =>
    labelledValue(mail.lines, labelSource(concept));
  const inLabel = value('checkIn');
  const outLabel = value('checkOut');
  const labelled =
    inLabel && outLabel
      ? { start: parseDate(inLabel.value, mail.dates), end: parseDate(outLabel.value, mail.dates) }
      : null;
  const fromSubject = subject ? parseDateRange(subject[2]!, mail.dates) : null;
  const stay = labelled?.start && labelled.end ? labelled : fromSubject;
  // a conversation that does not restate the reservation says nothing we can use
  if (!code || !stay?.start || !stay.end) return null;
  const guests = value('guests');
  const bySubject = stay === fromSubject;
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'message',
      checkIn: stay.start,
      checkOut: stay.end,
      guestCount: guests ? parseGuestCount(guests.value) : null,
      confirmationCode: code[0],
      listingName: subject?.[1]?.trim() ?? null,
    },
    EXPECTED,
    {
      checkIn: bySubject ? 'subject' : inLabel?.line,
      checkOut: bySubject ? 'subject' : outLabel?.line,
      guestCount: guests?.line,
      confirmationCode: { offset: code.index },
      listingName: 'subject',
    },
  );
}
