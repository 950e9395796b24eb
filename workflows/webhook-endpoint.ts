import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveriesQueuedSignal, type WebhookEndpointInput } from '../contracts/workflows.js';

// Postgres reads: a failure is a blip, retried soon and for as long as it takes.
const queue = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// The activity sends a delivery to its end and paces its own attempts (the schedule's waits, as
// nextRetryDelay); this policy covers only what is not an attempt — a worker that died mid-request
// (its heartbeat stops), Postgres away — and never gives up, so a delivery outlives any outage. One
// attempt is WEBHOOK_TIMEOUT_MS (at most 60 s) plus two short queries.
const sender = proxyActivities<Activities>({
  startToCloseTimeout: '90 seconds',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const BATCH = 50;
const DEFAULT_DELIVERIES_PER_RUN = 200;

/**
 * One per webhook endpoint (`webhook-endpoint-<id>`), started or woken by `deliveriesQueued`
 * (signal-with-start: temporal/webhook-dispatcher.ts). Sends the endpoint's pending deliveries one
 * at a time in the order they were queued, each to its end (delivered, failed for good, or the
 * endpoint disabled) before the next, so a receiver never sees an event before an earlier one.
 * Only delivery ids pass through its history. Ends when the endpoint is disabled or deleted;
 * continues as new after a few hundred deliveries.
 */
export async function webhookEndpointWorkflow(input: WebhookEndpointInput): Promise<void> {
  let queued = true;
  let sent = 0;
  const perRun = input.deliveriesPerRun ?? DEFAULT_DELIVERIES_PER_RUN;

  // ── message handlers ──────────────────────────────────────────────────────────────────────
  setHandler(deliveriesQueuedSignal, () => {
    queued = true;
  });

  // ── main loop ─────────────────────────────────────────────────────────────────────────────
  while (sent < perRun && !workflowInfo().continueAsNewSuggested) {
    await condition(() => queued);
    queued = false;
    const limit = Math.min(BATCH, perRun - sent);
    const next = await queue.queuedWebhookDeliveries({ endpointId: input.endpointId, limit });
    if (next.endpoint !== 'enabled') {
      setCurrentDetails(`**${next.endpoint}** — ${sent} delivery(ies) sent by this run`);
      return;
    }
    for (const deliveryId of next.deliveryIds) {
      const outcome = await sender.deliverWebhook({ deliveryId });
      sent += 1;
      setCurrentDetails(`${sent} delivery(ies) sent by this run; last: ${outcome}`);
      if (outcome === 'endpoint_disabled' || outcome === 'endpoint_gone') return;
    }
    // a full batch may have more behind it, and anything queued meanwhile is read next round
    if (next.deliveryIds.length > 0) queued = true;
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof webhookEndpointWorkflow>(input);
}
