import type { GmailEmulator } from '../dev/gmail/index.js';
import type { GmailSettings } from '../gmail/client.js';

/** What the worker's googleapis client needs to talk to `emulator` instead of Google. */
export function gmailSettingsFor(
  emulator: GmailEmulator,
  redirectUri = 'http://127.0.0.1/oauth/callback',
): GmailSettings {
  return {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri,
    apiRootUrl: emulator.url,
    authUrl: `${emulator.url}/o/oauth2/v2/auth`,
    tokenUrl: `${emulator.url}/oauth2/token`,
    revokeUrl: `${emulator.url}/revoke`,
  };
}

/** The same settings as the environment `worker.ts` and `api/server.ts` read them from. */
export function gmailEnvFor(emulator: GmailEmulator): NodeJS.ProcessEnv {
  return {
    GOOGLE_CLIENT_ID: emulator.clientId,
    GOOGLE_CLIENT_SECRET: emulator.clientSecret,
    GMAIL_API_ROOT_URL: emulator.url,
    GOOGLE_OAUTH_AUTH_URL: `${emulator.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulator.url}/oauth2/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${emulator.url}/revoke`,
  };
}
