import type { Logger } from '../config/logger.js';

/** Per-request values of the web app; `workspaceId` exists only behind the session middleware. */
export interface WebEnv {
  Variables: {
    requestId: string;
    log: Logger;
    workspaceId: string;
    sessionId: string;
    /** Conflicts nobody has acknowledged, for the navigation's badge (web/nav-counts.ts); full pages only. */
    openConflicts?: number;
  };
}
