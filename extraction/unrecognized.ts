import { parseDateRange, parseDates } from './dates.js';
import type { MailView } from './mail-view.js';
import { wordsOf } from './vocabulary.js';

/**
 * Whether a mail that gave no fact must be shown to a person. Two questions, both pure and cheap:
 * does it say it carries no stay (its subject names a review, an inquiry, a message, a payment, a
 * reminder, marketing), and does it look like booking mail (reservation words in any vocabulary
 * language with a stay's dates, or a relay's or platform's sender with reservation words)?
 */

/** How much of a body is searched for reservation words and dates: booking facts sit near the top. */
const WORD_SCAN_CHARS = 20_000;
const DATE_SCAN_LINES = 300;
const MAX_LINE_CHARS = 500;

/** The subject names a kind of mail that carries no booking, in any vocabulary language. */
export function saysNoBooking(mail: Pick<MailView, 'subject'>): boolean {
  return wordsOf('notBooking').test(mail.subject.slice(0, MAX_LINE_CHARS));
}

/** Reservation words, and a stay's dates or a sender that relays or sells stays. */
export function looksLikeBookingMail(mail: MailView, knownSender: boolean): boolean {
  return speaksOfBookings(mail) && (knownSender || hasStayDates(mail));
}

/**
 * Reservation or cancellation words (any vocabulary language) in the subject or the body's first characters. A
 * mail without them and without a reservation number is no booking, whatever dates its labels
 * hold: a website's contact form asking about `Arrival Date:` and `Departure Date:` is a question.
 */
export function speaksOfBookings(mail: Pick<MailView, 'subject' | 'flat'>): boolean {
  const subject = mail.subject.slice(0, MAX_LINE_CHARS);
  const body = mail.flat.slice(0, WORD_SCAN_CHARS);
  // a cancellation (`Nueva cancelación para …`) speaks of a booking too
  return [wordsOf('booking'), wordsOf('cancelled')].some((words) => words.test(subject) || words.test(body));
}

/** A date range in the subject, or two dates or more in the subject and the body's first lines. */
function hasStayDates(mail: MailView): boolean {
  if (parseDateRange(mail.subject, mail.dates)) return true;
  let found = parseDates(mail.subject, mail.dates).length;
  for (const line of mail.lines.slice(0, DATE_SCAN_LINES)) {
    found += parseDates(line.slice(0, MAX_LINE_CHARS), mail.dates).length;
    if (found >= 2) return true;
  }
  return false;
}
