import type { ErrorCode } from '../contracts/errors.js';
import type { CarriedPush, PushState, PushStatus, WatchOutcome } from '../contracts/workflows.js';

/** Google: renew at least every 7 days, daily is advised; a day leaves six of margin. */
export const RENEW_EVERY_MS = 24 * 3_600_000;
/** A watch call that failed is tried again this much later (polling covers the gap). */
export const RETRY_FAILED_WATCH_MS = 15 * 60_000;
/**
 * A scheduled poll that archives mail while no notification came for this long means push missed
 * it: a notification would have started a run that read it. The grace covers a notification still
 * on its way while the poll ran.
 */
export const SILENCE_GRACE_MS = 5 * 60_000;

export type WatchAction = 'watch' | 'stop';

type StoredPushState = Exclude<PushState, 'silent' | 'expired'>;

/**
 * A connection's Gmail watch and every rule over it: when a watch call is due (at start, after a
 * reconnect or a label change, daily, a while after a failure), that only one is ever in flight,
 * whether push is healthy (and polling may slow down), and what continue-as-new carries. Owned by
 * ConnectionState; no Temporal calls and an injected clock, like it.
 */
export class PushWatch {
  /** The watch as continue-as-new hands it over; `state` is never one only shown (silent, expired). */
  readonly carried: CarriedPush & { state: StoredPushState };
  /** A watch or stop call is in flight: never a second one beside it. */
  inFlight = false;
  /** Disconnect asked for the watch to end. */
  ending = false;
  /** The label or grant changed while a call was out: it watched the old one, so call again at once. */
  private outdated = false;

  /** `enabled`: the workflow runs the watch (executions that predate push do not: `off` for good). */
  constructor(
    readonly enabled: boolean,
    carried: CarriedPush | undefined,
    now: number,
  ) {
    this.carried = {
      state: enabled ? (carried?.state === undefined ? 'pending' : asStored(carried.state)) : 'off',
      watchExpiresAt: carried?.watchExpiresAt ?? null,
      lastNotificationAt: carried?.lastNotificationAt ?? null,
      renewAt: enabled ? (carried?.renewAt ?? now) : null,
      healthyPollMinutes: carried?.healthyPollMinutes ?? null,
      silent: carried?.silent ?? false,
      awaitHistoryId: carried?.awaitHistoryId ?? null,
    };
  }

  /** The call to make now, if any; `canWatch`: Gmail is connected and healthy. */
  due(now: number, canWatch: boolean): WatchAction | null {
    if (!this.enabled || this.inFlight) return null;
    if (this.ending) return this.carried.state === 'stopped' ? null : 'stop';
    if (!canWatch || this.carried.renewAt === null) return null;
    return now >= this.carried.renewAt ? 'watch' : null;
  }

  /** How long until a watch call falls due on its own; null: only a message can make one due. */
  waitMs(now: number, canWatch: boolean): number | null {
    if (!this.enabled || this.ending || !canWatch || this.carried.renewAt === null) return null;
    return Math.max(1, this.carried.renewAt - now);
  }

  asked(): void {
    this.inFlight = true;
  }

  answered(outcome: WatchOutcome, now: number): void {
    this.inFlight = false;
    this.carried.state = outcome.state;
    if (outcome.state === 'watching') {
      this.carried.watchExpiresAt = Date.parse(outcome.watchExpiresAt);
      this.carried.healthyPollMinutes = outcome.healthyPollMinutes;
      this.carried.silent = false;
    }
    if (outcome.state !== 'watching') this.carried.watchExpiresAt = null;
    this.carried.renewAt = this.outdated
      ? now
      : now + (outcome.state === 'failed' ? RETRY_FAILED_WATCH_MS : RENEW_EVERY_MS);
    this.outdated = false;
  }

  /** The activity failed past its retries (Gmail down for minutes): as a refused call. */
  failed(code: ErrorCode, message: string, now: number): void {
    this.answered({ state: 'failed', code, message }, now);
  }

  stopped(): void {
    this.inFlight = false;
    this.carried.state = 'stopped';
    this.carried.watchExpiresAt = null;
    this.carried.renewAt = null;
  }

  /**
   * A new consent: the connection is wanted again, even if a disconnect stopped the watch and then
   * never finished (its signal lost with a crashed API), and the watch must use the new grant.
   */
  reconnected(now: number): void {
    this.ending = false;
    this.watchNow(now);
  }

  /** Reconnected or relabelled: the watch names the wrong grant or label until called again. */
  watchNow(now: number): void {
    if (!this.enabled || this.ending) return;
    if (this.inFlight) this.outdated = true;
    this.carried.renewAt = now;
  }

  notified(historyId: string, now: number): void {
    this.carried.lastNotificationAt = now;
    this.carried.silent = false;
    if (this.carried.awaitHistoryId === null || isLater(historyId, this.carried.awaitHistoryId))
      this.carried.awaitHistoryId = historyId;
  }

  /** The history id the next run waits for, handed over once. */
  takeAwaitHistoryId(): string | null {
    const id = this.carried.awaitHistoryId;
    this.carried.awaitHistoryId = null;
    return id;
  }

  /** A scheduled poll archived mail: unless a notification came lately, push is not doing its job. */
  pollFoundMail(now: number): void {
    if (this.healthy(now) && (this.carried.lastNotificationAt ?? 0) < now - SILENCE_GRACE_MS)
      this.carried.silent = true;
  }

  healthy(now: number): boolean {
    return this.shownState(now) === 'watching';
  }

  shownState(now: number): PushState {
    if (this.carried.state !== 'watching') return this.carried.state;
    if (this.carried.watchExpiresAt === null || this.carried.watchExpiresAt <= now) return 'expired';
    return this.carried.silent ? 'silent' : 'watching';
  }

  /** The interval polls run at: the longer one only while push is healthy, never below the connection's. */
  pollMinutes(intervalMinutes: number, now: number): number {
    if (!this.healthy(now) || this.carried.healthyPollMinutes === null) return intervalMinutes;
    return Math.max(intervalMinutes, this.carried.healthyPollMinutes);
  }

  status(now: number): PushStatus {
    return {
      state: this.shownState(now),
      watchExpiresAt: isoOrNull(this.carried.watchExpiresAt),
      lastNotificationAt: isoOrNull(this.carried.lastNotificationAt),
    };
  }

  carry(): CarriedPush {
    return { ...this.carried };
  }
}

/** Gmail's history ids are decimal strings that only grow; longer is later. */
export function isLater(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function asStored(state: PushState): StoredPushState {
  return state === 'silent' || state === 'expired' ? 'watching' : state;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
