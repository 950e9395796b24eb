import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CODE } from '../contracts/errors.js';
import { CodedError } from '../domain/coded-error.js';

/** What `connections.oauth_tokens` holds: AES-256-GCM ciphertext with the id of the key that made it. */
export interface SealedTokens {
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

export interface OAuthTokens {
  access_token?: string | null;
  refresh_token?: string | null;
  expiry_date?: number | null;
  scope?: string | null;
  token_type?: string | null;
}

/** Sealed with a key this process was not given: no retry can open it, only a new consent replaces it. */
export class TokenKeyUnknownError extends CodedError<typeof CODE.TOKEN_KEY_UNKNOWN> {
  override readonly name = 'TokenKeyUnknownError';
  constructor(readonly keyId: string) {
    super(
      CODE.TOKEN_KEY_UNKNOWN,
      `the Gmail tokens were sealed with key "${keyId}", which is not configured`,
    );
  }
}

/**
 * Seals OAuth tokens at rest. The connection id is the associated data, so a ciphertext copied onto
 * another connection's row fails to open. It seals with the current key and opens with any key of
 * the ring, so keys rotate: `isStale` says a ciphertext should be sealed again with the current one.
 * Build it from the environment with `tokenCipherFromEnv` (security/token-keys.ts).
 */
export class TokenCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    readonly currentKeyId: string,
    keys: Record<string, string>,
  ) {
    this.keys = new Map(Object.entries(keys).map(([id, b64]) => [id, decodeKey(id, b64)]));
    if (!this.keys.has(currentKeyId))
      throw new Error(`token encryption key ${currentKeyId} is not configured`);
  }

  seal(tokens: OAuthTokens, connectionId: string): SealedTokens {
    return this.sealText(JSON.stringify(tokens), connectionId);
  }

  /** The tokens; `TokenKeyUnknownError` when the key that sealed them is not in the ring. */
  open(sealed: SealedTokens, connectionId: string): OAuthTokens {
    return JSON.parse(this.openText(sealed, connectionId)) as OAuthTokens;
  }

  /**
   * Any other secret at rest (a webhook endpoint's signing secret), bound to the row that holds it
   * by `owner` (its id, as associated data), like the tokens to their connection.
   */
  sealText(plain: string, owner: string): SealedTokens {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(owner));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      keyId: this.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  openText(sealed: SealedTokens, owner: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new TokenKeyUnknownError(sealed.keyId);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(owner));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Sealed with an older key of the ring: seal it again with the current one. */
  isStale(sealed: SealedTokens): boolean {
    return sealed.keyId !== this.currentKeyId;
  }
}

function decodeKey(id: string, b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new Error(`token encryption key ${id} must be 32 bytes, base64-encoded`);
  return key;
}
