/**
 * Every error the API answers with, by code. The code is what clients branch on and what the logs
 * carry; the HTTP status follows from it, so a handler never picks a status by hand.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_STATE: 400,
  OAUTH_DENIED: 400,
  OAUTH_CODE_REJECTED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LABEL_CONFLICT: 409,
  FEED_CONFLICT: 409,
  SYNC_IN_PROGRESS: 409,
  CONNECTION_PAUSED: 409,
  GMAIL_NOT_CONNECTED: 409,
  ALREADY_RESOLVED: 409,
  LABEL_NOT_CONFIGURED: 422,
  LABEL_NOT_FOUND: 422,
  INTERNAL: 500,
  GMAIL_UNAVAILABLE: 502,
  TEMPORAL_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export class AppError extends Error {
  readonly status: ErrorStatus;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
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
