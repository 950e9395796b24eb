import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CODE } from '../../../contracts/errors.js';
import { callGmail, UNAVAILABLE_RETRY_MS } from '../../../gmail/call-gmail.js';
import type { QuotaBuckets } from '../../../gmail/quota.js';

/** What gaxios throws for an HTTP answer. */
const answered = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), {
    status,
    response: { status, headers, data: {} },
  });

/** A call that answers `outcomes` in turn (an Error is thrown), with what the wrapper did around it. */
function scripted(...outcomes: (Error | string)[]) {
  const seen = { calls: 0, takes: 0, waits: [] as number[], recorded: [] as string[] };
  const quota = { for: () => ({ take: async () => void seen.takes++ }) } as unknown as QuotaBuckets;
  const call = callGmail(
    {
      quota,
      metrics: { gmail: { record: (_method, outcome) => seen.recorded.push(outcome) } },
      sleep: async (ms) => void seen.waits.push(ms),
    },
    'c1',
  );
  const run = () =>
    call('messages.get', async () => {
      const next = outcomes[seen.calls++];
      if (next instanceof Error) throw next;
      return next;
    });
  return { run, seen };
}

describe('a Gmail call', () => {
  it('retries Gmail unavailable quickly, each try through the bucket and counted', async () => {
    const { run, seen } = scripted(answered(503), new Error('socket hang up'), 'message');
    await expect(run()).resolves.toBe('message');
    expect(seen).toMatchObject({ calls: 3, takes: 3 });
    expect(seen.recorded).toEqual([CODE.GMAIL_UNAVAILABLE, CODE.GMAIL_UNAVAILABLE, 'ok']);
    // jittered around 200 and 400 ms
    expect(seen.waits).toHaveLength(2);
    seen.waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(UNAVAILABLE_RETRY_MS[i]! * 0.5);
      expect(ms).toBeLessThanOrEqual(UNAVAILABLE_RETRY_MS[i]! * 1.5);
    });
  });

  it('hands a Gmail that stays down to the retry policy after three retries', async () => {
    const { run, seen } = scripted(answered(500), answered(502), answered(503), answered(503), 'never');
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(CODE.GMAIL_UNAVAILABLE);
    expect(seen).toMatchObject({ calls: 4, takes: 4 });
    expect(seen.waits).toHaveLength(3);
  });

  it.each([
    ['a 429, with its Retry-After', answered(429, { 'retry-after': '7' }), CODE.RATE_LIMITED],
    ['a revoked grant', Object.assign(answered(400), { message: 'invalid_grant' }), CODE.AUTH_REVOKED],
    ['a missing message', answered(404), undefined],
  ])('does not retry %s itself', async (_, error, code) => {
    const { run, seen } = scripted(error, 'never');
    const failure = (await run().catch((e: unknown) => e)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    if (code) expect(failure.type).toBe(code);
    expect(failure.type).not.toBe(CODE.GMAIL_UNAVAILABLE);
    expect(seen).toMatchObject({ calls: 1, waits: [] });
  });
});
