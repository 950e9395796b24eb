import type { Language, NumericOrder } from './vocabulary.js';
import { alternation, isLanguage, LANGUAGES, VOCABULARIES } from './vocabulary.js';

export type { Language } from './vocabulary.js';

const words = (list: readonly string[]): RegExp =>
  new RegExp(`(?<!\\p{L})(?:${alternation(list)})(?!\\p{L})`, 'giu');

/** Words that give a mail's language away when it carries no `X-Locale` (forwarded mail). */
const LANGUAGE_HINTS: readonly { language: Language; pattern: RegExp }[] = LANGUAGES.map((language) => ({
  language,
  pattern: words(VOCABULARIES[language].hints),
}));

/** The mail's language: its `X-Locale` header when present, else the one whose words occur most. */
export function detectLanguage(locale: string | undefined, text: string): Language {
  const fromHeader = locale?.slice(0, 2).toLowerCase();
  if (isLanguage(fromHeader)) return fromHeader;
  let best: Language = 'en';
  let bestHits = 0;
  for (const hint of LANGUAGE_HINTS) {
    const hits = text.match(hint.pattern)?.length ?? 0;
    if (hits > bestHits) [best, bestHits] = [hint.language, hits];
  }
  return best;
}

/** English writes month/day/year; the others day/month/year. */
export function numericOrderOf(language: Language): NumericOrder {
  return VOCABULARIES[language].numericOrder;
}
