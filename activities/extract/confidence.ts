import type { Fact } from './fact.js';

export type FactField = Exclude<keyof Fact, 'platform' | 'kind' | 'confidence'>;

/** Confidence when a template gave none of the fields it should. */
const FLOOR = 0.5;
/** Confidence when it gave all of them: never 1, a template can still be misread. */
const CEILING = 0.97;

/**
 * Confidence rule: each template lists the fields its mail should give; confidence grows linearly
 * with the share of them found, from 0.5 (none) to 0.97 (all). So a complete Airbnb confirmation
 * scores 0.97, while a Booking.com host notification (which should also give a guest name and
 * check-out but only ever carries a number and a check-in) stays around 0.7-0.8.
 */
export function confidenceOf(fact: Omit<Fact, 'confidence'>, expected: readonly FactField[]): number {
  if (expected.length === 0) return FLOOR;
  const found = expected.filter((field) => fact[field] !== null && fact[field] !== undefined).length;
  return Math.round((FLOOR + ((CEILING - FLOOR) * found) / expected.length) * 100) / 100;
}

/** A fact with every field a template does not give set to null, and its confidence. */
export function makeFact(
  base: Pick<Fact, 'platform' | 'kind'> & Partial<Omit<Fact, 'platform' | 'kind' | 'confidence'>>,
  expected: readonly FactField[],
): Fact {
  const { platform, kind, ...given } = base;
  const fact: Omit<Fact, 'confidence'> = {
    platform,
    kind,
    guestName: null,
    checkIn: null,
    checkOut: null,
    guestCount: null,
    confirmationCode: null,
    listingName: null,
    payoutAmount: null,
    payoutCurrency: null,
    ...given,
  };
  return { ...fact, confidence: confidenceOf(fact, expected) };
}
