import type { FactField } from './confidence.js';
import { makeFact } from './confidence.js';
import { parseDateRange } from './dates.js';
import type { Fact } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { labelledValue } from './labelled-lines.js';
import type { MailView } from './mail-view.js';
import type { Template } from './template.js';

/** `Reservation from NAME: Aug 12 - Aug 15, 2026 - Vrbo #4353572`, `Instant Booking from NAME: …`. */
const SUBJECT =
  /^(?:Reservation|Instant Booking|Booking) from (.+?):\s*(.+?)(?:\s+-\s+(?:Vrbo|HomeAway)\s*#\s*\d+)?\s*$/i;
const LABELS = {
  code: /Reservation ID|Booking ID|Confirmation number/,
  dates: /Dates|Stay dates/,
  guests: /Guests|Number of guests/,
  traveler: /Traveler Name|Traveller Name|Guest Name/,
  property: /Property(?: name)?|Listing(?: name)?/,
};
const RESERVATION_ID = /\b(?:HA|VB)-[A-Z0-9]{5,}\b/;

const EXPECTED: readonly FactField[] = ['guestName', 'checkIn', 'checkOut', 'guestCount', 'confirmationCode'];

export const vrboReservation: Template = {
  name: 'vrbo/reservation',
  platform: 'vrbo',
  subject: SUBJECT,
  body: /Traveler Name:/,
  extract: (mail) => [readReservation(mail)],
};

function readReservation(mail: MailView): Fact {
  const value = (label: RegExp): string | null => labelledValue(mail.lines, label);
  const subject = SUBJECT.exec(mail.subject);
  const stay = parseDateRange(value(LABELS.dates) ?? subject?.[2] ?? '', mail.dates);
  const code = value(LABELS.code);
  return makeFact(
    {
      platform: 'vrbo',
      kind: 'confirmed',
      guestName: value(LABELS.traveler) ?? subject?.[1]?.trim() ?? null,
      checkIn: stay?.start ?? null,
      checkOut: stay?.end ?? null,
      guestCount: parseGuestCount(value(LABELS.guests) ?? ''),
      confirmationCode:
        RESERVATION_ID.exec(code ?? '')?.[0] ?? code ?? RESERVATION_ID.exec(mail.text)?.[0] ?? null,
      listingName: value(LABELS.property),
    },
    EXPECTED,
  );
}
