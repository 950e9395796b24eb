import { randomUUID } from 'node:crypto';
import { recordEvent } from '../../domain/events/record-event.js';
import { parseRetrySchedule } from '../../domain/webhooks/retry-schedule.js';
import { startStack } from '../stack.js';
import { sleep } from '../wait-for.js';
import { createWebhookEndpoint } from '../webhook-endpoint.js';
import { type ReceivedWebhook, startWebhookReceiver } from '../webhook-receiver.js';
import type { DrillEnv } from './harness.js';
import type { DrillResult, Scenario } from './scenarios.js';

/**
 * The schedule of the drill: the spec's shape (waits growing to a plateau), squeezed so a minute's
 * outage sits inside one delivery's attempts with room to spare (21 attempts over about four
 * minutes: the first attempt after the outage, at 50 %, has eleven chances left).
 */
const DRILL_SCHEDULE = `250ms,500ms,1s,2s,4s,8s,10s,${Array(14).fill('15s').join(',')}`;

export interface WebhookDrillOptions {
  /** events recorded before, during and after the outage */
  events: [number, number, number];
  /** how long the receiver is down */
  downMs: number;
  /** share of requests answered 500 while it is up */
  failShare: number;
}

/**
 * A receiver that answers 500 to half of all requests at random and is down (every connection
 * reset) for a minute in the middle: every event must arrive exactly once by `webhook-id` (one 2xx
 * per id, no id it was not sent), in the order recorded, every request signed so the
 * `standardwebhooks` library verifies it.
 */
export async function webhookDrill(
  env: DrillEnv,
  name: string,
  opts: WebhookDrillOptions,
): Promise<DrillResult> {
  const started = Date.now();
  const log = (l: string) => env.log?.(`[${name}] ${l}`);
  const receiver = await startWebhookReceiver();
  receiver.answer(() => ({ status: Math.random() < opts.failShare ? 500 : 204 }));
  const stack = await startStack(env, {
    name: 'drill-webhooks',
    allowPrivateHosts: [receiver.host],
    webhooks: {
      retrySchedule: (parseRetrySchedule(DRILL_SCHEDULE) as { delaysMs: number[] }).delaysMs,
      // the outage alone is a run of a dozen failures: this drill is about retries, not disabling
      disableAfterFailures: 1_000,
      timeoutMs: 5_000,
    },
  }).catch(async (err) => {
    await receiver.stop();
    throw err;
  });
  try {
    const { workspaceId, secret } = await createWebhookEndpoint(stack, {
      url: receiver.url,
      events: ['booking.enriched'],
      workspaceName: 'webhook drill',
    });
    receiver.verifyWithSecret(secret);
    const ids: string[] = [];
    const recordSome = async (n: number, gapMs: number) => {
      for (let i = 0; i < n; i++) {
        ids.push(
          await recordEvent(stack.sql, {
            workspaceId,
            type: 'booking.enriched',
            data: { bookingId: randomUUID() },
          }),
        );
        await sleep(gapMs);
      }
    };
    await recordSome(opts.events[0], 100);
    receiver.setDown(true);
    const downAt = Date.now();
    log(`receiver down after ${ids.length} events`);
    await recordSome(opts.events[1], Math.floor(opts.downMs / (opts.events[1] + 1)));
    await sleep(Math.max(0, opts.downMs - (Date.now() - downAt)));
    receiver.setDown(false);
    const downMs = Date.now() - downAt;
    log(`receiver up after ${downMs} ms`);
    await recordSome(opts.events[2], 100);
    await receiver.until(
      'every event accepted',
      (r) => ids.every((id) => r.accepted().some((a) => a.webhookId === id)),
      240_000,
    );
    const violations = checkDelivered(ids, receiver.received, receiver.accepted());
    const [rows] = await stack.sql<{ delivered: number; other: number; max_attempts: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
        count(*) FILTER (WHERE status <> 'delivered')::int AS other, max(attempts) AS max_attempts
      FROM webhook_deliveries WHERE workspace_id = ${workspaceId}`;
    if (rows!.other > 0) violations.push(`${rows!.other} deliveries not delivered`);
    const refused = receiver.received.filter((r) => r.answered === 500).length;
    return {
      scenario: name,
      ok: violations.length === 0,
      violations,
      details: {
        events: ids.length,
        delivered: rows!.delivered,
        requests: receiver.received.length,
        answered500: refused,
        resetWhileDown: receiver.connections() - receiver.received.length,
        maxAttempts: rows!.max_attempts,
        downMs,
      },
      ms: Date.now() - started,
    };
  } catch (err) {
    return {
      scenario: name,
      ok: false,
      violations: [(err as Error).message],
      details: {},
      ms: Date.now() - started,
    };
  } finally {
    await stack.stop();
    await receiver.stop();
  }
}

/** Exactly once by webhook-id, in order, and every request verifiable. */
function checkDelivered(ids: string[], received: ReceivedWebhook[], accepted: ReceivedWebhook[]): string[] {
  const violations: string[] = [];
  const acceptedIds = accepted.map((a) => a.webhookId);
  const twice = acceptedIds.filter((id, i) => acceptedIds.indexOf(id) !== i);
  if (twice.length > 0) violations.push(`accepted more than once: ${[...new Set(twice)].join(', ')}`);
  const unknown = received.filter((r) => !ids.includes(r.webhookId));
  if (unknown.length > 0) violations.push(`${unknown.length} requests for events never recorded`);
  if (JSON.stringify([...new Set(acceptedIds)]) !== JSON.stringify(ids))
    violations.push('accepted out of order');
  const unverified = received.filter((r) => r.verified !== true);
  if (unverified.length > 0) violations.push(`${unverified.length} requests whose signature did not verify`);
  return violations;
}

export const webhookReceiverFlaky: Scenario = {
  name: 'webhook receiver 50% 500s, down a minute',
  fault:
    'a webhook receiver answers 500 to half the requests at random and resets every connection for 60 s; 30 events before, during and after',
  timeoutMs: 420_000,
  lane: 0,
  run: (env) =>
    webhookDrill(env, 'webhook receiver 50% 500s, down a minute', {
      events: [10, 10, 10],
      downMs: 60_000,
      failShare: 0.5,
    }),
};
