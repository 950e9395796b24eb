import {
  type Client,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  ApplicationFailure,
  type UpdateDefinition,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
} from '@temporalio/common';
import { CODE, ERRORS } from '../contracts/errors.js';
import { ConnectionId, GmailLabel, WorkspaceId } from '../contracts/search-attributes.js';
import {
  CONNECTION_WORKFLOW_TYPE,
  type ConfigChange,
  type ConnectionStatus,
  type ConnectionWorkflowInput,
  configChangedSignal,
  connectionWorkflowId,
  disconnectSignal,
  endWatchUpdate,
  type IcalFeedInput,
  icalFeedWorkflowId,
  type PushNotice,
  type PushStatus,
  pauseUpdate,
  pushNotifiedSignal,
  reconnectedSignal,
  reprocessWorkflowId,
  resumeUpdate,
  SYNC_REJECTIONS,
  type SyncRejection,
  type SyncStarted,
  type SyncState,
  statusQuery,
  syncNowUpdate,
  webhookEndpointWorkflowId,
} from '../contracts/workflows.js';
import { connectionStartOptions } from '../domain/connection-workflow/start-options.js';
import type * as workflows from '../workflows/index.js';
import { AppError } from './errors.js';

/**
 * The API's only way to talk to Temporal. Workflows are started by name, never imported at run
 * time, so the API never loads workflow code; the names and arguments are still type-checked
 * against the worker's exports. Temporal's errors become AppErrors here and nowhere else.
 */

type Workflows = typeof workflows;
/** A workflow's registered name: renaming the export breaks the build here, not a start at run time. */
const workflowType = <N extends keyof Workflows>(name: N): N => name;

export interface WorkflowTarget {
  temporal: Client;
  taskQueue: string;
}

// An update or query waits for a worker; without one it would wait forever.
const CALL_TIMEOUT_MS = 10_000;

export interface StartedWorkflow {
  workflowId: string;
  runId: string;
}

/** Starts the connection workflow, or tells the running one that Gmail was (re)connected. */
export async function startOrReconnect(
  t: WorkflowTarget,
  input: ConnectionWorkflowInput,
): Promise<StartedWorkflow> {
  return temporalCall(t.temporal, async () => {
    const handle = await t.temporal.workflow.signalWithStart<Workflows['connectionWorkflow'], []>(
      workflowType(CONNECTION_WORKFLOW_TYPE),
      { ...connectionStartOptions(input, t.taskQueue), signal: reconnectedSignal, signalArgs: [] },
    );
    return { workflowId: handle.workflowId, runId: handle.signaledRunId };
  });
}

/** Tells a running connection workflow its label or interval changed; false when none runs. */
export async function notifyConfigChanged(
  t: WorkflowTarget,
  connectionId: string,
  change: ConfigChange,
): Promise<boolean> {
  return ignoringMissing(t.temporal, () =>
    t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).signal(configChangedSignal, change),
  );
}

/**
 * Passes a push notification to a connection workflow (a signal: the server takes it even while no
 * worker runs, and the workflow coalesces a burst); false when none runs, whose catch-up the
 * reconciler does.
 */
export async function notifyPush(
  t: WorkflowTarget,
  connectionId: string,
  notice: PushNotice,
): Promise<boolean> {
  return ignoringMissing(t.temporal, () =>
    t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).signal(pushNotifiedSignal, notice),
  );
}

/**
 * Disconnect's first step: the workflow stops its Gmail watch while the grant still works. Null when
 * no workflow runs, or when it did not answer in time (the watch then lapses at its expiry).
 */
export async function endWatch(t: WorkflowTarget, connectionId: string): Promise<PushStatus | null> {
  try {
    return await nullWhenMissing(() =>
      temporalCall(t.temporal, () =>
        t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).executeUpdate(endWatchUpdate),
      ),
    );
  } catch (err) {
    if (err instanceof AppError && err.code === CODE.TEMPORAL_UNAVAILABLE) return null;
    throw err;
  }
}

/** Asks a running connection workflow to end; false when none runs. */
export async function disconnect(t: WorkflowTarget, connectionId: string): Promise<boolean> {
  return ignoringMissing(t.temporal, () =>
    t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).signal(disconnectSignal),
  );
}

const REJECTION_CODES: ReadonlySet<string> = new Set(SYNC_REJECTIONS);
const isRejection = (type: string | undefined | null): type is SyncRejection =>
  !!type && REJECTION_CODES.has(type);

/**
 * What a connection's workflow is started with when an update finds none (rebuilt from Postgres,
 * domain/connection-workflow/rebuild-input.ts); null when the connection should have none.
 */
export type StartIfMissing = ConnectionWorkflowInput | null;

/**
 * An update to the connection workflow. With a start input it is Update-with-Start (conflict
 * policy USE_EXISTING): a running workflow takes the update, a lost one is started again from
 * Postgres and then takes it, so "sync now", pause and resume heal instead of failing.
 */
function updateConnection<R>(
  t: WorkflowTarget,
  connectionId: string,
  update: UpdateDefinition<R, []>,
  startIfMissing: StartIfMissing,
): Promise<R> {
  if (!startIfMissing)
    return t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).executeUpdate(update);
  return t.temporal.workflow.executeUpdateWithStart(update, {
    startWorkflowOperation: new WithStartWorkflowOperation<Workflows['connectionWorkflow']>(
      workflowType(CONNECTION_WORKFLOW_TYPE),
      {
        ...connectionStartOptions(startIfMissing, t.taskQueue),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      },
    ),
  });
}

/** "Sync now". The workflow's refusals become 409s; no workflow to update or start means Gmail was never connected. */
export async function syncNow(
  t: WorkflowTarget,
  connectionId: string,
  startIfMissing: StartIfMissing,
): Promise<SyncStarted> {
  try {
    return await temporalCall(t.temporal, () =>
      updateConnection(t, connectionId, syncNowUpdate, startIfMissing),
    );
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new AppError(CODE.GMAIL_NOT_CONNECTED, ERRORS[CODE.GMAIL_NOT_CONNECTED].message);
    throw err;
  }
}

/** Pause or resume; null when no connection workflow runs and none should. */
export async function setSyncState(
  t: WorkflowTarget,
  connectionId: string,
  state: SyncState,
  startIfMissing: StartIfMissing,
): Promise<ConnectionStatus | null> {
  const update = state === 'paused' ? pauseUpdate : resumeUpdate;
  return nullWhenMissing(() =>
    temporalCall(t.temporal, () => updateConnection(t, connectionId, update, startIfMissing)),
  );
}

/** The workflow's live status; null when no connection workflow runs. */
export async function queryStatus(t: WorkflowTarget, connectionId: string): Promise<ConnectionStatus | null> {
  return nullWhenMissing(() =>
    temporalCall(t.temporal, () =>
      t.temporal.workflow.getHandle(connectionWorkflowId(connectionId)).query(statusQuery),
    ),
  );
}

export async function startIcalFeed(t: WorkflowTarget, input: IcalFeedInput): Promise<StartedWorkflow> {
  return temporalCall(t.temporal, async () => {
    const handle = await t.temporal.workflow.start<Workflows['icalFeedWorkflow']>(
      workflowType('icalFeedWorkflow'),
      {
        workflowId: icalFeedWorkflowId(input.feedId),
        taskQueue: t.taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: WorkspaceId, value: input.workspaceId }],
      },
    );
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  });
}

/** Stops a feed's schedule (pause, delete); the reason lands in the history, so it names no URL. */
export async function stopIcalFeed(t: WorkflowTarget, feedId: string, reason: string): Promise<boolean> {
  return ignoringMissing(t.temporal, () =>
    t.temporal.workflow
      .getHandle(icalFeedWorkflowId(feedId))
      .terminate(reason)
      .then(() => {}),
  );
}

/**
 * Ends a deleted webhook endpoint's workflow (which would otherwise wait out its current delivery's
 * next attempt, then find the endpoint gone); false when none runs.
 */
export async function stopWebhookEndpoint(t: WorkflowTarget, endpointId: string): Promise<boolean> {
  return ignoringMissing(t.temporal, () =>
    t.temporal.workflow
      .getHandle(webhookEndpointWorkflowId(endpointId))
      .terminate('webhook endpoint deleted')
      .then(() => {}),
  );
}

export async function startReprocess(
  t: WorkflowTarget,
  input: { connectionId: string; workspaceId: string; label: string },
): Promise<StartedWorkflow> {
  return temporalCall(t.temporal, async () => {
    const handle = await t.temporal.workflow.start<Workflows['reprocessWorkflow']>(
      workflowType('reprocessWorkflow'),
      {
        workflowId: reprocessWorkflowId(input.connectionId),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        taskQueue: t.taskQueue,
        args: [{ connectionId: input.connectionId, workspaceId: input.workspaceId }],
        typedSearchAttributes: [
          { key: WorkspaceId, value: input.workspaceId },
          { key: ConnectionId, value: input.connectionId },
          { key: GmailLabel, value: input.label },
        ],
      },
    );
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }).catch((err: unknown) => {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      throw new AppError(CODE.REPROCESS_IN_PROGRESS, undefined, {
        workflowId: reprocessWorkflowId(input.connectionId),
      });
    throw err;
  });
}

/** Is Temporal's frontend answering? */
export async function temporalReachable(temporal: Client, timeoutMs: number): Promise<boolean> {
  try {
    await temporal.withDeadline(Date.now() + timeoutMs, () => temporal.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

/** Runs one Temporal call under a deadline, turning its failures into AppErrors (not-found passes through). */
async function temporalCall<R>(temporal: Client, call: () => Promise<R>): Promise<R> {
  try {
    return await temporal.withDeadline(Date.now() + CALL_TIMEOUT_MS, call);
  } catch (err) {
    throw toAppError(err);
  }
}

function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError || err instanceof AppError) return err;
  if (err instanceof WorkflowUpdateFailedError) return rejectionOf(err) ?? err;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof ServiceError) {
    // more precise than the registry's message: Temporal may be up but slow, or have no worker
    return new AppError(CODE.TEMPORAL_UNAVAILABLE, 'the workflow service did not answer in time');
  }
  return err;
}

function rejectionOf(err: WorkflowUpdateFailedError): AppError | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || !isRejection(cause.type)) return undefined;
  const currentRun = cause.details?.[0];
  return new AppError(
    cause.type,
    ERRORS[cause.type].message,
    currentRun === undefined ? undefined : { currentRun },
  );
}

async function nullWhenMissing<R>(call: () => Promise<R>): Promise<R | null> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

async function ignoringMissing(temporal: Client, call: () => Promise<void>): Promise<boolean> {
  return (await nullWhenMissing(() => temporalCall(temporal, call).then(() => true))) ?? false;
}
