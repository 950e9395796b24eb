import type { MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import type { ApiEnv } from '../context.js';
import { AppError } from '../errors.js';
import { hashToken } from '../token-hash.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves `Authorization: Bearer <apiToken>` to the caller's workspace, or answers 401. */
export function workspaceAuth(sql: Sql): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) throw new AppError(CODE.UNAUTHORIZED, 'missing bearer token');
    const workspaceId = await workspaceOfToken(sql, token);
    if (!workspaceId) throw new AppError(CODE.UNAUTHORIZED, 'unknown token');
    c.set('workspaceId', workspaceId);
    await next();
  };
}

/** The workspace whose API token this is (the web app's sign-in asks the same question). */
export async function workspaceOfToken(sql: Sql, token: string): Promise<string | null> {
  const [workspace] = await sql<{ id: string }[]>`
    SELECT id FROM workspaces WHERE api_token_hash = ${hashToken(token)}`;
  return workspace?.id ?? null;
}
