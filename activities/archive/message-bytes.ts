import { rawAnswerLimit } from '../../gmail/capped-message.js';

/** What each message holds to begin with: booking mail is 30–110 KB raw, a few times more decoded. */
export const SMALL_HOLD_BYTES = 512 * 1024;

/** `MAIL_BYTES_IN_FLIGHT`'s default (config/env.ts), for processes without the environment. */
export const DEFAULT_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/**
 * The worker's budget of `MAIL_BYTES_IN_FLIGHT` bytes, whose large lane fits the largest answer a
 * message under `MAIL_MAX_MESSAGE_BYTES` can have (the worker refuses to start when they do not fit).
 */
export function messageBytesFor(options: { bytesInFlight: number; maxMessageBytes: number }): MessageBytes {
  return new MessageBytes({
    capacity: options.bytesInFlight,
    smallBytes: SMALL_HOLD_BYTES,
    largeBytes: rawAnswerLimit(options.maxMessageBytes),
  });
}

/**
 * Bytes of mail a worker holds at once, budgeted like time: every message being downloaded,
 * parsed or waiting for its batch to be written holds its bytes here until the batch is written.
 * One per worker process, shared by every page's fetchers and writers (issue 20).
 *
 * Two budgets, so that nothing can wait forever:
 * - every message starts with a small hold (`smallBytes`) out of the shared `capacity`: booking mail
 *   is tens of kilobytes, so nearly every message fits it and many download side by side;
 * - a message that outgrows it takes the one *large lane* (its own `largeBytes`, enough for the
 *   largest message the size cap lets through), one message at a time. The lane's bytes are never
 *   lent to small holds, so the large message in it can always finish, however many others wait.
 * Whoever waits makes the budget *pressed*: page writers then write what they hold at once, which
 * gives its bytes back.
 */
export class MessageBytes {
  readonly #small: Semaphore;
  readonly #lane = new Semaphore(1);
  readonly #pressure = new Set<() => void>();
  #held = 0;
  #peak = 0;

  constructor(readonly options: { capacity: number; smallBytes: number; largeBytes: number }) {
    if (options.capacity < options.largeBytes + options.smallBytes)
      throw new Error(
        `MAIL_BYTES_IN_FLIGHT must be at least ${options.largeBytes + options.smallBytes}: the largest ` +
          'answer a message under MAIL_MAX_MESSAGE_BYTES can have, and one small hold',
      );
    this.#small = new Semaphore(options.capacity - options.largeBytes, () => this.#pressed());
  }

  /** Bytes held right now, and the most held at once (the metrics, and the tests). */
  get held(): number {
    return this.#held;
  }
  get peak(): number {
    return this.#peak;
  }

  /** Someone is waiting for bytes (or for the lane): whoever holds written-ready mail should write it now. */
  get pressed(): boolean {
    return this.#small.waiting || this.#lane.waiting;
  }

  /** A hold of `smallBytes` for one message, once the budget has them. */
  async hold(): Promise<MessageHold> {
    await this.#small.acquire(this.options.smallBytes);
    this.#count(this.options.smallBytes);
    return new MessageHold(this);
  }

  /** `onPressed` runs whenever someone starts waiting for bytes; the returned function stops it. */
  onPressed(listener: () => void): () => void {
    this.#pressure.add(listener);
    return () => this.#pressure.delete(listener);
  }

  /** @internal the hold's side of the accounting */
  async takeLane(): Promise<void> {
    await this.#lane.acquire(1, () => this.#pressed());
  }
  /** @internal */
  leaveLane(): void {
    this.#lane.release(1);
  }
  /** @internal */
  giveSmall(bytes: number): void {
    this.#small.release(bytes);
    this.#count(-bytes);
  }
  /** @internal */
  count(bytes: number): void {
    this.#count(bytes);
  }

  #count(bytes: number) {
    this.#held += bytes;
    this.#peak = Math.max(this.#peak, this.#held);
  }

  #pressed() {
    for (const listener of this.#pressure) listener();
  }
}

/**
 * The bytes one message holds: `smallBytes` to begin with; `need` grows it (through the large lane
 * past the small hold), `settle` gives back what the finished message does not use, `release`
 * gives everything back. Release is idempotent: a message is released once written, or on any
 * failure, whichever comes first.
 */
export class MessageHold {
  #small: number;
  #large = 0;
  #inLane = false;
  #released = false;

  constructor(private readonly budget: MessageBytes) {
    this.#small = budget.options.smallBytes;
  }

  get bytes(): number {
    return this.#small + this.#large;
  }

  /** Makes the hold at least `bytes` (at most `smallBytes + largeBytes`: the caller caps below it). */
  async need(bytes: number): Promise<void> {
    if (this.#released) throw new Error('the hold was released');
    if (bytes <= this.bytes) return;
    if (!this.#inLane) {
      await this.budget.takeLane();
      this.#inLane = true;
    }
    const large = Math.min(bytes - this.#small, this.budget.options.largeBytes);
    this.budget.count(large - this.#large);
    this.#large = large;
  }

  /** The message turned out to need only `bytes`: give back the rest (and the lane, if it fits the small hold). */
  settle(bytes: number): void {
    if (this.#released) return;
    if (this.#inLane && bytes <= this.#small) this.#leaveLane();
    else if (this.#inLane) {
      const large = bytes - this.#small;
      this.budget.count(large - this.#large);
      this.#large = large;
    }
    if (!this.#inLane && bytes < this.#small) {
      this.budget.giveSmall(this.#small - bytes);
      this.#small = bytes;
    }
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#inLane) this.#leaveLane();
    this.budget.giveSmall(this.#small);
    this.#small = 0;
  }

  #leaveLane() {
    this.budget.count(-this.#large);
    this.#large = 0;
    this.#inLane = false;
    this.budget.leaveLane();
  }
}

/** A counting semaphore with a FIFO queue: the first waiter is served first, so a big ask is not starved. */
class Semaphore {
  #free: number;
  readonly #waiting: { n: number; go: () => void }[] = [];

  constructor(
    capacity: number,
    private readonly onWait: () => void = () => {},
  ) {
    this.#free = capacity;
  }

  get waiting(): boolean {
    return this.#waiting.length > 0;
  }

  acquire(n: number, onWait: () => void = this.onWait): Promise<void> {
    if (this.#waiting.length === 0 && n <= this.#free) {
      this.#free -= n;
      return Promise.resolve();
    }
    const waited = new Promise<void>((go) => this.#waiting.push({ n, go }));
    onWait();
    return waited;
  }

  release(n: number): void {
    this.#free += n;
    while (this.#waiting.length > 0 && this.#waiting[0]!.n <= this.#free) {
      const next = this.#waiting.shift()!;
      this.#free -= next.n;
      next.go();
    }
  }
}
