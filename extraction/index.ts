import { chooseTemplate } from './choose-template.js';
import type { Fact } from './fact.js';
import { toMailView } from './mail-view.js';
import { type ParsedEmail, parseEmail } from './parse-email.js';

export type { Evidence, FieldEvidence } from './evidence.js';
export type { Fact, FactKind, Platform } from './fact.js';
export { type ParsedEmail, parseEmail } from './parse-email.js';

/** Bump when a change may alter the facts of mail already archived, so it gets re-extracted. */
export const PARSER_VERSION = '2.0.0';

/** Facts one parsed e-mail states; [] for mail we do not read. Pure, and never throws. */
export function extractFacts(email: ParsedEmail): Fact[] {
  try {
    const mail = toMailView(email);
    return (chooseTemplate(mail)?.extract(mail) ?? []).filter(saysSomething);
  } catch {
    return [];
  }
}

/**
 * A platform's headers over an unreadable body yield a fact with nothing in it: no code, no date,
 * no name, no money. It could match nothing and would only clutter the review queue.
 */
function saysSomething(fact: Fact): boolean {
  return [
    fact.confirmationCode,
    fact.checkIn,
    fact.checkOut,
    fact.guestName,
    fact.payoutAmount,
    fact.requestedGuestCount,
  ].some((v) => v !== null && v !== undefined);
}

/** Parse then extract, for callers holding the raw message. */
export async function extractFromRaw(raw: Uint8Array | string): Promise<Fact[]> {
  return extractFacts(await parseEmail(raw));
}
