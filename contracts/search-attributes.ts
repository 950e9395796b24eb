import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes on every workflow, so runs can be filtered in the Temporal UI. In
 * contracts/: the API, the reconciler's activity and the workflows all set them.
 */
export const WorkspaceId = defineSearchAttributeKey('WorkspaceId', SearchAttributeType.KEYWORD);
export const ConnectionId = defineSearchAttributeKey('ConnectionId', SearchAttributeType.KEYWORD);
export const GmailLabel = defineSearchAttributeKey('GmailLabel', SearchAttributeType.KEYWORD);
export const ConnectionState = defineSearchAttributeKey('ConnectionState', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [WorkspaceId, ConnectionId, GmailLabel, ConnectionState];
