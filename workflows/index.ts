// Everything the worker registers. Workflow code is deterministic: all I/O lives in activities/.
export { connectionWorkflow } from './connection.js';
export { icalFeedWorkflow } from './ical-feed.js';
export { reconcileConnectionsWorkflow } from './reconcile.js';
export { reprocessWorkflow } from './reprocess.js';
export { syncWorkflow } from './sync.js';
export { webhookEndpointWorkflow } from './webhook-endpoint.js';
