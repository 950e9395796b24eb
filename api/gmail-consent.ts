import { Auth } from 'googleapis';
import { CODE } from '../contracts/errors.js';
import type { ConnectionRow } from '../domain/connection-row.js';
import { createOAuthClient, GMAIL_SCOPE } from '../gmail/client.js';
import type { AppDeps } from './context.js';
import { AppError } from './errors.js';
import { bindingCookie } from './oauth-cookie.js';
import { codeChallengeOf, issueState } from './oauth-state.js';
import { refuseSystemLabel } from './reservation-label.js';

export interface ConsentStart {
  /** Google's consent page, with the signed state and the PKCE S256 challenge */
  location: string;
  /** the `Set-Cookie` value binding the consent to whoever follows `location` (api/oauth-cookie.ts) */
  setCookie: string;
}

/**
 * What `GET /api/connections/{id}/gmail/start` does, callable by any route that sends a browser to
 * Google's consent page (the web app's popup): answer with a redirect to `location` that carries
 * `setCookie`, on the API's origin, or the callback will refuse the consent.
 */
export async function startGmailConsent(
  deps: Pick<AppDeps, 'sql' | 'env' | 'gmailSettings'>,
  conn: ConnectionRow,
): Promise<ConsentStart> {
  if (!conn.reservation_label)
    throw new AppError(CODE.LABEL_NOT_CONFIGURED, 'set reservationLabel before connecting Gmail');
  refuseSystemLabel(conn.reservation_label, 'reservationLabel');
  const issued = await issueState(deps.sql, deps.env.OAUTH_STATE_SECRET, {
    connectionId: conn.id,
    workspaceId: conn.workspace_id,
  });
  const location = createOAuthClient(deps.gmailSettings).generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: [GMAIL_SCOPE],
    state: issued.state,
    code_challenge: codeChallengeOf(issued.codeVerifier),
    code_challenge_method: Auth.CodeChallengeMethod.S256,
    ...(conn.gmail_address ? { login_hint: conn.gmail_address } : {}),
  });
  return { location, setCookie: bindingCookie(issued.browserBinding, deps.gmailSettings.redirectUri) };
}
