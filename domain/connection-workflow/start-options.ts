import { stateNameOf } from '../../contracts/connection-state.js';
import { ConnectionId, ConnectionState, GmailLabel, WorkspaceId } from '../../contracts/search-attributes.js';
import { type ConnectionWorkflowInput, connectionWorkflowId } from '../../contracts/workflows.js';

/**
 * How a connection workflow is started, by the API (OAuth callback, Update-with-Start) and by the
 * reconciler alike: its id, task queue, input and the search attributes the Temporal UI filters on.
 * Its `ConnectionState` is the state the workflow starts in, by the workflow's own rule.
 */
export function connectionStartOptions(input: ConnectionWorkflowInput, taskQueue: string) {
  const state = stateNameOf({
    gmail: input.carried?.gmail ?? 'ok',
    syncState: input.syncState,
    running: false,
    lastRun: input.carried?.lastRun?.status ?? null,
  });
  return {
    workflowId: connectionWorkflowId(input.connectionId),
    taskQueue,
    args: [input] as [ConnectionWorkflowInput],
    typedSearchAttributes: [
      { key: WorkspaceId, value: input.workspaceId },
      { key: ConnectionId, value: input.connectionId },
      { key: GmailLabel, value: input.label },
      { key: ConnectionState, value: state },
    ],
    // Temporal's task-queue fairness (issue 20): the workflow's activities inherit the key, so a
    // server with fairness on (docs/deploy.md) dispatches each workspace's syncs in turn rather
    // than one workspace's backlog first; a server without it ignores the key
    priority: { fairnessKey: input.workspaceId },
  };
}
