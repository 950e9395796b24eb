import type { Fact } from '../../../extraction/fact.js';

/**
 * Mail from systems nobody described: labels in several languages, on one line or two, in HTML
 * table cells, a channel named by a label or a logo's alt text, a stay only in the subject. And
 * mail that must not be read: booking words and dates that nothing reads (flagged, see
 * `FIXTURE_FLAGS`), reviews, newsletters and payout notes (no fact, no flag).
 */
export const UNKNOWN_SYSTEM_EXPECTATIONS: Record<string, Partial<Fact>[]> = {
  'none-booking-payout-it.eml': [],
  'none-relay-newsletter-de.eml': [],
  'none-relay-review-en.eml': [],
  'unknown-logo-alt-en.eml': [
    {
      platform: 'booking',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: 'George Hill',
      checkIn: '2026-08-20',
      checkOut: '2026-08-23',
      guestCount: 2,
      confirmationCode: '4033221100',
      listingName: 'Dune Cottage',
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'unknown-subject-stay-fr.eml': [
    {
      platform: 'other',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: null,
      checkIn: '2026-08-03',
      checkOut: '2026-08-09',
      guestCount: null,
      confirmationCode: 'CP-33019',
      listingName: null,
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'unknown-system-de.eml': [
    {
      platform: 'booking',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: 'Lena Schulz',
      checkIn: '2026-10-16',
      checkOut: '2026-10-18',
      guestCount: 3,
      confirmationCode: '4423317789',
      listingName: 'Ferienhaus Ostsee',
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'unknown-system-html-fr.eml': [
    {
      platform: 'vrbo',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: 'Élise Bernard',
      checkIn: '2026-12-19',
      checkOut: '2026-12-26',
      guestCount: 5,
      confirmationCode: 'HA-4RT8ZK',
      listingName: 'Chalet des Pins',
      payoutAmount: 1890,
      payoutCurrency: 'EUR',
    },
  ],
  'unknown-system-nl.eml': [
    {
      platform: 'booking',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: 'Sanne de Jong',
      checkIn: '2026-08-14',
      checkOut: '2026-08-18',
      guestCount: 4,
      confirmationCode: 'VH-20931',
      listingName: 'Duinhuisje',
      payoutAmount: 740,
      payoutCurrency: 'EUR',
    },
  ],
  'unknown-system-pt.eml': [
    {
      platform: 'airbnb',
      via: null,
      kind: 'confirmed',
      readBy: 'generic',
      guestName: 'João Pereira',
      checkIn: '2026-10-02',
      checkOut: '2026-10-06',
      guestCount: 3,
      confirmationCode: 'HMK4P9L2XC',
      listingName: 'Casa da Ribeira',
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'unrecognized-booking-en.eml': [],
  'unrecognized-relay-es.eml': [],
};
