import type { MessageFlag } from '../../../contracts/message-flags.js';

/** Flags after which a message is not handed to the extractor: it was never parsed in full. */
export const NOT_EXTRACTED: ReadonlySet<MessageFlag> = new Set(['too_large', 'budget_exceeded']);

/** Decoded text (text part + HTML) past the byte budget: no facts, and the budget flag. */
export function overByteBudget(text: string | null, html: string | null, maxBytes: number): boolean {
  return (text?.length ?? 0) + (html?.length ?? 0) > maxBytes;
}
