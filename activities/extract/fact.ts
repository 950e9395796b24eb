/** What one e-mail says about one reservation. Dates are ISO `YYYY-MM-DD`, money is a number. */
export type Platform = 'airbnb' | 'vrbo' | 'booking' | 'pms';
export type FactKind = 'confirmed' | 'cancelled' | 'change_requested' | 'payout';

export interface Fact {
  platform: Platform;
  kind: FactKind;
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
}
