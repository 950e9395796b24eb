import { ApplicationFailure } from '@temporalio/common';
import { type StateFacts, stateNameOf } from '../contracts/connection-state.js';
import { CODE, ERRORS, type ErrorCode, REAUTH_CODES } from '../contracts/errors.js';
import {
  type CarriedState,
  type ConfigChange,
  type ConnectionStateName,
  type ConnectionStatus,
  type ConnectionWorkflowInput,
  type CurrentRun,
  type ErrorInfo,
  type GmailHealth,
  type PageProgress,
  type PushNotice,
  type PushStatus,
  runCountsOf,
  type SyncRejection,
  type SyncResult,
  type SyncStarted,
  type SyncState,
  type SyncTrigger,
  syncWorkflowId,
  type WatchOutcome,
  ZERO_COUNTS,
} from '../contracts/workflows.js';
import { PushWatch, type WatchAction } from './push-watch.js';

/** A burst of notifications is over when none came for this long. */
export const PUSH_QUIET_MS = 1_000;
/** A held push run starts at the latest this long after it was asked for, even if notifications go on. */
export const PUSH_MAX_HOLD_MS = 5_000;

/**
 * The running sync, numbered so "sync now" can tell its own run from an earlier one; with the
 * history id a push announced, which its listing waits for.
 */
export type RunningSync = CurrentRun & { n: number; awaitHistoryId: string | null };

export interface HealthChange {
  connectionId: string;
  from: GmailHealth;
  to: GmailHealth;
  error: ErrorInfo | null;
}

/**
 * A connection workflow's state and every rule over it: when a sync may run, what the status query
 * answers, when "sync now" is refused, what a finished run changes and what continue-as-new
 * carries. No Temporal calls in here (the workflow does those), so the rules run in a unit test
 * without a server; the clock is injected for the same reason.
 */
export class ConnectionState {
  label: string;
  intervalMinutes: number;
  syncState: SyncState;
  /** What continue-as-new hands to the next execution, but the watch's part (`push.carried`). */
  readonly carried: Omit<CarriedState, 'push'>;
  current: RunningSync | null = null;
  disconnected = false;
  /** The execution is about to continue as new: no watch call may start any more (but a stop asked for). */
  closing = false;
  /** The watch loop has returned: nothing will stop the watch in this execution any more. */
  watchLoopFinished = false;
  /** A pending push run is held since then, until its burst is over (pushNotified). */
  private pushHeldSince: number | null = null;
  private lastRunStartedAt: number | null = null;
  /** The Gmail watch (push): its own rules, driven from here. */
  readonly push: PushWatch;
  /** Set by every message that may change what the main loop does next; the loop waits on it. */
  woken = false;
  /** The Gmail health Postgres last heard of, so each transition is recorded once. */
  private reportedGmail: GmailHealth;

  /** `opts.push`: this execution keeps a Gmail watch (the workflow's patch says whether it may). */
  constructor(
    private readonly input: ConnectionWorkflowInput,
    private readonly now: () => number = Date.now,
    opts: { push: boolean } = { push: false },
  ) {
    const handedOver = input.carried;
    this.push = new PushWatch(opts.push, handedOver?.push, now());
    this.label = input.label;
    this.intervalMinutes = input.intervalMinutes;
    this.syncState = input.syncState;
    this.carried = {
      gmail: handedOver?.gmail ?? 'ok',
      runCount: handedOver?.runCount ?? 0,
      lastRun: handedOver?.lastRun ?? null,
      lastError: handedOver?.lastError ?? null,
      nextSyncAt: handedOver?.nextSyncAt ?? this.intervalFromNow(),
      pendingTrigger: handedOver?.pendingTrigger ?? (input.initialSync ? 'initial' : null),
    };
    this.reportedGmail = this.carried.gmail;
  }

  canRun(): boolean {
    return this.syncState === 'active' && this.carried.gmail === 'ok' && !this.disconnected;
  }

  /** The state name the search attribute shows (contracts/connection-state.ts decides it). */
  stateName(): ConnectionStateName {
    return stateNameOf(this.stateFacts(this.current !== null));
  }

  /**
   * What the status query answers. A run that is due counts as running: after a reconnect the loop
   * records Gmail's health (an activity) before it starts the run, and in that moment the state
   * would otherwise still be the revoked run's `error`. Only the answer says so: the search
   * attribute keeps `stateName()`, so recorded histories replay unchanged.
   */
  status(): ConnectionStatus {
    return {
      state: stateNameOf(this.stateFacts(this.current !== null || this.dueTrigger() !== null)),
      syncState: this.syncState,
      gmail: this.carried.gmail,
      intervalMinutes: this.intervalMinutes,
      pollIntervalMinutes: this.pollMinutes(),
      push: this.pushStatus(),
      runCount: this.carried.runCount,
      currentRun: this.currentRun(),
      lastRun: this.carried.lastRun,
      nextSyncAt:
        this.canRun() && this.carried.nextSyncAt !== null
          ? new Date(this.carried.nextSyncAt).toISOString()
          : null,
      lastError: this.carried.lastError,
    };
  }

  /** The Temporal UI's current details: the state, the label and how the last run went. */
  details(): string {
    const st = this.status();
    const last = st.lastRun
      ? `last run ${st.lastRun.status} at ${st.lastRun.finishedAt}: ${st.lastRun.emailsArchived} archived, ${st.lastRun.bookingsEnriched} enriched, ${st.lastRun.reviewItemsCreated} to review`
      : 'no run yet';
    const error = st.lastError ? `\n\nlast error: ${st.lastError.code} — ${st.lastError.message}` : '';
    const push = this.push.enabled ? `; push ${st.push.state}` : '';
    return `**${st.state}** — watching Gmail label "${this.label}" every ${st.pollIntervalMinutes} min${push}\n\n${last}${error}`;
  }

  // ── "sync now" ──────────────────────────────────────────────────────────────────────────────

  /** The update's validator: a refused "sync now" never enters the history. */
  validateSyncNow(): void {
    if (this.disconnected || this.carried.gmail !== 'ok') throw rejection(CODE.GMAIL_NOT_CONNECTED);
    if (this.syncState === 'paused') throw rejection(CODE.CONNECTION_PAUSED);
    if (this.current || this.carried.pendingTrigger)
      throw rejection(CODE.SYNC_IN_PROGRESS, this.currentRun());
  }

  /** Asks for a manual run; returns the number that run will have. */
  requestSyncNow(): number {
    this.carried.pendingTrigger = 'manual';
    this.wake();
    return this.carried.runCount + 1;
  }

  /** Whether "sync now" can answer: its run's child has started, or no run can start any more. */
  syncNowSettled(target: number): boolean {
    const started = this.current !== null && this.current.n >= target && this.current.runId !== '';
    return started || !this.canRun();
  }

  syncNowAnswer(target: number): SyncStarted {
    if (!this.current || this.current.n < target)
      throw rejection(this.carried.gmail === 'ok' ? CODE.CONNECTION_PAUSED : CODE.GMAIL_NOT_CONNECTED);
    return { workflowId: this.current.workflowId, runId: this.current.runId };
  }

  // ── the other messages ──────────────────────────────────────────────────────────────────────

  /** Returns the running sync's workflow id, which the caller tells to stop at its next page. */
  pause(): string | null {
    this.syncState = 'paused';
    return this.current?.workflowId ?? null;
  }

  /** Returns whether the caller should wait for the resumed run to get under way. */
  resume(): boolean {
    if (this.syncState === 'active') return false;
    this.syncState = 'active';
    this.carried.nextSyncAt = this.intervalFromNow();
    if (this.carried.gmail !== 'ok') return false;
    this.carried.pendingTrigger = 'resume';
    this.wake();
    return true;
  }

  /** An earlier run still winding down answers with the status it has; no need to wait it out. */
  resumeSettled(): boolean {
    return this.current !== null || !this.canRun();
  }

  reconnected(): void {
    this.carried.gmail = 'ok';
    this.carried.lastError = null;
    // a new grant: watch with it
    this.push.reconnected(this.now());
    // re-authorising never un-pauses; an active connection catches up at once
    if (this.syncState === 'active')
      this.carried.pendingTrigger ??= this.carried.runCount === 0 ? 'initial' : 'resume';
    this.wake();
  }

  /**
   * Returns the running sync's workflow id when the label changed: that run reads the old label,
   * so the caller tells it to stop at its next page, and the new label is listed at once.
   */
  configChanged({ label, intervalMinutes }: ConfigChange): string | null {
    const relabelled = label !== undefined && label !== '' && label !== this.label;
    if (relabelled) {
      this.label = label;
      this.carried.pendingTrigger = 'label_change';
      this.push.watchNow(this.now());
    }
    if (intervalMinutes) {
      this.intervalMinutes = intervalMinutes;
      this.carried.nextSyncAt = this.intervalFromNow();
    }
    this.wake();
    return relabelled ? (this.current?.workflowId ?? null) : null;
  }

  /** Returns the running sync's workflow id, which the caller tells to stop at its next page. */
  disconnect(): string | null {
    this.disconnected = true;
    return this.current?.workflowId ?? null;
  }

  /** Progress of a run that is no longer current (a late signal) is ignored. */
  recordProgress(p: PageProgress): void {
    if (this.current?.workflowId !== p.workflowId) return;
    this.current.pagesDone = p.pagesDone;
    this.current.emailsScanned = p.emailsScanned;
    this.current.emailsArchived = p.emailsArchived;
  }

  wake(): void {
    this.woken = true;
  }

  // ── push ────────────────────────────────────────────────────────────────────────────────────

  /**
   * A notification for the mailbox. It asks for a run, coalesced into the one pending slot. The
   * first of a burst runs at once; one that comes while a run is in flight, or just after one
   * started, queues one more run (the run in flight may have listed before the new mail) and holds
   * it until the burst is over: no notification for PUSH_QUIET_MS, or PUSH_MAX_HOLD_MS after the
   * first it holds. So mail added over a second or two starts two runs, not one per notification.
   * Paused or waiting for re-auth, it is dropped: resume and reconnect sync anyway.
   */
  pushNotified(notice: PushNotice): void {
    const now = this.now();
    this.withPollInterval(() => this.push.notified(notice.historyId, now));
    if (!this.canRun() || this.carried.pendingTrigger !== null) return;
    this.carried.pendingTrigger = 'push';
    const recent = this.lastRunStartedAt !== null && now - this.lastRunStartedAt < PUSH_QUIET_MS;
    this.pushHeldSince = this.current !== null || recent ? now : null;
    this.wake();
  }

  pushStatus(): PushStatus {
    return this.push.status(this.now());
  }

  /** The watch or stop call to make now, if any (never while one is in flight, or while closing). */
  watchDue(): WatchAction | null {
    if (this.closing && !this.push.ending) return null;
    return this.push.due(this.now(), this.carried.gmail === 'ok' && !this.disconnected);
  }

  watchWaitMs(): number | null {
    return this.push.waitMs(this.now(), this.carried.gmail === 'ok' && !this.disconnected);
  }

  watchAnswered(outcome: WatchOutcome): void {
    this.withPollInterval(() => this.push.answered(outcome, this.now()));
  }

  watchFailed(code: ErrorCode, message: string): void {
    this.withPollInterval(() => this.push.failed(code, message, this.now()));
  }

  /** Disconnect's first step: stop watching while the grant still works. */
  endWatch(): void {
    this.push.ending = true;
  }

  /** The end-watch update answers once the stop is done, or at once when this execution keeps no watch. */
  watchEnded(): boolean {
    return (
      !this.push.enabled ||
      this.push.carried.state === 'stopped' ||
      this.disconnected ||
      this.watchLoopFinished
    );
  }

  /** The watch loop's end: the execution ends or continues as new. */
  watchLoopDone(): boolean {
    return this.disconnected || this.closing;
  }

  /** The interval polls run at now (status: `pollIntervalMinutes`). */
  pollMinutes(): number {
    return this.push.pollMinutes(this.intervalMinutes, this.now());
  }

  /**
   * Runs a change of the watch; when it changes the poll interval, the next scheduled run moves by
   * the difference (the same distance from the last run as the new interval) and the main loop
   * wakes to arm its timer again.
   */
  private withPollInterval(change: () => void): void {
    const before = this.pollMinutes();
    change();
    const after = this.pollMinutes();
    if (after === before) return;
    if (this.carried.nextSyncAt !== null) this.carried.nextSyncAt += (after - before) * 60_000;
    this.wake();
  }

  // ── the main loop ───────────────────────────────────────────────────────────────────────────

  /** A Gmail health transition Postgres has not heard of yet. */
  healthChange(): HealthChange | null {
    if (this.carried.gmail === this.reportedGmail) return null;
    return {
      connectionId: this.input.connectionId,
      from: this.reportedGmail,
      to: this.carried.gmail,
      error: this.carried.lastError,
    };
  }

  /** Whatever the health is by now is what was reported: a flip back during the call needs no record. */
  healthReported(): void {
    this.reportedGmail = this.carried.gmail;
  }

  /** The trigger of the run to start now, if one is due and may run (a held push run waits for its release). */
  dueTrigger(): SyncTrigger | null {
    if (!this.carried.pendingTrigger || !this.canRun()) return null;
    const release = this.pushReleaseAt();
    return release !== null && this.now() < release ? null : this.carried.pendingTrigger;
  }

  /** When a held push run may start: the burst went quiet, or it has been held long enough. */
  private pushReleaseAt(): number | null {
    if (this.carried.pendingTrigger !== 'push' || this.pushHeldSince === null) return null;
    const quiet = (this.push.carried.lastNotificationAt ?? this.pushHeldSince) + PUSH_QUIET_MS;
    return Math.min(quiet, this.pushHeldSince + PUSH_MAX_HOLD_MS);
  }

  startRun(trigger: SyncTrigger): RunningSync {
    this.carried.pendingTrigger = null;
    this.pushHeldSince = null;
    this.lastRunStartedAt = this.now();
    this.carried.runCount += 1;
    this.current = {
      n: this.carried.runCount,
      awaitHistoryId: this.push.takeAwaitHistoryId(),
      runId: '',
      workflowId: syncWorkflowId(this.input.connectionId, this.carried.runCount),
      trigger,
      startedAt: this.isoNow(),
      pagesDone: 0,
      emailsScanned: 0,
      emailsArchived: 0,
    };
    return this.current;
  }

  runStarted(runId: string): void {
    if (this.current) this.current.runId = runId;
  }

  runCompleted(workflowId: string, result: SyncResult): void {
    if (this.current?.trigger === 'schedule' && result.emailsArchived > 0)
      this.withPollInterval(() => this.push.pollFoundMail(this.now()));
    this.carried.lastRun = {
      ...runCountsOf(result),
      runId: result.runId,
      workflowId,
      status: result.status,
      finishedAt: this.isoNow(),
      errorCode: null,
    };
    this.carried.lastError = null;
    this.runEnded();
  }

  /** A revoked grant parks the connection until `reconnected`; any other failure waits for the next run. */
  runFailed(workflowId: string, code: ErrorCode, message: string): void {
    this.carried.lastError = { code, message, at: this.isoNow() };
    this.carried.lastRun = {
      ...ZERO_COUNTS,
      runId: '',
      workflowId,
      status: 'failed',
      finishedAt: this.carried.lastError.at,
      errorCode: code,
    };
    if (REAUTH_CODES.includes(code)) this.carried.gmail = 'needs_reauth';
    this.runEnded();
  }

  /** Clears the wake flag; returns how long to wait for the next scheduled run (null: only a message wakes it). */
  startWaiting(): number | null {
    this.woken = false;
    const release = this.canRun() ? this.pushReleaseAt() : null;
    const next = this.canRun() ? this.carried.nextSyncAt : null;
    const at = release === null ? next : next === null ? release : Math.min(release, next);
    return at === null ? null : Math.max(1, at - this.now());
  }

  timerFired(): void {
    if (this.canRun()) this.carried.pendingTrigger ??= 'schedule';
  }

  /** The next execution's input: settings as changed by messages, and the state it carries. */
  continuation(): ConnectionWorkflowInput {
    return {
      ...this.input,
      label: this.label,
      intervalMinutes: this.intervalMinutes,
      syncState: this.syncState,
      initialSync: false,
      carried: { ...this.carried, ...(this.push.enabled ? { push: this.push.carry() } : {}) },
    };
  }

  private stateFacts(running: boolean): StateFacts {
    return {
      gmail: this.carried.gmail,
      syncState: this.syncState,
      running,
      lastRun: this.carried.lastRun?.status ?? null,
    };
  }

  private runEnded(): void {
    this.current = null;
    this.carried.nextSyncAt = this.intervalFromNow();
  }

  private currentRun(): CurrentRun | null {
    if (!this.current) return null;
    const { n: _n, awaitHistoryId: _awaited, ...run } = this.current;
    return run;
  }

  private intervalFromNow(): number {
    return this.now() + this.pollMinutes() * 60_000;
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/** A refusal the client reads: the registry's code and message, and what it is about. */
function rejection(code: SyncRejection, details: unknown = null): ApplicationFailure {
  return ApplicationFailure.create({
    message: ERRORS[code].message,
    type: code,
    nonRetryable: true,
    details: [details],
  });
}
