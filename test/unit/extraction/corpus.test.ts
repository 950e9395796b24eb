import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../extraction/fact.js';
import { extractFacts, parseEmail } from '../../../extraction/index.js';
import { itGivesExpectedFacts } from './expected-facts.js';
import { describeWithCorpus, SHARED_CORPUS } from './shared-corpus.js';

/** Every directory of real mail with its `expected.json`, read field by field the same way. */
const CORPORA = ['airbnb-1242bnb', 'public-mixed'];

for (const corpus of CORPORA) {
  const DIR = join(SHARED_CORPUS, 'emails', corpus);
  describeWithCorpus(`shared corpus: ${corpus}`, DIR, () => registerCorpus(DIR));
}

function registerCorpus(DIR: string): void {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
    string,
    Partial<Fact>[]
  >;

  it('has an expectation for every .eml file', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, expectedFacts] of Object.entries(expected)) {
    describe(file, async () => {
      const email = await parseEmail(readFileSync(join(DIR, file)));
      const facts = extractFacts(email);
      itGivesExpectedFacts(email, facts, expectedFacts);

      expectedFacts.forEach((expectedFact, index) => {
        it(`fact ${index}: gives null, not undefined, for fields the template lacks`, () => {
          const fact = facts[index];
          for (const field of [
            'guestName',
            'checkIn',
            'checkOut',
            'guestCount',
            'listingName',
            'payoutAmount',
          ] as const) {
            expect(fact?.[field]).not.toBeUndefined();
          }
          expect(fact?.confidence).toBeGreaterThanOrEqual(0.95);
        });
        it(`fact ${index}: has evidence for every field it gives`, () => {
          const fact = facts[index];
          for (const [field, value] of Object.entries(expectedFact)) {
            if (value === null || field === 'platform' || field === 'kind') continue;
            expect(fact?.evidence[field]?.text, field).toBeTruthy();
          }
        });
      });

      // The same mail without its text part must read the same from its HTML (HTML-only mail).
      if (expectedFacts.length > 0 && email.html) {
        it('reads the same facts from the HTML part alone', () => {
          const fromHtml = extractFacts({ ...email, text: null });
          expect(fromHtml).toHaveLength(expectedFacts.length);
          expectedFacts.forEach((expectedFact, index) => {
            for (const [field, value] of Object.entries(expectedFact)) {
              const got = fromHtml[index]?.[field as keyof Fact];
              // CSS upper-cases the listing name in the text part only.
              if (field === 'listingName' && typeof value === 'string') {
                expect(String(got).toUpperCase(), field).toBe(value.toUpperCase());
              } else {
                expect(got, field).toEqual(value);
              }
            }
          });
        });
      }
    });
  }
}
