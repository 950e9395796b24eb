import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** The issuer Google's OIDC tokens carry (and the one our verifier insists on). */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * A stand-in for Google's token signing, for development and tests only: an RSA key made at start,
 * its public half as a JWKS, and tokens signed with it. The verifier is configured with this JWKS's
 * URL instead of Google's; nothing else changes, so the same checks run on every token.
 */
export interface OidcIssuer {
  /** The public keys, as Google serves them at https://www.googleapis.com/oauth2/v3/certs. */
  jwks(): { keys: JWK[] };
  /** A token as a Pub/Sub push subscription's: `claims` override the defaults (e.g. a wrong `aud`). */
  sign(
    claims: PushTokenClaims & JWTPayload,
    opts?: { expiresInSeconds?: number; issuedAt?: number },
  ): Promise<string>;
}

export interface PushTokenClaims {
  aud: string;
  email: string;
  email_verified?: boolean;
  iss?: string;
}

export async function createOidcIssuer(): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: () => ({ keys: [jwk] }),
    async sign(claims, opts = {}) {
      const issuedAt = opts.issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT({ email_verified: true, iss: GOOGLE_ISSUER, sub: '1000000000', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (opts.expiresInSeconds ?? 3600))
        .sign(privateKey);
    },
  };
}
