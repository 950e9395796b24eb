import { randomBytes } from 'node:crypto';
import { hashToken } from '../../api/token-hash.js';
import type { Queryable, Sql } from '../../db/client.js';

/** How long a sign-in lasts at most, used or not; signing out ends it sooner. */
export const SESSION_DAYS = 14;

/** How long a session may go unused before it ends (`WEB_SESSION_IDLE_MINUTES`), besides the absolute limit. */
export interface SessionPolicy {
  idleMinutes: number;
}

/**
 * Signs in with a workspace API token: a new session bound to the token's generation, read in the
 * same statement that finds the token, so a rotation racing the sign-in cannot bind the old token
 * to the new generation. The session the browser held before (`replacing`) ends: a sign-in never
 * leaves two live sessions in one browser, and an id planted before sign-in is worthless after.
 * Null when the token is nobody's.
 */
export async function signIn(
  sql: Sql,
  token: string,
  replacing: string | null,
): Promise<{ sessionId: string; workspaceId: string } | null> {
  const id = randomBytes(32).toString('base64url');
  return sql.begin(async (tx) => {
    if (replacing) await endSession(tx, replacing);
    const [row] = await tx<{ workspace_id: string }[]>`
      INSERT INTO web_sessions (id_hash, workspace_id, token_generation, expires_at)
      SELECT ${hashToken(id)}, id, api_token_generation, now() + make_interval(days => ${SESSION_DAYS})
      FROM workspaces WHERE api_token_hash = ${hashToken(token)}
      RETURNING workspace_id`;
    return row ? { sessionId: id, workspaceId: row.workspace_id } : null;
  });
}

/**
 * The session's workspace, or null when it is unknown, expired, idle too long, signed out, or made
 * with a token that has since been rotated or revoked. A live session's idle clock starts again.
 */
export async function sessionWorkspace(sql: Sql, id: string, policy: SessionPolicy): Promise<string | null> {
  const [row] = await sql<{ workspace_id: string }[]>`
    UPDATE web_sessions s SET last_seen_at = now()
    FROM workspaces w
    WHERE s.id_hash = ${hashToken(id)} AND w.id = s.workspace_id
      AND s.expires_at > now()
      AND s.last_seen_at > now() - make_interval(mins => ${policy.idleMinutes})
      AND s.token_generation = w.api_token_generation AND w.api_token_hash IS NOT NULL
    RETURNING s.workspace_id`;
  return row?.workspace_id ?? null;
}

/** Signs one browser out (and sweeps sessions that ended on their own). */
export async function endSession(sql: Queryable, id: string): Promise<void> {
  await sql`DELETE FROM web_sessions WHERE id_hash = ${hashToken(id)} OR expires_at <= now()`;
}

/** Every session of the workspace: "Sign out everywhere", and a token rotated or revoked. */
export async function endWorkspaceSessions(sql: Queryable, workspaceId: string): Promise<number> {
  const ended = await sql`DELETE FROM web_sessions WHERE workspace_id = ${workspaceId}`;
  return ended.count;
}
