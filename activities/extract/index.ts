import type { Fact } from './fact.js';
import { toMailView } from './mail-view.js';
import { type ParsedEmail, parseEmail } from './parse-email.js';
import { chooseTemplate } from './routes.js';

export type { Fact, FactKind, Platform } from './fact.js';
export { type ParsedEmail, parseEmail } from './parse-email.js';

/** Bump when a change may alter the facts of mail already archived, so it gets re-extracted. */
export const PARSER_VERSION = '1.0.0';

/** Facts one parsed e-mail states; [] for mail we do not read. Pure, and never throws. */
export function extractFacts(email: ParsedEmail): Fact[] {
  try {
    const mail = toMailView(email);
    return chooseTemplate(mail)?.extract(mail) ?? [];
  } catch {
    return [];
  }
}

/** Parse then extract, for callers holding the raw message. */
export async function extractFromRaw(raw: Uint8Array | string): Promise<Fact[]> {
  return extractFacts(await parseEmail(raw));
}
