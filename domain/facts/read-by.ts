import type { ReadBy } from '../../extraction/fact.js';

/**
 * Every way a fact can be read (extraction's `ReadBy`), as a list: the API's `readBy` enum and the
 * `reservation_facts.read_by` CHECK constraint, which SQL cannot import (a test reads it back from
 * Postgres and compares).
 */
export const READ_BY = ['template', 'generic', 'mixed'] as const satisfies readonly ReadBy[];

// the list names every ReadBy: a reader added to extraction/fact.ts without it is a type error here
const EVERY_READER: Exclude<ReadBy, (typeof READ_BY)[number]> extends never ? true : never = true;
void EVERY_READER;
