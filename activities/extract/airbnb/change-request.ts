import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { type DateRange, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { valueBelow } from '../labelled-lines.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { reservationCodeIn } from './reservation-code.js';

const SUBJECT =
  /^(.+?) (?:wants to change their reservation|quiere (?:hacer un cambio en|modificar) su reserva|vuole modificare la (?:sua )?prenotazione|souhaite modifier (?:sa|la) réservation)/i;

/** Before/after blocks: `ORIGINAL DATES` / `REQUESTED DATES`, `VIAJEROS ORIGINALES` / `VIAJEROS SOLICITADOS`. */
const BLOCKS = {
  originalDates: /ORIGINAL DATES|FECHAS ORIGINALES|DATE ORIGINALI|DATES INITIALES/,
  requestedDates: /REQUESTED DATES|FECHAS SOLICITADAS|DATE RICHIESTE|DATES DEMANDÉES/,
  originalGuests:
    /ORIGINAL GUESTS|VIAJEROS ORIGINALES|HUÉSPEDES ORIGINALES|OSPITI ORIGINALI|VOYAGEURS INITIAUX/,
  requestedGuests:
    /REQUESTED GUESTS|VIAJEROS SOLICITADOS|HUÉSPEDES SOLICITADOS|OSPITI RICHIESTI|VOYAGEURS DEMANDÉS/,
};

export const airbnbChangeRequest: Template = {
  name: 'airbnb/change-request',
  platform: 'airbnb',
  header: /ALTERATION_REQUEST/i,
  subject: SUBJECT,
  body: /WANTS TO CHANGE THEIR RESERVATION|QUIERE HACER UN CAMBIO EN SU RESERVA|VUOLE MODIFICARE LA/,
  extract: (mail) => [readChangeRequest(mail)],
};

function readChangeRequest(mail: MailView): Fact {
  const below = (label: RegExp): string | null => valueBelow(mail.lines, label);
  const range = (label: RegExp): DateRange | null => {
    const value = below(label);
    return value ? parseDateRange(value, mail.dates) : null;
  };
  const count = (label: RegExp): number | null => parseGuestCount(below(label) ?? '');
  const original = range(BLOCKS.originalDates);
  const requested = range(BLOCKS.requestedDates);
  const guestCount = count(BLOCKS.originalGuests);
  const requestedGuestCount = count(BLOCKS.requestedGuests);
  // A request changes dates, guests or both: only the blocks present are expected.
  const expected: FactField[] = ['guestName'];
  if (original || requested) expected.push('checkIn', 'checkOut', 'requestedCheckIn', 'requestedCheckOut');
  if (guestCount !== null || requestedGuestCount !== null) expected.push('guestCount', 'requestedGuestCount');
  if (expected.length === 1) expected.push('requestedCheckIn', 'requestedGuestCount');
  return makeFact(
    {
      platform: 'airbnb',
      kind: 'change_requested',
      guestName: SUBJECT.exec(mail.subject)?.[1]?.trim() ?? null,
      checkIn: original?.start ?? null,
      checkOut: original?.end ?? null,
      guestCount,
      confirmationCode: reservationCodeIn(mail.subject),
      requestedCheckIn: requested?.start ?? null,
      requestedCheckOut: requested?.end ?? null,
      requestedGuestCount,
    },
    expected,
  );
}
