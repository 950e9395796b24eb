import type { FactToMatch } from '../matching/match-inputs.js';
import type { IdentityReason } from '../matching/rank.js';

export type EnrichmentReason = IdentityReason | 'manual';

/**
 * What a fact changes on a booking. A null field leaves the booking's value alone, so a fact never
 * erases what an earlier fact or the feed said. `confirmationCode` only fills a booking that has none
 * (the feed's code is the truth).
 */
export interface EnrichmentPatch {
  guestName: string | null;
  guestCount: number | null;
  confirmationCode: string | null;
  payoutAmount: number | null;
  payoutCurrency: string | null;
  enrichmentStatus: 'enriched' | 'cancelled' | null;
  rawData: { enrichment_reason: EnrichmentReason; fact_id: string; [key: string]: unknown };
}

type FieldsOf = (fact: FactToMatch) => Omit<EnrichmentPatch, 'rawData'> & { extra?: Record<string, unknown> };

const NOTHING = {
  guestName: null,
  guestCount: null,
  confirmationCode: null,
  payoutAmount: null,
  payoutCurrency: null,
  enrichmentStatus: null,
} as const;

/**
 * Per kind of fact. A change request is only a request: it names the guest but its new dates and
 * count are kept aside in raw_data, never applied (the feed will show the dates once accepted).
 */
const FIELDS_BY_KIND: Record<FactToMatch['kind'], FieldsOf> = {
  confirmed: (f) => ({
    guestName: f.guestName,
    guestCount: positive(f.guestCount),
    confirmationCode: f.confirmationCode,
    payoutAmount: f.payoutAmount,
    payoutCurrency: f.payoutAmount === null ? null : f.payoutCurrency,
    enrichmentStatus: 'enriched',
  }),
  payout: (f) => ({
    ...NOTHING,
    guestName: f.guestName,
    confirmationCode: f.confirmationCode,
    payoutAmount: f.payoutAmount,
    payoutCurrency: f.payoutAmount === null ? null : f.payoutCurrency,
    enrichmentStatus: 'enriched',
  }),
  // a guest message restates the stay: it fills what it knows but confirms nothing, so a
  // cancelled booking stays cancelled
  message: (f) => ({
    guestName: f.guestName,
    guestCount: positive(f.guestCount),
    confirmationCode: f.confirmationCode,
    payoutAmount: null,
    payoutCurrency: null,
    enrichmentStatus: null,
  }),
  cancelled: () => ({ ...NOTHING, enrichmentStatus: 'cancelled' }),
  change_requested: (f) => ({
    ...NOTHING,
    guestName: f.guestName,
    extra: {
      change_request: {
        checkIn: f.requestedCheckIn,
        checkOut: f.requestedCheckOut,
        guestCount: f.requestedGuestCount,
      },
    },
  }),
  other: () => ({ ...NOTHING }),
};

export function enrichmentPatch(fact: FactToMatch, reason: EnrichmentReason): EnrichmentPatch {
  const { extra, ...fields } = FIELDS_BY_KIND[fact.kind](fact);
  return { ...fields, rawData: { ...extra, enrichment_reason: reason, fact_id: fact.id } };
}

function positive(count: number | null): number | null {
  return count !== null && count > 0 ? count : null;
}
