import type { Platform } from '../contracts/platforms.js';
import type { Evidence } from './evidence.js';

export type { Platform };

/**
 * `message`: a guest message relayed by the platform that restates the reservation. Its fields
 * enrich a booking like a confirmation's, but it confirms nothing (a cancelled stay stays cancelled).
 */
export type FactKind = 'confirmed' | 'cancelled' | 'change_requested' | 'payout' | 'message';

/** What one e-mail says about one reservation. Dates are ISO `YYYY-MM-DD`, money is a number. */
export interface Fact {
  /** The channel that owns the stay (`booking` for a Scidoo relay of a Booking.com reservation). */
  platform: Platform;
  kind: FactKind;
  /** The system that sent the mail when it is not the channel itself (`scidoo`), else null. */
  via: string | null;
  guestName: string | null;
  checkIn: string | null;
  checkOut: string | null;
  guestCount: number | null;
  confirmationCode: string | null;
  listingName: string | null;
  payoutAmount: number | null;
  payoutCurrency: string | null;
  requestedCheckIn?: string | null;
  requestedCheckOut?: string | null;
  requestedGuestCount?: number | null;
  /** 0..1: how sure the extractor is that every field it returned is right. */
  confidence: number;
  /** Per non-null field, where in the mail it was read. */
  evidence: Evidence;
}
