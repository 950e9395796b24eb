import type { OAuthTokens } from '../security/token-cipher.js';
import { createOAuthClient, type GmailSettings } from './client.js';

/** What became of the grant at Google when a connection was disconnected. */
export type GrantRevocation = 'revoked' | 'kept_shared' | 'no_tokens' | 'failed';

/**
 * Revokes the grant at Google (`POST <revoke endpoint>?token=…`, googleapis' `revokeToken`). The
 * refresh token is the one to send: revoking it ends the whole grant, access tokens included.
 * Best effort: a failure is reported, never thrown, because by now our copy is already gone.
 */
export async function revokeGrant(
  settings: GmailSettings,
  tokens: OAuthTokens | null,
): Promise<GrantRevocation> {
  const token = tokens?.refresh_token ?? tokens?.access_token;
  if (!token) return 'no_tokens';
  try {
    await createOAuthClient(settings).revokeToken(token);
    return 'revoked';
  } catch (err) {
    // Google answers 400 invalid_token for a token that is already dead: the grant is gone either way
    const status = (err as { response?: { status?: number } }).response?.status;
    return status === 400 ? 'revoked' : 'failed';
  }
}
