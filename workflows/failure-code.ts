import { ApplicationFailure, TemporalFailure } from '@temporalio/workflow';
import { CODE, type ErrorCode, isErrorCode } from '../contracts/errors.js';

/**
 * The first application error type along a failure's cause chain (activity → child → parent).
 * A type outside the registry (a plain `Error` an activity let escape) is reported as
 * `SYNC_FAILED`, so `last_error_code` only ever holds codes the API can explain.
 */
export function failureCode(err: unknown): ErrorCode {
  for (let e: unknown = err; e instanceof Error; e = (e as TemporalFailure).cause) {
    if (e instanceof ApplicationFailure && e.type) return isErrorCode(e.type) ? e.type : CODE.SYNC_FAILED;
    if (!(e instanceof TemporalFailure)) break;
  }
  return CODE.SYNC_FAILED;
}

/** The message a person reads: a child or activity failure's own message is only Temporal's wrapper. */
export function failureMessage(err: unknown): string {
  return err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
}
