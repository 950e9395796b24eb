import { randomBytes } from 'node:crypto';
import { tokenCipherFromEnv } from '../security/token-keys.js';

/** One encryption key per run: the in-process side and every worker or API process it spawns share it. */
export const TOKEN_KEY_ID = 'test-1';
export const TOKEN_KEY = randomBytes(32).toString('base64');

/** The environment every process of a run gets: a ring of one key, the way production spells it. */
export const tokenKeyEnv = (): NodeJS.ProcessEnv => ({
  TOKEN_ENCRYPTION_KEYS: `${TOKEN_KEY_ID}:${TOKEN_KEY}`,
});

export const tokenCipher = () => tokenCipherFromEnv(tokenKeyEnv());
