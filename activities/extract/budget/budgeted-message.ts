import { flagsInParseError, type MessageFlag } from '../../../contracts/message-flags.js';
import type { Fact } from '../../../extraction/fact.js';
import { type ParsedEmail, parseHeaderOnly } from '../../../extraction/parse-email.js';
import { type StoredEmail, toStored } from '../../../extraction/stored-email.js';
import { NOT_EXTRACTED, overByteBudget } from './extraction-gate.js';
import type { MessagePool } from './message-pool.js';
import type { ArchiveExtraction } from './message-tasks.js';

/**
 * Facts of one archived message and what its reading flagged (`unrecognized`), extracted off the
 * event loop under the budget. A message over it yields no facts and the `budget_exceeded` flag;
 * it is never tried again (its flag says so).
 */
export async function extractWithinBudget(
  pool: MessagePool,
  email: ParsedEmail,
  flags: readonly MessageFlag[],
  /** whose message it is: the pool shares its threads fairly between connections */
  connectionId?: string,
): Promise<ArchiveExtraction> {
  const overBudget: ArchiveExtraction = { facts: [], flags: ['budget_exceeded'], excerpt: null };
  if (flags.some((flag) => NOT_EXTRACTED.has(flag))) return { facts: [], flags: [], excerpt: null };
  if (overByteBudget(email.text, email.html, pool.budget.bytes)) return overBudget;
  const outcome = await pool.extract(email, connectionId);
  return outcome.done ? outcome.value : overBudget;
}

export interface BudgetedArchive {
  stored: StoredEmail;
  flags: MessageFlag[];
  facts: Fact[];
  /** The start of the text of mail flagged `unrecognized`, else null. */
  excerpt: string | null;
}

/**
 * One raw message as the archive step needs it: its stored form, its flags and its facts, parsed
 * and extracted in one visit to a pool thread, each stage under the budget. Over the size cap or
 * the parse budget only its header block is read; over the extraction budget it keeps its parse
 * and yields no facts. The flags say which.
 */
export async function archiveWithinBudget(
  pool: MessagePool,
  raw: Uint8Array,
  sizeEstimate: number,
  internalDate: Date | null,
  /** whose message it is: the pool shares its threads fairly between connections */
  connectionId?: string,
): Promise<BudgetedArchive> {
  const headersOnly = (flag: MessageFlag): BudgetedArchive => ({
    stored: toStored(parseHeaderOnly(raw, flag), internalDate),
    flags: [flag],
    facts: [],
    excerpt: null,
  });
  if (Math.max(sizeEstimate, raw.length) > pool.budget.maxMessageBytes) return headersOnly('too_large');
  let stored: StoredEmail | null = null;
  const outcome = await pool.archive(
    { raw, internalDate, maxBytes: pool.budget.bytes },
    (parsed) => {
      stored = parsed;
    },
    connectionId,
  );
  // a let assigned in a callback: TypeScript cannot see it, hence the explicit type
  const parsed = stored as StoredEmail | null;
  if (!parsed) return headersOnly('budget_exceeded');
  const flags = flagsInParseError(parsed.parse_error);
  if (!outcome.done)
    return { stored: parsed, flags: [...flags, 'budget_exceeded'], facts: [], excerpt: null };
  const { facts, excerpt } = outcome.value;
  return { stored: parsed, flags: [...flags, ...outcome.value.flags], facts, excerpt };
}
