import type { AppDeps } from './context.js';
import { createRouter } from './router.js';
import { activityRoutes } from './routes/activity.js';
import { bookingRoutes } from './routes/bookings.js';
import { conflictRoutes } from './routes/conflicts.js';
import { connectionRoutes } from './routes/connections.js';
import { gmailStartRoutes } from './routes/gmail-oauth.js';
import { icalFeedRoutes } from './routes/ical-feeds.js';
import { listingNameRoutes } from './routes/listing-names.js';
import { messageRoutes } from './routes/messages.js';
import { propertyRoutes } from './routes/properties.js';
import { reviewItemRoutes } from './routes/review-items.js';
import { syncRoutes } from './routes/sync.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';

/**
 * Every route a workspace calls (`/api/connections…`, review items, feeds, bookings, activity),
 * built once per process and mounted by both doors: the API puts it behind the bearer token, the
 * web app calls it in process for its session's workspace (web/workspace-client.ts). So every
 * validation, ownership check and limit exists once: the "sync now" window is the same whichever
 * door a request came in by.
 *
 * It authenticates nobody: its door sets `workspaceId`, `requestId` and `log` before a request
 * reaches it. Chained, so its type carries every path, body and answer for Hono's typed client.
 */
export function workspaceRouter(deps: AppDeps) {
  return createRouter()
    .route('/', connectionRoutes(deps))
    .route('/', gmailStartRoutes(deps))
    .route('/', syncRoutes(deps))
    .route('/', messageRoutes(deps))
    .route('/', reviewItemRoutes(deps))
    .route('/', icalFeedRoutes(deps))
    .route('/', bookingRoutes(deps))
    .route('/', activityRoutes(deps))
    .route('/', webhookEndpointRoutes(deps))
    .route('/', propertyRoutes(deps))
    .route('/', listingNameRoutes(deps))
    .route('/', conflictRoutes(deps));
}

export type WorkspaceRouter = ReturnType<typeof workspaceRouter>;
