/**
 * Why the matcher leaves a fact for a person, once for every layer: the matcher's decisions
 * (domain/matching/rank.ts), the review queue's writer, the API's `reason` enum, and the
 * `enrichment_review_items.reason` CHECK constraint, which SQL cannot import: a test
 * (test/integration/db/review-reasons.test.ts) reads the constraint from Postgres and compares.
 * Pure data, like `errors.ts` beside it.
 */
export const REVIEW_REASONS = ['no_match', 'ambiguous', 'change_request', 'low_confidence'] as const;

export type ReviewReason = (typeof REVIEW_REASONS)[number];
