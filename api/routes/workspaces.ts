import { createRoute, z } from '@hono/zod-openapi';
// the sessions a token made end with it (the session row is the web app's, the rule is the token's)
import { endWorkspaceSessions } from '../../web/session/session-store.js';
import type { AppDeps } from '../context.js';
import { adminOnly } from '../middleware/admin.js';
import { createRouter } from '../router.js';
import { errorResponses, IdParams, json, jsonBody, PlainText, Uuid } from '../schemas.js';
import { hashToken, newApiToken } from '../token-hash.js';
import { authorizeTokenChange } from '../workspace-token-auth.js';

const CreateWorkspace = z.object({ name: PlainText.min(1).max(200) }).openapi('CreateWorkspace');
const CreatedWorkspace = z
  .object({
    id: Uuid,
    name: z.string(),
    apiToken: z.string().openapi({ description: 'shown once; only its hash is stored' }),
  })
  .openapi('CreatedWorkspace');
export type CreatedWorkspace = z.infer<typeof CreatedWorkspace>;

const RotatedToken = z
  .object({
    id: Uuid,
    apiToken: z
      .string()
      .openapi({ description: 'the new token, shown once; the old one answers 401 from now on' }),
  })
  .openapi('RotatedToken');
export type RotatedToken = z.infer<typeof RotatedToken>;
const RevokedToken = z
  .object({ id: Uuid, revokedAt: z.string().openapi({ format: 'date-time' }) })
  .openapi('RevokedToken');

// either credential: the workspace's own token, or the admin's (the only way back after a revoke)
const TOKEN_CHANGE_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { adminToken: [] }];

/** Rotate and revoke: the same token, so the same path, credentials and errors. */
function tokenRoute<const M extends 'post' | 'delete', const Ok extends ReturnType<typeof json>>(
  method: M,
  summary: string,
  ok: Ok,
) {
  return createRoute({
    method,
    path: '/api/workspaces/{id}/api-token',
    tags: ['workspaces'],
    summary,
    security: TOKEN_CHANGE_SECURITY,
    request: { params: IdParams },
    responses: { 200: ok, ...errorResponses(401, 403, 404, 429) },
  });
}

export function workspaceRoutes({ sql, env }: AppDeps) {
  const create = createRoute({
    method: 'post',
    path: '/api/workspaces',
    tags: ['workspaces'],
    summary: 'Create a workspace and its API token (admin only)',
    security: [{ adminToken: [] }],
    middleware: [adminOnly(env.ADMIN_TOKEN)] as const,
    request: { body: jsonBody(CreateWorkspace) },
    responses: {
      201: json(CreatedWorkspace, 'The workspace, with its API token'),
      ...errorResponses(401, 413, 415, 429),
    },
  });

  const rotate = tokenRoute(
    'post',
    "Rotate the workspace's API token: a new one replaces it at once",
    json(RotatedToken, 'The new token; the previous one no longer authenticates'),
  );
  const revoke = tokenRoute(
    'delete',
    "Revoke the workspace's API token: nothing authenticates as it until the admin rotates it",
    json(RevokedToken, 'The token is revoked'),
  );

  return createRouter()
    .openapi(create, async (c) => {
      const { name } = c.req.valid('json');
      const apiToken = newApiToken();
      const [row] = await sql<{ id: string; name: string }[]>`
        INSERT INTO workspaces (name, api_token_hash) VALUES (${name}, ${hashToken(apiToken)}) RETURNING id, name`;
      return c.json({ id: row!.id, name: row!.name, apiToken }, 201);
    })
    .openapi(rotate, async (c) => {
      const { id } = c.req.valid('param');
      await authorizeTokenChange(c, sql, env.ADMIN_TOKEN, id);
      const apiToken = newApiToken();
      await sql.begin(async (tx) => {
        await tx`UPDATE workspaces SET api_token_hash = ${hashToken(apiToken)}, api_token_changed_at = now(),
            api_token_generation = api_token_generation + 1
          WHERE id = ${id}`;
        await endWorkspaceSessions(tx, id);
      });
      return c.json({ id, apiToken }, 200);
    })
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid('param');
      await authorizeTokenChange(c, sql, env.ADMIN_TOKEN, id);
      const [row] = await sql.begin(async (tx) => {
        const changed = await tx<{ changed: Date }[]>`
          UPDATE workspaces SET api_token_hash = NULL, api_token_changed_at = now(),
            api_token_generation = api_token_generation + 1
          WHERE id = ${id} RETURNING api_token_changed_at AS changed`;
        await endWorkspaceSessions(tx, id);
        return changed;
      });
      return c.json({ id, revokedAt: row!.changed.toISOString() }, 200);
    });
}
