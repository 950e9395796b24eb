import type { Client } from '@temporalio/client';
import type { Env } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import type { Sql } from '../db/client.js';
import type { GmailSettings } from '../gmail/client.js';
import type { TokenCipher } from '../security/token-cipher.js';

/** What the API needs from the outside world; tests pass their own. */
export interface AppDeps {
  sql: Sql;
  temporal: Client;
  cipher: TokenCipher;
  env: Env;
  log: Logger;
  gmailSettings: GmailSettings;
}

/** Per-request values set by middleware. `workspaceId` exists only behind the auth middleware. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    log: Logger;
    workspaceId: string;
    /** Set by the web app's door (web/workspace-client.ts); unset behind the API's bearer token. */
    door?: 'web';
  };
}
