import { z } from 'zod';
import type { Concept, Language, LanguageVocabulary } from './types.js';

/**
 * The languages' words are data (`vocabulary/<lang>.json`), so adding a language or a spelling is
 * an edit of one JSON file; this schema holds each file to the shape the templates read, at load.
 */
const Words = z.array(z.string().min(1)).min(1);
const CONCEPTS = [
  'checkIn',
  'checkOut',
  'guests',
  'adults',
  'children',
  'confirmationNumber',
  'propertyName',
  'guestName',
  'total',
  'payout',
  'payoutSection',
  'bookingDetails',
  'channel',
  'stayDates',
  'roomType',
  'nights',
  'personName',
  'status',
  'price',
  'channelCode',
] as const satisfies readonly Concept[];
const LANGUAGE_CODES = ['en', 'es', 'it', 'fr', 'de', 'pt', 'nl'] as const satisfies readonly Language[];

const VocabularySchema = z.strictObject({
  language: z.enum(LANGUAGE_CODES),
  numericOrder: z.enum(['MDY', 'DMY']),
  months: z.array(Words).length(12),
  weekdays: z.array(Words).length(7),
  labels: z.strictObject(
    Object.fromEntries(CONCEPTS.map((c) => [c, Words])) as Record<Concept, typeof Words>,
  ),
  words: z.strictObject({
    booking: Words,
    cancelled: Words,
    notBooking: Words,
    inquiry: Words,
    soon: Words,
    rangeTo: Words,
    arrives: Words,
    greeting: Words,
  }),
  counted: z.array(z.string().min(1)),
  roomTypes: z.array(z.string().min(1)),
  buttons: z.array(z.string().min(1)),
  hints: Words,
});

/** One language's JSON, checked; a malformed file fails at start-up with the field that is wrong. */
export function readVocabulary(json: unknown, language: Language): LanguageVocabulary {
  const vocabulary = VocabularySchema.parse(json);
  if (vocabulary.language !== language)
    throw new Error(`vocabulary/${language}.json says it is ${vocabulary.language}`);
  return vocabulary;
}
