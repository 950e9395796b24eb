import type { Fact } from '../../extraction/fact.js';
import type { ReadingFlag } from '../../extraction/read-mail.js';
import { FORWARDED_EXPECTATIONS } from './expectations/forwarded.js';
import { LAYOUT_EXPECTATIONS } from './expectations/layouts.js';
import { bookingNotices } from './expectations/notices.js';
import { READING_CLASS_EXPECTATIONS } from './expectations/reading-classes.js';
import { RELAY_EXPECTATIONS } from './expectations/relays.js';
import { THIRD_SET_EXPECTATIONS } from './expectations/third-set-classes.js';
import { UNKNOWN_SYSTEM_EXPECTATIONS } from './expectations/unknown-systems.js';

/** One German confirmation, written twice: as plain text and as an HTML-only mail. */
const LENA_FISCHER_STAY: Partial<Fact> = {
  platform: 'airbnb',
  kind: 'confirmed',
  guestName: 'Lena Fischer',
  checkIn: '2026-06-15',
  checkOut: '2026-06-18',
  guestCount: 3,
  confirmationCode: 'HMD4K7Q2ZP',
  payoutAmount: 612.4,
  payoutCurrency: 'EUR',
};

/**
 * Synthetic mail for every format of FORMATS.md the shared corpus has no file for, written from
 * the descriptions there (names and codes invented).
 */
const FORMATS_EXPECTATIONS: Record<string, Partial<Fact>[]> = {
  'vrbo-reservation.eml': [
    {
      platform: 'vrbo',
      kind: 'confirmed',
      guestName: 'Margaret Okafor',
      checkIn: '2026-08-12',
      checkOut: '2026-08-15',
      guestCount: 3,
      confirmationCode: 'HA-25496K',
      listingName: 'Seaside Cottage with Garden',
      payoutAmount: null,
    },
  ],
  'vrbo-instant-booking.eml': [
    {
      platform: 'vrbo',
      kind: 'confirmed',
      guestName: 'Tomás Lindqvist',
      checkIn: '2026-04-03',
      checkOut: '2026-04-06',
      guestCount: 4,
      confirmationCode: 'HA-7QX31B',
      listingName: null,
    },
  ],
  'booking-new.eml': [
    {
      platform: 'booking',
      kind: 'confirmed',
      confirmationCode: '5581435138',
      checkIn: '2026-06-28',
      checkOut: null,
      guestName: null,
      listingName: 'Casa Girasole',
    },
  ],
  ...bookingNotices('cancelled', { 'booking-cancelled.eml': ['5581435138', '2026-06-28', 'Casa Girasole'] }),
  ...bookingNotices('confirmed', {
    'booking-modified.eml': ['4410022871', '2026-07-03'],
    'booking-last-minute.eml': ['6120098311', '2026-06-13'],
    'booking-new-fr.eml': ['5581435138', '2026-06-28', 'Villa Lavande'],
  }),
  'booking-guest-message.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '5958915259',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      guestCount: 2,
      guestName: 'Francesco Brufani',
    },
  ],
  'scidoo-confirmed.eml': [
    {
      platform: 'booking',
      via: 'scidoo',
      kind: 'confirmed',
      guestName: 'Brufani Francesco',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      guestCount: 2,
      confirmationCode: '5958915259',
      listingName: 'Appartamento Duomo',
      payoutAmount: 349.55,
      payoutCurrency: 'EUR',
    },
  ],
  'airbnb-confirmation-it.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Giulia Marchetti',
      checkIn: '2026-09-10',
      checkOut: '2026-10-10',
      guestCount: 2,
      confirmationCode: 'HMQ4TZ8W2K',
      listingName: 'ATTICO SUL CANALE CON TERRAZZA',
      payoutAmount: 5101.25,
      payoutCurrency: 'EUR',
    },
  ],
  'airbnb-confirmation-2024.eml': [
    {
      guestName: 'Daniel Whitfield',
      checkIn: '2024-06-27',
      checkOut: '2024-07-01',
      guestCount: 3,
      confirmationCode: 'HMK2B7Q9XA',
      listingName: 'LAKESIDE CABIN WITH HOT TUB',
      // The second TOTAL (USD), under HOST PAYOUT; the first is what the guest paid.
      payoutAmount: 654.75,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-confirmation-html-only.eml': [
    {
      guestName: 'Nora Bianchi',
      checkIn: '2026-08-14',
      checkOut: '2026-08-17',
      guestCount: 4,
      confirmationCode: 'HMZ8P3RT6Q',
      listingName: 'Garden Loft near the Old Town',
      payoutAmount: 431.1,
      payoutCurrency: 'USD',
    },
  ],
  // Guest-message relays in every language of the vocabulary; they enrich, they confirm nothing.
  // The German guest writes a `Check-in:` line of their own above the details block.
  'booking-guest-message-de.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '4481236650',
      guestName: 'Jonas Weber',
      checkIn: '2026-06-15',
      checkOut: '2026-06-18',
      listingName: 'Haus am See',
      guestCount: 3,
    },
  ],
  'booking-guest-message-fr.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '5120987734',
      guestName: 'Camille Durand',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      listingName: 'Villa Lavande',
      guestCount: 2,
    },
  ],
  'booking-guest-message-pt.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '6033419927',
      guestName: 'Beatriz Costa',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      listingName: 'Casa do Rio',
      guestCount: 4,
    },
  ],
  'booking-guest-message-nl.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '7719034410',
      guestName: 'Daan de Vries',
      checkIn: '2026-06-15',
      checkOut: '2026-06-19',
      listingName: 'Grachtenpand Amsterdam',
      guestCount: 2,
    },
  ],
  // A sender we do not know, with the labels of a Booking.com relay: still read.
  'booking-guest-message-unknown-sender.eml': [
    {
      platform: 'booking',
      kind: 'message',
      confirmationCode: '5301928844',
      guestName: 'Olivia Hart',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      listingName: 'Harbour Loft',
      guestCount: 2,
    },
  ],
  'airbnb-confirmation-de.eml': [{ ...LENA_FISCHER_STAY, listingName: 'WALDHÜTTE MIT SAUNA' }],
  // the same booking as the plain-text mail above; the HTML keeps the listing's own casing
  'airbnb-confirmation-html-only-de.eml': [{ ...LENA_FISCHER_STAY, listingName: 'Waldhütte mit Sauna' }],
  'airbnb-confirmation-fr.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Hugo Martin',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      guestCount: 3,
      confirmationCode: 'HMF8R2T6WQ',
      listingName: 'STUDIO VUE SUR MER',
      payoutAmount: 418.2,
      payoutCurrency: 'EUR',
    },
  ],
  'airbnb-confirmation-pt.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Ana Souza',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      guestCount: 4,
      confirmationCode: 'HMP3W9K1XB',
      listingName: 'APARTAMENTO NO CENTRO HISTÓRICO',
      payoutAmount: 1250,
      payoutCurrency: 'BRL',
    },
  ],
  'airbnb-confirmation-nl.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Sem Bakker',
      checkIn: '2026-06-15',
      checkOut: '2026-06-19',
      guestCount: 4,
      confirmationCode: 'HMN6B2V8QJ',
      listingName: 'WOONBOOT AAN DE AMSTEL',
      payoutAmount: 980,
      payoutCurrency: 'EUR',
    },
  ],
  // No room-type line: no listing, and not the `View reservation` button two lines above the dates.
  'airbnb-confirmation-no-listing.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Sheila Moore',
      checkIn: '2026-06-27',
      checkOut: '2026-07-01',
      guestCount: 2,
      confirmationCode: 'HMZ2X8C4VB',
      listingName: null,
      payoutAmount: 380,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-guest-message.eml': [
    {
      platform: 'airbnb',
      kind: 'message',
      checkIn: '2026-08-14',
      checkOut: '2026-08-17',
      confirmationCode: 'HMZ8P3RT6Q',
      listingName: 'Garden Loft near the Old Town',
    },
  ],
  // A conversation that restates no reservation gives no fact.
  'airbnb-guest-message-chat.eml': [],
  // PMS relays: the platform is the channel, `via` the PMS; a direct booking stays `pms`.
  'scidoo-airbnb.eml': [
    {
      platform: 'airbnb',
      via: 'scidoo',
      kind: 'confirmed',
      confirmationCode: 'HMS7K2D9QL',
      guestName: 'Rossi Maria',
      checkIn: '2026-02-10',
      checkOut: '2026-02-14',
      guestCount: 3,
      listingName: 'Suite Duomo',
      payoutAmount: 512,
      payoutCurrency: 'EUR',
    },
  ],
  'scidoo-vrbo.eml': [
    {
      platform: 'vrbo',
      via: 'scidoo',
      kind: 'cancelled',
      confirmationCode: 'HA-7QX31B',
      checkIn: '2026-02-10',
    },
  ],
  'scidoo-direct.eml': [
    {
      platform: 'direct',
      via: 'scidoo',
      kind: 'confirmed',
      confirmationCode: '7783',
      checkOut: '2026-02-14',
    },
  ],
  // Forwarded (headers lost) and across a year end: sent Dec 28, 2026, arriving "Jan 3".
  'airbnb-confirmation-forwarded.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      guestName: 'Kenji Watanabe',
      checkIn: '2027-01-03',
      checkOut: '2027-01-06',
      guestCount: 1,
      confirmationCode: 'HMW3K9D2LP',
      listingName: 'HARBOUR VIEW STUDIO',
      payoutAmount: 322.17,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-cancellation-across-months.eml': [
    {
      kind: 'cancelled',
      guestName: 'Olivia Brandt',
      checkIn: '2026-07-30',
      checkOut: '2026-08-02',
      guestCount: 2,
      confirmationCode: 'HMC7V2N4QR',
      listingName: 'Terrace Flat | Old Port',
    },
  ],
  'airbnb-change-request-guests.eml': [
    {
      kind: 'change_requested',
      guestName: 'Priya',
      guestCount: 2,
      requestedGuestCount: 3,
      checkIn: null,
      requestedCheckIn: null,
      confirmationCode: null,
    },
  ],
  // Sent Aug 2 about a stay that began Jul 30: same year, not the next.
  'airbnb-change-request-during-stay.eml': [
    {
      kind: 'change_requested',
      guestName: 'Lukas',
      checkIn: '2026-07-30',
      checkOut: '2026-08-04',
      requestedCheckIn: '2026-07-30',
      requestedCheckOut: '2026-08-06',
    },
  ],
};

/** Every written fixture's facts, by file. */
export const FIXTURE_EXPECTATIONS: Record<string, Partial<Fact>[]> = {
  ...FORMATS_EXPECTATIONS,
  ...RELAY_EXPECTATIONS,
  ...LAYOUT_EXPECTATIONS,
  ...FORWARDED_EXPECTATIONS,
  ...UNKNOWN_SYSTEM_EXPECTATIONS,
  ...READING_CLASS_EXPECTATIONS,
  ...THIRD_SET_EXPECTATIONS,
};

/** Fixtures that must come out flagged; every other fixture comes out with no flag. */
export const FIXTURE_FLAGS: Record<string, ReadingFlag[]> = {
  'unrecognized-booking-en.eml': ['unrecognized'],
  'unrecognized-relay-es.eml': ['unrecognized'],
};
