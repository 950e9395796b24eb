import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../context.js';
import { createRouter } from '../router.js';
import { json } from '../schemas.js';
import { temporalReachable } from '../workflow-client.js';

const PROBE_TIMEOUT_MS = 2_000;

const Health = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    postgres: z.enum(['up', 'down']),
    temporal: z.enum(['up', 'down']),
  })
  .openapi('Health');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness: the API, Postgres and Temporal answer',
  responses: { 200: json(Health, 'All up'), 503: json(Health, 'Postgres or Temporal is down') },
});

export function healthRoutes({ sql, temporal }: AppDeps) {
  return createRouter().openapi(healthz, async (c) => {
    const [db, wf] = await Promise.all([
      postgresReachable(sql),
      temporalReachable(temporal, PROBE_TIMEOUT_MS),
    ]);
    const body = {
      status: db && wf ? 'ok' : 'unavailable',
      postgres: db ? 'up' : 'down',
      temporal: wf ? 'up' : 'down',
    } as const;
    return db && wf ? c.json(body, 200) : c.json(body, 503);
  });
}

async function postgresReachable(sql: AppDeps['sql']): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS).unref());
  const probe = sql`SELECT 1`.then(
    () => true,
    () => false,
  );
  return Promise.race([probe, timeout]);
}
