import { ApplicationFailure } from '@temporalio/common';
import { toGmailFailure } from './errors.js';
import type { GmailMethod, QuotaBuckets } from './quota.js';

/** Where each call's outcome is counted (metrics/gmail-requests.ts); the API's own calls are not. */
export interface GmailCallRecorder {
  record(method: string, outcome: string): void;
}

export type GmailCall = <T>(method: GmailMethod, fn: () => Promise<T>) => Promise<T>;

/** Every Gmail call goes through its mailbox's quota bucket and the error classifier. */
export function callGmail(
  deps: { quota: QuotaBuckets; metrics?: { gmail: GmailCallRecorder } },
  connectionId: string,
): GmailCall {
  const bucket = deps.quota.for(connectionId);
  return async (method, fn) => {
    await bucket.take(method);
    try {
      const result = await fn();
      deps.metrics?.gmail.record(method, 'ok');
      return result;
    } catch (err) {
      const failure = toGmailFailure(err, `gmail ${method}`);
      deps.metrics?.gmail.record(method, failure.type ?? 'unknown');
      throw failure;
    }
  };
}

/** The HTTP status Gmail answered with, from a failure `callGmail` classified. */
export function gmailStatusOf(err: unknown): number | undefined {
  if (err instanceof ApplicationFailure) {
    const detail = err.details?.[0] as { status?: number } | undefined;
    return detail?.status;
  }
  return undefined;
}
