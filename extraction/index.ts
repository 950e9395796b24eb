import type { Fact } from './fact.js';
import { type ParsedEmail, parseEmail } from './parse-email.js';
import { type MailReading, readMail } from './read-mail.js';

export type { Evidence, FieldEvidence } from './evidence.js';
export type { Fact, FactKind, Platform, ReadBy } from './fact.js';
export { type ParsedEmail, parseEmail } from './parse-email.js';
export { type MailReading, type ReadingFlag, type ReadOptions, readMail } from './read-mail.js';

/** Bump when a change may alter the facts of mail already archived, so it gets re-extracted. */
export const PARSER_VERSION = '3.0.0';

/** Facts one parsed e-mail states; [] for mail we do not read. Pure, and never throws. */
export function extractFacts(email: ParsedEmail): Fact[] {
  return readMail(email).facts;
}

/** Parse then read, for callers holding the raw message. */
export async function readRaw(raw: Uint8Array | string): Promise<MailReading> {
  return readMail(await parseEmail(raw));
}

/** Parse then extract, for callers holding the raw message. */
export async function extractFromRaw(raw: Uint8Array | string): Promise<Fact[]> {
  return (await readRaw(raw)).facts;
}
