import { DEV_SECRETS } from '../config/production-secrets.js';
import { TokenCipher } from './token-cipher.js';

/**
 * The token encryption keys, from the environment, in one place: the API, the worker, the test
 * harness and the benchmark all build their `TokenCipher` here.
 *
 * `TOKEN_ENCRYPTION_KEYS` is `id:key,id:key,…` (each key 32 random bytes, base64); the FIRST entry is
 * the current key, the one new tokens are sealed with; the others only open older tokens (which are
 * sealed again with the current key when they are next used). Without it, the old pair
 * `TOKEN_ENCRYPTION_KEY` / `TOKEN_ENCRYPTION_KEY_ID` is a ring of one key; when both are set, that
 * single key joins the ring as an older key (unless the ring already has its id), so a deployment
 * can move to the ring without re-sealing anything first.
 */
export interface KeyRing {
  currentKeyId: string;
  keys: Record<string, string>;
}

export interface TokenKeyEnv {
  TOKEN_ENCRYPTION_KEYS?: string | undefined;
  TOKEN_ENCRYPTION_KEY?: string | undefined;
  TOKEN_ENCRYPTION_KEY_ID?: string | undefined;
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
export const DEFAULT_KEY_ID = 'dev-1';

/** The ring `TOKEN_ENCRYPTION_KEYS` spells, or what is wrong with it. */
export function parseKeyRing(raw: string): KeyRing | { invalid: string } {
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { invalid: 'no id:key entry' };
  const keys: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    const key = entry.slice(at + 1);
    if (at < 1 || !KEY_ID.test(id)) return { invalid: `an entry is not id:key (id: letters, digits, _ . -)` };
    if (Object.hasOwn(keys, id)) return { invalid: `key id "${id}" appears twice` };
    if (Buffer.from(key, 'base64').length !== 32) return { invalid: `key "${id}" must be 32 bytes, base64` };
    keys[id] = key;
  }
  return { currentKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys };
}

export function keyRingOf(env: TokenKeyEnv): KeyRing {
  const singleId = env.TOKEN_ENCRYPTION_KEY_ID || DEFAULT_KEY_ID;
  if (!env.TOKEN_ENCRYPTION_KEYS) {
    const key = env.TOKEN_ENCRYPTION_KEY || DEV_SECRETS.TOKEN_ENCRYPTION_KEY;
    return { currentKeyId: singleId, keys: { [singleId]: key } };
  }
  const ring = parseKeyRing(env.TOKEN_ENCRYPTION_KEYS);
  if ('invalid' in ring) throw new Error(`TOKEN_ENCRYPTION_KEYS: ${ring.invalid}`);
  if (env.TOKEN_ENCRYPTION_KEY && !Object.hasOwn(ring.keys, singleId))
    ring.keys[singleId] = env.TOKEN_ENCRYPTION_KEY;
  return ring;
}

export function tokenCipherFromEnv(env: TokenKeyEnv): TokenCipher {
  const ring = keyRingOf(env);
  return new TokenCipher(ring.currentKeyId, ring.keys);
}
