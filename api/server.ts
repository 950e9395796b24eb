import { serve } from '@hono/node-server';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { connectDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { gmailSettingsFromEnv } from '../gmail/client.js';
import { tokenCipherFromEnv } from '../security/token-keys.js';
import { connectTemporalClient } from '../temporal/connect.js';
import { createApp } from './app.js';

/** `npm run api`: one API process, configured by the environment alone. */
async function main() {
  const env = loadEnv();
  const log = createLogger('api', env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required by the API');
  const sql = connectDb(env.DATABASE_URL);
  const applied = await migrate(sql);
  if (applied.length > 0) log.info({ event: 'migrations_applied', applied }, 'migrations applied');

  const temporal = await connectTemporalClient(env);
  const cipher = tokenCipherFromEnv(env);
  const app = createApp({ sql, temporal, cipher, env, log, gmailSettings: gmailSettingsFromEnv(env) });

  const server = serve({ fetch: app.fetch, hostname: env.API_HOST, port: env.API_PORT }, (info) =>
    log.info({ event: 'api_listening', url: `http://${info.address}:${info.port}` }, 'API listening'),
  );

  const shutdown = async (signal: string) => {
    log.info({ event: 'api_stopping', signal }, 'stopping');
    server.close();
    await Promise.allSettled([temporal.connection.close(), sql.end({ timeout: 5 })]);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('api failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
