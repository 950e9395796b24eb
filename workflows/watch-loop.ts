import { condition, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { NON_RETRYABLE_CODES } from '../contracts/errors.js';
import type { ConnectionState } from './connection-state.js';
import { failureCode, failureMessage } from './failure-code.js';

// Local activities: one short call a day, run inside the workflow task. Every connection workflow
// makes one when it starts, so a regular activity's two extra round trips through the server would
// be paid a thousand times over when a worker starts a thousand of them (bench: idle start).
// A few tries over a couple of minutes, then the state's own retry.
const watching = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});
// the disconnect waits for the stop: a few quick tries, then it goes on without it
const stopping = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

/**
 * The connection's Gmail watch, beside the main loop: makes each watch or stop call the state says
 * is due, one at a time (so never two at once, whatever messages arrive meanwhile), and sleeps
 * until the next renewal. Ends with the execution (disconnect, continue-as-new).
 */
export async function keepWatching(s: ConnectionState, connectionId: string): Promise<void> {
  for (;;) {
    const action = s.watchDue();
    if (action === 'watch') {
      s.push.asked();
      try {
        s.watchAnswered(await watching.renewWatch({ connectionId }));
      } catch (err) {
        s.watchFailed(failureCode(err), failureMessage(err));
      }
      continue;
    }
    if (action === 'stop') {
      s.push.asked();
      await stopping.endWatch({ connectionId }).catch(() => {});
      s.push.stopped();
      continue;
    }
    if (s.watchLoopDone()) {
      s.watchLoopFinished = true;
      return;
    }
    const waitMs = s.watchWaitMs();
    const due = () => s.watchDue() !== null || s.watchLoopDone();
    if (waitMs === null) await condition(due);
    else await condition(due, waitMs);
  }
}
