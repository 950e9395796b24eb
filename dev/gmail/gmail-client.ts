import { type gmail_v1, google } from 'googleapis';
import { authorizeUser, GMAIL_MODIFY_SCOPE, type OAuthClient } from './oauth.js';

export interface GmailClientOptions {
  /** googleapis retries 429/5xx on GET by default; tests of fault handling usually want false */
  retry?: boolean;
}

/** The real googleapis Gmail client, aimed at the emulator via rootUrl. */
export function gmailAt(
  emulatorUrl: string,
  auth: OAuthClient,
  opts: GmailClientOptions = {},
): gmail_v1.Gmail {
  return google.gmail({ version: 'v1', auth, rootUrl: `${emulatorUrl}/`, ...opts });
}

/** Consent as `user` and return a Gmail client acting for them (scope: modify, to import mail). */
export async function connectGmail(opts: {
  emulatorUrl: string;
  user: string;
  clientId?: string;
  clientSecret?: string;
}): Promise<gmail_v1.Gmail> {
  const { client } = await authorizeUser({ ...opts, scopes: [GMAIL_MODIFY_SCOPE] });
  return gmailAt(opts.emulatorUrl, client);
}
