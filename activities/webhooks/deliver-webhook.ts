import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../../contracts/errors.js';
import type { WebhookEventData, WebhookEventType } from '../../contracts/webhook-events.js';
import type { DeliveryOutcome } from '../../contracts/workflows.js';
import type { Queryable } from '../../db/client.js';
import { logActivity } from '../../domain/activity-log.js';
import { type AttemptResult, decideAttempt } from '../../domain/webhooks/delivery-rules.js';
import {
  type EndpointSecrets,
  signedHeaders,
  signingSecrets,
} from '../../domain/webhooks/endpoint-secret.js';
import { webhookBody } from '../../domain/webhooks/webhook-payload.js';
import type { OutboundLookup } from '../../outbound/outbound-request.js';
import { TokenKeyUnknownError } from '../../security/token-cipher.js';
import type { ActivityDeps } from '../deps.js';
import { postWebhook } from './post-webhook.js';

export interface DeliverWebhookInput {
  deliveryId: string;
}

interface DeliveryRow extends EndpointSecrets {
  delivery_id: string;
  status: 'pending' | 'delivered' | 'failed';
  workspace_id: string;
  url: string;
  disabled_at: Date | null;
  event_id: string;
  type: WebhookEventType;
  data: WebhookEventData;
  event_created_at: Date;
}

type Deps = Pick<ActivityDeps, 'sql' | 'cipher' | 'outbound' | 'webhooks' | 'log'>;

/**
 * One delivery, to its end: sends an attempt and records it; when the attempt failed and the
 * schedule goes on, fails with `nextRetryDelay` set, so Temporal runs the next attempt after the
 * schedule's wait (the workflow is still waiting on this same activity: nothing behind it in the
 * endpoint's queue overtakes it). Returns once the delivery is delivered, has failed for good
 * (schedule spent), or its endpoint was disabled (410, or a run of failures) or deleted.
 *
 * Idempotent: a delivery that is already over answers what it came to without sending; an attempt
 * counts from the moment it is recorded, before it is sent, so a worker that dies mid-request
 * leaves an attempt on record and the next one is sent with the same `webhook-id`.
 */
export function deliverWebhook(deps: Deps, lookup?: OutboundLookup) {
  return async (input: DeliverWebhookInput): Promise<DeliveryOutcome> => {
    const row = await loadDelivery(deps.sql, input.deliveryId);
    if (!row) return 'endpoint_gone';
    if (row.status !== 'pending') return row.status;
    if (row.disabled_at) return 'endpoint_disabled';
    const attempt = await recordAttempt(deps.sql, row.delivery_id);
    const result = await heartbeating(() => attemptOnce(deps, row, lookup));
    return settle(deps, row, attempt, result);
  };
}

/** Beats while a request is out, so a worker that dies mid-request is noticed in seconds, not minutes. */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

async function loadDelivery(sql: Queryable, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await sql<DeliveryRow[]>`
    SELECT d.id AS delivery_id, d.status, d.workspace_id, e.id, e.url, e.secret, e.previous_secret,
      e.previous_secret_expires_at, e.disabled_at, ev.id AS event_id, ev.type, ev.data,
      ev.created_at AS event_created_at
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    JOIN webhook_events ev ON ev.id = d.event_id
    WHERE d.id = ${deliveryId}`;
  return row;
}

async function recordAttempt(sql: Queryable, deliveryId: string): Promise<number> {
  const [row] = await sql<{ attempts: number }[]>`
    UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = NULL
    WHERE id = ${deliveryId} RETURNING attempts`;
  return row!.attempts;
}

/** Signs the body afresh (the timestamp is this attempt's) and sends it. */
async function attemptOnce(deps: Deps, row: DeliveryRow, lookup?: OutboundLookup): Promise<AttemptResult> {
  const body = webhookBody(
    { id: row.event_id, type: row.type, data: row.data, createdAt: row.event_created_at },
    deps.webhooks.publicUrl,
  );
  const at = new Date();
  let secrets: string[];
  try {
    secrets = signingSecrets(deps.cipher, row, at);
  } catch (err) {
    if (err instanceof TokenKeyUnknownError) return { answered: false, reason: 'secret_unreadable' };
    throw err;
  }
  const headers = signedHeaders(secrets, { id: row.event_id, body, at });
  return postWebhook(
    row.url,
    { headers, body },
    { policy: deps.outbound, timeoutMs: deps.webhooks.timeoutMs, ...(lookup ? { lookup } : {}) },
  );
}

/** Records what the attempt came to, in one transaction with the endpoint's run of failures. */
async function settle(
  deps: Deps,
  row: DeliveryRow,
  attempt: number,
  result: AttemptResult,
): Promise<DeliveryOutcome> {
  const lastStatus = result.answered ? result.status : null;
  const lastError = result.answered ? null : result.reason;
  const decision = await deps.sql.begin(async (tx) => {
    const [endpoint] = await tx<{ failures: number }[]>`
      UPDATE webhook_endpoints
      SET consecutive_failures = CASE WHEN ${lastStatus !== null && lastStatus >= 200 && lastStatus <= 299}
        THEN 0 ELSE consecutive_failures + 1 END
      WHERE id = ${row.id} RETURNING consecutive_failures AS failures`;
    if (!endpoint) return { next: 'gone' as const };
    const decided = decideAttempt(result, {
      attempt,
      schedule: deps.webhooks.retrySchedule,
      failuresInARow: endpoint.failures,
      disableAfterFailures: deps.webhooks.disableAfterFailures,
      random: Math.random(),
      now: Date.now(),
    });
    const finished = decided.next !== 'retry';
    await tx`
      UPDATE webhook_deliveries SET last_status = ${lastStatus}, last_error = ${lastError},
        status = ${decided.next === 'delivered' ? 'delivered' : finished ? 'failed' : 'pending'},
        finished_at = ${finished ? new Date() : null},
        next_attempt_at = ${decided.next === 'retry' ? new Date(Date.now() + decided.delayMs) : null}
      WHERE id = ${row.delivery_id}`;
    if (decided.next === 'disable')
      await disableEndpoint(tx, row, decided.reason, endpoint.failures, lastStatus);
    return decided;
  });
  deps.log.info(
    {
      event: 'webhook_attempt',
      deliveryId: row.delivery_id,
      endpointId: row.id,
      webhookId: row.event_id,
      attempt,
      status: lastStatus,
      error: lastError,
      next: decision.next,
    },
    `webhook attempt ${attempt}: ${decision.next}`,
  );
  return outcomeOf(decision, row, attempt);
}

function outcomeOf(
  decision: ReturnType<typeof decideAttempt> | { next: 'gone' },
  row: DeliveryRow,
  attempt: number,
): DeliveryOutcome {
  switch (decision.next) {
    case 'delivered':
      return 'delivered';
    case 'give_up':
      return 'failed';
    case 'disable':
      return 'endpoint_disabled';
    case 'gone':
      return 'endpoint_gone';
    case 'retry':
      // the schedule's wait, not the retry policy's: Temporal honours nextRetryDelay
      throw ApplicationFailure.create({
        type: CODE.WEBHOOK_DELIVERY_FAILED,
        message: `delivery ${row.delivery_id}: attempt ${attempt} was not accepted`,
        nextRetryDelay: decision.delayMs,
      });
  }
}

async function disableEndpoint(
  tx: Queryable,
  row: DeliveryRow,
  reason: 'gone' | 'failing',
  failures: number,
  lastStatus: number | null,
): Promise<void> {
  await tx`UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = ${reason}
    WHERE id = ${row.id} AND disabled_at IS NULL`;
  await logActivity(tx, {
    workspaceId: row.workspace_id,
    connectionId: null,
    event: 'connector_webhook_disabled',
    context: { endpointId: row.id, reason, failuresInARow: failures, lastStatus },
  });
}
