import { ApplicationFailure, TemporalFailure } from '@temporalio/workflow';

/** The first application error type along a failure's cause chain (activity → child → parent). */
export function failureCode(err: unknown): string {
  for (let e: unknown = err; e instanceof Error; e = (e as TemporalFailure).cause) {
    if (e instanceof ApplicationFailure && e.type) return e.type;
    if (!(e instanceof TemporalFailure)) break;
  }
  return 'SYNC_FAILED';
}
