import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CODE } from '../contracts/errors.js';
import type { Sql } from '../db/client.js';
import { AppError } from './errors.js';

/**
 * The OAuth `state`: `<claims>.<HMAC-SHA256(claims)>`, both base64url. Signed so it cannot be forged,
 * bound to one connection and workspace, expiring, and single-use: issuing it records its nonce in
 * the `connector_connect_started` activity entry, and redeeming it marks that entry used in one
 * UPDATE, so of two concurrent callbacks with the same state only one wins.
 */
export const STATE_TTL_MS = 10 * 60 * 1000;

const Claims = z.object({
  nonce: z.string().min(16),
  connectionId: z.string(),
  workspaceId: z.string(),
  expiresAt: z.number(),
});
export type StateClaims = z.infer<typeof Claims>;

export function signState(secret: string, claims: StateClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a state this server signed and that has not expired; null otherwise. */
export function verifyState(secret: string, state: string, now = Date.now()): StateClaims | null {
  const [body, signature, ...rest] = state.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = parseClaims(body);
  return claims && claims.expiresAt > now ? claims : null;
}

/** A fresh state for one connection's consent flow, recorded so it can be redeemed once. */
export async function issueState(
  sql: Sql,
  secret: string,
  target: { connectionId: string; workspaceId: string },
  now = Date.now(),
): Promise<string> {
  const claims: StateClaims = {
    ...target,
    nonce: randomBytes(18).toString('base64url'),
    expiresAt: now + STATE_TTL_MS,
  };
  const context = { nonce: claims.nonce, expiresAt: new Date(claims.expiresAt).toISOString() };
  await sql`INSERT INTO activity_log (workspace_id, connection_id, event, context)
    VALUES (${target.workspaceId}, ${target.connectionId}, 'connector_connect_started', ${sql.json(context)})`;
  return signState(secret, claims);
}

/** Verifies and uses up a state; INVALID_STATE when it is forged, expired, unknown or already used. */
export async function redeemState(
  sql: Sql,
  secret: string,
  state: string,
  now = Date.now(),
): Promise<StateClaims> {
  const claims = verifyState(secret, state, now);
  if (!claims) throw new AppError(CODE.INVALID_STATE, 'the OAuth state is invalid or expired');
  const used = await sql`
    UPDATE activity_log SET context = context || ${sql.json({ usedAt: new Date(now).toISOString() })}
    WHERE connection_id = ${claims.connectionId}
      AND workspace_id = ${claims.workspaceId}
      AND event = 'connector_connect_started'
      AND context->>'nonce' = ${claims.nonce}
      AND NOT context ? 'usedAt'
    RETURNING id`;
  if (used.count !== 1) throw new AppError(CODE.INVALID_STATE, 'the OAuth state was already used');
  return claims;
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function parseClaims(body: string): StateClaims | null {
  try {
    const parsed = Claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
