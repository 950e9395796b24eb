import { parentPort } from 'node:worker_threads';
import { flagsInParseError, type MessageFlag } from '../../../contracts/message-flags.js';
import { excerptOf } from '../../../domain/archive/message-excerpt.js';
import type { Fact } from '../../../extraction/fact.js';
import { readMail } from '../../../extraction/index.js';
import { type ParsedEmail, parseEmail } from '../../../extraction/parse-email.js';
import { toParsed, toStored } from '../../../extraction/stored-email.js';
import { NOT_EXTRACTED, overByteBudget } from './extraction-gate.js';
import type { Stage } from './message-pool.js';

/** What the pool asks a thread to do with one message. */
export type MessageTask =
  | { kind: 'parse'; raw: Uint8Array }
  | { kind: 'extract'; email: ParsedEmail }
  /** parse, report the stored form (a stage), then extract unless the message is past `maxBytes` */
  | { kind: 'archive'; raw: Uint8Array; internalDate: Date | null; maxBytes: number };

/**
 * A message's facts and what its reading flagged (`unrecognized`, or `budget_exceeded` over the
 * budget); for mail nobody could read, the start of its text, for the person who will look at it.
 */
export interface ArchiveExtraction {
  facts: Fact[];
  flags: MessageFlag[];
  excerpt: string | null;
}

export type TaskResult<T extends MessageTask['kind']> = T extends 'parse' ? ParsedEmail : ArchiveExtraction;

const NOT_READ: ArchiveExtraction = { facts: [], flags: [], excerpt: null };

/** readMail, and the excerpt a flagged mail is shown with, in the same visit to the thread. */
function read(email: ParsedEmail): ArchiveExtraction {
  const reading = readMail(email);
  const unrecognized = reading.flags.includes('unrecognized');
  return { ...reading, excerpt: unrecognized ? excerptOf(email) : null };
}

const RUN: {
  [K in MessageTask['kind']]: (task: Extract<MessageTask, { kind: K }>, stage: Stage) => Promise<unknown>;
} = {
  parse: (task) => parseEmail(task.raw),
  extract: async (task) => read(task.email),
  archive: async (task, stage): Promise<ArchiveExtraction> => {
    const stored = toStored(await parseEmail(task.raw), task.internalDate);
    stage(stored);
    if (flagsInParseError(stored.parse_error).some((flag) => NOT_EXTRACTED.has(flag))) return NOT_READ;
    if (overByteBudget(stored.body_text, stored.body_html, task.maxBytes))
      return { ...NOT_READ, flags: ['budget_exceeded'] };
    return read(toParsed(stored));
  },
};

// the thread's whole life: one task at a time, answered with its id; the pool kills it when slow
parentPort?.on('message', async ({ id, task }: { id: number; task: MessageTask }) => {
  const stage: Stage = (value) => parentPort?.postMessage({ id, value, stage: true });
  const value = await RUN[task.kind](task as never, stage);
  parentPort?.postMessage({ id, value });
});
