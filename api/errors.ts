import { ERRORS, type ErrorCode, type ErrorStatus } from '../contracts/errors.js';
import { CodedError } from '../domain/coded-error.js';

/**
 * The one error the API answers with. The code is what clients branch on and what the logs carry;
 * the HTTP status and the default message are the registry's, so a handler never picks a status
 * by hand. `cause` keeps what went wrong underneath, for the logs.
 */
export class AppError extends CodedError {
  override readonly name = 'AppError';
  readonly status: ErrorStatus;

  constructor(
    code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.status = ERRORS[code].status;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(err: AppError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}

/** Postgres' unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint_name?: unknown };
  return e.code === '23505' && (constraint === undefined || e.constraint_name === constraint);
}
