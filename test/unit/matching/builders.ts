import type { CandidateBooking, FactToMatch } from '../../../domain/matching/match-inputs.js';

export const WORKSPACE = 'ws-1';

/**
 * A sure Airbnb confirmation that knows only its code: each test adds the signals it is about, so a
 * default never decides an outcome by accident.
 */
export function fact(fields: Partial<FactToMatch> = {}): FactToMatch {
  return {
    id: 'fact-1',
    workspaceId: WORKSPACE,
    platform: 'airbnb',
    kind: 'confirmed',
    guestName: null,
    checkIn: null,
    checkOut: null,
    guestCount: null,
    confirmationCode: 'HMABC',
    payoutAmount: null,
    payoutCurrency: null,
    requestedCheckIn: null,
    requestedCheckOut: null,
    requestedGuestCount: null,
    confidence: 0.95,
    readBy: 'template',
    genericFields: [],
    ...fields,
  };
}

/** A confirmed Airbnb stay of 10–14 July 2026 under the default fact's code. */
export function booking(fields: Partial<CandidateBooking> = {}): CandidateBooking {
  return {
    id: 'booking-1',
    workspaceId: WORKSPACE,
    platform: 'airbnb',
    checkIn: '2026-07-10',
    checkOut: '2026-07-14',
    status: 'confirmed',
    confirmationCode: 'HMABC',
    guestName: null,
    ...fields,
  };
}
