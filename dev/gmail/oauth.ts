import { google } from 'googleapis';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './emulator.js';
import { REVOKE_PATH } from './revoke-route.js';

export const GMAIL_READONLY_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';
export const GMAIL_MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';
// Loopback: the emulator accepts it on any port, and nothing needs to listen there because we read
// the code from the redirect's Location instead of following it.
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

export interface OAuthClientOptions {
  emulatorUrl: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
}

// googleapis bundles its own google-auth-library (a different version from the top-level one), and
// only that one's client type is accepted by google.gmail({ auth }).
export type OAuthClient = InstanceType<typeof google.auth.OAuth2>;

/** googleapis' own OAuth2 client, pointed at the emulator's consent page, token and revocation endpoints. */
export function createOAuthClient(opts: OAuthClientOptions): OAuthClient {
  return new google.auth.OAuth2({
    clientId: opts.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: opts.clientSecret ?? DEFAULT_CLIENT_SECRET,
    redirectUri: opts.redirectUri ?? DEFAULT_REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: `${opts.emulatorUrl}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${opts.emulatorUrl}/oauth2/token`,
      oauth2RevokeUrl: `${opts.emulatorUrl}${REVOKE_PATH}`,
    },
  });
}

export interface Consent {
  code: string;
  state: string | null;
  /** where the browser would go next: the app's OAuth callback with code and state */
  redirectUrl: string;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

interface ConsentForm {
  action: string;
  fields: Record<string, string>;
}

/** The consent page offers one form per account, each with hidden fields naming the account. */
function consentForms(html: string): ConsentForm[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map(
    ([, action = '', inner = '']) => ({
      action: unescapeHtml(action),
      fields: Object.fromEntries(
        [...inner.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map(
          ([, name = '', value = '']) => [unescapeHtml(name), unescapeHtml(value)],
        ),
      ),
    }),
  );
}

/**
 * What a user does in the browser: open the consent page at `authUrl` (e.g. the Location of the API's
 * `/gmail/start` redirect), pick `user`, submit. Returns the code the app's callback will exchange.
 */
export async function approveConsent(authUrl: string, user: string): Promise<Consent> {
  const page = await fetch(authUrl);
  const html = await page.text();
  if (!page.ok)
    throw new Error(
      `consent page answered ${page.status}: ${html.match(/<h1[^>]*>(.*?)<\/h1>/)?.[1] ?? html.slice(0, 200)}`,
    );
  const form = consentForms(html).find((f) => f.fields.email === user);
  if (!form) throw new Error(`consent page offers no account ${user}`);
  const approval = await fetch(new URL(form.action, authUrl), {
    method: 'POST',
    body: new URLSearchParams(form.fields),
    redirect: 'manual',
  });
  const location = approval.headers.get('location');
  if (approval.status !== 302 || !location) throw new Error(`consent approval answered ${approval.status}`);
  const redirect = new URL(location);
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`consent redirect carries no code: ${location}`);
  return { code, state: redirect.searchParams.get('state'), redirectUrl: location };
}

export interface AuthorizeOptions extends OAuthClientOptions {
  user: string;
  scopes?: string[];
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** The whole flow for tests and seeders: consent as `user`, exchange the code, return an authorized client. */
export async function authorizeUser(
  opts: AuthorizeOptions,
): Promise<{ client: OAuthClient; tokens: Tokens }> {
  const client = createOAuthClient(opts);
  const authUrl = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: opts.scopes ?? [GMAIL_READONLY_SCOPE],
  });
  const { code } = await approveConsent(authUrl, opts.user);
  const { tokens } = await client.getToken(code);
  if (!tokens.access_token || !tokens.refresh_token)
    throw new Error('token endpoint returned no access or refresh token');
  client.setCredentials(tokens);
  return { client, tokens: { access_token: tokens.access_token, refresh_token: tokens.refresh_token } };
}
