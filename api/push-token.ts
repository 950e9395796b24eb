import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { PushVerification } from '../config/env.js';

/** What Google's OIDC tokens name as their issuer (both spellings occur). */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export type PushTokenVerdict = { ok: true } | { ok: false; reason: string };

/** Checks the `Authorization` header of a Pub/Sub push. */
export type PushTokenVerifier = (authorization: string | undefined) => Promise<PushTokenVerdict>;

/**
 * The Pub/Sub push's OIDC token, checked the way Google documents it: signed by a key of the JWKS
 * (Google's, fetched and cached by `jose`: refreshed after `cacheMaxAge`, and on an unknown key id
 * at most once per `cooldownDuration`, so forged key ids cannot make us fetch in a loop), RS256,
 * not expired, audience our push endpoint, issuer Google, and `email` the push subscription's
 * service account with `email_verified`. A Google signature alone proves little: any Google Cloud
 * service account can get a token for our URL, so the account must be ours.
 * Without push configured every token is refused.
 */
export function pushTokenVerifier(config: PushVerification | null): PushTokenVerifier {
  if (!config) return async () => ({ ok: false, reason: 'push is not configured on this deployment' });
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), {
    cacheMaxAge: 6 * 3_600_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return { ok: false, reason: 'no bearer token' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience: config.audience,
        issuer: GOOGLE_ISSUERS,
        requiredClaims: ['exp', 'iat', 'email'],
        clockTolerance: 30,
      });
      if (payload.email !== config.serviceAccount)
        return { ok: false, reason: 'the token names another service account' };
      if (payload.email_verified !== true)
        return { ok: false, reason: 'the token\u2019s email is not verified' };
      return { ok: true };
    } catch (err) {
      return {
        ok: false,
        reason: err instanceof errors.JOSEError ? err.code : 'the token could not be checked',
      };
    }
  };
}
