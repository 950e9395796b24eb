import { ConnectionId, ConnectionState, GmailLabel, WorkspaceId } from '../../contracts/search-attributes.js';
import { type ConnectionWorkflowInput, connectionWorkflowId } from '../../contracts/workflows.js';

/**
 * How a connection workflow is started, by the API (OAuth callback, Update-with-Start) and by the
 * reconciler alike: its id, task queue, input and the search attributes the Temporal UI filters on.
 */
export function connectionStartOptions(input: ConnectionWorkflowInput, taskQueue: string) {
  const state =
    input.carried?.gmail === 'needs_reauth'
      ? 'needs_reauth'
      : input.syncState === 'paused'
        ? 'paused'
        : 'idle';
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
  };
}
