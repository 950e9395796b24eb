/** Where Google's consent page lives when `GOOGLE_OAUTH_AUTH_URL` does not say otherwise (googleapis' default). */
export const GOOGLE_CONSENT_ORIGIN = 'https://accounts.google.com';

/**
 * Every page of the app loads only from its own origin: scripts, styles, images, fetches. There is
 * no inline script, so none is allowed; the page cannot be framed, and its forms post only to it —
 * and, for "Connect Gmail" without script (a GET form whose answer redirects), to the consent
 * page's origin, which a browser holds a form's redirect to as well.
 */
export function pageSecurityHeaders(formTargets: readonly string[] = []) {
  return {
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      `object-src 'none'; base-uri 'self'; form-action ${["'self'", ...formTargets].join(' ')}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  } as const;
}

/** The pages that post nowhere but to us (the OAuth callback's last page). */
export const PAGE_SECURITY_HEADERS = pageSecurityHeaders();
