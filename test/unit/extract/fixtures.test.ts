import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../activities/extract/fact.js';
import { extractFacts, parseEmail } from '../../../activities/extract/index.js';
import { itGivesExpectedFacts } from './expected-facts.js';

/**
 * Synthetic mail for every format of FORMATS.md the shared corpus has no file for, written from
 * the descriptions there (names and codes invented).
 */
const EXPECTED: Record<string, Partial<Fact>[]> = {
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
  'booking-cancelled.eml': [
    {
      platform: 'booking',
      kind: 'cancelled',
      confirmationCode: '5581435138',
      checkIn: '2026-06-28',
      listingName: 'Casa Girasole',
    },
  ],
  'booking-modified.eml': [
    { platform: 'booking', kind: 'confirmed', confirmationCode: '4410022871', checkIn: '2026-07-03' },
  ],
  'booking-last-minute.eml': [
    { platform: 'booking', kind: 'confirmed', confirmationCode: '6120098311', checkIn: '2026-06-13' },
  ],
  'booking-new-fr.eml': [
    {
      platform: 'booking',
      kind: 'confirmed',
      confirmationCode: '5581435138',
      checkIn: '2026-06-28',
      listingName: 'Villa Lavande',
    },
  ],
  'booking-guest-message.eml': [
    {
      platform: 'booking',
      confirmationCode: '5958915259',
      checkIn: '2026-01-15',
      checkOut: '2026-01-18',
      guestCount: 2,
      guestName: 'Francesco Brufani',
    },
  ],
  'scidoo-confirmed.eml': [
    {
      platform: 'pms',
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

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('synthetic fixtures', () => {
  for (const [file, expectedFacts] of Object.entries(EXPECTED)) {
    describe(file, async () => {
      const email = await parseEmail(fixture(file));
      itGivesExpectedFacts(email, extractFacts(email), expectedFacts);
    });
  }
});

describe('confidence', () => {
  it('is high when the template gave every field and lower for a thin Booking.com notification', async () => {
    const [complete] = extractFacts(await parseEmail(fixture('airbnb-confirmation-it.eml')));
    const [thin] = extractFacts(await parseEmail(fixture('booking-new.eml')));
    expect(complete?.confidence).toBeGreaterThanOrEqual(0.95);
    expect(thin?.confidence).toBeLessThan(0.85);
    expect(thin?.confidence).toBeGreaterThan(0.5);
  });

  it('drops when an expected field is missing', async () => {
    const email = await parseEmail(fixture('airbnb-confirmation-2024.eml'));
    const [full] = extractFacts(email);
    const [withoutCode] = extractFacts({ ...email, text: email.text?.replace(/HMK2B7Q9XA/g, '') ?? null });
    expect(withoutCode?.confirmationCode).toBeNull();
    expect(withoutCode?.confidence).toBeLessThan(full?.confidence ?? 0);
  });
});

describe('fields a template does not give', () => {
  it('are null, and requested* fields appear only on change requests', async () => {
    const [confirmation] = extractFacts(await parseEmail(fixture('vrbo-reservation.eml')));
    const [change] = extractFacts(await parseEmail(fixture('airbnb-change-request-guests.eml')));
    expect(confirmation?.payoutCurrency).toBeNull();
    expect(confirmation && 'requestedCheckIn' in confirmation).toBe(false);
    expect(change && 'requestedCheckIn' in change).toBe(true);
  });
});
