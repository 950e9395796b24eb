import { expect, it } from 'vitest';
import type { Fact } from '../../../extraction/fact.js';
import type { extractFacts, parseEmail } from '../../../extraction/index.js';

type ParsedEmail = Awaited<ReturnType<typeof parseEmail>>;

/**
 * One test per expected field of each fact, so a failure names the field, plus the parse and the
 * fact count; inside a `describe` of the e-mail.
 */
export function itGivesExpectedFacts(
  email: ParsedEmail,
  facts: ReturnType<typeof extractFacts>,
  expectedFacts: Partial<Fact>[],
): void {
  it('parses without error', () => {
    expect(email.error).toBeNull();
  });

  it(`gives ${expectedFacts.length} fact(s)`, () => {
    expect(facts).toHaveLength(expectedFacts.length);
  });

  expectedFacts.forEach((expectedFact, index) => {
    for (const [field, value] of Object.entries(expectedFact)) {
      it(`fact ${index}: ${field}`, () => {
        expect(facts[index]?.[field as keyof Fact]).toEqual(value);
      });
    }
  });
}
