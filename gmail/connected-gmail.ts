import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../contracts/errors.js';
import type { Sql } from '../db/client.js';
import type { OAuthTokens, SealedTokens, TokenCipher } from '../security/token-cipher.js';
import { createGmail, createOAuthClient, type Gmail, type GmailSettings } from './client.js';

export interface GmailDeps {
  sql: Sql;
  cipher: TokenCipher;
  settings: GmailSettings;
}

/**
 * A googleapis Gmail client for one connection, from its sealed tokens. Tokens that googleapis
 * refreshes are sealed and stored back, so the next activity does not refresh again.
 */
export async function gmailForConnection(deps: GmailDeps, connectionId: string): Promise<Gmail> {
  const [row] = await deps.sql<{ oauth_tokens: SealedTokens | null }[]>`
    SELECT oauth_tokens FROM connections WHERE id = ${connectionId}`;
  if (!row?.oauth_tokens) {
    throw ApplicationFailure.nonRetryable('connection has no Gmail tokens', CODE.AUTH_REVOKED);
  }
  // the same sealed tokens give the same client: skip the decryption and client set-up
  const cacheKey = `${connectionId}:${row.oauth_tokens.data.slice(0, 48)}`;
  const cached = clients.get(cacheKey);
  if (cached) return cached;
  const tokens = deps.cipher.open(row.oauth_tokens, connectionId);
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
    void storeTokens(deps, connectionId, merged).catch(() => {});
  });
  const gmail = createGmail(auth, deps.settings);
  remember(cacheKey, gmail);
  return gmail;
}

const MAX_CACHED_CLIENTS = 2000;
const clients = new Map<string, Gmail>();

function remember(key: string, gmail: Gmail) {
  if (clients.size >= MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(key, gmail);
}

export async function storeTokens(
  deps: Pick<GmailDeps, 'sql' | 'cipher'>,
  connectionId: string,
  tokens: OAuthTokens,
) {
  const sealed = deps.cipher.seal(tokens, connectionId);
  await deps.sql`UPDATE connections SET oauth_tokens = ${deps.sql.json(sealed as never)}, updated_at = now()
    WHERE id = ${connectionId}`;
}
