import { join } from 'node:path';
import type { GmailEmulator } from '../dev/gmail/index.js';
import { type ChildHandle, ROOT, spawnEntry } from './child-process.js';
import { gmailEnvFor } from './gmail-settings.js';

export const ADMIN_TOKEN = 'drill-admin-token';

/** `api/server.ts` as a process of its own on `port`, ready once it logs "api_listening". */
export function spawnApi(opts: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  port: number;
  emulator: GmailEmulator;
}): Promise<ChildHandle> {
  return spawnEntry({
    entry: join(ROOT, 'api', 'server.ts'),
    env: {
      LOG_LEVEL: 'info',
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      API_HOST: '127.0.0.1',
      API_PORT: String(opts.port),
      ADMIN_TOKEN,
      OAUTH_STATE_SECRET: 'drill-oauth-state-secret-0123456789',
      ...gmailEnvFor(opts.emulator),
    },
    ready: (out) => out.includes('api_listening'),
    what: 'api',
  });
}
