import de from './vocabulary/de.json' with { type: 'json' };
import en from './vocabulary/en.json' with { type: 'json' };
import es from './vocabulary/es.json' with { type: 'json' };
import fr from './vocabulary/fr.json' with { type: 'json' };
import it from './vocabulary/it.json' with { type: 'json' };
import nl from './vocabulary/nl.json' with { type: 'json' };
import pt from './vocabulary/pt.json' with { type: 'json' };
import { readVocabulary } from './vocabulary/schema.js';
import type { Concept, Language, LanguageVocabulary, Words } from './vocabulary/types.js';

export type { Concept, Language, LanguageVocabulary, NumericOrder } from './vocabulary/types.js';

const FILES: Record<Language, unknown> = { en, es, it, fr, de, pt, nl };

/** Every language the platforms write host mail in; adding one is one JSON file in `vocabulary/`. */
export const VOCABULARIES: Readonly<Record<Language, LanguageVocabulary>> = Object.fromEntries(
  Object.entries(FILES).map(([language, json]) => [language, readVocabulary(json, language as Language)]),
) as Record<Language, LanguageVocabulary>;
export const LANGUAGES = Object.keys(VOCABULARIES) as Language[];

export function isLanguage(value: string | undefined): value is Language {
  return value !== undefined && value in VOCABULARIES;
}

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const byLengthDesc = (a: string, b: string): number => b.length - a.length;

/** Alternation source of plain words, longest first so `Check-in date` is not read as `Check-in`. */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)].sort(byLengthDesc).map(escapeRegex).join('|');
}

/** Every language's labels for a concept. Labels are matched everywhere: relays mix languages. */
export function labelsOf(concept: Concept): string[] {
  return LANGUAGES.flatMap((language) => VOCABULARIES[language].labels[concept]);
}

const labelSources = new Map<string, string>();
/** Regex source matching any language's label for one or more concepts. */
export function labelSource(...concepts: Concept[]): string {
  const key = concepts.join('+');
  let source = labelSources.get(key);
  if (source === undefined) {
    source = alternation(concepts.flatMap(labelsOf));
    labelSources.set(key, source);
  }
  return source;
}

const wholeLine = (sources: readonly string[]): RegExp =>
  new RegExp(`^(?:${sources.map((s) => `(?:${s})`).join('|')})$`, 'iu');

/** Airbnb room types in every language, as a whole line. */
export const ROOM_TYPE = wholeLine(LANGUAGES.flatMap((l) => VOCABULARIES[l].roomTypes));

/** Button and link texts in every language, as a whole line (trailing punctuation allowed). */
const BUTTON = new RegExp(
  `^(?:${LANGUAGES.flatMap((l) => VOCABULARIES[l].buttons)
    .map((s) => `(?:${s})`)
    .join('|')})[\\s.!:>→»-]{0,3}$`,
  'iu',
);

/** Longest text we test against the button list: a button is a few words. */
const MAX_BUTTON_CHARS = 120;

/** True when `text` is a button or link caption (`Send Sheila a Message`, `Rispondi`): never a value. */
export function isButtonText(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_BUTTON_CHARS && BUTTON.test(trimmed);
}

/** Words after a number that count people, in every language (infants and pets excluded). */
export function countedWords(): string[] {
  return LANGUAGES.flatMap((l) => {
    const v = VOCABULARIES[l];
    return [...v.labels.guests, ...v.labels.adults, ...v.labels.children, ...v.counted];
  }).filter((word) => !word.includes(' '));
}

/** A label as the labelled-field reader keys it (see `labelled-fields.ts`). */
const labelKey = (label: string): string => label.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Every language's labels, each mapped to the concept it names. Relays mix languages (an Italian
 * PMS relaying a German guest's booking), so every label is known in every mail.
 */
export const LABEL_DICTIONARY: ReadonlyMap<string, Concept> = (() => {
  const dictionary = new Map<string, Concept>();
  for (const language of LANGUAGES) {
    for (const [concept, labels] of Object.entries(VOCABULARIES[language].labels) as [Concept, string[]][]) {
      for (const label of labels)
        if (!dictionary.has(labelKey(label))) dictionary.set(labelKey(label), concept);
    }
  }
  return dictionary;
})();

/** Labels two concepts claim (the first language's reading wins): kept empty by a test. */
export function ambiguousLabels(): string[] {
  const seen = new Map<string, Concept>();
  const clashes = new Set<string>();
  for (const language of LANGUAGES) {
    for (const [concept, labels] of Object.entries(VOCABULARIES[language].labels) as [Concept, string[]][]) {
      for (const label of labels) {
        const known = seen.get(labelKey(label));
        if (known && known !== concept) clashes.add(`${label}: ${known}/${concept}`);
        else seen.set(labelKey(label), concept);
      }
    }
  }
  return [...clashes];
}

const wordPatterns = new Map<string, RegExp>();
/** Any language's words of one kind, as whole words (`booking`, not `Bookings.com`'s `booking.`). */
export function wordsOf(kind: keyof Words): RegExp {
  let pattern = wordPatterns.get(kind);
  if (!pattern) {
    const words = LANGUAGES.flatMap((l) => VOCABULARIES[l].words[kind]);
    pattern = new RegExp(`(?<![\\p{L}\\d])(?:${alternation(words)})(?![\\p{L}\\d]|\\.com)`, 'iu');
    wordPatterns.set(kind, pattern);
  }
  return pattern;
}
