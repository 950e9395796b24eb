import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { failureCode } from './failure-code.js';
import {
  type ConnectionStatus,
  type ConnectionWorkflowInput,
  type CurrentRun,
  configChangedSignal,
  disconnectSignal,
  type LastRun,
  pageProgressSignal,
  pauseUpdate,
  reconnectedSignal,
  resumeUpdate,
  type SyncStarted,
  type SyncTrigger,
  statusQuery,
  stopAtPageBoundarySignal,
  syncNowUpdate,
  syncWorkflowId,
} from './messages.js';
import { ConnectionId, ConnectionState, GmailLabel, WorkspaceId } from './search-attributes.js';
import { syncWorkflow } from './sync.js';

const health = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One per connection, for its whole life: waits for the interval or a "sync now", runs each sync
 * as a child workflow, obeys pause/resume, waits out revoked Gmail access until `reconnected`,
 * and continues as new before its history grows large.
 */
export async function connectionWorkflow(input: ConnectionWorkflowInput): Promise<void> {
  const s = {
    label: input.label,
    intervalMinutes: input.intervalMinutes,
    syncState: input.syncState,
    gmail: input.carried?.gmail ?? 'ok',
    reportedGmail: input.carried?.gmail ?? 'ok',
    runCount: input.carried?.runCount ?? 0,
    lastRun: input.carried?.lastRun ?? null,
    lastError: input.carried?.lastError ?? null,
    nextSyncAt: input.carried?.nextSyncAt ?? Date.now() + minutes(input.intervalMinutes),
    pendingTrigger: input.carried?.pendingTrigger ?? (input.initialSync ? ('initial' as SyncTrigger) : null),
    current: null as (CurrentRun & { n: number }) | null,
    disconnected: false,
    wake: false,
  };
  const canRun = () => s.syncState === 'active' && s.gmail === 'ok' && !s.disconnected;
  const poke = () => {
    s.wake = true;
  };

  const status = (): ConnectionStatus => ({
    state: stateName(),
    syncState: s.syncState,
    gmail: s.gmail,
    intervalMinutes: s.intervalMinutes,
    runCount: s.runCount,
    currentRun: s.current ? stripN(s.current) : null,
    lastRun: s.lastRun,
    nextSyncAt: canRun() && s.nextSyncAt !== null ? new Date(s.nextSyncAt).toISOString() : null,
    lastError: s.lastError,
  });
  const stateName = (): ConnectionStatus['state'] => {
    if (s.gmail === 'needs_reauth') return 'needs_reauth';
    if (s.syncState === 'paused') return 'paused';
    if (s.current) return 'syncing';
    if (s.lastRun?.status === 'failed') return 'error';
    return 'idle';
  };

  setHandler(statusQuery, status);

  setHandler(
    syncNowUpdate,
    async (): Promise<SyncStarted> => {
      const target = s.runCount + 1;
      s.pendingTrigger = 'manual';
      poke();
      await condition(
        () => (s.current !== null && s.current.n >= target && s.current.runId !== '') || !canRun(),
      );
      if (!s.current || s.current.n < target)
        throw rejection(s.gmail === 'ok' ? 'CONNECTION_PAUSED' : 'GMAIL_NOT_CONNECTED');
      return { workflowId: s.current.workflowId, runId: s.current.runId };
    },
    {
      validator: () => {
        if (s.disconnected) throw rejection('GMAIL_NOT_CONNECTED');
        if (s.gmail !== 'ok') throw rejection('GMAIL_NOT_CONNECTED');
        if (s.syncState === 'paused') throw rejection('CONNECTION_PAUSED');
        if (s.current || s.pendingTrigger)
          throw rejection('SYNC_IN_PROGRESS', s.current ? stripN(s.current) : null);
      },
    },
  );

  setHandler(pauseUpdate, async () => {
    s.syncState = 'paused';
    if (s.current) await stopChild(s.current.workflowId);
    poke();
    return status();
  });

  setHandler(resumeUpdate, async () => {
    if (s.syncState === 'active') return status();
    s.syncState = 'active';
    s.nextSyncAt = Date.now() + minutes(s.intervalMinutes);
    if (s.gmail !== 'ok') return status();
    s.pendingTrigger = 'resume';
    poke();
    // answer once the resumed run is under way, unless an earlier run is still winding down
    await condition(() => s.current !== null || !canRun());
    return status();
  });

  setHandler(reconnectedSignal, () => {
    s.gmail = 'ok';
    s.lastError = null;
    // re-authorising never un-pauses; an active connection catches up at once
    if (s.syncState === 'active') s.pendingTrigger ??= s.runCount === 0 ? 'initial' : 'resume';
    poke();
  });

  setHandler(configChangedSignal, ({ label, intervalMinutes }) => {
    if (label) s.label = label;
    if (intervalMinutes) {
      s.intervalMinutes = intervalMinutes;
      s.nextSyncAt = Date.now() + minutes(intervalMinutes);
    }
    poke();
  });

  setHandler(disconnectSignal, () => {
    s.disconnected = true;
    if (s.current) void stopChild(s.current.workflowId);
    poke();
  });

  setHandler(pageProgressSignal, (p) => {
    if (s.current?.workflowId !== p.workflowId) return;
    s.current.pagesDone = p.pagesDone;
    s.current.emailsScanned = p.emailsScanned;
    s.current.emailsArchived = p.emailsArchived;
  });

  const runSync = async (trigger: SyncTrigger) => {
    s.pendingTrigger = null;
    s.runCount += 1;
    const workflowId = syncWorkflowId(input.connectionId, s.runCount);
    s.current = {
      n: s.runCount,
      runId: '',
      workflowId,
      trigger,
      startedAt: new Date().toISOString(),
      pagesDone: 0,
      emailsScanned: 0,
      emailsArchived: 0,
    };
    markState('syncing');
    try {
      const child = await startChild(syncWorkflow, {
        workflowId,
        args: [
          {
            connectionId: input.connectionId,
            trigger,
            parentWorkflowId: workflowInfo().workflowId,
            pageSize: input.pageSize,
          },
        ],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        staticSummary: `${trigger} sync of Gmail label "${s.label}" (run ${s.runCount})`,
        typedSearchAttributes: [
          { key: WorkspaceId, value: input.workspaceId },
          { key: ConnectionId, value: input.connectionId },
          { key: GmailLabel, value: s.label },
          { key: ConnectionState, value: 'syncing' },
        ],
      });
      s.current.runId = child.firstExecutionRunId;
      const result = await child.result();
      s.lastRun = {
        ...pick(result),
        runId: result.runId,
        workflowId,
        status: result.status,
        finishedAt: new Date().toISOString(),
        errorCode: null,
      };
      s.lastError = null;
    } catch (err) {
      const code = failureCode(err);
      const message =
        err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      s.lastError = { code, message, at: new Date().toISOString() };
      s.lastRun = {
        ...pick(null),
        runId: '',
        workflowId,
        status: 'failed',
        finishedAt: s.lastError.at,
        errorCode: code,
      };
      if (code === 'AUTH_REVOKED') s.gmail = 'needs_reauth';
    } finally {
      s.current = null;
      s.nextSyncAt = Date.now() + minutes(s.intervalMinutes);
    }
  };

  let markedState = '';
  const markState = (state: string) => {
    setCurrentDetails(describe(status(), s.label));
    if (`${state}|${s.label}` === markedState) return;
    markedState = `${state}|${s.label}`;
    upsertSearchAttributes([
      { key: ConnectionState, value: state },
      { key: GmailLabel, value: s.label },
    ]);
  };

  upsertSearchAttributes([
    { key: WorkspaceId, value: input.workspaceId },
    { key: ConnectionId, value: input.connectionId },
  ]);
  markState(stateName());

  while (!s.disconnected) {
    if (s.gmail !== s.reportedGmail) {
      await health.recordConnectionHealth({
        connectionId: input.connectionId,
        from: s.reportedGmail,
        to: s.gmail,
        error: s.lastError,
      });
      s.reportedGmail = s.gmail;
    }
    if (s.pendingTrigger && canRun()) {
      await runSync(s.pendingTrigger);
      markState(stateName());
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) break;
    s.wake = false;
    const waitMs = canRun() && s.nextSyncAt !== null ? Math.max(1, s.nextSyncAt - Date.now()) : null;
    const timedOut = !(await wakeOrTimeout(() => s.wake, waitMs));
    if (timedOut && canRun()) s.pendingTrigger ??= 'schedule';
    markState(stateName());
  }

  await condition(allHandlersFinished);
  if (s.disconnected) {
    markState('disconnected');
    return;
  }
  await continueAsNew<typeof connectionWorkflow>({
    ...input,
    label: s.label,
    intervalMinutes: s.intervalMinutes,
    syncState: s.syncState,
    initialSync: false,
    carried: {
      gmail: s.gmail,
      runCount: s.runCount,
      lastRun: s.lastRun,
      lastError: s.lastError,
      nextSyncAt: s.nextSyncAt,
      pendingTrigger: s.pendingTrigger,
    },
  });
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

function rejection(code: string, details: unknown = null): ApplicationFailure {
  const messages: Record<string, string> = {
    SYNC_IN_PROGRESS: 'a sync is already running',
    CONNECTION_PAUSED: 'the connection is paused',
    GMAIL_NOT_CONNECTED: 'Gmail is not connected',
  };
  return ApplicationFailure.create({
    message: messages[code] ?? code,
    type: code,
    nonRetryable: true,
    details: [details],
  });
}

const minutes = (n: number) => n * 60_000;

function stripN({ n: _n, ...run }: CurrentRun & { n: number }): CurrentRun {
  return run;
}

function pick(r: Partial<LastRun> | null) {
  return {
    emailsScanned: r?.emailsScanned ?? 0,
    emailsArchived: r?.emailsArchived ?? 0,
    duplicatesSkipped: r?.duplicatesSkipped ?? 0,
    factsExtracted: r?.factsExtracted ?? 0,
    bookingsEnriched: r?.bookingsEnriched ?? 0,
    reviewItemsCreated: r?.reviewItemsCreated ?? 0,
  };
}

function describe(st: ConnectionStatus, label: string): string {
  const last = st.lastRun
    ? `last run ${st.lastRun.status} at ${st.lastRun.finishedAt}: ${st.lastRun.emailsArchived} archived, ${st.lastRun.bookingsEnriched} enriched, ${st.lastRun.reviewItemsCreated} to review`
    : 'no run yet';
  const error = st.lastError ? `\n\nlast error: ${st.lastError.code} — ${st.lastError.message}` : '';
  return `**${st.state}** — watching Gmail label "${label}" every ${st.intervalMinutes} min\n\n${last}${error}`;
}
