import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../config/env.js';
import { DEV_SECRETS } from '../../../config/production-secrets.js';
import { TokenKeyUnknownError } from '../../../security/token-cipher.js';
import { keyRingOf, parseKeyRing, tokenCipherFromEnv } from '../../../security/token-keys.js';

const key = () => randomBytes(32).toString('base64');
const CONN = '7d1c2f0e-0000-4000-8000-000000000001';
const TOKENS = { access_token: 'ya29.a', refresh_token: '1//r' };

describe('TOKEN_ENCRYPTION_KEYS', () => {
  it('is a ring whose first entry is the current key', () => {
    const [a, b] = [key(), key()];
    expect(parseKeyRing(`k2:${a}, k1:${b}`)).toEqual({ currentKeyId: 'k2', keys: { k2: a, k1: b } });
  });

  it.each([
    ['', /no id:key/],
    ['k1', /not id:key/],
    [':abc', /not id:key/],
    [`k 1:${key()}`, /not id:key/],
    [`k1:${key()},k1:${key()}`, /twice/],
    [`k1:${Buffer.from('short').toString('base64')}`, /32 bytes/],
  ])('refuses %j', (raw, problem) => {
    expect(parseKeyRing(raw)).toEqual({ invalid: expect.stringMatching(problem) });
    if (raw) expect(() => loadEnv({ TOKEN_ENCRYPTION_KEYS: raw })).toThrow(/TOKEN_ENCRYPTION_KEYS/);
  });

  it('seals with the current key and opens what an older key of the ring sealed', () => {
    const [old, current] = [key(), key()];
    const before = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEYS: `k1:${old}` });
    const sealed = before.seal(TOKENS, CONN);
    const after = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEYS: `k2:${current},k1:${old}` });
    expect(after.isStale(sealed)).toBe(true);
    expect(after.open(sealed, CONN)).toEqual(TOKENS);
    const resealed = after.seal(after.open(sealed, CONN), CONN);
    expect(resealed.keyId).toBe('k2');
    expect(after.isStale(resealed)).toBe(false);
    expect(() => before.open(resealed, CONN)).toThrow(TokenKeyUnknownError);
  });

  it('names the unknown key with the TOKEN_KEY_UNKNOWN code', () => {
    const sealed = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEYS: `gone:${key()}` }).seal(TOKENS, CONN);
    const cipher = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEYS: `k1:${key()}` });
    expect(() => cipher.open(sealed, CONN)).toThrow(
      expect.objectContaining({ code: 'TOKEN_KEY_UNKNOWN', keyId: 'gone' }),
    );
  });
});

describe('the old single key', () => {
  it('is a ring of one key', () => {
    const k = key();
    expect(keyRingOf({ TOKEN_ENCRYPTION_KEY: k, TOKEN_ENCRYPTION_KEY_ID: 'old' })).toEqual({
      currentKeyId: 'old',
      keys: { old: k },
    });
  });

  it('joins a ring as an older key, so tokens it sealed still open after the move to the ring', () => {
    const [single, current] = [key(), key()];
    const sealed = tokenCipherFromEnv({ TOKEN_ENCRYPTION_KEY: single, TOKEN_ENCRYPTION_KEY_ID: 'old' }).seal(
      TOKENS,
      CONN,
    );
    const cipher = tokenCipherFromEnv({
      TOKEN_ENCRYPTION_KEYS: `new:${current}`,
      TOKEN_ENCRYPTION_KEY: single,
      TOKEN_ENCRYPTION_KEY_ID: 'old',
    });
    expect(cipher.currentKeyId).toBe('new');
    expect(cipher.open(sealed, CONN)).toEqual(TOKENS);
  });

  it('without either variable, is the local stack’s dev key (loadEnv refuses that in production)', () => {
    expect(keyRingOf(loadEnv({}))).toEqual({
      currentKeyId: 'dev-1',
      keys: { 'dev-1': DEV_SECRETS.TOKEN_ENCRYPTION_KEY },
    });
  });
});
