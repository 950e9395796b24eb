import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseTemplate } from '../../../extraction/choose-template.js';
import { extractFacts, parseEmail, readMail } from '../../../extraction/index.js';
import { toMailView } from '../../../extraction/mail-view.js';
import {
  FIXTURE_EXPECTATIONS as EXPECTED,
  FIXTURE_FLAGS,
} from '../../../testing/mail-fixtures/expectations.js';
import { itGivesExpectedFacts } from './expected-facts.js';

const DIR = new URL('../../../testing/mail-fixtures/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, DIR));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.eml'));

describe('synthetic fixtures', () => {
  it('has an expectation for every .eml file, and a file for every expectation', () => {
    expect(FILES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expectedFacts] of Object.entries(EXPECTED)) {
    describe(file, async () => {
      const email = await parseEmail(fixture(file));
      itGivesExpectedFacts(email, extractFacts(email), expectedFacts);
      it(`flags: ${JSON.stringify(FIXTURE_FLAGS[file] ?? [])}`, () => {
        expect(readMail(email).flags).toEqual(FIXTURE_FLAGS[file] ?? []);
      });
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

  it('stays under the trusted band (0.9) for every fact the generic reader read, alone or in part', () => {
    const read = FILES.flatMap((file) => extractFacts(parseEmailSync(file)));
    const untrusted = read.filter((fact) => fact.readBy !== 'template');
    expect(untrusted.length).toBeGreaterThan(30);
    for (const fact of untrusted) expect(fact.confidence, JSON.stringify(fact.evidence)).toBeLessThan(0.9);
  });

  it('reaches the trusted band only for a template fact that gives its expected fields, and then does', () => {
    let complete = 0;
    for (const file of FILES) {
      const email = parseEmailSync(file);
      // templates that declare the fields their mail should give (change requests, payouts score their own)
      const expected = chooseTemplate(toMailView(email))?.expected ?? [];
      if (expected.length === 0) continue;
      for (const fact of extractFacts(email)) {
        const missing = expected.filter((field) => fact[field] === null || fact[field] === undefined);
        if (fact.confidence >= 0.9) {
          // complete, or an eight-field paid stay without its one optional field (the listing)
          expect(fact.readBy, file).toBe('template');
          expect(missing.length / expected.length, file).toBeLessThanOrEqual(1 / 8);
        }
        if (fact.readBy === 'template' && missing.length === 0) {
          complete += 1;
          // a listing read from a position only keeps a complete Airbnb fact at 0.89
          expect(fact.confidence, file).toBeGreaterThanOrEqual(0.89);
        }
      }
    }
    expect(complete).toBeGreaterThan(40);
  });
});

/** The fixtures parse synchronously enough for a loop: postal-mime's promise, awaited up front. */
const parsed = new Map(await Promise.all(FILES.map(async (f) => [f, await parseEmail(fixture(f))] as const)));
function parseEmailSync(file: string) {
  return parsed.get(file)!;
}

describe('fields a template does not give', () => {
  it('are null, and requested* fields appear only on change requests', async () => {
    const [confirmation] = extractFacts(await parseEmail(fixture('vrbo-reservation.eml')));
    const [change] = extractFacts(await parseEmail(fixture('airbnb-change-request-guests.eml')));
    expect(confirmation?.payoutCurrency).toBeNull();
    expect(confirmation && 'requestedCheckIn' in confirmation).toBe(false);
    expect(change && 'requestedCheckIn' in change).toBe(true);
  });
});
