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

/**
 * A small booking-shaped mail each thread reads a few times when it loads, before it takes work: V8
 * compiles the parser, the extractor and their regular expressions lazily and per thread, so without
 * this a fresh thread's first real messages cost ten times an ordinary one (measured: 11 ms against
 * 1–2 ms), enough to count as heavy (message-pool.ts) and to slow whoever's mail it was.
 */
const WARM_UP_MAIL = [
  'From: Airbnb <automated@airbnb.com>',
  'Subject: Reservation confirmed - Ana Lima arrives Jul 29',
  'Date: Tue, 21 Jul 2026 14:58:44 +0000',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>New booking confirmed! Ana arrives Jul 29.</p><p>Check-in</p><p>Wed, Jul 29</p><p>Checkout</p>' +
    '<p>Sun, Aug 2</p><p>Guests</p><p>2 adults</p><p>Confirmation code</p><p>HMWARMUP01</p>' +
    '<p>You earn</p><p>$612.00</p>',
].join('\r\n');
const WARM_UP_READS = 3;

/** Called by thread-entry.mjs once the module has loaded (see `WARM_UP_MAIL`). */
export async function warmUp(): Promise<void> {
  const raw = new TextEncoder().encode(WARM_UP_MAIL);
  for (let n = 0; n < WARM_UP_READS; n++) read(toParsed(toStored(await parseEmail(raw), null)));
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
