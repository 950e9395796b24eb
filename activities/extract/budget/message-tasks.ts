import { parentPort } from 'node:worker_threads';
import type { Fact } from '../fact.js';
import { extractFacts } from '../index.js';
import { type ParsedEmail, parseEmail } from '../parse-email.js';

/** What the pool asks a thread to do with one message. */
export type MessageTask = { kind: 'parse'; raw: Uint8Array } | { kind: 'extract'; email: ParsedEmail };

export type TaskResult<T extends MessageTask['kind']> = T extends 'parse' ? ParsedEmail : Fact[];

const RUN: { [K in MessageTask['kind']]: (task: Extract<MessageTask, { kind: K }>) => Promise<unknown> } = {
  parse: (task) => parseEmail(task.raw),
  extract: async (task) => extractFacts(task.email),
};

// the thread's whole life: one task at a time, answered with its id; the pool kills it when slow
parentPort?.on('message', async ({ id, task }: { id: number; task: MessageTask }) => {
  const value = await RUN[task.kind](task as never);
  parentPort?.postMessage({ id, value });
});
