import { describe, expect, it } from 'vitest';
import { CODE } from '../../../contracts/errors.js';
import type { ConnectionWorkflowInput, SyncResult, WatchOutcome } from '../../../contracts/workflows.js';
import { ConnectionState, PUSH_MAX_HOLD_MS, PUSH_QUIET_MS } from '../../../workflows/connection-state.js';
import { RENEW_EVERY_MS, RETRY_FAILED_WATCH_MS, SILENCE_GRACE_MS } from '../../../workflows/push-watch.js';
import { MINUTE, stateAt, T0 } from './state-on-a-clock.js';

const DAY = 24 * 60 * MINUTE;

const WATCHING: WatchOutcome = {
  state: 'watching',
  watchExpiresAt: new Date(T0 + 7 * DAY).toISOString(),
  healthyPollMinutes: 60,
};

const RESULT: SyncResult = {
  runId: 'r1',
  status: 'completed',
  pages: 1,
  mode: 'incremental',
  emailsScanned: 1,
  emailsArchived: 1,
  duplicatesSkipped: 0,
  factsExtracted: 1,
  bookingsEnriched: 1,
  reviewItemsCreated: 0,
};

/** A state with push on, on a clock the test moves by hand. */
function pushState(input: Partial<ConnectionWorkflowInput> = {}, push = true) {
  return stateAt(input, { push });
}

/** Watched: the first watch call answered. */
function watched() {
  const made = pushState();
  expect(made.s.watchDue()).toBe('watch');
  made.s.push.asked();
  made.s.watchAnswered(WATCHING);
  return made;
}

describe('the watch: when it is called', () => {
  it('watches at once when push is on, never when the execution predates push', () => {
    expect(pushState().s.watchDue()).toBe('watch');
    expect(pushState().s.status().push.state).toBe('pending');
    const old = pushState({}, false).s;
    expect(old.watchDue()).toBeNull();
    expect(old.status().push).toEqual({ state: 'off', watchExpiresAt: null, lastNotificationAt: null });
    expect(old.continuation().carried).not.toHaveProperty('push');
  });

  it('never asks twice at once, whatever messages arrive meanwhile', () => {
    const { s } = pushState();
    s.push.asked();
    s.configChanged({ label: 'Other' });
    s.reconnected();
    expect(s.watchDue()).toBeNull();
    s.watchAnswered(WATCHING);
    // the label changed while the call was out: it names the old label, so another is due now
    expect(s.watchDue()).toBe('watch');
  });

  it('renews daily, retries a failed call after a while, and waits for the clock between', () => {
    const { s, clock } = watched();
    expect(s.watchDue()).toBeNull();
    expect(s.watchWaitMs()).toBe(RENEW_EVERY_MS);
    clock.now += RENEW_EVERY_MS;
    expect(s.watchDue()).toBe('watch');
    s.push.asked();
    s.watchAnswered({ state: 'failed', code: CODE.GMAIL_REQUEST_FAILED, message: 'topic' });
    expect(s.status().push.state).toBe('failed');
    expect(s.watchWaitMs()).toBe(RETRY_FAILED_WATCH_MS);
  });

  it('rewatches after a label change or a reconnect, and not while Gmail needs re-auth', () => {
    const { s } = watched();
    s.configChanged({ label: 'New label' });
    expect(s.watchDue()).toBe('watch');
    s.push.asked();
    s.watchAnswered(WATCHING);
    s.runFailed('sync-c1-1', CODE.AUTH_REVOKED, 'revoked');
    s.push.watchNow(T0);
    expect(s.watchDue()).toBeNull();
    s.reconnected();
    expect(s.watchDue()).toBe('watch');
  });

  it('a deployment without a topic is off, and asked again a day later', () => {
    const { s, clock } = pushState();
    s.push.asked();
    s.watchAnswered({ state: 'off' });
    expect(s.status()).toMatchObject({ pollIntervalMinutes: 15, push: { state: 'off' } });
    clock.now += RENEW_EVERY_MS;
    expect(s.watchDue()).toBe('watch');
  });

  it('ending stops the watch once (even while closing), and the update settles then', () => {
    const { s } = watched();
    s.closing = true;
    expect(s.watchDue()).toBeNull();
    s.endWatch();
    expect(s.watchEnded()).toBe(false);
    expect(s.watchDue()).toBe('stop');
    s.push.asked();
    expect(s.watchDue()).toBeNull();
    s.push.stopped();
    expect(s.watchEnded()).toBe(true);
    expect(s.watchDue()).toBeNull();
    expect(s.status().push).toEqual({ state: 'stopped', watchExpiresAt: null, lastNotificationAt: null });
    // a disconnect that never finished, then a new consent: wanted again, watched again
    s.closing = false;
    s.reconnected();
    expect(s.watchDue()).toBe('watch');
  });

  it('continue-as-new carries the watch: no new call until it is due', () => {
    const { s, clock } = watched();
    s.pushNotified({ historyId: '42' });
    const next = new ConnectionState(s.continuation(), () => clock.now, { push: true });
    expect(next.watchDue()).toBeNull();
    expect(next.status().push).toEqual(s.status().push);
    expect(next.pollMinutes()).toBe(60);
  });
});

describe('polling beside push', () => {
  it('polls at the long interval while push is healthy, at the connection’s own otherwise', () => {
    const { s, clock } = pushState();
    expect(s.status().pollIntervalMinutes).toBe(15);
    expect(s.carried.nextSyncAt).toBe(T0 + 15 * MINUTE);
    s.push.asked();
    s.watchAnswered(WATCHING);
    expect(s.status()).toMatchObject({ intervalMinutes: 15, pollIntervalMinutes: 60 });
    // the next poll moves out by the difference, and the loop is woken to re-arm its timer
    expect(s.carried.nextSyncAt).toBe(T0 + 60 * MINUTE);
    expect(s.woken).toBe(true);
    // expired (renewals failing for days): back to the short interval
    clock.now = T0 + 7 * DAY;
    expect(s.status()).toMatchObject({ pollIntervalMinutes: 15, push: { state: 'expired' } });
  });

  it('never polls less often than the connection asks', () => {
    const { s } = pushState({ intervalMinutes: 240 });
    s.push.asked();
    s.watchAnswered(WATCHING);
    expect(s.pollMinutes()).toBe(240);
  });

  it('a poll that finds mail no notification announced makes push silent, until one comes', () => {
    const { s, clock } = watched();
    clock.now += SILENCE_GRACE_MS + 1;
    s.timerFired();
    s.startRun('schedule');
    s.runCompleted('sync-c1-1', RESULT);
    expect(s.status()).toMatchObject({ pollIntervalMinutes: 15, push: { state: 'silent' } });
    s.pushNotified({ historyId: '100' });
    expect(s.status()).toMatchObject({ pollIntervalMinutes: 60, push: { state: 'watching' } });
  });

  it('a poll that finds mail right after a notification does not (it was on its way)', () => {
    const { s } = watched();
    s.pushNotified({ historyId: '100' });
    s.startRun('push');
    s.runCompleted('sync-c1-1', RESULT);
    s.startRun('schedule');
    s.runCompleted('sync-c1-2', RESULT);
    expect(s.status().push.state).toBe('watching');
  });
});

describe('notifications: coalesced into runs', () => {
  it('the first starts a run at once, with the history id to wait for', () => {
    const { s } = watched();
    s.pushNotified({ historyId: '500' });
    s.pushNotified({ historyId: '499' });
    expect(s.dueTrigger()).toBe('push');
    const run = s.startRun('push');
    expect(run.awaitHistoryId).toBe('500');
    expect(s.status().push.lastNotificationAt).toBe(new Date(T0).toISOString());
  });

  it('a burst during a run queues exactly one more, held until the burst is quiet', () => {
    const { s, clock } = watched();
    s.pushNotified({ historyId: '1' });
    s.startRun('push');
    for (let i = 0; i < 100; i++) {
      clock.now += 10;
      s.pushNotified({ historyId: String(2 + i) });
    }
    s.runCompleted('sync-c1-1', RESULT);
    expect(s.dueTrigger()).toBeNull();
    expect(s.startWaiting()).toBe(PUSH_QUIET_MS);
    clock.now += PUSH_QUIET_MS;
    expect(s.dueTrigger()).toBe('push');
    expect(s.startRun('push').awaitHistoryId).toBe('101');
    expect(s.dueTrigger()).toBeNull();
  });

  it('a notification just after a run started is held too; an endless trickle is held at most so long', () => {
    const { s, clock } = watched();
    s.pushNotified({ historyId: '1' });
    s.startRun('push');
    s.runCompleted('sync-c1-1', RESULT);
    clock.now += 100;
    s.pushNotified({ historyId: '2' });
    expect(s.dueTrigger()).toBeNull();
    for (let t = 0; t < PUSH_MAX_HOLD_MS; t += 500) {
      clock.now += 500;
      s.pushNotified({ historyId: String(3 + t) });
    }
    expect(s.dueTrigger()).toBe('push');
  });

  it('paused or waiting for re-auth, a notification starts nothing', () => {
    const { s } = watched();
    s.pause();
    s.pushNotified({ historyId: '7' });
    expect(s.dueTrigger()).toBeNull();
    expect(s.carried.pendingTrigger).toBeNull();
  });

  it('a notification while another run is pending does not change its trigger', () => {
    const { s } = watched();
    s.requestSyncNow();
    s.pushNotified({ historyId: '7' });
    expect(s.dueTrigger()).toBe('manual');
    expect(s.startRun('manual').awaitHistoryId).toBe('7');
  });
});
