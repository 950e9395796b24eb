import { parseGuestCount } from './guest-count.js';
import { isListingName } from './listing-name.js';
import type { MailView } from './mail-view.js';

/**
 * What a cancellation says in sentences rather than labels, in every vocabulary language: who
 * cancelled (`Unfortunately, your guest Rikhil had to cancel reservation …`, `Lamentamos informarte
 * que Pedro Gómez, tu huésped, tuvo que cancelar …`, `Jane Porter canceled their reservation`), and
 * the listing above its number (`Listing #28057216`, `Anuncio n.º 1526467`) with the stay and the
 * guests under it (`Jul 1-11, 1 guest`). Read by the Airbnb cancellation template and, for any
 * cancellation, by the generic reader.
 */

/** A guest: `your guest`, `tu huésped`, `il tuo ospite`, `votre voyageur`, `dein Gast`, … */
const GUEST_WORDS = [
  '(?:your|the) guest',
  '(?:tu|el|la) (?:huésped|huéspeda|viajero|viajera)',
  "(?:il tuo|la tua|l'|l’)\\s?ospite",
  '(?:votre|le|la) (?:voyageur|voyageuse)',
  '(?:dein|deine|Ihr|Ihre|der) (?:Gast|Reisender|Reisende)',
  '(?:o seu|seu|sua|o|a) (?:hóspede|viajante)',
  '(?:je|uw|de) gast',
].join('|');

/** Had to cancel, cancelled: the verb after the guest's name. */
const CANCEL_VERBS = [
  'had to cancel',
  'has (?:had to )?cancell?ed',
  'cancell?ed',
  '(?:ha tenido|tuvo) que cancelar',
  'ha cancelado',
  'canceló',
  'ha dovuto (?:cancellare|annullare)',
  'ha (?:cancellato|annullato)',
  'a dû annuler',
  'a annulé',
  'musste (?:die|seine|ihre|deine) (?:Buchung|Reservierung)(?: HM[A-Z0-9]{8})? stornieren',
  'hat (?:die|seine|ihre|deine) (?:Buchung|Reservierung) storniert',
  'hat storniert',
  // a modal verb before the guest puts the infinitive last: `musste dein Gast NAME die Buchung stornieren`
  '(?:die|seine|ihre) (?:Buchung|Reservierung)(?: HM[A-Z0-9]{8})? stornieren',
  'teve (?:que|de) cancelar',
  'cancelou',
  'moest (?:de|zijn|haar) (?:reservering|boeking)(?: HM[A-Z0-9]{8})? annuleren',
  'heeft (?:de|zijn|haar) (?:reservering|boeking) geannuleerd',
  // `moest je gast NAME de reservering annuleren`
  '(?:de|zijn|haar) (?:reservering|boeking)(?: HM[A-Z0-9]{8})? annuleren',
].join('|');

/** A name as a sentence writes it: one to four capitalised words. */
const NAME = "(\\p{Lu}[\\p{L}'’.-]{0,30}(?: \\p{Lu}[\\p{L}'’.-]{0,30}){0,3})";
/** A name after `your guest`: any words up to the verb, checked afterwards. */
const LOOSE_NAME = '([^,.!?\\n]{1,60}?)';

/** Sentences read on the flattened text (templates wrap them over lines). */
const SENTENCES: readonly RegExp[] = [
  // `your guest Rikhil had to cancel`, `il tuo ospite Marco ha dovuto cancellare`
  new RegExp(`(?:${GUEST_WORDS}),? ${LOOSE_NAME},? (?:${CANCEL_VERBS})(?![\\p{L}])`, 'iu'),
  // `… que Pedro Gómez, tu huésped, tuvo que cancelar …`
  new RegExp(`${NAME}, (?:${GUEST_WORDS}), (?:${CANCEL_VERBS})(?![\\p{L}])`, 'u'),
];

/**
 * Older layouts start a line with the guest's name and say what was cancelled: `Ana Silva canceled
 * their reservation`, `Ana canceló su reserva`. Read on the lines as written, so a listing's last
 * words on the line above are never part of the name; the object keeps `We cancelled` out.
 */
const cancelledBy = (verb: string): RegExp => new RegExp(`(?:^[ \\t]*|[.!?] )${NAME}\\s+${verb}`, 'mu');
const LINE_SENTENCES: readonly RegExp[] = [
  cancelledBy('(?:has )?cancell?ed (?:(?:their|his|her|the) )?reservation'),
  cancelledBy('(?:ha )?cancelado (?:su|la) reserva'),
  cancelledBy('canceló (?:su|la) reserva'),
  cancelledBy('ha (?:cancellato|annullato) la (?:sua )?prenotazione'),
  cancelledBy('a annulé (?:sa|la) réservation'),
  cancelledBy('hat (?:die|seine|ihre) (?:Buchung|Reservierung) storniert'),
  cancelledBy('cancelou (?:a|sua) reserva'),
  cancelledBy('heeft (?:de|zijn|haar) (?:reservering|boeking) geannuleerd'),
];

/** Longest stretch of a body searched for the sentence: it stands near the top. */
const SENTENCE_SCAN_CHARS = 20_000;
const MAX_NAME_CHARS = 60;

/** The guest who cancelled, and where the name stands in `mail.text`, or null. */
export function cancellingGuest(
  mail: Pick<MailView, 'flat' | 'text'>,
): { name: string; offset: number } | null {
  const flat = mail.flat.slice(0, SENTENCE_SCAN_CHARS);
  for (const sentence of SENTENCES) {
    const name = sentence.exec(flat)?.[1]?.trim();
    if (name && isPersonName(name))
      return { name, offset: Math.max(0, mail.text.indexOf(name.split(' ')[0]!)) };
  }
  const text = mail.text.slice(0, SENTENCE_SCAN_CHARS);
  for (const line of LINE_SENTENCES) {
    const found = line.exec(text);
    if (found?.[1] && isPersonName(found[1])) {
      return { name: found[1], offset: found.index + found[0].indexOf(found[1]) };
    }
  }
  return null;
}

function isPersonName(name: string): boolean {
  return (
    name.length <= MAX_NAME_CHARS &&
    /\p{L}{2}/u.test(name) &&
    !/\d|@|https?:/.test(name) &&
    name.split(/\s+/).length <= 5
  );
}

/** `Listing #810948342542502060`, `Anuncio n.º …`, `Annuncio n. …`, `Annonce n° …`, `Inserat Nr. …`. */
export const LISTING_NUMBER =
  /^(?:Listing|Anuncio|Annuncio|Annonce|Inserat|Unterkunft|Anúncio|Advertentie)\s*(?:#|n\.?\s*º|n\.|n°|nr\.?|no\.?)\s*\d+/i;
/** The line under the listing number: `Aug 7 – 10, 3 guests`, `03‒15 de 10, 2 huéspedes`. */
const STAY_AND_GUESTS = /\d[^,\n]{0,60},\s*\d+\s+\p{L}+$/u;
const MAX_LINE = 300;

export interface ListingBlock {
  /** The listing's name (the line above its number), when it can be one. */
  listing: { value: string; line: number } | null;
  /** The stay and guests line under the number. */
  stay: { text: string; line: number } | null;
  guestCount: number | null;
}

/** The listing block of a cancellation: name, number, then the stay and the guests. */
export function listingBlock(lines: readonly string[]): ListingBlock | null {
  const numberAt = lines.findIndex((line) => line.length <= MAX_LINE && LISTING_NUMBER.test(line));
  if (numberAt < 0) return null;
  const above = lines[numberAt - 1];
  const stayAt = lines.findIndex(
    (line, at) => at > numberAt && STAY_AND_GUESTS.test(line.slice(0, MAX_LINE)),
  );
  // the stay line follows the number closely; further down a sentence could look like it
  const stay = stayAt > numberAt && stayAt <= numberAt + 2 ? { text: lines[stayAt]!, line: stayAt } : null;
  return {
    listing: numberAt > 0 && isListingName(above) ? { value: above, line: numberAt - 1 } : null,
    stay,
    guestCount: stay ? parseGuestCount(stay.text) : null,
  };
}
