import { Hono } from 'hono';
import { z } from 'zod';
import type { FaultController } from './faults.js';
import { GMAIL_ROUTE_KINDS, OAUTH_ROUTE_KINDS } from './route-kinds.js';

const routeKind = z.enum([...GMAIL_ROUTE_KINDS, ...OAUTH_ROUTE_KINDS, 'other']);

const errorFault = z.strictObject({
  status: z.union([z.literal(429), z.literal(403), z.literal(500), z.literal(503)]),
  reason: z.enum(['rateLimitExceeded', 'userRateLimitExceeded']).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  times: z.number().int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
  routes: z.array(routeKind).optional(),
});

const faultPatch = z.strictObject({
  errors: z.array(errorFault).optional(),
  latencyMs: z.number().int().nonnegative().optional(),
  latencyRoutes: z.array(routeKind).nullable().optional(),
  staleHistoryBefore: z
    .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
    .nullable()
    .optional(),
  invalidGrant: z.boolean().optional(),
  laggingHistory: z.number().int().nonnegative().optional(),
});

const callQuery = z.object({
  kind: routeKind.optional(),
  since: z.coerce.number().optional(),
});

/**
 * The fault controller over HTTP, for a dev process that did not start the emulator:
 * `POST /_faults` merges a patch (errors are appended), `GET /_faults` shows settings and call counts,
 * `DELETE /_faults` clears faults, `GET /_faults/calls?kind=&since=` lists calls, `DELETE /_faults/calls`
 * resets them.
 */
export function faultRoutes(faults: FaultController): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ settings: faults.settings(), calls: faults.countsByKind() }));
  app.post('/', async (c) => {
    const parsed = faultPatch.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
    faults.configure(parsed.data);
    return c.json({ settings: faults.settings() });
  });
  app.delete('/', (c) => {
    faults.clear();
    return c.json({ settings: faults.settings() });
  });
  app.get('/calls', (c) => {
    const parsed = callQuery.safeParse(c.req.query());
    if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
    return c.json({ calls: faults.calls(parsed.data) });
  });
  app.delete('/calls', (c) => {
    faults.resetCalls();
    return c.body(null, 204);
  });
  return app;
}
