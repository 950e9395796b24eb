import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../context.js';
import { adminOnly } from '../middleware/admin.js';
import { createRouter } from '../router.js';
import { errorResponses, json, jsonBody, PlainText, Uuid } from '../schemas.js';
import { hashToken, newApiToken } from '../token-hash.js';

const CreateWorkspace = z.object({ name: PlainText.min(1).max(200) }).openapi('CreateWorkspace');
const CreatedWorkspace = z
  .object({
    id: Uuid,
    name: z.string(),
    apiToken: z.string().openapi({ description: 'shown once; only its hash is stored' }),
  })
  .openapi('CreatedWorkspace');
export type CreatedWorkspace = z.infer<typeof CreatedWorkspace>;

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

  return createRouter().openapi(create, async (c) => {
    const { name } = c.req.valid('json');
    const apiToken = newApiToken();
    const [row] = await sql<{ id: string; name: string }[]>`
      INSERT INTO workspaces (name, api_token_hash) VALUES (${name}, ${hashToken(apiToken)}) RETURNING id, name`;
    return c.json({ id: row!.id, name: row!.name, apiToken }, 201);
  });
}
