import { alternation, countedWords } from './vocabulary.js';

/**
 * Guest counts: `4 adults`, `1 adult, 2 children`, `2 adulti`, `3 viajeros`, `2 Erwachsene`,
 * `Ospiti 2 Adulti`. Infants and pets are left out: platforms do not count them against a
 * listing's capacity.
 */
const COUNT_PATTERN = new RegExp(
  `(?<![\\p{L}\\d])(\\d{1,2})\\s?(?:${alternation(countedWords())})(?![\\p{L}])`,
  'giu',
);
const MAX_COUNT_TEXT = 500;

/** Sum of the counted people in `text`, or null when it names none. */
export function parseGuestCount(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.slice(0, MAX_COUNT_TEXT).matchAll(COUNT_PATTERN)) {
    total += Number(m[1]);
    found = true;
  }
  return found ? total : null;
}
