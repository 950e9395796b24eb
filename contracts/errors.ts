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

export const ERRORS = {
  // request validation and auth
  VALIDATION_FAILED: { status: 400, retryable: false, message: 'the request is not valid' },
  INVALID_STATE: { status: 400, retryable: false, message: 'the OAuth state is invalid or expired' },
  OAUTH_DENIED: { status: 400, retryable: false, message: 'Google consent was denied' },
  OAUTH_CODE_REJECTED: { status: 400, retryable: false, message: 'Google rejected the authorization code' },
  // the callback arrived without the cookie gmail/start set in the browser that began the consent
  OAUTH_BINDING_MISMATCH: {
    status: 403,
    retryable: false,
    message: 'this consent was not started in this browser: start it again',
  },
  UNAUTHORIZED: { status: 401, retryable: false, message: 'a valid workspace token is required' },
  // POST /api/gmail/push without a Pub/Sub OIDC token our verifier accepts (api/push-token.ts)
  PUSH_UNAUTHORIZED: {
    status: 401,
    retryable: false,
    message: "a valid Pub/Sub push token (Google's OIDC token for the push service account) is required",
  },
  FORBIDDEN: { status: 403, retryable: false, message: 'the resource belongs to another workspace' },
  NOT_FOUND: { status: 404, retryable: false, message: 'not found' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, message: 'method not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'the request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'the body must be application/json' },
  // the API's own limits (Retry-After says when to come back)
  TOO_MANY_REQUESTS: { status: 429, retryable: true, message: 'too many requests: retry after Retry-After' },
  TOO_MANY_FAILED_AUTH: {
    status: 429,
    retryable: true,
    message: 'too many failed sign-ins from this client: retry after Retry-After',
  },
  FEED_LIMIT_REACHED: { status: 409, retryable: false, message: 'the workspace has as many feeds as it may' },
  CONNECTION_LIMIT_REACHED: {
    status: 409,
    retryable: false,
    message: 'the workspace has as many connections as it may',
  },

  // conflicts with the connection's state
  LABEL_CONFLICT: { status: 409, retryable: false, message: 'another connection already watches this label' },
  FEED_CONFLICT: { status: 409, retryable: false, message: 'this feed is already registered' },
  SYNC_IN_PROGRESS: { status: 409, retryable: false, message: 'a sync is already running' },
  REPROCESS_IN_PROGRESS: {
    status: 409,
    retryable: false,
    message: 'a reprocess of this connection is already running',
  },
  CONNECTION_PAUSED: { status: 409, retryable: false, message: 'the connection is paused' },
  GMAIL_NOT_CONNECTED: { status: 409, retryable: false, message: 'Gmail is not connected' },
  ALREADY_RESOLVED: { status: 409, retryable: false, message: 'the review item is already closed' },
  MESSAGE_NOT_UNRECOGNIZED: {
    status: 409,
    retryable: false,
    message: 'only mail nobody could read (flag unrecognized) can be dismissed',
  },
  LABEL_NOT_CONFIGURED: {
    status: 422,
    retryable: false,
    message: 'the connection has no resolved Gmail label',
  },
  LABEL_NOT_FOUND: { status: 422, retryable: false, message: 'the Gmail label does not exist' },
  LABEL_NOT_ALLOWED: {
    status: 422,
    retryable: false,
    message: "Gmail's system labels (INBOX, SENT, SPAM, CATEGORY_*, …) cannot be a reservation label",
  },

  // Gmail, as classified by gmail/errors.ts
  AUTH_REVOKED: { status: 409, retryable: false, message: 'Gmail access was revoked: reconnect' },
  // the stored tokens were sealed with a key this process does not have: only a new consent heals it
  TOKEN_KEY_UNKNOWN: {
    status: 409,
    retryable: false,
    message: 'the Gmail tokens were sealed with an unknown key: reconnect',
  },
  RATE_LIMITED: { status: 429, retryable: true, message: 'Gmail asked us to slow down' },
  GMAIL_UNAVAILABLE: { status: 502, retryable: true, message: 'Gmail is unavailable' },
  GMAIL_REQUEST_FAILED: { status: 502, retryable: false, message: 'Gmail refused the request' },

  // iCal feeds
  FEED_NOT_FOUND: { status: 404, retryable: false, message: 'the feed no longer exists' },
  NOT_ICAL: { status: 422, retryable: false, message: 'the feed is not an iCal calendar' },
  // What a tenant learns about a fetch is one of these codes and nothing more: no status, socket
  // error or timing, or the feed would be a port scanner. Whether a status heals (503) or not (404)
  // is decided where it is thrown.
  FEED_URL_NOT_ALLOWED: {
    status: 422,
    retryable: false,
    message: 'feed URLs must be http(s) and point at a public address',
  },
  FEED_UNREACHABLE: { status: 502, retryable: true, message: 'the feed could not be fetched' },
  FEED_TOO_LARGE: { status: 502, retryable: false, message: 'the feed is larger than the limit' },
  FEED_HELD_FOR_REVIEW: {
    status: 409,
    retryable: false,
    message: 'the import would cancel most future stays: held until a person resumes the feed',
  },

  // webhooks out (docs/webhooks.md)
  WEBHOOK_URL_NOT_ALLOWED: {
    status: 400,
    retryable: false,
    message: 'webhook URLs must be http(s) and point at a public address',
  },
  WEBHOOK_ENDPOINT_LIMIT_REACHED: {
    status: 409,
    retryable: false,
    message: 'the workspace has as many webhook endpoints as it may',
  },
  WEBHOOK_ENDPOINT_DISABLED: {
    status: 409,
    retryable: false,
    message: 'the webhook endpoint is disabled: enable it first',
  },
  // the receiver did not take an attempt (a status other than 2xx, or no answer): tried again later
  WEBHOOK_DELIVERY_FAILED: {
    status: 502,
    retryable: true,
    message: 'the webhook endpoint did not accept the delivery',
  },

  // properties and conflicts
  PROPERTY_CONFLICT: { status: 409, retryable: false, message: 'a property of this name already exists' },
  CONFLICT_ALREADY_RESOLVED: {
    status: 409,
    retryable: false,
    message: 'the conflict resolved itself: there is nothing left to acknowledge',
  },

  // whatever else
  SYNC_FAILED: { status: 500, retryable: true, message: 'the sync failed' },
  INTERNAL: { status: 500, retryable: true, message: 'internal error' },
  TEMPORAL_UNAVAILABLE: { status: 503, retryable: true, message: 'Temporal is unavailable' },
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
