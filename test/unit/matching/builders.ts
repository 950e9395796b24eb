import type { CandidateBooking, FactToMatch } from '../../../domain/matching/match-inputs.js';

export const WORKSPACE = 'ws-1';

/** What every default shares: an Airbnb thing of the one workspace, known by the one code. */
const AIRBNB_HMABC = { workspaceId: WORKSPACE, platform: 'airbnb', confirmationCode: 'HMABC' } as const;

/** A builder of `T`: its defaults, each overridden by the fields a test gives. */
function builder<T>(defaults: T): (fields?: Partial<T>) => T {
  return (fields = {}) => ({ ...defaults, ...fields });
}

/**
 * A sure Airbnb confirmation that knows only its code: each test adds the signals it is about, so a
 * default never decides an outcome by accident.
 */
export const fact = builder<FactToMatch>({
  ...AIRBNB_HMABC,
  id: 'fact-1',
  kind: 'confirmed',
  guestName: null,
  checkIn: null,
  checkOut: null,
  guestCount: null,
  payoutAmount: null,
  payoutCurrency: null,
  requestedCheckIn: null,
  requestedCheckOut: null,
  requestedGuestCount: null,
  confidence: 0.95,
  readBy: 'template',
  genericFields: [],
});

/** A confirmed Airbnb stay of 10–14 July 2026 under the default fact's code. */
export const booking = builder<CandidateBooking>({
  ...AIRBNB_HMABC,
  id: 'booking-1',
  checkIn: '2026-07-10',
  checkOut: '2026-07-14',
  status: 'confirmed',
  guestName: null,
});
