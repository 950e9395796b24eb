// Gmail's JSON error envelope. googleapis (gaxios) turns these into GaxiosErrors whose `status`,
// `errors[0].reason` and `response.data.error.status` are what our retry policy reads, so the shapes
// must match the real API byte for byte where it matters.

export interface GmailErrorBody {
  error: {
    code: number;
    message: string;
    errors: Array<{ message: string; domain: string; reason: string }>;
    status: string;
  };
}

export type GmailErrorName =
  | 'tooManyRequests'
  | 'rateLimitExceeded'
  | 'userRateLimitExceeded'
  | 'backendError'
  | 'unavailable'
  | 'notFound'
  | 'unauthenticated';

interface GmailErrorSpec {
  code: number;
  message: string;
  reason: string;
  domain: string;
  status: string;
}

const GMAIL_ERRORS: Record<GmailErrorName, GmailErrorSpec> = {
  tooManyRequests: {
    code: 429,
    message: 'Too many concurrent requests for user.',
    reason: 'rateLimitExceeded',
    domain: 'global',
    status: 'RESOURCE_EXHAUSTED',
  },
  rateLimitExceeded: {
    code: 403,
    message: 'Rate Limit Exceeded',
    reason: 'rateLimitExceeded',
    domain: 'usageLimits',
    status: 'PERMISSION_DENIED',
  },
  userRateLimitExceeded: {
    code: 403,
    message: 'User Rate Limit Exceeded',
    reason: 'userRateLimitExceeded',
    domain: 'usageLimits',
    status: 'PERMISSION_DENIED',
  },
  backendError: {
    code: 500,
    message: 'Backend Error',
    reason: 'backendError',
    domain: 'global',
    status: 'INTERNAL',
  },
  unavailable: {
    code: 503,
    message: 'The service is currently unavailable.',
    reason: 'backendError',
    domain: 'global',
    status: 'UNAVAILABLE',
  },
  notFound: {
    code: 404,
    message: 'Requested entity was not found.',
    reason: 'notFound',
    domain: 'global',
    status: 'NOT_FOUND',
  },
  unauthenticated: {
    code: 401,
    message: 'Request had invalid authentication credentials.',
    reason: 'authError',
    domain: 'global',
    status: 'UNAUTHENTICATED',
  },
};

export function gmailError(name: GmailErrorName): { code: number; body: GmailErrorBody } {
  const spec = GMAIL_ERRORS[name];
  return {
    code: spec.code,
    body: {
      error: {
        code: spec.code,
        message: spec.message,
        errors: [{ message: spec.message, domain: spec.domain, reason: spec.reason }],
        status: spec.status,
      },
    },
  };
}

export function gmailErrorResponse(name: GmailErrorName, headers: Record<string, string> = {}): Response {
  const { code, body } = gmailError(name);
  return Response.json(body, { status: code, headers });
}

/** Gmail's 400 for a request it cannot take, with its own words on why. */
export function invalidArgumentResponse(message: string): Response {
  const error = { message, domain: 'global', reason: 'invalidArgument' };
  return Response.json(
    { error: { code: 400, message, errors: [error], status: 'INVALID_ARGUMENT' } },
    { status: 400 },
  );
}

/** What Google's token endpoint answers when a refresh token was revoked or expired. */
export function invalidGrantResponse(): Response {
  return Response.json(
    { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    { status: 400 },
  );
}
