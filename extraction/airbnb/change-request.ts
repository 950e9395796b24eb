import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { type DateRange, parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { type Found, valueBelow } from '../labelled-lines.js';
import { isListingName } from '../listing-name.js';
import type { MailView } from '../mail-view.js';
import type { Template } from '../template.js';
import { reservationCodeIn } from './reservation-code.js';

const SUBJECT =
  /^(.{1,80}?) (?:wants to change their reservation|quiere (?:hacer un cambio en|modificar) su reserva|vuole modificare la (?:sua )?prenotazione|souhaite modifier (?:sa|la) réservation|möchte (?:seine|ihre|die) Buchung ändern|quer alterar (?:a sua|sua|a) reserva|wil (?:zijn|haar|de) reservering wijzigen)/i;

/** Before/after blocks: `ORIGINAL DATES` / `REQUESTED DATES`, `VIAJEROS ORIGINALES` / `VIAJEROS SOLICITADOS`. */
const BLOCKS = {
  originalDates:
    /ORIGINAL DATES|FECHAS ORIGINALES|DATE ORIGINALI|DATES INITIALES|URSPRÜNGLICHE DATEN|DATAS ORIGINAIS|OORSPRONKELIJKE DATA/,
  requestedDates:
    /REQUESTED DATES|FECHAS SOLICITADAS|DATE RICHIESTE|DATES DEMANDÉES|ANGEFRAGTE DATEN|DATAS SOLICITADAS|GEVRAAGDE DATA/,
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
  // its fields describe two stays (before and after): nothing else fills them
  genericFill: false,
};

function readChangeRequest(mail: MailView): Fact {
  const below = (label: RegExp): Found | null => valueBelow(mail.lines, label.source);
  const range = (label: RegExp): { range: DateRange; line: number } | null => {
    const found = below(label);
    const parsed = found ? parseDateRange(found.value, mail.dates) : null;
    return found && parsed ? { range: parsed, line: found.line } : null;
  };
  const count = (label: RegExp): { count: number; line: number } | null => {
    const found = below(label);
    const parsed = found ? parseGuestCount(found.value) : null;
    return found && parsed !== null ? { count: parsed, line: found.line } : null;
  };
  const original = range(BLOCKS.originalDates);
  const requested = range(BLOCKS.requestedDates);
  const guests = count(BLOCKS.originalGuests);
  const requestedGuests = count(BLOCKS.requestedGuests);
  // A request changes dates, guests or both: only the blocks present are expected.
  const expected: FactField[] = ['guestName'];
  if (original || requested) expected.push('checkIn', 'checkOut', 'requestedCheckIn', 'requestedCheckOut');
  if (guests || requestedGuests) expected.push('guestCount', 'requestedGuestCount');
  if (expected.length === 1) expected.push('requestedCheckIn', 'requestedGuestCount');
  const codeInSubject = reservationCodeIn(mail.subject);
  const guestName = SUBJECT.exec(mail.subject)?.[1]?.trim() ?? null;
  const listing = listingInHeader(mail, guestName);
  return makeFact(
    mail,
    {
      platform: 'airbnb',
      kind: 'change_requested',
      guestName,
      checkIn: original?.range.start ?? null,
      checkOut: original?.range.end ?? null,
      guestCount: guests?.count ?? null,
      confirmationCode: codeInSubject,
      listingName: listing?.value ?? null,
      requestedCheckIn: requested?.range.start ?? null,
      requestedCheckOut: requested?.range.end ?? null,
      requestedGuestCount: requestedGuests?.count ?? null,
    },
    expected,
    {
      guestName: 'subject',
      checkIn: original?.line,
      checkOut: original?.line,
      guestCount: guests?.line,
      confirmationCode: codeInSubject ? 'subject' : null,
      listingName: listing?.line,
      requestedCheckIn: requested?.line,
      requestedCheckOut: requested?.line,
      requestedGuestCount: requestedGuests?.line,
    },
  );
}

/**
 * `· Charming Family Stay`, `4A · 4A Suit Lujosa | Mall del Río`: the listing after a middle dot,
 * beside its nickname or the guest's name.
 */
const BESIDE_GUEST = /^(?:(.{1,60}?) )?· (.{2,120})$/u;
/** A listing's nickname as hosts set it: one short token (`4A`, `CF`, `Loft2`). */
const NICKNAME = /^[\p{L}\d-]{1,8}$/u;
/** `3 reviews`, `2 Bewertungen`: a count beside a name is no listing. */
const COUNT = /^\d+ \p{L}+$/u;

/**
 * The header names the guest and, after a middle dot, the listing. Only lines above the first
 * block are read, and only a dot after nothing, a nickname or the guest's name.
 */
function listingInHeader(mail: MailView, guestName: string | null): Found | null {
  const firstBlock = mail.lines.findIndex(
    (line) => BLOCKS.originalDates.test(line) || BLOCKS.originalGuests.test(line),
  );
  const end = firstBlock >= 0 ? firstBlock : Math.min(mail.lines.length, 10);
  for (let at = 0; at < end; at++) {
    const found = BESIDE_GUEST.exec(mail.lines[at]!.slice(0, 300));
    if (!found) continue;
    const before = found[1]?.trim().toLowerCase();
    const value = found[2]!.trim();
    // nothing, the guest's name, or the listing's short nickname (`4A`, `CF`) before the dot
    const byGuest =
      !before || NICKNAME.test(before) || (guestName !== null && before === guestName.toLowerCase());
    if (byGuest && isListingName(value) && !COUNT.test(value)) return { value, line: at };
  }
  return null;
}
