/**
 * Guest counts: `4 adults`, `1 adult, 2 children`, `2 adulti`, `3 viajeros`, `Ospiti 2 Adulti`.
 * Infants and pets are left out: platforms do not count them against a listing's capacity.
 */
const COUNTED_WORDS =
  'adults?|children|child|kids?|guests?|adultos?|niños?|niñas?|menores|viajeros?|huéspedes|huésped|personas?|' +
  'adulti|adulto|bambini|bambino|ragazzi|ospiti|ospite|persone|persona|adultes?|enfants?|voyageurs?|personnes?';
const COUNT_PATTERN = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})\\s*(?:${COUNTED_WORDS})(?![\\p{L}])`, 'giu');

/** Sum of the counted people in `text`, or null when it names none. */
export function parseGuestCount(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(COUNT_PATTERN)) {
    total += Number(m[1]);
    found = true;
  }
  return found ? total : null;
}
