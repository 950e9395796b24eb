import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The connection workflow's public contract: what the API may send and ask. Shared by the
 * workflow code and the client, so the names cannot drift apart.
 */
export type SyncTrigger = 'schedule' | 'manual' | 'resume' | 'initial' | 'reprocess';
export type ConnectionStateName = 'idle' | 'syncing' | 'paused' | 'error' | 'needs_reauth';

export interface RunCounts {
  emailsScanned: number;
  emailsArchived: number;
  duplicatesSkipped: number;
  factsExtracted: number;
  bookingsEnriched: number;
  reviewItemsCreated: number;
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
  errorCode: string | null;
}

export interface ErrorInfo {
  code: string;
  message: string;
  at: string;
}

export interface ConnectionStatus {
  state: ConnectionStateName;
  syncState: 'active' | 'paused';
  gmail: 'ok' | 'needs_reauth';
  intervalMinutes: number;
  runCount: number;
  currentRun: CurrentRun | null;
  lastRun: LastRun | null;
  nextSyncAt: string | null;
  lastError: ErrorInfo | null;
}

export interface ConnectionWorkflowInput {
  connectionId: string;
  workspaceId: string;
  label: string;
  intervalMinutes: number;
  syncState: 'active' | 'paused';
  /** A newly connected connection syncs at once. */
  initialSync: boolean;
  /** State handed over by continue-as-new. */
  carried?: CarriedState;
  /** Message ids per sync page (default 500); tests use small pages. */
  pageSize?: number;
}

/** What a connection workflow hands to its next run when it continues as new. */
export interface CarriedState {
  gmail: 'ok' | 'needs_reauth';
  runCount: number;
  lastRun: LastRun | null;
  lastError: ErrorInfo | null;
  nextSyncAt: number | null;
  pendingTrigger: SyncTrigger | null;
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

/** "Sync now": answers once the run's child workflow has started; rejected when it cannot start. */
export const syncNowUpdate = defineUpdate<SyncStarted>('syncNow');
export const pauseUpdate = defineUpdate<ConnectionStatus>('pause');
export const resumeUpdate = defineUpdate<ConnectionStatus>('resume');
export const reconnectedSignal = defineSignal('reconnected');
export const configChangedSignal =
  defineSignal<[{ label?: string; intervalMinutes?: number }]>('configChanged');
export const disconnectSignal = defineSignal('disconnect');
export const statusQuery = defineQuery<ConnectionStatus>('status');

/** Sent by a sync run to its connection after each page, so `status` shows live progress. */
export const pageProgressSignal = defineSignal<[PageProgress]>('pageProgress');
/** Sent by the connection to its running sync: stop at the next page boundary. */
export const stopAtPageBoundarySignal = defineSignal('stopAtPageBoundary');

/** Error codes the workflow rejects "sync now" with; the API maps them to HTTP 409. */
export const SYNC_REJECTIONS = ['SYNC_IN_PROGRESS', 'CONNECTION_PAUSED', 'GMAIL_NOT_CONNECTED'] as const;

export const connectionWorkflowId = (connectionId: string) => `connection-${connectionId}`;
export const syncWorkflowId = (connectionId: string, n: number) => `sync-${connectionId}-${n}`;
export const icalFeedWorkflowId = (feedId: string) => `ical-feed-${feedId}`;
export const reprocessWorkflowId = (connectionId: string, at: number) => `reprocess-${connectionId}-${at}`;
