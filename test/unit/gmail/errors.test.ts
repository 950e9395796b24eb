import { ApplicationFailure } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ErrorCode, NON_RETRYABLE_CODES } from '../../../contracts/errors.js';
import { NETWORK_CODES, parseRetryAfter, toGmailFailure } from '../../../gmail/errors.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

/** What gaxios throws for an HTTP answer: the status on the error and on its response. */
function gaxiosError(
  status: number,
  data: unknown = {},
  headers: Record<string, string> | Headers = {},
  message = `Request failed with status code ${status}`,
) {
  return Object.assign(new Error(message), {
    status,
    code: String(status),
    response: { status, headers, data },
  });
}

/** Gmail's JSON error body, with the `errors[].reason` the rate-limit rule reads. */
function gmailBody(code: number, ...reasons: string[]) {
  return {
    error: { code, message: 'error', errors: reasons.map((reason) => ({ reason, domain: 'usageLimits' })) },
  };
}

/** What gaxios throws when no answer came back at all. */
function networkError(code: string) {
  return Object.assign(new Error(`request to https://gmail.googleapis.com failed, reason: ${code}`), {
    code,
  });
}

interface Outcome {
  type: string | undefined | null;
  nonRetryable: boolean | undefined | null;
  nextRetryDelay?: unknown;
}

function outcome(err: unknown): Outcome {
  const failure = toGmailFailure(err, 'gmail messages.list');
  return { type: failure.type, nonRetryable: failure.nonRetryable, nextRetryDelay: failure.nextRetryDelay };
}

const permanent = (type: string): Outcome => ({ type, nonRetryable: true, nextRetryDelay: undefined });
const retried = (type: string, nextRetryDelay?: number): Outcome => ({
  type,
  nonRetryable: false,
  nextRetryDelay,
});

describe('toGmailFailure: every rule of the table, first match wins', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // [why, what was thrown, failure]
  const cases: [string, unknown, Outcome][] = [
    [
      'an OAuth invalid_grant answer: the refresh token is dead',
      gaxiosError(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }),
      permanent('AUTH_REVOKED'),
    ],
    [
      'invalid_grant named only in the message, as the token refresh throws it',
      new Error('invalid_grant'),
      permanent('AUTH_REVOKED'),
    ],
    ['401: the access is gone', gaxiosError(401, gmailBody(401, 'authError')), permanent('AUTH_REVOKED')],
    [
      '401 read from a bare `status` without a response',
      { status: 401, message: 'x' },
      permanent('AUTH_REVOKED'),
    ],
    [
      '429 with Retry-After in seconds waits that long',
      gaxiosError(429, gmailBody(429, 'rateLimitExceeded'), { 'retry-after': '7' }),
      retried('RATE_LIMITED', 7_000),
    ],
    [
      '429 with Retry-After as an HTTP date waits until then',
      gaxiosError(429, {}, { 'retry-after': new Date(NOW + 90_000).toUTCString() }),
      retried('RATE_LIMITED', 90_000),
    ],
    [
      '429 with Retry-After in a fetch Headers object, as gaxios 7 gives them',
      gaxiosError(429, {}, new Headers({ 'Retry-After': '3' })),
      retried('RATE_LIMITED', 3_000),
    ],
    [
      '429 without Retry-After leaves the delay to the retry policy',
      gaxiosError(429),
      retried('RATE_LIMITED'),
    ],
    [
      '403 rateLimitExceeded is a rate limit, not a refusal',
      gaxiosError(403, gmailBody(403, 'rateLimitExceeded'), { 'retry-after': '2' }),
      retried('RATE_LIMITED', 2_000),
    ],
    [
      '403 userRateLimitExceeded among other reasons is a rate limit',
      gaxiosError(403, gmailBody(403, 'quotaExceeded', 'userRateLimitExceeded')),
      retried('RATE_LIMITED'),
    ],
    [
      'any other 403: the grant lost its scope or the account is suspended',
      gaxiosError(403, gmailBody(403, 'insufficientPermissions')),
      permanent('AUTH_REVOKED'),
    ],
    ['403 without a Gmail body', gaxiosError(403, 'Forbidden'), permanent('AUTH_REVOKED')],
    ['500: Gmail is down', gaxiosError(500, gmailBody(500, 'backendError')), retried('GMAIL_UNAVAILABLE')],
    [
      '503 with Retry-After: only a rate limit takes the server’s delay',
      gaxiosError(503, {}, { 'retry-after': '30' }),
      retried('GMAIL_UNAVAILABLE'),
    ],
    [
      '400: asking again will not change the answer',
      gaxiosError(400, gmailBody(400, 'invalidArgument')),
      permanent('GMAIL_REQUEST_FAILED'),
    ],
    [
      '404: a message or label that is gone',
      gaxiosError(404, gmailBody(404, 'notFound')),
      permanent('GMAIL_REQUEST_FAILED'),
    ],
    [
      'an OAuth error other than invalid_grant is a plain 4xx',
      gaxiosError(400, { error: 'invalid_client' }),
      permanent('GMAIL_REQUEST_FAILED'),
    ],
    [
      'a status that came back outweighs a network code',
      Object.assign(gaxiosError(404), { code: 'ECONNRESET' }),
      permanent('GMAIL_REQUEST_FAILED'),
    ],
    // Kept retryable on purpose: an error nobody has classified yet should cost a retry, not a
    // connection that stops syncing until a person looks.
    ['an unclassified throw without a status', new Error('socket hang up'), retried('GMAIL_UNAVAILABLE')],
    ['a thrown string', 'boom', retried('GMAIL_UNAVAILABLE')],
  ];
  for (const code of NETWORK_CODES) {
    cases.push([`network ${code}: no answer came back`, networkError(code), retried('GMAIL_UNAVAILABLE')]);
  }
  for (const [why, err, expected] of cases) {
    it(why, () => {
      expect(outcome(err)).toEqual(expected);
      // the workflows' retry policies list the registry's permanent codes: a failure thrown as
      // retryable must not carry one, or Temporal would give up on it all the same
      expect(NON_RETRYABLE_CODES.includes(expected.type as ErrorCode)).toBe(expected.nonRetryable);
    });
  }

  it('passes an ApplicationFailure through unchanged: it is already classified', () => {
    const failure = ApplicationFailure.nonRetryable('label gone', 'LABEL_NOT_FOUND');
    expect(toGmailFailure(failure, 'gmail labels.list')).toBe(failure);
  });

  it('names the call in the message and keeps the HTTP status in the details', () => {
    const permanentFailure = toGmailFailure(
      gaxiosError(404, {}, {}, 'Requested entity was not found.'),
      'gmail messages.get',
    );
    expect(permanentFailure.message).toBe('gmail messages.get: Requested entity was not found.');
    expect(permanentFailure.details).toEqual([{ status: 404 }]);
    const retriedFailure = toGmailFailure(gaxiosError(503), 'gmail history.list');
    expect(retriedFailure.message).toBe('gmail history.list: Request failed with status code 503');
    expect(retriedFailure.details).toEqual([{ status: 503 }]);
    expect(toGmailFailure('boom', 'gmail x').message).toBe('gmail x: boom');
  });
});

describe('parseRetryAfter', () => {
  // [header, milliseconds]
  const cases: [string | undefined, number | undefined][] = [
    ['7', 7_000],
    ['0', 0],
    ['1.5', 1_500],
    // a negative wait is a wait of nothing, not a retry in the past
    ['-5', 0],
    ['Sun, 01 Mar 2026 12:01:00 GMT', 60_000],
    ['Sun, 01 Mar 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [header, ms] of cases) {
    it(`${JSON.stringify(header)} → ${ms}`, () => {
      expect(parseRetryAfter(header, NOW)).toBe(ms);
    });
  }
});
