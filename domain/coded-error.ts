import { ERRORS, type ErrorCode } from '../contracts/errors.js';

/**
 * An error that carries one registry code, so whoever catches it (the API, a workflow's retry
 * policy, a test) branches on `code` rather than on the message. Without a message it reads the
 * registry's; `cause` is kept for the logs.
 */
export class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message?: string,
    options?: ErrorOptions,
  ) {
    super(message ?? ERRORS[code].message, options);
  }
}
