import { flagsInParseError, type MessageFlag } from '../../../contracts/message-flags.js';
import type { Fact } from '../fact.js';
import { type ParsedEmail, parseHeaderOnly } from '../parse-email.js';
import type { MessagePool } from './message-pool.js';

export interface BudgetedParse {
  parsed: ParsedEmail;
  flags: MessageFlag[];
}

/**
 * Parses one raw message off the event loop. Over the size cap it is not parsed at all, over the
 * time budget it is given up: either way only its header block is read and the flag says why.
 */
export async function parseWithinBudget(
  pool: MessagePool,
  raw: Uint8Array,
  sizeEstimate: number,
): Promise<BudgetedParse> {
  if (Math.max(sizeEstimate, raw.length) > pool.budget.maxMessageBytes) return headerOnly(raw, 'too_large');
  const outcome = await pool.parse(raw);
  if (!outcome.done) return headerOnly(raw, 'budget_exceeded');
  return { parsed: outcome.value, flags: flagsInParseError(outcome.value.error) };
}

function headerOnly(raw: Uint8Array, flag: MessageFlag): BudgetedParse {
  return { parsed: parseHeaderOnly(raw, flag), flags: [flag] };
}

/** Flags after which a message is not handed to the extractor: it was never parsed in full. */
const NOT_EXTRACTED: ReadonlySet<MessageFlag> = new Set(['too_large', 'budget_exceeded']);

/**
 * Facts of one archived message, extracted off the event loop under the budget. A message over it
 * yields no facts and the `budget_exceeded` flag; it is never tried again (its flag says so).
 */
export async function extractWithinBudget(
  pool: MessagePool,
  email: ParsedEmail,
  flags: readonly MessageFlag[],
): Promise<{ facts: Fact[]; flag: MessageFlag | null }> {
  if (flags.some((flag) => NOT_EXTRACTED.has(flag))) return { facts: [], flag: null };
  const bytes = (email.text?.length ?? 0) + (email.html?.length ?? 0);
  if (bytes > pool.budget.bytes) return { facts: [], flag: 'budget_exceeded' };
  const outcome = await pool.extract(email);
  return outcome.done ? { facts: outcome.value, flag: null } : { facts: [], flag: 'budget_exceeded' };
}
