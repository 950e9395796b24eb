import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../contracts/errors.js';
import type { Sql } from '../db/client.js';
import {
  type OAuthTokens,
  type SealedTokens,
  type TokenCipher,
  TokenKeyUnknownError,
} from '../security/token-cipher.js';
import { createGmail, createOAuthClient, type Gmail, type GmailSettings } from './client.js';

export interface GmailDeps {
  sql: Sql;
  cipher: TokenCipher;
  settings: GmailSettings;
}

/** A connection's stored grant: the sealed tokens and the generation they belong to (migration 006). */
export interface StoredGrant {
  oauth_tokens: SealedTokens | null;
  token_generation: string;
}

/**
 * A googleapis Gmail client for one connection, from its sealed tokens. Tokens sealed with an older
 * key of the ring are sealed again with the current one. Tokens that googleapis refreshes are sealed
 * and stored back — only into the generation they were read from, so a refresh that finishes after
 * a disconnect (or a newer consent) writes nothing.
 */
export async function gmailForConnection(deps: GmailDeps, connectionId: string): Promise<Gmail> {
  const [row] = await deps.sql<StoredGrant[]>`
    SELECT oauth_tokens, token_generation FROM connections WHERE id = ${connectionId}`;
  if (!row?.oauth_tokens) {
    throw ApplicationFailure.nonRetryable('connection has no Gmail tokens', CODE.AUTH_REVOKED);
  }
  const sealed = row.oauth_tokens;
  // the same sealed tokens give the same client: skip the decryption and client set-up
  const cacheKey = `${connectionId}:${row.token_generation}:${sealed.data.slice(0, 48)}`;
  const cached = clients.get(cacheKey);
  if (cached) return cached;
  const tokens = openGrant(deps.cipher, sealed, connectionId);
  if (deps.cipher.isStale(sealed)) await resealGrant(deps, connectionId, sealed, tokens);
  const auth = createOAuthClient(deps.settings);
  auth.setCredentials({ ...tokens, scope: tokens.scope ?? undefined } as Parameters<
    typeof auth.setCredentials
  >[0]);
  auth.on('tokens', (fresh) => {
    const merged: OAuthTokens = {
      ...tokens,
      ...fresh,
      refresh_token: fresh.refresh_token ?? tokens.refresh_token,
    };
    void storeRefreshedTokens(deps, connectionId, row.token_generation, merged).catch(() => {});
  });
  const gmail = createGmail(auth, deps.settings);
  remember(cacheKey, gmail);
  return gmail;
}

/** An unknown key is permanent: the connection needs a new consent, so no retry policy may retry it. */
function openGrant(cipher: TokenCipher, sealed: SealedTokens, connectionId: string): OAuthTokens {
  try {
    return cipher.open(sealed, connectionId);
  } catch (err) {
    if (err instanceof TokenKeyUnknownError)
      throw ApplicationFailure.nonRetryable(err.message, CODE.TOKEN_KEY_UNKNOWN, { keyId: err.keyId });
    throw err;
  }
}

/** Seals the same tokens with the current key, unless the row changed since it was read. */
async function resealGrant(deps: GmailDeps, connectionId: string, old: SealedTokens, tokens: OAuthTokens) {
  const sealed = deps.cipher.seal(tokens, connectionId);
  await deps.sql`UPDATE connections SET oauth_tokens = ${deps.sql.json(sealed as never)}, updated_at = now()
    WHERE id = ${connectionId} AND oauth_tokens->>'data' = ${old.data} AND oauth_tokens->>'iv' = ${old.iv}`;
}

const MAX_CACHED_CLIENTS = 2000;
const clients = new Map<string, Gmail>();

function remember(key: string, gmail: Gmail) {
  if (clients.size >= MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(key, gmail);
}

/**
 * What a refresh writes back: the tokens, sealed, into the generation the refresh started from and
 * only while the connection still has a grant. False when a disconnect or a new consent came first.
 */
export async function storeRefreshedTokens(
  deps: Pick<GmailDeps, 'sql' | 'cipher'>,
  connectionId: string,
  generation: string,
  tokens: OAuthTokens,
): Promise<boolean> {
  const sealed = deps.cipher.seal(tokens, connectionId);
  const written = await deps.sql`
    UPDATE connections SET oauth_tokens = ${deps.sql.json(sealed as never)}, updated_at = now()
    WHERE id = ${connectionId} AND token_generation = ${generation}
      AND oauth_tokens IS NOT NULL AND gmail_status <> 'revoked'`;
  return written.count === 1;
}
