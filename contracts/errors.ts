/**
 * Every error code Connections can produce, once: the HTTP status the API answers with, whether
 * another attempt can help (Temporal retry policies are derived from it), and the message a person
 * reads. API responses, activity failures, workflow rejections, logs and `last_error_code` columns
 * all carry these codes, so a typo is a type error instead of a 15-minute retry loop.
 *
 * Pure data: imported by workflow code too, so no I/O and no Node built-ins here.
 */
interface ErrorSpec {
  /** HTTP status when the API answers with this code. */
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;
  /** Whether another attempt of the same step can succeed without anything else changing. */
  retryable: boolean;
  /** What a person reads when nothing more specific is known. */
  message: string;
}

/** A code another attempt can heal (Temporal retries it). */
const retryable = <const S extends ErrorSpec['status']>(status: S, message: string) =>
  ({ status, retryable: true, message }) as const;
/** A code another attempt cannot heal: something else must change first. */
const permanent = <const S extends ErrorSpec['status']>(status: S, message: string) =>
  ({ status, retryable: false, message }) as const;

export const ERRORS = {
  // request validation and auth
  VALIDATION_FAILED: permanent(400, 'the request is not valid'),
  INVALID_STATE: permanent(400, 'the OAuth state is invalid or expired'),
  OAUTH_DENIED: permanent(400, 'Google consent was denied'),
  OAUTH_CODE_REJECTED: permanent(400, 'Google rejected the authorization code'),
  // the callback arrived without the cookie gmail/start set in the browser that began the consent
  OAUTH_BINDING_MISMATCH: permanent(403, 'this consent was not started in this browser: start it again'),
  UNAUTHORIZED: permanent(401, 'a valid workspace token is required'),
  // POST /api/gmail/push without a Pub/Sub OIDC token our verifier accepts (api/push-token.ts)
  PUSH_UNAUTHORIZED: permanent(
    401,
    "a valid Pub/Sub push token (Google's OIDC token for the push service account) is required",
  ),
  FORBIDDEN: permanent(403, 'the resource belongs to another workspace'),
  NOT_FOUND: permanent(404, 'not found'),
  METHOD_NOT_ALLOWED: permanent(405, 'method not allowed'),
  PAYLOAD_TOO_LARGE: permanent(413, 'the request body is too large'),
  UNSUPPORTED_MEDIA_TYPE: permanent(415, 'the body must be application/json'),
  // the API's own limits (Retry-After says when to come back)
  TOO_MANY_REQUESTS: retryable(429, 'too many requests: retry after Retry-After'),
  TOO_MANY_FAILED_AUTH: retryable(429, 'too many failed sign-ins from this client: retry after Retry-After'),
  FEED_LIMIT_REACHED: permanent(409, 'the workspace has as many feeds as it may'),
  CONNECTION_LIMIT_REACHED: permanent(409, 'the workspace has as many connections as it may'),

  // conflicts with the connection's state
  LABEL_CONFLICT: permanent(409, 'another connection already watches this label'),
  FEED_CONFLICT: permanent(409, 'this feed is already registered'),
  SYNC_IN_PROGRESS: permanent(409, 'a sync is already running'),
  REPROCESS_IN_PROGRESS: permanent(409, 'a reprocess of this connection is already running'),
  CONNECTION_PAUSED: permanent(409, 'the connection is paused'),
  GMAIL_NOT_CONNECTED: permanent(409, 'Gmail is not connected'),
  ALREADY_RESOLVED: permanent(409, 'the review item is already closed'),
  MESSAGE_NOT_UNRECOGNIZED: permanent(
    409,
    'only mail nobody could read (flag unrecognized) can be dismissed',
  ),
  LABEL_NOT_CONFIGURED: permanent(422, 'the connection has no resolved Gmail label'),
  LABEL_NOT_FOUND: permanent(422, 'the Gmail label does not exist'),
  LABEL_NOT_ALLOWED: permanent(
    422,
    "Gmail's system labels (INBOX, SENT, SPAM, CATEGORY_*, …) cannot be a reservation label",
  ),

  // Gmail, as classified by gmail/errors.ts
  AUTH_REVOKED: permanent(409, 'Gmail access was revoked: reconnect'),
  // the stored tokens were sealed with a key this process does not have: only a new consent heals it
  TOKEN_KEY_UNKNOWN: permanent(409, 'the Gmail tokens were sealed with an unknown key: reconnect'),
  RATE_LIMITED: retryable(429, 'Gmail asked us to slow down'),
  GMAIL_UNAVAILABLE: retryable(502, 'Gmail is unavailable'),
  GMAIL_REQUEST_FAILED: permanent(502, 'Gmail refused the request'),

  // iCal feeds
  FEED_NOT_FOUND: permanent(404, 'the feed no longer exists'),
  NOT_ICAL: permanent(422, 'the feed is not an iCal calendar'),
  // What a tenant learns about a fetch is one of these codes and nothing more: no status, socket
  // error or timing, or the feed would be a port scanner. Whether a status heals (503) or not (404)
  // is decided where it is thrown.
  FEED_URL_NOT_ALLOWED: permanent(422, 'feed URLs must be http(s) and point at a public address'),
  FEED_UNREACHABLE: retryable(502, 'the feed could not be fetched'),
  FEED_TOO_LARGE: permanent(502, 'the feed is larger than the limit'),
  FEED_HELD_FOR_REVIEW: permanent(
    409,
    'the import would cancel most future stays: held until a person resumes the feed',
  ),

  // webhooks out (docs/webhooks.md)
  WEBHOOK_URL_NOT_ALLOWED: permanent(400, 'webhook URLs must be http(s) and point at a public address'),
  WEBHOOK_ENDPOINT_LIMIT_REACHED: permanent(409, 'the workspace has as many webhook endpoints as it may'),
  WEBHOOK_ENDPOINT_DISABLED: permanent(409, 'the webhook endpoint is disabled: enable it first'),
  // the receiver did not take an attempt (a status other than 2xx, or no answer): tried again later
  WEBHOOK_DELIVERY_FAILED: retryable(502, 'the webhook endpoint did not accept the delivery'),

  // properties and conflicts
  PROPERTY_CONFLICT: permanent(409, 'a property of this name already exists'),
  CONFLICT_ALREADY_RESOLVED: permanent(
    409,
    'the conflict resolved itself: there is nothing left to acknowledge',
  ),

  // whatever else
  SYNC_FAILED: retryable(500, 'the sync failed'),
  INTERNAL: retryable(500, 'internal error'),
  TEMPORAL_UNAVAILABLE: retryable(503, 'Temporal is unavailable'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorStatus = (typeof ERRORS)[ErrorCode]['status'];

export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/**
 * The codes as values (`CODE.NOT_FOUND`), so call sites name a code without writing it as a
 * string: a renamed or removed code breaks the build, and grep finds every use.
 */
export const CODE = Object.fromEntries(ERROR_CODES.map((code) => [code, code])) as {
  readonly [K in ErrorCode]: K;
};

/** Codes after which no Gmail call can succeed until the user consents again (the workflow's `needs_reauth`). */
export const REAUTH_CODES: readonly ErrorCode[] = [CODE.AUTH_REVOKED, CODE.TOKEN_KEY_UNKNOWN];

/** Codes a Temporal retry policy must never retry (`nonRetryableErrorTypes`). */
export const NON_RETRYABLE_CODES: ErrorCode[] = ERROR_CODES.filter((code) => !ERRORS[code].retryable);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The subset of codes one layer may produce, checked against the registry at compile time. */
export function codesOf<const C extends readonly ErrorCode[]>(...codes: C): C {
  return codes;
}
