import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { parseDate, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { type Found, labelledValue } from '../labelled-lines.js';
import { isListingName } from '../listing-name.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { labelSource, wordsOf } from '../vocabulary.js';
import { readStay } from './reservation-blocks.js';
import { RESERVATION_CODE } from './reservation-code.js';

/**
 * Guest messages (`express@airbnb.com`, threads `RE: Reservation at LISTING for Jul 29 - Aug 2,
 * 2026`, German `RE: Buchung für „LISTING“, 16.–19. Juni`) are conversations. They become a fact
 * (kind `message`) only when they restate the reservation: its code and its dates, or the dates
 * block of the body (`Check-in  Check-out` over the two dates) under the listing the subject names.
 * They enrich; they never confirm. The host's own replies echoed back (the writer's role is
 * `Co-host`, `Co-Gastgeber:in`, …) and inquiries give no fact.
 */
const RESERVATION_AT =
  'Reservation at|Reserva en|Prenotazione (?:presso|per)|Réservation (?:à|pour)|Buchung (?:für|in)|Reservierung (?:für|in)|Reserva em|Reservering (?:bij|voor)';
const FOR = 'for|para|per|pour|für|voor|em|dal|du|vom|van';
const SUBJECT = new RegExp(
  `^(?:${RESERVATION_AT})\\s+(?:[„"“«‹](.{1,120}?)[“"”»›],?|(.{1,120}?)\\s+(?:${FOR}))\\s+(?:(?:${FOR})\\s+)?(\\S.{0,80})$`,
  'iu',
);

/** The writer's role under their name: a guest's words restate the stay, a host's do not concern us. */
const GUEST_ROLE =
  /^(?:Guest|Booker|Booking guest|Huésped|Viajero|Viajera|Ospite|Voyageur|Voyageuse|Gast|Buchende Person|Hóspede|Boeker)$/i;
const HOST_ROLE =
  /^(?:Co-?host|Host|Cohost|Anfitri[oó]n|Anfitriona|Coanfitri[oó]n|Coanfitriona|Co-?hôte|Hôte|Gastgeber(?::?in)?|Co-Gastgeber(?::?in)?|Anfitrião|Coanfitrião|Mede-?host|Verhuurder)$/i;
/** The writer's name and role head the body. */
const HEAD_LINES = 4;

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
  // an inquiry or a request is about dates nobody booked
  if (wordsOf('inquiry').test(mail.subject.slice(0, 300))) return null;
  const writer = writerOf(mail);
  if (writer?.host) return null;
  const subject = SUBJECT.exec(mail.subject);
  const listingInSubject = (subject?.[1] ?? subject?.[2])?.trim() ?? null;
  const code = RESERVATION_CODE.exec(mail.text.slice(0, 200_000));
  const value = (concept: Parameters<typeof labelSource>[0]): Found | null =>
    labelledValue(mail.lines, labelSource(concept));
  const inLabel = value('checkIn');
  const outLabel = value('checkOut');
  const labelled =
    inLabel && outLabel
      ? { start: parseDate(inLabel.value, mail.dates), end: parseDate(outLabel.value, mail.dates) }
      : null;
  const block = labelled?.start && labelled.end ? null : readStay(mail);
  const fromSubject = subject ? parseDateRange(subject[3]!, mail.dates) : null;
  const inBody = labelled?.start && labelled.end ? labelled : block ? block.range : null;
  // a conversation that does not restate the reservation says nothing we can use: the code with
  // the dates, or the body's own dates block (the subject is the thread's, on every message)
  const stay = code ? (inBody ?? fromSubject) : inBody;
  if (!stay?.start || !stay.end) return null;
  if (!code && !listingInSubject && !writer) return null;
  const guests = value('guests');
  const bySubject = stay === fromSubject;
  const inSource = labelled?.start ? inLabel?.line : block?.inLine;
  const outSource = labelled?.start ? outLabel?.line : block?.outLine;
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'message',
      guestName: writer?.name ?? null,
      checkIn: stay.start,
      checkOut: stay.end,
      guestCount: guests ? parseGuestCount(guests.value) : null,
      confirmationCode: code?.[0] ?? null,
      listingName: isListingName(listingInSubject) ? listingInSubject : null,
    },
    EXPECTED,
    {
      guestName: writer?.line,
      checkIn: bySubject ? 'subject' : inSource,
      checkOut: bySubject ? 'subject' : outSource,
      guestCount: guests?.line,
      confirmationCode: code ? { offset: code.index } : null,
      listingName: 'subject',
    },
  );
}

/**
 * Who wrote: the name on the line above the writer's role (`ANH THU` / `Buchende Person`). A guest
 * is named; a host or co-host wrote the message themselves.
 */
function writerOf(mail: MailView): { name: string; line: number; host: boolean } | null {
  for (let at = 1; at < Math.min(HEAD_LINES, mail.lines.length); at++) {
    const role = mail.lines[at]!;
    if (HOST_ROLE.test(role)) return { name: mail.lines[at - 1]!, line: at - 1, host: true };
    if (GUEST_ROLE.test(role) && isNameLike(mail.lines[at - 1]!)) {
      return { name: mail.lines[at - 1]!, line: at - 1, host: false };
    }
  }
  return null;
}

function isNameLike(line: string): boolean {
  return (
    line.length <= 60 && /\p{L}{2}/u.test(line) && !/\d|@|https?:/.test(line) && line.split(' ').length <= 5
  );
}
