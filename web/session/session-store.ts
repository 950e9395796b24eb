import { randomBytes } from 'node:crypto';
import { hashToken } from '../../api/token-hash.js';
import type { Sql } from '../../db/client.js';

/** How long a sign-in lasts; signing out ends it sooner. */
export const SESSION_DAYS = 14;

/** A new session of `workspaceId`: the random id goes into the cookie, only its hash into Postgres. */
export async function createSession(sql: Sql, workspaceId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await sql`
    INSERT INTO web_sessions (id_hash, workspace_id, expires_at)
    VALUES (${hashToken(id)}, ${workspaceId}, now() + make_interval(days => ${SESSION_DAYS}))`;
  return id;
}

/** The session's workspace, or null when it is unknown, expired or signed out. */
export async function sessionWorkspace(sql: Sql, id: string): Promise<string | null> {
  const [row] = await sql<{ workspace_id: string }[]>`
    SELECT workspace_id FROM web_sessions WHERE id_hash = ${hashToken(id)} AND expires_at > now()`;
  return row?.workspace_id ?? null;
}

export async function endSession(sql: Sql, id: string): Promise<void> {
  await sql`DELETE FROM web_sessions WHERE id_hash = ${hashToken(id)} OR expires_at <= now()`;
}
