import type { ConnectionPlatform, FactPlatform } from '../../contracts/platforms.js';
import type { FactKind, ReadBy } from '../../extraction/fact.js';

/** A stored fact as the matcher sees it: the extractor's Fact plus its identity and tenancy. */
export interface FactToMatch {
  id: string;
  workspaceId: string;
  /** A stored fact's channel: `pms` in facts from before channels. */
  platform: FactPlatform;
  kind: FactKind | 'other';
  guestName: string | null;
  checkIn: string | null;
  checkOut: string | null;
  guestCount: number | null;
  confirmationCode: string | null;
  payoutAmount: number | null;
  payoutCurrency: string | null;
  requestedCheckIn: string | null;
  requestedCheckOut: string | null;
  requestedGuestCount: number | null;
  confidence: number;
  /** Who read it; a fact stored before readers were recorded was read by a template. */
  readBy: ReadBy;
  /** The fields the generic reader read (their evidence says so): in a `mixed` fact, the ones it filled. */
  genericFields: readonly string[];
}

export type BookingStatus = 'confirmed' | 'blocked' | 'cancelled';

/** A booking row as plain data, dates as `YYYY-MM-DD`. */
export interface CandidateBooking {
  id: string;
  workspaceId: string;
  platform: ConnectionPlatform;
  checkIn: string;
  checkOut: string;
  status: BookingStatus;
  confirmationCode: string | null;
  guestName: string | null;
}

/** One entry of `match_candidates` / review-item `candidates`, best first. */
export interface Ranked {
  bookingId: string;
  score: number;
  checkIn: string;
  checkOut: string;
  confirmationCode: string | null;
}
