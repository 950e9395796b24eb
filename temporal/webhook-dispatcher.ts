import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger.js';
import { WorkspaceId } from '../contracts/search-attributes.js';
import {
  deliveriesQueuedSignal,
  WEBHOOK_ENDPOINT_WORKFLOW_TYPE,
  type WebhookEndpointInput,
  webhookEndpointWorkflowId,
} from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import { WEBHOOK_WAKE_CHANNEL } from '../domain/events/record-event.js';

export interface WebhookDispatcherOptions {
  sql: Sql;
  client: Client;
  taskQueue: string;
  log: Logger;
  /** How often the outbox is scanned for deliveries nobody woke (`WEBHOOK_SWEEP_SECONDS`); 0: never. */
  sweepEveryMs: number;
  /** A first attempt this late is one nobody is sending (default 10 s). */
  staleAfterMs?: number;
}

export interface WebhookDispatcher {
  /** Scans the outbox now (the worker does at start, then every `sweepEveryMs`). Returns endpoints woken. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

interface Wake {
  endpointId: string;
  workspaceId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Between the outbox and the endpoint workflows, in every worker process. `recordEvents` notifies
 * `webhook_deliveries` when the transaction that queued deliveries commits; each notification
 * signals-with-start that endpoint's workflow (`deliveriesQueued`), which reads its queue from
 * Postgres. A notification is lost when no worker listens or Temporal does not answer, so the
 * sweep is the safety net: every endpoint whose oldest pending delivery has not been tried
 * `staleAfterMs` after it was queued is woken again. Waking twice is harmless: the workflow only
 * looks at its queue once more. Several workers all wake the same endpoints, for the same reason.
 */
export async function startWebhookDispatcher(opts: WebhookDispatcherOptions): Promise<WebhookDispatcher> {
  const staleAfterMs = opts.staleAfterMs ?? 10_000;
  const waiting = new Map<string, string>();
  let flushing: Promise<void> | null = null;

  const signal = async ({ endpointId, workspaceId }: Wake) => {
    try {
      await opts.client.workflow.signalWithStart(WEBHOOK_ENDPOINT_WORKFLOW_TYPE, {
        workflowId: webhookEndpointWorkflowId(endpointId),
        taskQueue: opts.taskQueue,
        args: [{ endpointId, workspaceId } satisfies WebhookEndpointInput],
        signal: deliveriesQueuedSignal,
        signalArgs: [],
        typedSearchAttributes: [{ key: WorkspaceId, value: workspaceId }],
      });
    } catch (err) {
      // the sweep wakes it later
      opts.log.warn(
        { event: 'webhook_wake_failed', endpointId, err: (err as Error).message },
        'could not wake a webhook endpoint workflow',
      );
    }
  };
  // a burst of commits wakes each endpoint once: signals already on their way absorb the rest
  const flush = async () => {
    while (waiting.size > 0) {
      const batch = [...waiting].map(([endpointId, workspaceId]) => ({ endpointId, workspaceId }));
      waiting.clear();
      await Promise.all(batch.map(signal));
    }
  };
  const wake = (w: Wake) => {
    waiting.set(w.endpointId, w.workspaceId);
    flushing ??= flush().finally(() => {
      flushing = null;
    });
  };

  const listener = await opts.sql.listen(WEBHOOK_WAKE_CHANNEL, (payload) => {
    const [endpointId, workspaceId] = payload.split(' ');
    if (endpointId && workspaceId && UUID.test(endpointId) && UUID.test(workspaceId))
      wake({ endpointId, workspaceId });
  });

  const sweep = async (): Promise<number> => {
    const stale = await opts.sql<Wake[]>`
      SELECT h.endpoint_id AS "endpointId", h.workspace_id AS "workspaceId"
      FROM webhook_endpoints e
      CROSS JOIN LATERAL (
        SELECT d.endpoint_id, d.workspace_id, d.attempts, d.created_at FROM webhook_deliveries d
        WHERE d.endpoint_id = e.id AND d.status = 'pending' ORDER BY d.seq LIMIT 1
      ) h
      WHERE e.disabled_at IS NULL AND h.attempts = 0
        AND h.created_at < now() - make_interval(secs => ${staleAfterMs / 1000})`;
    for (const w of stale) wake(w);
    await flushing;
    if (stale.length > 0)
      opts.log.info({ event: 'webhook_sweep', woken: stale.length }, 'woke webhook endpoints nobody had');
    return stale.length;
  };
  const sweepQuietly = () =>
    sweep().catch((err: unknown) =>
      opts.log.warn({ event: 'webhook_sweep_failed', err: (err as Error).message }, 'webhook sweep failed'),
    );

  await sweepQuietly();
  const timer = opts.sweepEveryMs > 0 ? setInterval(sweepQuietly, opts.sweepEveryMs) : null;
  timer?.unref();
  return {
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      await listener.unlisten().catch(() => {});
      await flushing;
    },
  };
}
