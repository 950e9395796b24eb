import { randomBytes } from 'node:crypto';
import { TokenCipher } from '../security/token-cipher.js';

/** One encryption key per run: the in-process side and every worker or API process it spawns share it. */
export const TOKEN_KEY_ID = 'test-1';
export const TOKEN_KEY = randomBytes(32).toString('base64');

export const tokenCipher = () => new TokenCipher(TOKEN_KEY_ID, { [TOKEN_KEY_ID]: TOKEN_KEY });

export const tokenKeyEnv = (): NodeJS.ProcessEnv => ({
  TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
  TOKEN_ENCRYPTION_KEY_ID: TOKEN_KEY_ID,
});
