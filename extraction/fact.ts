import type { Channel, ConnectionPlatform } from '../contracts/platforms.js';
import type { Evidence } from './evidence.js';

export type { Channel, ConnectionPlatform };
/** The channel a fact names; kept under this name for the layers that read facts. */
export type Platform = Channel;

/**
 * `message`: a guest message relayed by the platform that restates the reservation. Its fields
 * enrich a booking like a confirmation's, but it confirms nothing (a cancelled stay stays cancelled).
 */
export type FactKind = 'confirmed' | 'cancelled' | 'change_requested' | 'payout' | 'message';

/**
 * How a fact was read. `template`: a layout we know read every field it gives. `generic`: no
 * template claimed the mail and the labelled-field reader read it alone (a relay, an unknown
 * system): it is never trusted on its own, only through an exact confirmation-code match.
 * `mixed`: a template read it and the generic reader filled fields the template left empty; their
 * evidence says `reader: 'generic'`.
 */
export type ReadBy = 'template' | 'generic' | 'mixed';

/** What one e-mail says about one reservation. Dates are ISO `YYYY-MM-DD`, money is a number. */
export interface Fact {
  /** The channel that sold the stay (`booking` for a Scidoo relay of a Booking.com reservation). */
  platform: Channel;
  kind: FactKind;
  /** The system that sent the mail when it is not the channel itself (`scidoo`, `smoobu`), else null. */
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
  readBy: ReadBy;
  /** Per non-null field, where in the mail it was read. */
  evidence: Evidence;
}
