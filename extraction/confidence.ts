import type { Evidence, Source } from './evidence.js';
import { type EvidenceSource, evidenceAt } from './evidence.js';
import type { Fact, ReadBy } from './fact.js';
import { isButtonText } from './vocabulary.js';

export type FactField = Exclude<
  keyof Fact,
  'platform' | 'kind' | 'via' | 'confidence' | 'readBy' | 'evidence'
>;

/** What a reservation's mail says about the stay: the fields most templates expect. */
export const STAY_FIELDS: readonly FactField[] = [
  'guestName',
  'checkIn',
  'checkOut',
  'guestCount',
  'confirmationCode',
  'listingName',
];
/** A stay with the host's payout, as a confirmation or a PMS relay gives it. */
export const PAID_STAY_FIELDS: readonly FactField[] = [...STAY_FIELDS, 'payoutAmount', 'payoutCurrency'];

/** Confidence when a template gave none of the fields it should. */
const FLOOR = 0.5;
/** Confidence when it gave all of them: never 1, a template can still be misread. */
const CEILING = 0.97;
/**
 * The generic reader's ceiling: below the 0.9 of a trusted fact, whatever it found. It reads
 * layouts nobody checked, so its facts enrich a booking on their own only through an exact
 * confirmation-code match; anything else goes to review.
 */
export const GENERIC_CEILING = 0.85;
/** A template's fact with fields the generic reader filled stays under the trusted band too. */
export const MIXED_CEILING = 0.89;

/**
 * Confidence rule: each template lists the fields its mail should give; confidence grows linearly
 * with the share of them found, from 0.5 (none) to 0.97 (all). So a complete Airbnb confirmation
 * scores 0.97, while a Booking.com host notification (which should also give a guest name and
 * check-out but only ever carries a number and a check-in) stays around 0.7-0.8.
 */
export function confidenceOf(
  fact: Partial<Record<FactField, unknown>>,
  expected: readonly FactField[],
  ceiling = CEILING,
): number {
  if (expected.length === 0) return FLOOR;
  const found = expected.filter((field) => fact[field] !== null && fact[field] !== undefined).length;
  return Math.round((FLOOR + ((ceiling - FLOOR) * found) / expected.length) * 100) / 100;
}

type Given = Partial<Record<FactField, string | number | null>>;
export type FactBase = Pick<Fact, 'platform' | 'kind'> & { via?: string | null } & Given;
/** Where each given field was read; a field without a source gets no evidence. */
export type Sources = Partial<Record<FactField, Source | null>>;

const TEXT_FIELDS: readonly FactField[] = ['guestName', 'listingName', 'confirmationCode'];

/**
 * A fact with every field a template does not give set to null, its evidence and its confidence.
 * A text field that is a button or link caption (`Send Sheila a Message`) is dropped: it was read
 * from the wrong place, so the fact loses the field and the confidence it would have earned.
 */
export function makeFact(
  mail: EvidenceSource,
  base: FactBase,
  expected: readonly FactField[],
  sources: Sources = {},
  readBy: ReadBy = 'template',
): Fact {
  const { platform, kind, via, ...given } = base;
  const values: Given = {
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
  for (const field of TEXT_FIELDS) {
    const value = values[field];
    if (typeof value === 'string' && (value.trim() === '' || isButtonText(value))) values[field] = null;
  }
  const evidence: Evidence = {};
  for (const [field, source] of Object.entries(sources) as [FactField, Source | null][]) {
    if (source === null || values[field] === null || values[field] === undefined) continue;
    const found = evidenceAt(mail, source);
    if (found) evidence[field] = readBy === 'generic' ? { ...found, reader: 'generic' } : found;
  }
  return {
    platform,
    kind,
    via: via ?? null,
    ...(values as Omit<Fact, 'platform' | 'kind' | 'via' | 'confidence' | 'evidence'>),
    confidence: confidenceOf(values, expected, readBy === 'generic' ? GENERIC_CEILING : CEILING),
    readBy,
    evidence,
  };
}
