import type { Fact } from '../../../extraction/fact.js';
import { bookingNotices, subjectOnly } from './notices.js';

/**
 * The classes real host mail of a third set failed on, each written anew from the class (names and
 * numbers invented), in the languages the class is bound to: listings that are a headline, a
 * labelled code or a placeholder; Booking.com notices that name the property only in their
 * `Booking.com NAME` head or their greeting; Booking.com subjects without the `Booking.com - `
 * prefix; Agoda's subjects; Airbnb text flattened onto one line; the 2020 Airbnb layout; Vrbo's
 * owner-side copies, replies and cancellations with the host's payout.
 */
export const THIRD_SET_EXPECTATIONS: Record<string, Partial<Fact>[]> = {
  // a headline above the dates and no room type: no listing, never the headline
  'airbnb-confirmation-headline-above-dates-en.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Marcus Lindgren',
      checkIn: '2026-10-02',
      checkOut: '2026-10-05',
      guestCount: 2,
      confirmationCode: 'HMT7W2K9QB',
      listingName: null,
      payoutAmount: 412.6,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-confirmation-headline-above-dates-es.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Lucía Ortega',
      checkIn: '2026-10-09',
      checkOut: '2026-10-11',
      guestCount: 3,
      confirmationCode: 'HMB5N8R2DX',
      listingName: null,
      payoutAmount: 268.4,
      payoutCurrency: 'EUR',
    },
  ],
  // the property after `Booking.com` in the head; never the `IATA/TIDS: …` line
  'booking-unregistered-header-es.eml': [
    {
      platform: 'booking',
      kind: 'confirmed',
      confirmationCode: '4471203958',
      checkIn: '2026-09-03',
      checkOut: null,
      guestName: null,
      listingName: 'Casa de las Flores Triana',
    },
  ],
  ...bookingNotices('cancelled', {
    'booking-cancelled-unregistered-header-es.eml': ['4471299310', '2026-10-12', 'Apartamentos Río Chico'],
  }),
  // the greeting names the property; a bracketed placeholder is never one, nor `Dear Partner`
  ...bookingNotices('confirmed', {
    'booking-new-greeting-en.eml': ['3390125547', '2026-10-17', 'Harbour View Studios'],
    'booking-new-greeting-it.eml': ['3390177821', '2026-10-24', 'Villa Gli Ulivi'],
    'booking-new-greeting-de.eml': ['3390188112', '2026-10-31', 'Ferienhaus Seeblick'],
    'booking-new-greeting-fr.eml': ['3390199023', '2026-11-07', 'Mas des Oliviers'],
    'booking-new-greeting-pt.eml': ['3390200134', '2026-11-14', 'Casa do Rio Douro'],
    'booking-new-placeholder-es.eml': ['5120044391', '2026-10-22', null],
    'booking-new-dear-partner-en.eml': ['5120077402', '2026-10-23', null],
  }),
  // subjects without `Booking.com - `, from Booking.com's own address
  ...bookingNotices('cancelled', {
    'booking-cancelled-no-prefix-es.eml': ['6120335814', '2026-11-17'],
    'booking-cancelled-no-prefix-de.eml': ['6120338870', '2026-11-20'],
    'booking-cancelled-no-prefix-it.eml': ['6120339901', '2026-11-21'],
    'booking-cancelled-no-prefix-fr.eml': ['6120340012', '2026-11-22'],
    'booking-cancelled-no-prefix-en.eml': ['6120341123', '2026-11-23'],
    'booking-cancelled-no-prefix-nl.eml': ['6120343345', '2026-11-27', 'Huize Duinzicht'],
  }),
  ...bookingNotices('confirmed', { 'booking-new-no-prefix-pt.eml': ['6120342234', '2026-11-24'] }),
  // a channel's own subject gives its number after a label, in any vocabulary language
  'channel-agoda-subject-confirmed-en.eml': subjectOnly('agoda', 'confirmed', '2041188229', {
    checkIn: null,
  }),
  'channel-agoda-subject-cancelled-en.eml': subjectOnly('agoda', 'cancelled', '2041188230'),
  'channel-agoda-subject-cancelled-de.eml': subjectOnly('agoda', 'cancelled', '2041188231'),
  'channel-agoda-subject-confirmed-es.eml': subjectOnly('agoda', 'confirmed', '2041188232'),
  'channel-expedia-subject-only-en.eml': subjectOnly('expedia', 'cancelled', '2290887146'),
  // text taken from HTML and flattened onto one line: labels followed by their values, no colon;
  // infants are not counted (see guest-count.ts)
  'airbnb-confirmation-flattened-spaces-en.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Noah Bennett',
      checkIn: '2026-05-14',
      checkOut: '2026-05-17',
      guestCount: 4,
      confirmationCode: 'HMP3L8X2VD',
      listingName: null,
      payoutAmount: 731.2,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-confirmation-flattened-spaces-es.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Sofía Marín',
      checkIn: '2026-05-20',
      checkOut: '2026-05-23',
      guestCount: 3,
      confirmationCode: 'HMK9T4W7RZ',
      payoutAmount: 402.75,
      payoutCurrency: 'EUR',
    },
  ],
  'airbnb-confirmation-flattened-spaces-fr.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Chloé Girard',
      checkIn: '2026-06-08',
      checkOut: '2026-06-11',
      guestCount: 2,
      confirmationCode: 'HMF2Q6Z8NC',
      payoutAmount: 512.3,
      payoutCurrency: 'EUR',
    },
  ],
  'airbnb-confirmation-flattened-spaces-de.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Jonas Krüger',
      checkIn: '2026-07-02',
      checkOut: '2026-07-05',
      guestCount: 2,
      confirmationCode: 'HMG7D3V5LS',
      payoutAmount: 455.1,
      payoutCurrency: 'EUR',
    },
  ],
  // the 2018-22 layout: the stay alone on a line with weekdays and years, `Payout` over a breakdown
  // and its `Total`
  'airbnb-confirmation-2020-range-line-en.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Omar',
      checkIn: '2020-09-11',
      checkOut: '2020-09-14',
      guestCount: 2,
      confirmationCode: 'HMQ2R7T4WX',
      listingName: 'Quiet Garden Studio near Old Town',
      payoutAmount: 163.93,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-confirmation-2020-range-line-es.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Valeria',
      checkIn: '2020-09-18',
      checkOut: '2020-09-22',
      guestCount: 4,
      confirmationCode: 'HMV8C3N6PL',
      listingName: 'Casa azul con patio y parrilla',
      payoutAmount: 242.5,
      payoutCurrency: 'USD',
    },
  ],
  'airbnb-confirmation-2020-range-line-de.eml': [
    {
      platform: 'airbnb',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Lukas',
      checkIn: '2020-09-25',
      checkOut: '2020-09-27',
      guestCount: 3,
      confirmationCode: 'HMD6J2K8QT',
      listingName: 'Helle Dachwohnung am Park',
      payoutAmount: 154.23,
      payoutCurrency: 'EUR',
    },
  ],
  // Vrbo's owner-side mail in `Label<TAB>` rows: the owner's copy of their confirmation (the
  // estimated payout, never the traveller's total), a traveller's reply in a reservation's thread
  // under an inquiry's button (a message), cancellations as rows or one flattened line
  'vrbo-owner-copy-tabs-en.eml': [
    {
      platform: 'vrbo',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Hannah Novak',
      checkIn: '2026-05-08',
      checkOut: '2026-05-11',
      guestCount: 3,
      confirmationCode: 'HA-QW7R2T',
      listingName: null,
      payoutAmount: 460.75,
      payoutCurrency: 'USD',
    },
  ],
  'vrbo-owner-copy-tabs-fr.eml': [
    {
      platform: 'vrbo',
      kind: 'confirmed',
      readBy: 'template',
      guestName: 'Paul Lemaire',
      checkIn: '2026-05-12',
      checkOut: '2026-05-15',
      guestCount: 2,
      confirmationCode: 'HA-R5V1KX',
      listingName: null,
      payoutAmount: 412.3,
      payoutCurrency: 'EUR',
    },
  ],
  'vrbo-reply-reservation-tabs-en.eml': [
    {
      platform: 'vrbo',
      kind: 'message',
      readBy: 'template',
      guestName: 'Leo Marsh',
      checkIn: '2026-03-02',
      checkOut: '2026-03-06',
      guestCount: 6,
      confirmationCode: 'HA-P4K8ZM',
      listingName: null,
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'vrbo-cancelled-flattened-en.eml': [
    {
      platform: 'vrbo',
      kind: 'cancelled',
      readBy: 'template',
      guestName: 'Ines Carvalho',
      checkIn: '2026-04-02',
      checkOut: '2026-04-05',
      guestCount: 2,
      confirmationCode: 'HA-M3X9VB',
      listingName: null,
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'vrbo-cancelled-abritel-fr.eml': [
    {
      platform: 'vrbo',
      kind: 'cancelled',
      readBy: 'template',
      guestName: 'Margaux Petit',
      checkIn: '2026-04-10',
      checkOut: '2026-04-13',
      guestCount: 3,
      confirmationCode: 'HA-T6N2QD',
      listingName: null,
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
  'vrbo-cancelled-fewo-de.eml': [
    {
      platform: 'vrbo',
      kind: 'cancelled',
      readBy: 'template',
      guestName: 'Tobias Wendt',
      checkIn: '2026-04-17',
      checkOut: '2026-04-20',
      guestCount: 4,
      confirmationCode: 'HA-Z8C4WL',
      listingName: null,
      payoutAmount: null,
      payoutCurrency: null,
    },
  ],
};
