import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CODE, type ErrorCode } from '../../../contracts/errors.js';
import type { SyncResult } from '../../../contracts/workflows.js';
import { thrownBy } from '../../support/rejection.js';
import { INPUT, MINUTE, stateAt, T0 } from './state-on-a-clock.js';

const RESULT: SyncResult = {
  runId: 'r1',
  status: 'completed',
  pages: 2,
  mode: 'incremental',
  emailsScanned: 10,
  emailsArchived: 8,
  duplicatesSkipped: 2,
  factsExtracted: 30,
  bookingsEnriched: 4,
  reviewItemsCreated: 1,
};

/** The code a rejection carries, or null when the call did not throw. */
function rejectionCode(call: () => unknown): string | null {
  return thrownBy(call, ApplicationFailure)?.type ?? null;
}

describe('ConnectionState: starting out', () => {
  it('a new connection syncs at once; a restored one waits for its interval', () => {
    expect(stateAt({ initialSync: true }).s.dueTrigger()).toBe('initial');
    const { s } = stateAt();
    expect(s.dueTrigger()).toBeNull();
    expect(s.status().nextSyncAt).toBe(new Date(T0 + 15 * MINUTE).toISOString());
  });

  it('takes over what continue-as-new carried, and hands it on unchanged', () => {
    const carried = {
      gmail: 'needs_reauth' as const,
      runCount: 7,
      lastRun: null,
      lastError: { code: CODE.AUTH_REVOKED, message: 'revoked', at: '2026-05-31T00:00:00.000Z' },
      nextSyncAt: T0 + 3 * MINUTE,
      pendingTrigger: 'schedule' as const,
    };
    const { s } = stateAt({ carried, initialSync: true });
    expect(s.stateName()).toBe('needs_reauth');
    expect(s.continuation()).toEqual({ ...INPUT, carried });
  });

  it('a carried schedule without a time falls back to one interval from now', () => {
    const carried = { gmail: 'ok' as const, runCount: 1, lastRun: null, lastError: null };
    const { s } = stateAt({ carried: { ...carried, nextSyncAt: null, pendingTrigger: null } });
    expect(s.carried.nextSyncAt).toBe(T0 + 15 * MINUTE);
  });
});

describe('ConnectionState: state name and status', () => {
  it('ranks needs_reauth over paused over syncing over error', () => {
    const { s } = stateAt();
    expect(s.stateName()).toBe('idle');
    s.runFailed('sync-c1-1', CODE.GMAIL_UNAVAILABLE, 'down');
    expect(s.stateName()).toBe('error');
    s.startRun('manual');
    expect(s.stateName()).toBe('syncing');
    s.pause();
    expect(s.stateName()).toBe('paused');
    s.carried.gmail = 'needs_reauth';
    expect(s.stateName()).toBe('needs_reauth');
  });

  it('shows no next sync while a run could not start, and hides the run number', () => {
    const { s } = stateAt();
    s.startRun('schedule');
    expect(s.status().currentRun).not.toHaveProperty('n');
    expect(s.status().currentRun?.workflowId).toBe('sync-c1-1');
    s.pause();
    expect(s.status().nextSyncAt).toBeNull();
  });
});

describe('ConnectionState: sync now', () => {
  it('is refused with the reason a person can act on, most fundamental first', () => {
    const { s } = stateAt({ syncState: 'paused' });
    expect(rejectionCode(() => s.validateSyncNow())).toBe(CODE.CONNECTION_PAUSED);
    s.carried.gmail = 'needs_reauth';
    expect(rejectionCode(() => s.validateSyncNow())).toBe(CODE.GMAIL_NOT_CONNECTED);
    const disconnected = stateAt().s;
    disconnected.disconnect();
    expect(rejectionCode(() => disconnected.validateSyncNow())).toBe(CODE.GMAIL_NOT_CONNECTED);
  });

  it('is refused while a run is pending or running, with the running one in the details', () => {
    const { s } = stateAt({ initialSync: true });
    expect(rejectionCode(() => s.validateSyncNow())).toBe(CODE.SYNC_IN_PROGRESS);
    s.startRun('initial');
    try {
      s.validateSyncNow();
      expect.unreachable();
    } catch (err) {
      const failure = err as ApplicationFailure;
      expect(failure.message).toBe('a sync is already running');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details?.[0]).toMatchObject({ workflowId: 'sync-c1-1', trigger: 'initial' });
    }
  });

  it('answers with its own run once that run has a run id', () => {
    const { s } = stateAt();
    expect(rejectionCode(() => s.validateSyncNow())).toBeNull();
    const target = s.requestSyncNow();
    expect(s.woken).toBe(true);
    expect(s.dueTrigger()).toBe('manual');
    s.startRun('manual');
    expect(s.syncNowSettled(target)).toBe(false);
    s.runStarted('run-abc');
    expect(s.syncNowSettled(target)).toBe(true);
    expect(s.syncNowAnswer(target)).toEqual({ workflowId: 'sync-c1-1', runId: 'run-abc' });
  });

  it('answers with the reason when the connection was paused or lost Gmail before the run started', () => {
    const paused = stateAt().s;
    const target = paused.requestSyncNow();
    paused.pause();
    expect(paused.syncNowSettled(target)).toBe(true);
    expect(rejectionCode(() => paused.syncNowAnswer(target))).toBe(CODE.CONNECTION_PAUSED);

    const revoked = stateAt().s;
    const next = revoked.requestSyncNow();
    revoked.startRun('manual');
    revoked.runFailed('sync-c1-1', CODE.AUTH_REVOKED, 'revoked');
    expect(revoked.syncNowSettled(next)).toBe(true);
    expect(rejectionCode(() => revoked.syncNowAnswer(next))).toBe(CODE.GMAIL_NOT_CONNECTED);
  });
});

describe('ConnectionState: pause, resume, reconnect, config', () => {
  it('pausing names the running sync to stop, and a paused connection runs nothing', () => {
    const { s } = stateAt({ initialSync: true });
    expect(s.pause()).toBeNull();
    expect(s.dueTrigger()).toBeNull();
    s.syncState = 'active';
    s.startRun('initial');
    expect(s.pause()).toBe('sync-c1-1');
  });

  it('resuming syncs at once and restarts the interval; resuming an active connection does nothing', () => {
    const { s, clock } = stateAt();
    expect(s.resume()).toBe(false);
    s.pause();
    clock.now += 5 * MINUTE;
    expect(s.resume()).toBe(true);
    expect(s.dueTrigger()).toBe('resume');
    expect(s.carried.nextSyncAt).toBe(clock.now + 15 * MINUTE);
    expect(s.resumeSettled()).toBe(false);
    s.startRun('resume');
    expect(s.resumeSettled()).toBe(true);
  });

  it('resuming without Gmail changes the sync state but starts no run', () => {
    const { s } = stateAt({ syncState: 'paused' });
    s.carried.gmail = 'needs_reauth';
    expect(s.resume()).toBe(false);
    expect(s.syncState).toBe('active');
    expect(s.carried.pendingTrigger).toBeNull();
  });

  it('reconnecting clears the error and catches up, but never un-pauses', () => {
    const { s } = stateAt();
    s.runFailed('sync-c1-1', CODE.AUTH_REVOKED, 'revoked');
    s.reconnected();
    expect(s.carried.gmail).toBe('ok');
    expect(s.carried.lastError).toBeNull();
    expect(s.dueTrigger()).toBe('initial');
    // the run is due: the status says syncing, not the revoked run's error, before it starts
    expect(s.stateName()).toBe('error');
    expect(s.status().state).toBe('syncing');

    const carried = { gmail: 'needs_reauth' as const, runCount: 3, lastRun: null, lastError: null };
    const paused = stateAt({
      syncState: 'paused',
      carried: { ...carried, nextSyncAt: null, pendingTrigger: null },
    }).s;
    paused.reconnected();
    expect(paused.carried.pendingTrigger).toBeNull();
    paused.syncState = 'active';
    paused.reconnected();
    expect(paused.carried.pendingTrigger).toBe('resume');
  });

  it('a new interval restarts the schedule; an empty change keeps it', () => {
    const { s, clock } = stateAt();
    clock.now += MINUTE;
    s.configChanged({});
    expect(s.carried.nextSyncAt).toBe(T0 + 15 * MINUTE);
    s.configChanged({ label: 'Vrbo', intervalMinutes: 5 });
    expect(s.label).toBe('Vrbo');
    expect(s.carried.nextSyncAt).toBe(clock.now + 5 * MINUTE);
    expect(s.continuation()).toMatchObject({ label: 'Vrbo', intervalMinutes: 5, initialSync: false });
  });

  it('a new label stops the running sync and syncs the new label at once; the same label does not', () => {
    const { s } = stateAt();
    const run = s.startRun('schedule');
    expect(s.configChanged({ label: 'Airbnb' })).toBeNull();
    expect(s.carried.pendingTrigger).toBeNull();
    expect(s.configChanged({ label: 'Vrbo' })).toBe(run.workflowId);
    s.runCompleted(run.workflowId, { ...RESULT, status: 'cancelled' });
    expect(s.dueTrigger()).toBe('label_change');
    expect(stateAt().s.configChanged({ label: 'Vrbo' })).toBeNull();
  });

  it('ignores page progress of a run that is no longer current', () => {
    const { s } = stateAt();
    s.startRun('manual');
    s.recordProgress({ workflowId: 'sync-c1-0', pagesDone: 9, emailsScanned: 9, emailsArchived: 9 });
    expect(s.status().currentRun?.pagesDone).toBe(0);
    s.recordProgress({ workflowId: 'sync-c1-1', pagesDone: 2, emailsScanned: 40, emailsArchived: 30 });
    expect(s.status().currentRun).toMatchObject({ pagesDone: 2, emailsScanned: 40, emailsArchived: 30 });
  });
});

describe('ConnectionState: a finished run', () => {
  it('a completed run keeps its counts, clears the error and restarts the interval', () => {
    const { s, clock } = stateAt();
    s.runFailed('sync-c1-0', CODE.GMAIL_UNAVAILABLE, 'down');
    const run = s.startRun('schedule');
    expect(s.dueTrigger()).toBeNull();
    clock.now += 2 * MINUTE;
    s.runCompleted(run.workflowId, RESULT);
    expect(s.current).toBeNull();
    expect(s.carried.lastError).toBeNull();
    // the run's six counts, and nothing else of its result
    const { pages: _pages, mode: _mode, status: _status, ...counts } = RESULT;
    expect(s.carried.lastRun).toEqual({
      ...counts,
      workflowId: 'sync-c1-1',
      status: 'completed',
      finishedAt: new Date(clock.now).toISOString(),
      errorCode: null,
    });
    expect(s.carried.nextSyncAt).toBe(clock.now + 15 * MINUTE);
  });

  it('a failed run records its code with zero counts; only a revoked grant or a lost token key parks the connection', () => {
    const cases: [ErrorCode, 'ok' | 'needs_reauth'][] = [
      [CODE.GMAIL_UNAVAILABLE, 'ok'],
      [CODE.LABEL_CONFLICT, 'ok'],
      [CODE.AUTH_REVOKED, 'needs_reauth'],
      [CODE.TOKEN_KEY_UNKNOWN, 'needs_reauth'],
    ];
    for (const [code, gmail] of cases) {
      const { s } = stateAt();
      s.startRun('manual');
      s.runFailed('sync-c1-1', code, 'it broke');
      expect(s.carried.gmail).toBe(gmail);
      expect(s.carried.lastError).toEqual({ code, message: 'it broke', at: new Date(T0).toISOString() });
      expect(s.carried.lastRun).toMatchObject({
        status: 'failed',
        errorCode: code,
        runId: '',
        emailsArchived: 0,
      });
    }
  });

  it('reports each Gmail health transition once', () => {
    const { s } = stateAt();
    expect(s.healthChange()).toBeNull();
    s.runFailed('sync-c1-1', CODE.AUTH_REVOKED, 'revoked');
    expect(s.healthChange()).toMatchObject({ connectionId: 'c1', from: 'ok', to: 'needs_reauth' });
    expect(s.healthChange()?.error?.code).toBe(CODE.AUTH_REVOKED);
    s.healthReported();
    expect(s.healthChange()).toBeNull();
  });
});

describe('ConnectionState: waiting', () => {
  it('waits until the next scheduled run, at least 1 ms, and only while a run may start', () => {
    const { s, clock } = stateAt();
    s.wake();
    expect(s.startWaiting()).toBe(15 * MINUTE);
    expect(s.woken).toBe(false);
    clock.now += 20 * MINUTE;
    expect(s.startWaiting()).toBe(1);
    s.pause();
    expect(s.startWaiting()).toBeNull();
  });

  it('a fired timer schedules a run only when one may start, and never replaces a pending one', () => {
    const { s } = stateAt();
    s.timerFired();
    expect(s.dueTrigger()).toBe('schedule');
    const manual = stateAt().s;
    manual.requestSyncNow();
    manual.timerFired();
    expect(manual.dueTrigger()).toBe('manual');
    const paused = stateAt({ syncState: 'paused' }).s;
    paused.timerFired();
    expect(paused.carried.pendingTrigger).toBeNull();
  });
});
