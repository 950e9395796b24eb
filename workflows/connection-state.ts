import { ApplicationFailure } from '@temporalio/common';
import { type StateFacts, stateNameOf } from '../contracts/connection-state.js';
import { CODE, ERRORS, type ErrorCode, REAUTH_CODES } from '../contracts/errors.js';
import {
  type ConfigChange,
  type ConnectionStateName,
  type ConnectionStatus,
  type ConnectionWorkflowInput,
  type CurrentRun,
  type ErrorInfo,
  type GmailHealth,
  type LastRun,
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
  gmail: GmailHealth;
  runCount: number;
  lastRun: LastRun | null;
  lastError: ErrorInfo | null;
  nextSyncAt: number | null;
  pendingTrigger: SyncTrigger | null;
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
    const carried = input.carried;
    this.push = new PushWatch(opts.push, carried?.push, now());
    this.label = input.label;
    this.intervalMinutes = input.intervalMinutes;
    this.syncState = input.syncState;
    this.gmail = carried?.gmail ?? 'ok';
    this.reportedGmail = this.gmail;
    this.runCount = carried?.runCount ?? 0;
    this.lastRun = carried?.lastRun ?? null;
    this.lastError = carried?.lastError ?? null;
    this.nextSyncAt = carried?.nextSyncAt ?? this.intervalFromNow();
    this.pendingTrigger = carried?.pendingTrigger ?? (input.initialSync ? 'initial' : null);
  }

  canRun(): boolean {
    return this.syncState === 'active' && this.gmail === 'ok' && !this.disconnected;
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
      gmail: this.gmail,
      intervalMinutes: this.intervalMinutes,
      pollIntervalMinutes: this.pollMinutes(),
      push: this.pushStatus(),
      runCount: this.runCount,
      currentRun: this.currentRun(),
      lastRun: this.lastRun,
      nextSyncAt: this.canRun() && this.nextSyncAt !== null ? new Date(this.nextSyncAt).toISOString() : null,
      lastError: this.lastError,
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
    if (this.disconnected || this.gmail !== 'ok') throw rejection(CODE.GMAIL_NOT_CONNECTED);
    if (this.syncState === 'paused') throw rejection(CODE.CONNECTION_PAUSED);
    if (this.current || this.pendingTrigger) throw rejection(CODE.SYNC_IN_PROGRESS, this.currentRun());
  }

  /** Asks for a manual run; returns the number that run will have. */
  requestSyncNow(): number {
    this.pendingTrigger = 'manual';
    this.wake();
    return this.runCount + 1;
  }

  /** Whether "sync now" can answer: its run's child has started, or no run can start any more. */
  syncNowSettled(target: number): boolean {
    const started = this.current !== null && this.current.n >= target && this.current.runId !== '';
    return started || !this.canRun();
  }

  syncNowAnswer(target: number): SyncStarted {
    if (!this.current || this.current.n < target)
      throw rejection(this.gmail === 'ok' ? CODE.CONNECTION_PAUSED : CODE.GMAIL_NOT_CONNECTED);
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
    this.nextSyncAt = this.intervalFromNow();
    if (this.gmail !== 'ok') return false;
    this.pendingTrigger = 'resume';
    this.wake();
    return true;
  }

  /** An earlier run still winding down answers with the status it has; no need to wait it out. */
  resumeSettled(): boolean {
    return this.current !== null || !this.canRun();
  }

  reconnected(): void {
    this.gmail = 'ok';
    this.lastError = null;
    // a new grant: watch with it
    this.push.reconnected(this.now());
    // re-authorising never un-pauses; an active connection catches up at once
    if (this.syncState === 'active') this.pendingTrigger ??= this.runCount === 0 ? 'initial' : 'resume';
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
      this.pendingTrigger = 'label_change';
      this.push.watchNow(this.now());
    }
    if (intervalMinutes) {
      this.intervalMinutes = intervalMinutes;
      this.nextSyncAt = this.intervalFromNow();
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
    if (!this.canRun() || this.pendingTrigger !== null) return;
    this.pendingTrigger = 'push';
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
    return this.push.due(this.now(), this.gmail === 'ok' && !this.disconnected);
  }

  watchWaitMs(): number | null {
    return this.push.waitMs(this.now(), this.gmail === 'ok' && !this.disconnected);
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
    return !this.push.enabled || this.push.state === 'stopped' || this.disconnected || this.watchLoopFinished;
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
    if (this.nextSyncAt !== null) this.nextSyncAt += (after - before) * 60_000;
    this.wake();
  }

  // ── the main loop ───────────────────────────────────────────────────────────────────────────

  /** A Gmail health transition Postgres has not heard of yet. */
  healthChange(): HealthChange | null {
    if (this.gmail === this.reportedGmail) return null;
    return {
      connectionId: this.input.connectionId,
      from: this.reportedGmail,
      to: this.gmail,
      error: this.lastError,
    };
  }

  /** Whatever the health is by now is what was reported: a flip back during the call needs no record. */
  healthReported(): void {
    this.reportedGmail = this.gmail;
  }

  /** The trigger of the run to start now, if one is due and may run (a held push run waits for its release). */
  dueTrigger(): SyncTrigger | null {
    if (!this.pendingTrigger || !this.canRun()) return null;
    const release = this.pushReleaseAt();
    return release !== null && this.now() < release ? null : this.pendingTrigger;
  }

  /** When a held push run may start: the burst went quiet, or it has been held long enough. */
  private pushReleaseAt(): number | null {
    if (this.pendingTrigger !== 'push' || this.pushHeldSince === null) return null;
    const quiet = (this.push.lastNotificationAt ?? this.pushHeldSince) + PUSH_QUIET_MS;
    return Math.min(quiet, this.pushHeldSince + PUSH_MAX_HOLD_MS);
  }

  startRun(trigger: SyncTrigger): RunningSync {
    this.pendingTrigger = null;
    this.pushHeldSince = null;
    this.lastRunStartedAt = this.now();
    this.runCount += 1;
    this.current = {
      n: this.runCount,
      awaitHistoryId: this.push.takeAwaitHistoryId(),
      runId: '',
      workflowId: syncWorkflowId(this.input.connectionId, this.runCount),
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
    this.lastRun = {
      ...runCountsOf(result),
      runId: result.runId,
      workflowId,
      status: result.status,
      finishedAt: this.isoNow(),
      errorCode: null,
    };
    this.lastError = null;
    this.runEnded();
  }

  /** A revoked grant parks the connection until `reconnected`; any other failure waits for the next run. */
  runFailed(workflowId: string, code: ErrorCode, message: string): void {
    this.lastError = { code, message, at: this.isoNow() };
    this.lastRun = {
      ...ZERO_COUNTS,
      runId: '',
      workflowId,
      status: 'failed',
      finishedAt: this.lastError.at,
      errorCode: code,
    };
    if (REAUTH_CODES.includes(code)) this.gmail = 'needs_reauth';
    this.runEnded();
  }

  /** Clears the wake flag; returns how long to wait for the next scheduled run (null: only a message wakes it). */
  startWaiting(): number | null {
    this.woken = false;
    const release = this.canRun() ? this.pushReleaseAt() : null;
    const next = this.canRun() ? this.nextSyncAt : null;
    const at = release === null ? next : next === null ? release : Math.min(release, next);
    return at === null ? null : Math.max(1, at - this.now());
  }

  timerFired(): void {
    if (this.canRun()) this.pendingTrigger ??= 'schedule';
  }

  /** The next execution's input: settings as changed by messages, and the state it carries. */
  continuation(): ConnectionWorkflowInput {
    return {
      ...this.input,
      label: this.label,
      intervalMinutes: this.intervalMinutes,
      syncState: this.syncState,
      initialSync: false,
      carried: {
        gmail: this.gmail,
        runCount: this.runCount,
        lastRun: this.lastRun,
        lastError: this.lastError,
        nextSyncAt: this.nextSyncAt,
        pendingTrigger: this.pendingTrigger,
        ...(this.push.enabled ? { push: this.push.carry() } : {}),
      },
    };
  }

  private stateFacts(running: boolean): StateFacts {
    return { gmail: this.gmail, syncState: this.syncState, running, lastRun: this.lastRun?.status ?? null };
  }

  private runEnded(): void {
    this.current = null;
    this.nextSyncAt = this.intervalFromNow();
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
