import { ApplicationFailure } from '@temporalio/common';
import { CODE, codesOf, ERRORS } from '../contracts/errors.js';

/**
 * The registry codes a Gmail failure is classified as, so the retry policy, not the call site,
 * decides what happens next.
 */
export const GMAIL_ERRORS = codesOf(
  CODE.AUTH_REVOKED,
  CODE.LABEL_NOT_FOUND,
  CODE.RATE_LIMITED,
  CODE.GMAIL_UNAVAILABLE,
  CODE.GMAIL_REQUEST_FAILED,
);
export type GmailErrorCode = (typeof GMAIL_ERRORS)[number];

interface HttpishError {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** Errors that mean no answer came back at all: the transport, not Gmail, failed. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * A table, first match wins: how each kind of Gmail answer maps to a code; whether it is retried
 * is the registry's word on that code.
 */
const RULES: { when: (e: Facts) => boolean; code: GmailErrorCode }[] = [
  { when: (e) => e.oauthError === 'invalid_grant', code: CODE.AUTH_REVOKED },
  { when: (e) => e.status === 401, code: CODE.AUTH_REVOKED },
  { when: (e) => e.status === 429, code: CODE.RATE_LIMITED },
  {
    when: (e) => e.status === 403 && e.reasons.some((r) => RATE_LIMIT_REASONS.has(r)),
    code: CODE.RATE_LIMITED,
  },
  { when: (e) => e.status === 403, code: CODE.AUTH_REVOKED },
  { when: (e) => e.status !== undefined && e.status >= 500, code: CODE.GMAIL_UNAVAILABLE },
  { when: (e) => e.status === undefined && e.network, code: CODE.GMAIL_UNAVAILABLE },
  // any other 4xx: asking again will not change the answer
  {
    when: (e) => e.status !== undefined && e.status >= 400 && e.status < 500,
    code: CODE.GMAIL_REQUEST_FAILED,
  },
];

interface Facts {
  status: number | undefined;
  reasons: string[];
  oauthError: string | undefined;
  network: boolean;
  retryAfterMs: number | undefined;
  message: string;
}

/** Turns whatever googleapis/gaxios threw into a typed ApplicationFailure. */
export function toGmailFailure(err: unknown, context: string): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const facts = readFacts(err);
  // no rule matched (no status, no known network code): most likely the transport, so it is
  // retried like an outage rather than given up as a refused request
  const code = RULES.find((r) => r.when(facts))?.code ?? CODE.GMAIL_UNAVAILABLE;
  const message = `${context}: ${facts.message}`;
  if (!ERRORS[code].retryable)
    return ApplicationFailure.nonRetryable(message, code, { status: facts.status });
  return ApplicationFailure.create({
    message,
    type: code,
    details: [{ status: facts.status }],
    nextRetryDelay: code === CODE.RATE_LIMITED ? facts.retryAfterMs : undefined,
  });
}

function readFacts(err: unknown): Facts {
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpishError;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const data = e.response?.data as { error?: unknown; error_description?: string } | undefined;
  const gmailError =
    typeof data?.error === 'object' && data.error !== null
      ? (data.error as { errors?: { reason?: string }[] })
      : undefined;
  return {
    status,
    reasons: (gmailError?.errors ?? []).map((x) => x.reason ?? ''),
    oauthError:
      typeof data?.error === 'string'
        ? data.error
        : e.message?.includes('invalid_grant')
          ? 'invalid_grant'
          : undefined,
    network: typeof e.code === 'string' && NETWORK_CODES.has(e.code),
    retryAfterMs: parseRetryAfter(headerValue(e.response?.headers, 'retry-after')),
    message: e.message ?? String(err),
  };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
