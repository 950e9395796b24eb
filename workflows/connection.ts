import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  type ConnectionWorkflowInput,
  configChangedSignal,
  disconnectSignal,
  endWatchUpdate,
  pageProgressSignal,
  pauseUpdate,
  pushNotifiedSignal,
  reconnectedSignal,
  resumeUpdate,
  type SyncTrigger,
  statusQuery,
  stopAtPageBoundarySignal,
  syncNowUpdate,
} from '../contracts/workflows.js';
import { ConnectionState } from './connection-state.js';
import { failureCode, failureMessage } from './failure-code.js';
import {
  ConnectionId,
  ConnectionState as ConnectionStateKey,
  GmailLabel,
  WorkspaceId,
} from './search-attributes.js';
import { syncWorkflow } from './sync.js';
import { keepWatching } from './watch-loop.js';

/** Marks the executions that keep a Gmail watch (issue 21); older ones replay without it. */
const GMAIL_PUSH = 'gmail-push-watch';

const health = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One per connection, for its whole life: waits for the interval or a "sync now", runs each sync
 * as a child workflow, obeys pause/resume, waits out revoked Gmail access until `reconnected`,
 * and continues as new before its history grows large. The rules live in ConnectionState; this
 * function only wires messages to them and runs the loop.
 */
export async function connectionWorkflow(input: ConnectionWorkflowInput): Promise<void> {
  const s = new ConnectionState(input, Date.now, { push: patched(GMAIL_PUSH) });
  const markState = stateMarker(s);

  // ── message handlers ──────────────────────────────────────────────────────────────────────
  setHandler(statusQuery, () => s.status());
  setHandler(
    syncNowUpdate,
    async () => {
      const target = s.requestSyncNow();
      await condition(() => s.syncNowSettled(target));
      return s.syncNowAnswer(target);
    },
    { validator: () => s.validateSyncNow() },
  );
  setHandler(pauseUpdate, async () => {
    const running = s.pause();
    if (running) await stopChild(running);
    s.wake();
    return s.status();
  });
  setHandler(resumeUpdate, async () => {
    if (s.resume()) await condition(() => s.resumeSettled());
    return s.status();
  });
  setHandler(reconnectedSignal, () => s.reconnected());
  setHandler(configChangedSignal, (change) => {
    const running = s.configChanged(change);
    if (running) void stopChild(running);
  });
  setHandler(disconnectSignal, () => {
    const running = s.disconnect();
    if (running) void stopChild(running);
    s.wake();
  });
  setHandler(pageProgressSignal, (progress) => s.recordProgress(progress));
  setHandler(pushNotifiedSignal, (notice) => s.pushNotified(notice));
  setHandler(endWatchUpdate, async () => {
    s.endWatch();
    await condition(() => s.watchEnded());
    return s.pushStatus();
  });

  // ── main loop ─────────────────────────────────────────────────────────────────────────────
  upsertSearchAttributes([
    { key: WorkspaceId, value: input.workspaceId },
    { key: ConnectionId, value: input.connectionId },
  ]);
  markState(s.stateName());
  const watch = s.push.enabled ? keepWatching(s, input.connectionId) : Promise.resolve();

  while (!s.disconnected) {
    const change = s.healthChange();
    if (change) {
      await health.recordConnectionHealth(change);
      s.healthReported();
    }
    const trigger = s.dueTrigger();
    if (trigger) {
      await runSync(s, input, trigger, markState);
      markState(s.stateName());
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) break;
    const waitMs = s.startWaiting();
    if (!(await wakeOrTimeout(() => s.woken, waitMs))) s.timerFired();
    markState(s.stateName());
  }

  s.closing = true;
  await watch;
  await condition(allHandlersFinished);
  if (s.disconnected) {
    markState('disconnected');
    return;
  }
  await continueAsNew<typeof connectionWorkflow>(s.continuation());
}

/** One sync as a child workflow; its outcome, success or failure, lands in the state. */
async function runSync(
  s: ConnectionState,
  input: ConnectionWorkflowInput,
  trigger: SyncTrigger,
  markState: (state: string) => void,
): Promise<void> {
  const run = s.startRun(trigger);
  markState('syncing');
  try {
    const child = await startChild(syncWorkflow, {
      workflowId: run.workflowId,
      args: [
        {
          connectionId: input.connectionId,
          trigger,
          parentWorkflowId: workflowInfo().workflowId,
          pageSize: input.pageSize,
          ...(run.awaitHistoryId ? { awaitHistoryId: run.awaitHistoryId } : {}),
        },
      ],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      staticSummary: `${trigger} sync of Gmail label "${s.label}" (run ${run.n})`,
      typedSearchAttributes: [
        { key: WorkspaceId, value: input.workspaceId },
        { key: ConnectionId, value: input.connectionId },
        { key: GmailLabel, value: s.label },
        { key: ConnectionStateKey, value: 'syncing' },
      ],
    });
    s.runStarted(child.firstExecutionRunId);
    s.runCompleted(run.workflowId, await child.result());
  } catch (err) {
    s.runFailed(run.workflowId, failureCode(err), failureMessage(err));
  }
}

/**
 * Shows the state in the Temporal UI: current details every time, search attributes only when
 * the state or label changed, since each upsert is a command in the history.
 */
function stateMarker(s: ConnectionState): (state: string) => void {
  let marked = '';
  return (state) => {
    setCurrentDetails(s.details());
    if (`${state}|${s.label}` === marked) return;
    marked = `${state}|${s.label}`;
    upsertSearchAttributes([
      { key: ConnectionStateKey, value: state },
      { key: GmailLabel, value: s.label },
    ]);
  };
}

/** `condition` with an optional timeout; true when woken, false when the timer fired. */
async function wakeOrTimeout(woken: () => boolean, timeoutMs: number | null): Promise<boolean> {
  if (timeoutMs === null) {
    await condition(woken);
    return true;
  }
  return condition(woken, timeoutMs);
}

async function stopChild(workflowId: string) {
  await getExternalWorkflowHandle(workflowId)
    .signal(stopAtPageBoundarySignal)
    .catch(() => {});
}
