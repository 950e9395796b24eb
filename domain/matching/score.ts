import { dayNumber } from './day-number.js';
import type { CandidateBooking, FactToMatch } from './match-inputs.js';

/*
 * How alike a fact and a booking are, 0..1. Each signal counts only when both sides know it:
 *   code   1 when the confirmation codes are equal (case-insensitive), else 0
 *   dates  1 / (1 + d/3), d = |Δ check-in| + |Δ check-out| in days (exact = 1, 3 days off = 0.5)
 *   name   share of the fact's guest-name words found in the booking's guest name (accent/case-blind)
 * score = Σ weight·signal / Σ weight of the known signals; 0 when no signal is known.
 * The code dominates because it is an identity; dates come next because feeds carry nothing else;
 * the name only nudges (feeds rarely carry it, e-mails spell it differently).
 */
const WEIGHTS = { code: 0.6, dates: 0.3, name: 0.1 } as const;
const DATE_HALF_SCORE_DAYS = 3;

type Signal = keyof typeof WEIGHTS;

export function scoreBooking(fact: FactToMatch, booking: CandidateBooking): number {
  const signals: Record<Signal, number | null> = {
    code: codeSignal(fact.confirmationCode, booking.confirmationCode),
    dates: dateSignal(fact, booking),
    name: nameSignal(fact.guestName, booking.guestName),
  };
  let weighted = 0;
  let weights = 0;
  for (const signal of Object.keys(WEIGHTS) as Signal[]) {
    const value = signals[signal];
    if (value === null) continue;
    weighted += WEIGHTS[signal] * value;
    weights += WEIGHTS[signal];
  }
  return weights === 0 ? 0 : Math.round((weighted / weights) * 1000) / 1000;
}

export function sameCode(a: string | null, b: string | null): boolean {
  return normalizeCode(a) !== null && normalizeCode(a) === normalizeCode(b);
}

/** Total days between the fact's known dates and the booking's; null when the fact has no date. */
export function dateDistanceDays(fact: FactToMatch, booking: CandidateBooking): number | null {
  const sides: Array<[string | null, string]> = [
    [fact.checkIn, booking.checkIn],
    [fact.checkOut, booking.checkOut],
  ];
  const known = sides.filter((side): side is [string, string] => side[0] !== null);
  if (known.length === 0) return null;
  return known.reduce((sum, [a, b]) => sum + Math.abs(dayNumber(a) - dayNumber(b)), 0);
}

function codeSignal(a: string | null, b: string | null): number | null {
  if (normalizeCode(a) === null || normalizeCode(b) === null) return null;
  return sameCode(a, b) ? 1 : 0;
}

function dateSignal(fact: FactToMatch, booking: CandidateBooking): number | null {
  const distance = dateDistanceDays(fact, booking);
  return distance === null ? null : 1 / (1 + distance / DATE_HALF_SCORE_DAYS);
}

function nameSignal(factName: string | null, bookingName: string | null): number | null {
  const factWords = nameWords(factName).list;
  const bookingWords = nameWords(bookingName).set;
  if (factWords.length === 0 || bookingWords.size === 0) return null;
  return factWords.filter((word) => bookingWords.has(word)).length / factWords.length;
}

export function normalizeCode(code: string | null): string | null {
  const trimmed = code?.trim().toUpperCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

interface NameWords {
  list: readonly string[];
  set: ReadonlySet<string>;
}

const NO_WORDS: NameWords = { list: [], set: new Set() };
const MAX_CACHED_NAMES = 10_000;
/** Normalising a name (NFD + regexes) costs more than the rest of a score: each name is done once. */
const wordsByName = new Map<string, NameWords>();

function nameWords(name: string | null): NameWords {
  if (name === null) return NO_WORDS;
  let words = wordsByName.get(name);
  if (words === undefined) {
    const list = name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1);
    words = { list, set: new Set(list) };
    if (wordsByName.size >= MAX_CACHED_NAMES) wordsByName.clear();
    wordsByName.set(name, words);
  }
  return words;
}
