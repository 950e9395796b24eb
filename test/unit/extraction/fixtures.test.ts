import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFacts, parseEmail } from '../../../extraction/index.js';
import { FIXTURE_EXPECTATIONS as EXPECTED } from '../../../testing/mail-fixtures/expectations.js';
import { itGivesExpectedFacts } from './expected-facts.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../testing/mail-fixtures/${name}`, import.meta.url));

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
