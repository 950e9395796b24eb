import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type SealedTokens, type TokenCipher, TokenKeyUnknownError } from '../../security/token-cipher.js';

/**
 * An endpoint's signing secret as Standard Webhooks serialises it: `whsec_` and 32 random bytes in
 * base64 (the spec asks for 24 to 64). Shown to the host once, stored only sealed.
 */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The three headers every attempt carries (the spec's names, lower case as HTTP/2 would send them). */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs one attempt with the `standardwebhooks` library: `webhook-id` is the event's id (the same
 * on every attempt), the timestamp the attempt's own, and the signature one `v1,…` per secret,
 * space-separated: the current secret's first, then the one a rotation replaced while it still
 * counts, so a receiver that has not switched yet verifies too.
 */
export function signedHeaders(
  secrets: readonly string[],
  msg: { id: string; body: string; at: Date },
): SignedHeaders {
  return {
    'webhook-id': msg.id,
    'webhook-timestamp': String(Math.floor(msg.at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(msg.id, msg.at, msg.body)).join(' '),
  };
}

/** Associated data of an endpoint's sealed secrets: a ciphertext copied onto another row fails to open. */
const ownerOf = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export const sealSecret = (cipher: TokenCipher, secret: string, endpointId: string): SealedTokens =>
  cipher.sealText(secret, ownerOf(endpointId));

/** What an endpoint row holds of its secrets. */
export interface EndpointSecrets {
  id: string;
  secret: SealedTokens;
  previous_secret: SealedTokens | null;
  previous_secret_expires_at: Date | null;
}

/**
 * The secrets an attempt signs with now: the current one, then the one the last rotation replaced
 * while its window lasts (`WEBHOOK_SECRET_ROTATION_HOURS`). A current secret no key of the ring
 * opens throws `TokenKeyUnknownError`; a previous one is left out (rotating is how a host recovers
 * from a key that left the ring).
 */
export function signingSecrets(cipher: TokenCipher, row: EndpointSecrets, now: Date): string[] {
  const current = cipher.openText(row.secret, ownerOf(row.id));
  const previousLive =
    row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > now;
  if (!previousLive) return [current];
  try {
    return [current, cipher.openText(row.previous_secret!, ownerOf(row.id))];
  } catch (err) {
    if (err instanceof TokenKeyUnknownError) return [current];
    throw err;
  }
}
