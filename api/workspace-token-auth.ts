import type { Context } from 'hono';
import { CODE } from '../contracts/errors.js';
import type { Sql } from '../db/client.js';
import type { ApiEnv } from './context.js';
import { AppError } from './errors.js';
import { hashToken, secretsEqual } from './token-hash.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who may change workspace `id`'s API token: the admin (`X-Admin-Token`), or the workspace itself
 * with its current token. 401 for neither, 403 for another workspace's token, 404 for no workspace.
 */
export async function authorizeTokenChange(
  c: Context<ApiEnv>,
  sql: Sql,
  adminToken: string,
  id: string,
): Promise<'admin' | 'workspace'> {
  const admin = c.req.header('X-Admin-Token');
  const bearer = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  const [caller] = bearer
    ? await sql<{ id: string }[]>`SELECT id FROM workspaces WHERE api_token_hash = ${hashToken(bearer)}`
    : [];
  const by = admin && secretsEqual(admin, adminToken) ? 'admin' : caller ? 'workspace' : null;
  if (!by) throw new AppError(CODE.UNAUTHORIZED, 'the admin token or the workspace token is required');
  const [target] = await sql<{ id: string }[]>`SELECT id FROM workspaces WHERE id = ${id}`;
  if (!target) throw new AppError(CODE.NOT_FOUND, 'workspace not found');
  if (by === 'workspace' && caller!.id !== id)
    throw new AppError(CODE.FORBIDDEN, 'the token belongs to another workspace');
  return by;
}
