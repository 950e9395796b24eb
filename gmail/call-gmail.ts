import { ApplicationFailure } from '@temporalio/common';
import { toGmailFailure } from './errors.js';
import type { GmailMethod, QuotaBuckets } from './quota.js';

export type GmailCall = <T>(method: GmailMethod, fn: () => Promise<T>) => Promise<T>;

/** Every Gmail call goes through the connection's quota bucket and the error classifier. */
export function callGmail(deps: { quota: QuotaBuckets }, connectionId: string): GmailCall {
  const bucket = deps.quota.for(connectionId);
  return async (method, fn) => {
    await bucket.take(method);
    try {
      return await fn();
    } catch (err) {
      throw toGmailFailure(err, `gmail ${method}`);
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
