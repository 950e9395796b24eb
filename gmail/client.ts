// Gmail's module of googleapis, not the package's index: the index loads all ~300 Google APIs,
// about 90 MB of every worker's memory for one API we call (docs/performance.md).
import { auth, gmail, type gmail_v1 } from 'googleapis/build/src/apis/gmail/index.js';
import type { Env } from '../config/env.js';

export type OAuth2Client = InstanceType<typeof auth.OAuth2>;
export type Gmail = gmail_v1.Gmail;

export interface GmailSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Unset: Google itself. In dev and tests, the emulator. */
  apiRootUrl?: string;
  authUrl?: string;
  tokenUrl?: string;
  /** Google's `https://oauth2.googleapis.com/revoke` unless set */
  revokeUrl?: string;
}

export const GMAIL_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';

export function gmailSettingsFromEnv(env: Env): GmailSettings {
  const apiUrl = env.PUBLIC_URL ?? `http://${env.API_HOST}:${env.API_PORT}`;
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    redirectUri: `${apiUrl}/api/connections/gmail/callback`,
    apiRootUrl: env.GMAIL_API_ROOT_URL,
    authUrl: env.GOOGLE_OAUTH_AUTH_URL,
    tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
    revokeUrl: env.GOOGLE_OAUTH_REVOKE_URL,
  };
}

export function createOAuthClient(s: GmailSettings): OAuth2Client {
  const endpoints: Record<string, string> = {};
  if (s.authUrl) endpoints.oauth2AuthBaseUrl = s.authUrl;
  if (s.tokenUrl) endpoints.oauth2TokenUrl = s.tokenUrl;
  if (s.revokeUrl) endpoints.oauth2RevokeUrl = s.revokeUrl;
  return new auth.OAuth2({
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    redirectUri: s.redirectUri,
    endpoints,
  });
}

/** googleapis' own retries are off: callGmail retries a 5xx a few times, Temporal's retry policy the rest. */
export function createGmail(auth: OAuth2Client, s: GmailSettings): Gmail {
  return gmail({
    version: 'v1',
    auth,
    retry: false,
    ...(s.apiRootUrl ? { rootUrl: ensureSlash(s.apiRootUrl) } : {}),
  });
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
