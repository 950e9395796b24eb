import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { StoredEmail } from '../../../extraction/stored-email.js';
import { FairQueue } from './fair-queue.js';
import type { MessageTask, TaskResult } from './message-tasks.js';
import { lowerThread, restoreThread } from './thread-priority.js';

/** What one message may cost; see the README's `MAIL_*` variables. */
export interface MessageBudget {
  /** Wall-clock time one parse or one extraction may take before its thread is terminated. */
  ms: number;
  /** Decoded text (text part + HTML) one message may hand the extractor. */
  bytes: number;
  /** Raw size (Gmail's `sizeEstimate`) above which a message is archived without being parsed. */
  maxMessageBytes: number;
}

/** Thread time after which a message is heavy (`MAIL_POOL_HEAVY_MS`): ten times an ordinary booking's. */
export const DEFAULT_HEAVY_MS = 25;

/** The `MAIL_*` defaults (config/env.ts), for processes that build a pool without the environment. */
export const DEFAULT_BUDGET: MessageBudget = {
  ms: 2_000,
  bytes: 1024 * 1024,
  maxMessageBytes: 10 * 1024 * 1024,
};

export interface MessagePoolOptions {
  budget: MessageBudget;
  threads: number;
  /** Threads one connection alone may not take, kept for another's mail (`MAIL_POOL_SPARE_THREADS`). */
  spareThreads?: number;
  /**
   * Thread time after which a message is heavy (`MAIL_POOL_HEAVY_MS`): its thread drops to the lowest
   * CPU priority, and its connection's next message starts there. Ordinary mail takes a few ms.
   * 0 leaves priorities alone.
   */
  heavyMs?: number;
  /** Heap one thread may grow to: a memory bomb then kills its thread, not the worker. */
  maxHeapMb?: number;
  /** The task module (tests give one of their own); default `message-tasks.ts`. */
  tasks?: URL;
}

/** Either the task's result, or the news that it spent its budget (time, or memory: the thread died). */
export type Outcome<T> = { done: true; value: T } | { done: false };

/** How a task of stages hands over each finished stage (the parse before the extraction). */
export type Stage = (value: unknown) => void;

interface Job {
  id: number;
  /** Whose job it is (a connection, a feed): the pool shares its threads fairly between keys. */
  key: string;
  task: object;
  resolve: (outcome: Outcome<unknown>) => void;
  /** A task of stages (parse, then extract) reports each finished stage here; each gets the budget anew. */
  onStage?: Stage;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The thread's id for its CPU priority (thread-priority.ts); null where the OS has none. */
  tid: number | null;
  /** Running at the lowest priority: a heavy message holds it, or held it and the OS kept it low. */
  lowered: boolean;
  job: RunningJob | null;
}

interface RunningJob extends Job {
  /** Ends the message when its budget is spent. */
  timer: NodeJS.Timeout;
  /** Lowers the thread once the message has become heavy. */
  heavyTimer?: NodeJS.Timeout;
  heavy: boolean;
}

const ENTRY = new URL('./thread-entry.mjs', import.meta.url);
const TASKS = new URL('./message-tasks.ts', import.meta.url);

/** Options of one task: whose it is, and where a task of stages reports each stage. */
export interface TaskOptions {
  /** The connection (or feed) the task is for; tasks without one share the key `''`. */
  key?: string;
  onStage?: Stage;
}

/**
 * Parses and extracts messages on worker threads under a hard budget, so that no e-mail, however
 * hostile, can block the event loop (and with it the activity's heartbeat). A task over budget has
 * its thread terminated and a fresh one takes its place. The threads are shared between connections
 * fairly (fair-queue.ts): the waiting connection that has used the least thread time goes next, and
 * none holds more than its share of the threads while another waits. One pool per process (worker.ts).
 */
export class MessagePool {
  readonly budget: MessageBudget;
  readonly #options: MessagePoolOptions;
  readonly #slots = new Set<Slot>();
  readonly #queue: FairQueue<Job>;
  readonly #heavyMs: number;
  #nextId = 0;
  #closed = false;

  constructor(options: MessagePoolOptions) {
    this.budget = options.budget;
    this.#options = options;
    this.#queue = new FairQueue(options.threads, Date.now, options.spareThreads ?? 0);
    this.#heavyMs = options.heavyMs ?? DEFAULT_HEAVY_MS;
  }

  parse(raw: Uint8Array, key?: string): Promise<Outcome<TaskResult<'parse'>>> {
    return this.run({ kind: 'parse', raw }, { key });
  }

  extract(email: TaskResult<'parse'>, key?: string): Promise<Outcome<TaskResult<'extract'>>> {
    return this.run({ kind: 'extract', email }, { key });
  }

  /**
   * Parse and extract in one visit to a thread (half the messages between threads, and the parsed
   * body is never sent back for extraction). The parse is handed to `onParsed` as soon as it is
   * done; the extraction then has a budget of its own.
   */
  archive(
    task: Omit<Extract<MessageTask, { kind: 'archive' }>, 'kind'>,
    onParsed: (stored: StoredEmail) => void,
    key?: string,
  ): Promise<Outcome<TaskResult<'archive'>>> {
    return this.run({ kind: 'archive', ...task }, { key, onStage: onParsed as Stage });
  }

  /** Any task the pool's task module knows (a test's module knows others than `MessageTask`). */
  run<T>(task: object, options: TaskOptions = {}): Promise<Outcome<T>> {
    if (this.#closed) return Promise.reject(new Error('the message pool is closed'));
    return new Promise((resolve) => {
      const job: Job = {
        id: ++this.#nextId,
        key: options.key ?? '',
        task,
        resolve: resolve as Job['resolve'],
        onStage: options.onStage,
      };
      this.#queue.push(job.key, job);
      this.#drain();
    });
  }

  /**
   * Starts every thread and waits until each has loaded its code, so the first messages do not pay
   * for the loading (the fairness bench measures a worker that has been running a while).
   */
  async warm(): Promise<void> {
    while (this.#slots.size < this.#options.threads) this.#spawn();
    await Promise.all(
      [...this.#slots].filter((slot) => !slot.ready).map((slot) => once(slot.worker, 'message')),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.drain()) job.resolve({ done: false });
    await Promise.all([...this.#slots].map((slot) => this.#retire(slot)));
  }

  #drain(): void {
    while (this.#queue.size > 0) {
      const slot = this.#idleSlot();
      if (!slot) return;
      const next = this.#queue.next();
      if (!next) return;
      // the job object itself is its token in the fair queue until it leaves the thread
      const job: RunningJob = Object.assign(next.job, {
        timer: setTimeout(() => this.#abandon(slot), this.budget.ms),
        heavyTimer: this.#heavyMs ? setTimeout(() => this.#becameHeavy(slot), this.#heavyMs) : undefined,
        heavy: false,
      });
      this.#queue.started(job.key, job);
      slot.job = job;
      // a connection whose last message was heavy starts the next one low: a flood yields at once
      if (this.#heavyMs && this.#queue.isHeavy(job.key)) this.#lower(slot);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  /** A loaded thread with nothing to do; otherwise one more thread starts loading (it drains when ready). */
  #idleSlot(): Slot | null {
    for (const slot of this.#slots) if (slot.ready && !slot.job) return slot;
    const loading = [...this.#slots].filter((slot) => !slot.ready).length;
    if (this.#slots.size < this.#options.threads && loading < this.#queue.size) this.#spawn();
    return null;
  }

  /**
   * The job left its thread, done or given up: its thread time is charged to its key, and whether it
   * was heavy decides the priority its key's next message starts at.
   */
  #release(job: RunningJob, heavy: boolean): void {
    clearTimeout(job.timer);
    clearTimeout(job.heavyTimer);
    this.#queue.markHeavy(job.key, heavy);
    this.#queue.finished(job.key, job);
  }

  /** The message has held its thread past `heavyMs`: the thread yields the CPU to lighter ones. */
  #becameHeavy(slot: Slot): void {
    if (!slot.job) return;
    slot.job.heavy = true;
    this.#lower(slot);
  }

  #lower(slot: Slot): void {
    if (!slot.lowered) slot.lowered = lowerThread(slot.tid);
  }

  /** A lowered thread that finished gets its priority back, or, where the OS refuses, is replaced. */
  #restore(slot: Slot): void {
    if (!slot.lowered) return;
    if (restoreThread(slot.tid)) slot.lowered = false;
    else void this.#retire(slot);
  }

  #spawn(): Slot {
    const worker = new Worker(ENTRY, {
      workerData: { entry: (this.#options.tasks ?? TASKS).href },
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb ?? 512 },
    });
    // an idle thread must not keep a CLI or a test process alive
    worker.unref();
    const slot: Slot = { worker, ready: false, tid: null, lowered: false, job: null };
    type Reply = { id: number; value: unknown; ready?: boolean; tid?: number | null; stage?: boolean };
    worker.on('message', ({ id, value, ready, tid, stage }: Reply) => {
      if (ready) {
        slot.ready = true;
        slot.tid = tid ?? null;
        this.#drain();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== id) return;
      if (stage) {
        clearTimeout(job.timer);
        job.timer = setTimeout(() => this.#abandon(slot), this.budget.ms);
        job.onStage?.(value);
        return;
      }
      slot.job = null;
      this.#release(job, job.heavy);
      this.#restore(slot);
      job.resolve({ done: true, value });
      this.#drain();
    });
    worker.on('error', () => this.#abandon(slot));
    worker.on('exit', () => this.#abandon(slot));
    this.#slots.add(slot);
    return slot;
  }

  /** The running task spent its budget (or killed its thread): it is given up, never retried. */
  #abandon(slot: Slot): void {
    if (!this.#slots.has(slot)) return;
    const job = slot.job;
    slot.job = null;
    if (job) this.#release(job, true);
    void this.#retire(slot);
    job?.resolve({ done: false });
    // a thread that dies while loading would be replaced forever: the next message pays for it
    if (!slot.ready) this.#queue.next()?.job.resolve({ done: false });
    if (!this.#closed) this.#drain();
  }

  async #retire(slot: Slot): Promise<void> {
    this.#slots.delete(slot);
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}
