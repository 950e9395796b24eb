import type { FactField } from '../confidence.js';
import { makeFact } from '../confidence.js';
import { parseDateRange } from '../dates.js';
import type { Fact } from '../fact.js';
import { parseGuestCount } from '../guest-count.js';
import { labelIndex, valueBelow } from '../labelled-lines.js';
import type { MailView } from '../mail-view.js';
import { currencyCodeIn, type Money, parseMoney } from '../money.js';
import type { Template } from '../template.js';
import { reservationCodeIn } from './reservation-code.js';

const SUBJECT =
  /^(?:Reservation confirmed|Reserva confirmada|Prenotazione confermata|Réservation confirmée)\s*[-:–]\s*(.+?)\s+(?:arrives|llega|arriverà|arrive)(?!\p{L})/iu;
const CHECK_IN = 'Check-?in|Llegada|Arrivo|Arrivée';
const CHECK_OUT = 'Check-?out|Salida|Partenza|Départ';
const DATES_HEADER = new RegExp(`^(?:${CHECK_IN})\\s+(?:${CHECK_OUT})$`, 'i');
/** HTML-only mail puts each table cell on its own line: `Check-in` / `Wed, Jul 29` / `2:00 PM` / `Checkout` / … */
const CHECK_IN_LABEL = new RegExp(CHECK_IN);

const GUESTS_LABEL = /GUESTS|VIAJEROS|HUÉSPEDES|OSPITI|VOYAGEURS/;
const CODE_LABEL = /CONFIRMATION CODE|CÓDIGO DE CONFIRMACIÓN|CODICE DI CONFERMA|CODE DE CONFIRMATION/;
const EARNINGS_LINE = /^(?:YOU EARN|GANAS|TU GUADAGNI|GUADAGNI|VOUS GAGNEZ)\b(.*)$/i;
const HOST_PAYOUT_LABEL =
  /^(?:HOST PAYOUT|COBRO DEL ANFITRIÓN|PAGAMENTO ALL'HOST|COMPENSO DELL'HOST|VERSEMENT DE L'HÔTE)$/i;
const TOTAL_LINE = /^TOT(?:AL|ALE)\b/i;
const ROOM_TYPE =
  /^(?:Entire .+|Private room|Shared room|Hotel room|Casa\/apto\. entero|Alojamiento entero|Habitación (?:privada|compartida|de hotel)|Intero alloggio|Casa\/appartamento intero|Intera casa\/apt|Stanza privata|Stanza condivisa|Camera d'albergo|Logement entier|Chambre privée|Chambre partagée)$/i;

const EXPECTED: readonly FactField[] = [
  'guestName',
  'checkIn',
  'checkOut',
  'guestCount',
  'confirmationCode',
  'listingName',
  'payoutAmount',
  'payoutCurrency',
];

export const airbnbConfirmation: Template = {
  name: 'airbnb/confirmation',
  platform: 'airbnb',
  header: /BOOKING_CONFIRMATION_TO_HOST|reservation_host_confirmation/i,
  subject: SUBJECT,
  body: /NEW BOOKING CONFIRMED|NUEVA RESERVA CONFIRMADA|NUOVA PRENOTAZIONE CONFERMATA|NOUVELLE RÉSERVATION CONFIRMÉE/i,
  extract: (mail) => [readConfirmation(mail)],
};

function readConfirmation(mail: MailView): Fact {
  const { lines } = mail;
  const datesAt = labelIndex(lines, DATES_HEADER);
  const stay = datesAt >= 0 ? stayBelow(lines, datesAt, mail) : stayInCells(mail);
  const payout = hostPayout(lines);
  return makeFact(
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: SUBJECT.exec(mail.subject)?.[1]?.trim() ?? null,
      checkIn: stay?.start ?? null,
      checkOut: stay?.end ?? null,
      guestCount: parseGuestCount(valueBelow(lines, GUESTS_LABEL) ?? ''),
      confirmationCode: reservationCodeIn(valueBelow(lines, CODE_LABEL)) ?? reservationCodeIn(mail.text),
      listingName: listingName(lines, datesAt),
      payoutAmount: payout?.amount ?? null,
      payoutCurrency: payout?.currency ?? null,
    },
    EXPECTED,
  );
}

/** The two dates sit on the first line under the `Check-in  Checkout` header that has both. */
function stayBelow(lines: readonly string[], headerAt: number, mail: MailView) {
  for (const line of lines.slice(headerAt + 1, headerAt + 4)) {
    const range = parseDateRange(line, mail.dates);
    if (range) return range;
  }
  return null;
}

function stayInCells(mail: MailView) {
  const labelAt = labelIndex(mail.lines, CHECK_IN_LABEL);
  if (labelAt < 0) return null;
  return parseDateRange(mail.lines.slice(labelAt + 1, labelAt + 7).join('   '), mail.dates);
}

/** The listing's name is the line before the room type (`Entire home/apt`), itself above the dates. */
function listingName(lines: readonly string[], datesAt: number): string | null {
  const roomTypeAt = lines.findIndex((line) => ROOM_TYPE.test(line));
  if (roomTypeAt > 0) return lines[roomTypeAt - 1] ?? null;
  const headerAt = datesAt >= 0 ? datesAt : labelIndex(lines, CHECK_IN_LABEL);
  return headerAt >= 2 ? (lines[headerAt - 2] ?? null) : null;
}

/**
 * The host's payout: the `YOU EARN` line of the current layout; in the 2023-24 layout, the
 * `TOTAL (USD)` under `HOST PAYOUT` (the first `TOTAL` is what the guest paid).
 */
function hostPayout(lines: readonly string[]): Money | null {
  const currency = lines.map(currencyCodeIn).find((code) => code !== null) ?? undefined;
  const onOrBelow = (at: number): Money | null =>
    at < 0 ? null : (parseMoney(lines[at]!, currency) ?? parseMoney(lines[at + 1] ?? '', currency));
  const earnedAt = lines.findIndex((line) => EARNINGS_LINE.test(line));
  if (earnedAt >= 0) return onOrBelow(earnedAt);
  const payoutAt = lines.findIndex((line) => HOST_PAYOUT_LABEL.test(line));
  const totalsAt = lines.flatMap((line, at) => (TOTAL_LINE.test(line) ? [at] : []));
  const totalAt = payoutAt >= 0 ? totalsAt.find((at) => at > payoutAt) : totalsAt[1];
  return totalAt === undefined ? null : onOrBelow(totalAt);
}
