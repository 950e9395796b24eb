import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { CODE, codesOf, type ErrorCode } from './errors.js';

/**
 * Everything that crosses the client ↔ workflow boundary: each workflow's input and result, the
 * connection workflow's signals, updates and queries, and the workflow ids. The API, the
 * activities and the workflows all import it, so a renamed field breaks the build on both sides.
 *
 * Imported by workflow code: no I/O and no Node built-ins here.
 */

// ── vocabularies ────────────────────────────────────────────────────────────────────────────

/** What started a sync run; `sync_runs.trigger` holds the same values. */
export const SYNC_TRIGGERS = [
  'schedule',
  'manual',
  'resume',
  'initial',
  'reprocess',
  'label_change',
  // the reconciler recreated a lost connection workflow: it catches up at once
  'reconcile',
  // a Gmail push notification (Pub/Sub) said the watched label changed
  'push',
] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const SYNC_MODES = ['incremental', 'full'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const CONNECTION_STATE_NAMES = ['idle', 'syncing', 'paused', 'error', 'needs_reauth'] as const;
export type ConnectionStateName = (typeof CONNECTION_STATE_NAMES)[number];

export const SYNC_STATES = ['active', 'paused'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export type GmailHealth = 'ok' | 'needs_reauth';

/**
 * Where a connection's Gmail push stands. `watching` is the one healthy state: the label is watched
 * and notifications arrive, so polling slows down. `off`: push is not configured for this deployment
 * (or the workflow predates it); `pending`: the first watch call has not answered yet; `silent`: the
 * watch is in place but a poll found mail no notification announced; `failed`: the last watch call
 * failed; `expired`: the watch lapsed without a renewal; `stopped`: disconnected.
 */
export const PUSH_STATES = ['off', 'pending', 'watching', 'silent', 'failed', 'expired', 'stopped'] as const;
export type PushState = (typeof PUSH_STATES)[number];

/** The six numbers every run reports, in the order the API and the logs show them. */
export const RUN_COUNT_KEYS = [
  'emailsScanned',
  'emailsArchived',
  'duplicatesSkipped',
  'factsExtracted',
  'bookingsEnriched',
  'reviewItemsCreated',
] as const;
export type RunCountKey = (typeof RUN_COUNT_KEYS)[number];
export type RunCounts = Record<RunCountKey, number>;

/** Frozen: spread it (`{ ...ZERO_COUNTS }`) to start a run's tally. */
export const ZERO_COUNTS: Readonly<RunCounts> = Object.freeze(runCountsOf({}));

/** Just the counts of anything that carries them; a missing count is 0. */
export function runCountsOf(source: Partial<RunCounts>): RunCounts {
  return Object.fromEntries(RUN_COUNT_KEYS.map((key) => [key, source[key] ?? 0])) as RunCounts;
}

/**
 * Adds what one step of a run counted (a sync page, an enrichment call: each returns its own) to the
 * run's running totals; a count the step does not report adds nothing.
 */
export function addRunCounts(totals: RunCounts, counts: Partial<RunCounts>): void {
  for (const key of RUN_COUNT_KEYS) totals[key] += counts[key] ?? 0;
}

// ── the sync, reprocess and iCal feed workflows ────────────────────────────────────────────

export interface SyncInput {
  connectionId: string;
  trigger: SyncTrigger;
  /** The connection workflow to report page progress to. */
  parentWorkflowId: string | null;
  /** Message ids per page (default and maximum: 500); tests use small pages. */
  pageSize?: number;
  /**
   * The history id a push notification announced: an incremental listing that comes back empty
   * while Gmail's history is still behind it is asked again, briefly, before the run gives up.
   */
  awaitHistoryId?: string;
}

export interface SyncResult extends RunCounts {
  runId: string;
  status: 'completed' | 'cancelled';
  pages: number;
  mode: SyncMode;
}

export interface ReprocessInput {
  connectionId: string;
  workspaceId: string;
}

export interface ReprocessResult extends RunCounts {
  factsChanged: number;
}

export interface IcalFeedInput {
  feedId: string;
  workspaceId: string;
  intervalMinutes: number;
}

// ── the reconciler ──────────────────────────────────────────────────────────────────────────

/** The Temporal Schedule (and its workflows' id prefix) that runs the reconciler every few minutes. */
export const RECONCILER_SCHEDULE_ID = 'connections-reconciler';
/** The workflow type a connection workflow is started as, by the API and by the reconciler. */
export const CONNECTION_WORKFLOW_TYPE = 'connectionWorkflow';
export const RECONCILE_WORKFLOW_TYPE = 'reconcileConnectionsWorkflow';

export interface ReconcileInput {
  /** Connections per activity call (default 100). */
  pageSize?: number;
}

/** Counts only: the ids go to the worker's log, not into the history. */
export interface ReconcileTally {
  checked: number;
  /** Connection workflows that were missing and were started again from Postgres. */
  started: number;
  /** Workflows of disconnected connections that were still running and were told to end. */
  stopped: number;
}

export interface ReconcilePage extends ReconcileTally {
  /** The last connection id of the page; null when the page was empty. */
  lastId: string | null;
}

// ── webhook endpoints ───────────────────────────────────────────────────────────────────────

/** The workflow type each webhook endpoint's deliveries run in (one per endpoint, long-lived). */
export const WEBHOOK_ENDPOINT_WORKFLOW_TYPE = 'webhookEndpointWorkflow';

export interface WebhookEndpointInput {
  endpointId: string;
  workspaceId: string;
  /** Deliveries one execution sends before it continues as new (default 200); tests force a small one. */
  deliveriesPerRun?: number;
}

/** Sent when deliveries were queued for the endpoint (an event, a redelivery, a re-enable): look again. */
export const deliveriesQueuedSignal = defineSignal('deliveriesQueued');

/** What the endpoint's next deliveries are: ids only, in the order they are sent. */
export interface QueuedDeliveries {
  /** `gone`: the endpoint was deleted; `disabled`: nothing is sent until it is enabled again */
  endpoint: 'enabled' | 'disabled' | 'gone';
  deliveryIds: string[];
}

/** How one delivery ended (a failure the schedule could still retry is retried inside the activity). */
export type DeliveryOutcome = 'delivered' | 'failed' | 'endpoint_disabled' | 'endpoint_gone';

// ── the connection workflow ─────────────────────────────────────────────────────────────────

export interface ConnectionWorkflowInput {
  connectionId: string;
  workspaceId: string;
  label: string;
  intervalMinutes: number;
  syncState: SyncState;
  /** A newly connected connection syncs at once. */
  initialSync: boolean;
  /** State handed over by continue-as-new. */
  carried?: CarriedState;
  /** Message ids per sync page (default 500); tests use small pages. */
  pageSize?: number;
}

/** What a connection workflow hands to its next run when it continues as new. */
export interface CarriedState {
  gmail: GmailHealth;
  runCount: number;
  lastRun: LastRun | null;
  lastError: ErrorInfo | null;
  nextSyncAt: number | null;
  pendingTrigger: SyncTrigger | null;
  /** Absent in executions that predate push. */
  push?: CarriedPush;
}

/** The watch as one execution hands it to the next (epoch ms). */
export interface CarriedPush {
  state: PushState;
  watchExpiresAt: number | null;
  lastNotificationAt: number | null;
  /** When the next watch call is due. */
  renewAt: number | null;
  /** Polling interval while push is healthy (the deployment's, as the last watch call said). */
  healthyPollMinutes: number | null;
  /** A poll found mail no notification announced (cleared by the next notification or watch). */
  silent: boolean;
  /** The highest history id notified since the last run started. */
  awaitHistoryId: string | null;
}

/** What a watch call (activities/push/) answers; `off`: this deployment has no push topic. */
export type WatchOutcome =
  | { state: 'off' }
  | { state: 'watching'; watchExpiresAt: string; healthyPollMinutes: number }
  | { state: 'failed'; code: ErrorCode; message: string };

/** A Pub/Sub notification for the connection's mailbox, as the push endpoint passes it on. */
export interface PushNotice {
  /** The mailbox's history id when Gmail sent it (a decimal string). */
  historyId: string;
}

export interface PushStatus {
  state: PushState;
  watchExpiresAt: string | null;
  lastNotificationAt: string | null;
}

export interface CurrentRun {
  runId: string;
  workflowId: string;
  trigger: SyncTrigger;
  startedAt: string;
  pagesDone: number;
  emailsScanned: number;
  emailsArchived: number;
}

export interface LastRun extends RunCounts {
  runId: string;
  workflowId: string;
  status: 'completed' | 'failed' | 'cancelled';
  finishedAt: string;
  errorCode: ErrorCode | null;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  at: string;
}

export interface ConnectionStatus {
  state: ConnectionStateName;
  syncState: SyncState;
  gmail: GmailHealth;
  intervalMinutes: number;
  /** The interval polls run at now: the longer one while push is healthy, else intervalMinutes. */
  pollIntervalMinutes: number;
  push: PushStatus;
  runCount: number;
  currentRun: CurrentRun | null;
  lastRun: LastRun | null;
  nextSyncAt: string | null;
  lastError: ErrorInfo | null;
}

export interface SyncStarted {
  workflowId: string;
  runId: string;
}

export interface PageProgress {
  workflowId: string;
  pagesDone: number;
  emailsScanned: number;
  emailsArchived: number;
}

export interface ConfigChange {
  label?: string;
  intervalMinutes?: number;
}

/** "Sync now": answers once the run's child workflow has started; rejected when it cannot start. */
export const syncNowUpdate = defineUpdate<SyncStarted>('syncNow');
export const pauseUpdate = defineUpdate<ConnectionStatus>('pause');
export const resumeUpdate = defineUpdate<ConnectionStatus>('resume');
export const reconnectedSignal = defineSignal('reconnected');
export const configChangedSignal = defineSignal<[ConfigChange]>('configChanged');
export const disconnectSignal = defineSignal('disconnect');
export const statusQuery = defineQuery<ConnectionStatus>('status');
/**
 * A push notification for the connection's mailbox. Coalesced by the workflow: a burst gives the
 * run it starts plus at most one queued behind a run in flight.
 */
export const pushNotifiedSignal = defineSignal<[PushNotice]>('pushNotified');
/**
 * Disconnect, first step: stop watching the mailbox while the grant still works (the API revokes
 * it right after). Answers once the watch is stopped, or at once when there is none.
 */
export const endWatchUpdate = defineUpdate<PushStatus>('endWatch');

/** Sent by a sync run to its connection after each page, so `status` shows live progress. */
export const pageProgressSignal = defineSignal<[PageProgress]>('pageProgress');
/** Sent by the connection to its running sync: stop at the next page boundary. */
export const stopAtPageBoundarySignal = defineSignal('stopAtPageBoundary');

/** Error codes the workflow rejects "sync now" with; the API maps them to HTTP 409. */
export const SYNC_REJECTIONS = codesOf(
  CODE.SYNC_IN_PROGRESS,
  CODE.CONNECTION_PAUSED,
  CODE.GMAIL_NOT_CONNECTED,
);
export type SyncRejection = (typeof SYNC_REJECTIONS)[number];

// ── workflow ids ────────────────────────────────────────────────────────────────────────────

export const connectionWorkflowId = (connectionId: string) => `connection-${connectionId}`;
export const syncWorkflowId = (connectionId: string, n: number) => `sync-${connectionId}-${n}`;
export const icalFeedWorkflowId = (feedId: string) => `ical-feed-${feedId}`;
/** One id per connection: Temporal itself refuses a second reprocess while one runs. */
export const reprocessWorkflowId = (connectionId: string) => `reprocess-${connectionId}`;
/** A reprocess's `sync_runs.workflow_id`: its id and run id, as the Temporal UI's URL has them. */
export const reprocessRunKey = (workflowId: string, runId: string) => `${workflowId}/${runId}`;
export const webhookEndpointWorkflowId = (endpointId: string) => `webhook-endpoint-${endpointId}`;
