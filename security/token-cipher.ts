import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

/**
 * Seals OAuth tokens at rest. The connection id is the associated data, so a ciphertext copied onto
 * another connection's row fails to open. Several keys may be known, so keys can be rotated.
 */
export class TokenCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly currentKeyId: string,
    keys: Record<string, string>,
  ) {
    this.keys = new Map(Object.entries(keys).map(([id, b64]) => [id, decodeKey(id, b64)]));
    if (!this.keys.has(currentKeyId))
      throw new Error(`token encryption key ${currentKeyId} is not configured`);
  }

  seal(tokens: OAuthTokens, connectionId: string): SealedTokens {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(connectionId));
    const data = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
    return {
      keyId: this.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedTokens, connectionId: string): OAuthTokens {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`token encryption key ${sealed.keyId} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(connectionId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as OAuthTokens;
  }
}

function decodeKey(id: string, b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new Error(`token encryption key ${id} must be 32 bytes, base64-encoded`);
  return key;
}
