import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../contracts/errors.js';
import { toGmailFailure } from './errors.js';
import type { GmailMethod, QuotaBuckets } from './quota.js';

/** Where each call's outcome is counted (metrics/gmail-requests.ts); the API's own calls are not. */
export interface GmailCallRecorder {
  record(method: string, outcome: string): void;
}

export type GmailCall = <T>(method: GmailMethod, fn: () => Promise<T>) => Promise<T>;

/**
 * Gmail unavailable (a 5xx, or no answer) is retried here, quickly, before the activity fails: it
 * is usually one call's bad luck, and failing the page for it climbs the activity's exponential
 * backoff instead: with 30 % of calls failing, the fault drill's 24-message sync took from 36 s to
 * about 300 s; with these three retries it takes about 10 s (docs/decisions.md).
 * Anything else (a 429 with its Retry-After, auth, quota) goes to the retry policy at once.
 */
export const UNAVAILABLE_RETRY_MS = [200, 400, 800];

export interface CallGmailDeps {
  quota: QuotaBuckets;
  metrics?: { gmail: GmailCallRecorder };
  /** Waits between retries; a test passes its own. */
  sleep?: (ms: number) => Promise<unknown>;
}

/** Every Gmail call goes through its mailbox's quota bucket and the error classifier; each try is a call. */
export function callGmail(deps: CallGmailDeps, connectionId: string): GmailCall {
  const bucket = deps.quota.for(connectionId);
  const wait = deps.sleep ?? sleep;
  return async (method, fn) => {
    for (let retry = 0; ; retry++) {
      await bucket.take(method);
      try {
        const result = await fn();
        deps.metrics?.gmail.record(method, 'ok');
        return result;
      } catch (err) {
        const failure = toGmailFailure(err, `gmail ${method}`);
        deps.metrics?.gmail.record(method, failure.type ?? 'unknown');
        const delay = failure.type === CODE.GMAIL_UNAVAILABLE ? UNAVAILABLE_RETRY_MS[retry] : undefined;
        if (delay === undefined) throw failure;
        // jittered, so the calls of one page (or of several workers) do not come back in step
        await wait(delay * (0.5 + Math.random()));
      }
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
