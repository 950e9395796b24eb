import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CODE } from '../contracts/errors.js';
import type { Sql } from '../db/client.js';
import { AppError } from './errors.js';

/**
 * The OAuth `state`: `<claims>.<HMAC-SHA256(claims)>`, both base64url. Signed so it cannot be forged,
 * bound to one connection and workspace, expiring, and single-use: issuing it records its nonce in
 * the `connector_connect_started` activity entry, and redeeming it marks that entry used in one
 * UPDATE, so of two concurrent callbacks with the same state only one wins.
 *
 * Bound to the browser that began the consent: issuing it also makes a random `browserBinding`,
 * which gmail/start sets as an HttpOnly cookie (api/oauth-cookie.ts); the claims carry only its
 * sha256, and a callback whose cookie does not hash to it is refused before the state is used up.
 * A state lifted from someone else's consent (or planted in a victim's browser) is worthless alone.
 *
 * The PKCE verifier is derived, not stored: HMAC(secret, "pkce:" + nonce), so only this server can
 * compute the verifier behind the S256 challenge it put on the consent URL.
 */
export const STATE_TTL_MS = 10 * 60 * 1000;

const Claims = z.object({
  nonce: z.string().min(16),
  connectionId: z.string(),
  workspaceId: z.string(),
  expiresAt: z.number(),
  /** base64url sha256 of the browser binding cookie's value */
  binding: z.string().min(43),
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

export interface IssuedState {
  state: string;
  /** the cookie value that binds the state to this browser; never stored on our side */
  browserBinding: string;
  /** the PKCE verifier whose S256 challenge goes on the consent URL */
  codeVerifier: string;
}

/** A fresh state for one connection's consent flow, recorded so it can be redeemed once. */
export async function issueState(
  sql: Sql,
  secret: string,
  target: { connectionId: string; workspaceId: string },
  now = Date.now(),
): Promise<IssuedState> {
  const browserBinding = randomBytes(32).toString('base64url');
  const claims: StateClaims = {
    ...target,
    nonce: randomBytes(18).toString('base64url'),
    expiresAt: now + STATE_TTL_MS,
    binding: bindingHash(browserBinding),
  };
  const context = { nonce: claims.nonce, expiresAt: new Date(claims.expiresAt).toISOString() };
  await sql`INSERT INTO activity_log (workspace_id, connection_id, event, context)
    VALUES (${target.workspaceId}, ${target.connectionId}, 'connector_connect_started', ${sql.json(context)})`;
  return {
    state: signState(secret, claims),
    browserBinding,
    codeVerifier: codeVerifierFor(secret, claims.nonce),
  };
}

/**
 * Verifies and uses up a state: INVALID_STATE when it is forged, expired, unknown or already used;
 * OAUTH_BINDING_MISMATCH, leaving the state unused, when `browserBinding` (the cookie) is missing or
 * is not the one issued with it.
 */
export async function redeemState(
  sql: Sql,
  secret: string,
  state: string,
  browserBinding: string | undefined,
  now = Date.now(),
): Promise<StateClaims> {
  const claims = verifyState(secret, state, now);
  if (!claims) throw new AppError(CODE.INVALID_STATE, 'the OAuth state is invalid or expired');
  if (!browserBinding || !secretMatches(bindingHash(browserBinding), claims.binding))
    throw new AppError(
      CODE.OAUTH_BINDING_MISMATCH,
      'the consent was not started in this browser (no or another binding cookie)',
    );
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

/** The PKCE verifier of the state with this nonce: 43 base64url characters, as RFC 7636 allows. */
export function codeVerifierFor(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`pkce:${nonce}`).digest('base64url');
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function bindingHash(binding: string): string {
  return createHash('sha256').update(binding).digest('base64url');
}

function secretMatches(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
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
