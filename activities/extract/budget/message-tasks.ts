import { parentPort } from 'node:worker_threads';
import { flagsInParseError, type MessageFlag } from '../../../contracts/message-flags.js';
import type { Fact } from '../../../extraction/fact.js';
import { extractFacts } from '../../../extraction/index.js';
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

export interface ArchiveExtraction {
  facts: Fact[];
  flag: MessageFlag | null;
}

export type TaskResult<T extends MessageTask['kind']> = T extends 'parse'
  ? ParsedEmail
  : T extends 'archive'
    ? ArchiveExtraction
    : Fact[];

const RUN: {
  [K in MessageTask['kind']]: (task: Extract<MessageTask, { kind: K }>, stage: Stage) => Promise<unknown>;
} = {
  parse: (task) => parseEmail(task.raw),
  extract: async (task) => extractFacts(task.email),
  archive: async (task, stage): Promise<ArchiveExtraction> => {
    const stored = toStored(await parseEmail(task.raw), task.internalDate);
    stage(stored);
    if (flagsInParseError(stored.parse_error).some((flag) => NOT_EXTRACTED.has(flag)))
      return { facts: [], flag: null };
    if (overByteBudget(stored.body_text, stored.body_html, task.maxBytes))
      return { facts: [], flag: 'budget_exceeded' };
    return { facts: extractFacts(toParsed(stored)), flag: null };
  },
};

// the thread's whole life: one task at a time, answered with its id; the pool kills it when slow
parentPort?.on('message', async ({ id, task }: { id: number; task: MessageTask }) => {
  const stage: Stage = (value) => parentPort?.postMessage({ id, value, stage: true });
  const value = await RUN[task.kind](task as never, stage);
  parentPort?.postMessage({ id, value });
});
