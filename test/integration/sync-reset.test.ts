/**
 * The way out for a sync run that a new release cannot replay (docs/decisions.md, "One sync path"):
 * reset it to its first workflow task, so it starts over on the new code. That is safe because every
 * step of a sync is idempotent (the run row is keyed by workflow id, the archive inserts ON CONFLICT
 * DO NOTHING, the cursor only moves with archived mail), and the parent connection hears the reset
 * run's result as the run's own. This test resets a run mid-label and checks exactly that.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { expect, it } from 'vitest';
import { statusQuery } from '../../contracts/workflows.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { confirmations } from '../../testing/mail.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack((s) => {
  stack = s;
});

it('a sync reset to its first workflow task finishes the label, and its connection records one run', async () => {
  const conn = await createConnectedConnection(stack, { label: 'ResetMidRun' });
  const ids = await deliver(stack, conn.label, confirmations(8));
  stack.emulator.faults.latency(300, ['messages.get']);
  try {
    const handle = await startConnectionWorkflow(stack, conn, { pageSize: 2 });
    await expect
      .poll(async () => (await handle.query(statusQuery)).currentRun?.pagesDone ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    const syncId = `sync-${conn.connectionId}-1`;
    const { events } = await stack.client.workflow.getHandle(syncId).fetchHistory();
    const firstTask = events!.find(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    )!;
    const [archivedBefore] = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.connectionId}`;
    expect(archivedBefore!.n).toBeGreaterThan(0);
    expect(archivedBefore!.n).toBeLessThan(8);

    await stack.client.workflowService.resetWorkflowExecution({
      namespace: stack.client.options.namespace,
      workflowExecution: { workflowId: syncId },
      workflowTaskFinishEventId: firstTask.eventId,
      reason: 'sync-reset.test.ts',
      requestId: randomUUID(),
    });
    stack.emulator.faults.clear();

    await expect
      .poll(async () => (await handle.query(statusQuery)).lastRun?.status, { timeout: 60_000 })
      .toBe('completed');
    const status = await handle.query(statusQuery);
    expect(status.runCount).toBe(1);
    expect(status.lastRun).toMatchObject({ workflowId: syncId, status: 'completed', emailsScanned: 8 });
    // what the run did before the reset is found archived: duplicates of the reset run, never twice
    expect(status.lastRun!.emailsArchived + status.lastRun!.duplicatesSkipped).toBe(8);
    const archived = await stack.sql<{ gmail_message_id: string }[]>`
      SELECT gmail_message_id FROM gmail_messages WHERE connection_id = ${conn.connectionId} ORDER BY 1`;
    expect(archived.map((r) => r.gmail_message_id)).toEqual([...ids].sort());
    const runs = await stack.sql`
      SELECT workflow_id, status, emails_scanned, emails_archived FROM sync_runs WHERE connection_id = ${conn.connectionId}`;
    expect(runs).toEqual([
      {
        workflow_id: syncId,
        status: 'completed',
        emails_scanned: 8,
        emails_archived: status.lastRun!.emailsArchived,
      },
    ]);
    await handle.terminate();
  } finally {
    stack.emulator.faults.clear();
  }
});
