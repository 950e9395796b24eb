import type { ReviewReason } from '../../contracts/review-reasons.js';
import { feedCarries } from './channel-feeds.js';
import type { CandidateBooking, FactToMatch, Ranked } from './match-inputs.js';
import { dateDistanceDays, sameCode, scoreBooking } from './score.js';

/**
 * Below this, a decision goes to a person. Compared with the fact's own confidence first, then with
 * fact confidence × the chosen booking's score (a code match whose dates and name disagree is suspect).
 */
export const LOW_CONFIDENCE_THRESHOLD = 0.6;
export const MAX_CANDIDATES = 5;

export type IdentityReason = 'code_match' | 'exact_dates';

export type MatchDecision =
  | { outcome: 'enrich'; bookingId: string; reason: IdentityReason; candidates: Ranked[] }
  | { outcome: 'cancel'; bookingId: string; reason: IdentityReason; candidates: Ranked[] }
  | { outcome: 'review'; reason: ReviewReason; candidates: Ranked[] }
  | { outcome: 'skip'; reason: 'not_a_reservation'; candidates: Ranked[] };

/** Decides what one fact does, given candidate bookings (any workspace: others are ignored). */
export function rankFact(fact: FactToMatch, bookings: readonly CandidateBooking[]): MatchDecision {
  if (fact.kind === 'other') return { outcome: 'skip', reason: 'not_a_reservation', candidates: [] };
  const pool = bookings.filter((b) => b.workspaceId === fact.workspaceId);
  // ranked only when the outcome keeps them: a fact that finds its booking never needs them
  const nearest = () => rankCandidates(fact, pool.filter(isEnrichable));
  if (fact.kind === 'change_requested') return review('change_request', nearest());
  if (fact.confidence < LOW_CONFIDENCE_THRESHOLD) return review('low_confidence', nearest());

  const identity = findIdentity(fact, pool);
  if (!identity) return review('no_match', nearest());
  if (identity.bookings.length > 1) return review('ambiguous', rankCandidates(fact, identity.bookings));
  // a stay found by dates a template did not read is a guess: a person confirms it
  if (identity.reason === 'exact_dates' && !datesTrusted(fact)) return review('low_confidence', nearest());
  const booking = identity.bookings[0]!;
  const candidates = rankCandidates(fact, [booking]);
  if (fact.confidence * scoreBooking(fact, booking) < LOW_CONFIDENCE_THRESHOLD) {
    return review('low_confidence', nearest());
  }
  const outcome = fact.kind === 'cancelled' ? 'cancel' : 'enrich';
  return { outcome, bookingId: booking.id, reason: identity.reason, candidates };
}

/**
 * Whether a fact's dates may name its stay on their own: read by a template. The generic reader
 * reads layouts nobody checked, so its facts (and a template's fact whose dates it filled) enrich a
 * booking by themselves only through an exact confirmation code; a stay found by their dates alone
 * goes to a person.
 */
export function datesTrusted(fact: Pick<FactToMatch, 'readBy' | 'genericFields'>): boolean {
  return (
    fact.readBy !== 'generic' &&
    !fact.genericFields.includes('checkIn') &&
    !fact.genericFields.includes('checkOut')
  );
}

/**
 * Identity rules, first that finds anything wins: the confirmation code anywhere in the workspace;
 * else the same check-in AND check-out in the workspace's feeds that can hold the fact's channel
 * (channel-feeds.ts), skipping blocks, bookings with a different known code, and (unless the fact is
 * a cancellation) stays the feed already dropped.
 */
function findIdentity(
  fact: FactToMatch,
  pool: readonly CandidateBooking[],
): { reason: IdentityReason; bookings: CandidateBooking[] } | null {
  const byCode = pool.filter((b) => sameCode(fact.confirmationCode, b.confirmationCode));
  if (byCode.length > 0) return { reason: 'code_match', bookings: byCode };
  if (fact.checkIn === null || fact.checkOut === null) return null;
  const byDates = pool.filter(
    (b) =>
      isEnrichable(b) &&
      feedCarries(b.platform, fact.platform) &&
      b.checkIn === fact.checkIn &&
      b.checkOut === fact.checkOut &&
      (b.status !== 'cancelled' || fact.kind === 'cancelled') &&
      !(fact.confirmationCode && b.confirmationCode),
  );
  return byDates.length > 0 ? { reason: 'exact_dates', bookings: byDates } : null;
}

/** Blocks are the host's own closures, never a guest's stay. */
function isEnrichable(booking: CandidateBooking): boolean {
  return booking.status !== 'blocked';
}

/** Best first: score, then date distance, then check-in; only bookings with some likeness. */
export function rankCandidates(fact: FactToMatch, bookings: readonly CandidateBooking[]): Ranked[] {
  return bookings
    .map((booking) => ({
      booking,
      score: scoreBooking(fact, booking),
      distance: dateDistanceDays(fact, booking) ?? Number.POSITIVE_INFINITY,
    }))
    .filter((entry) => entry.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || a.distance - b.distance || a.booking.checkIn.localeCompare(b.booking.checkIn),
    )
    .slice(0, MAX_CANDIDATES)
    .map(({ booking, score }) => ({
      bookingId: booking.id,
      score,
      checkIn: booking.checkIn,
      checkOut: booking.checkOut,
      confirmationCode: booking.confirmationCode,
    }));
}

function review(reason: ReviewReason, candidates: Ranked[]): MatchDecision {
  return { outcome: 'review', reason, candidates };
}
