import { describe, expect, it } from 'vitest';
import { AppError, errorBody } from '../../../api/errors.js';
import { CODE, ERRORS } from '../../../contracts/errors.js';
import { toGmailFailure } from '../../../gmail/errors.js';

describe('AppError', () => {
  it('takes its status and, without a message, its message from the registry', () => {
    const err = new AppError(CODE.UNSUPPORTED_MEDIA_TYPE);
    expect(err.status).toBe(415);
    expect(errorBody(err)).toEqual({
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the body must be application/json' },
    });
  });

  it('keeps the cause and the details it was given', () => {
    const cause = new Error('socket hang up');
    const err = new AppError(CODE.GMAIL_UNAVAILABLE, 'Gmail did not answer', { step: 'token' }, { cause });
    expect(err.cause).toBe(cause);
    expect(err.status).toBe(502);
    expect(errorBody(err).error.details).toEqual({ step: 'token' });
  });
});

describe('Gmail classification', () => {
  it.each([
    [{ response: { status: 401 } }, CODE.AUTH_REVOKED],
    [{ response: { status: 429 } }, CODE.RATE_LIMITED],
    [{ response: { status: 503 } }, CODE.GMAIL_UNAVAILABLE],
    [{ response: { status: 400 } }, CODE.GMAIL_REQUEST_FAILED],
  ])('retries %j exactly when the registry says %s is retryable', (err, code) => {
    const failure = toGmailFailure(err, 'gmail test');
    expect(failure.type).toBe(code);
    expect(failure.nonRetryable).toBe(!ERRORS[code].retryable);
  });
});
