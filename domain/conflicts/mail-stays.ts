import { normalizeCode } from '../matching/score.js';
import type { CalendarStay, MailFact } from './property-snapshot.js';

/**
 * The stays mail tells of. Per channel and confirmation code the newest e-mail wins: an altered
 * reservation's new dates replace the old ones, a cancellation after the confirmation cancels it,
 * a confirmation after a cancellation books it again. An e-mail without a code is a stay of its own.
 */
export interface MailStay {
  /** `channel:CODE`, or `fact:<id>` for an e-mail without a code: stable while the stay lasts. */
  key: string;
  /** The newest e-mail about the stay: what mail says now. */
  latest: MailFact;
  /** Every e-mail about it, oldest first. */
  facts: MailFact[];
}

export function mailStays(facts: readonly MailFact[]): MailStay[] {
  const byKey = new Map<string, MailFact[]>();
  for (const fact of [...facts].sort(oldestFirst)) {
    const key = stayKeyOf(fact);
    const group = byKey.get(key);
    if (group) group.push(fact);
    else byKey.set(key, [fact]);
  }
  return [...byKey.entries()].map(([key, group]) => ({ key, latest: group.at(-1)!, facts: group }));
}

export function stayKeyOf(fact: Pick<MailFact, 'id' | 'channel' | 'code'>): string {
  const code = normalizeCode(fact.code);
  return code === null ? `fact:${fact.id}` : `${fact.channel}:${code}`;
}

/** Whether the e-mail is about this calendar stay: matched to it, or the same channel and code. */
export function tellsOf(fact: MailFact, stay: CalendarStay): boolean {
  if (fact.matchedBookingId === stay.id) return true;
  const code = normalizeCode(fact.code);
  return code !== null && fact.channel === stay.channel && code === normalizeCode(stay.code);
}

/**
 * The first confirmation that tells of the stay, of a date we can trust: when it was sold, as far
 * as mail knows. A block another calendar held before that moment cannot be the echo of this stay.
 */
export function firstConfirmation(stay: CalendarStay, stays: readonly MailStay[]): MailFact | null {
  let first: MailFact | null = null;
  for (const mail of stays)
    for (const fact of mail.facts)
      if (
        fact.kind === 'confirmed' &&
        fact.dateTrusted &&
        tellsOf(fact, stay) &&
        (first === null || oldestFirst(fact, first) < 0)
      )
        first = fact;
  return first;
}

/** A cancellation e-mail is the newest word on the stay. */
export function cancelledByMail(stay: CalendarStay, stays: readonly MailStay[]): MailFact | null {
  for (const mail of stays)
    if (mail.latest.kind === 'cancelled' && mail.facts.some((f) => tellsOf(f, stay))) return mail.latest;
  return null;
}

function oldestFirst(a: MailFact, b: MailFact): number {
  return a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1;
}
