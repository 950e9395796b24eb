import { describe, expect, it } from 'vitest';
import { PARSER_VERSION } from '../../activities/extract/index.js';
import { reprocessWorkflowId, statusQuery } from '../../contracts/workflows.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack((s) => {
  stack = s;
});

describe('reprocess', () => {
  it('re-extracts the archive with the current parser without asking Gmail', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Reprocess' });
    await deliver(stack, conn.label, [
      airbnbConfirmation(900, 'Ada Lovelace'),
      airbnbConfirmation(901, 'Alan Turing'),
    ]);
    const handle = await startConnectionWorkflow(stack, conn);
    await expect
      .poll(async () => (await handle.query(statusQuery)).lastRun?.status, { timeout: 60_000 })
      .toBe('completed');

    // what an older parser left behind: one fact misread, one message never understood
    await stack.sql`UPDATE reservation_facts SET guest_name = 'Ada L', parser_version = '0.9.0'
      WHERE connection_id = ${conn.connectionId} AND guest_name = 'Ada Lovelace'`;
    await stack.sql`DELETE FROM reservation_facts WHERE connection_id = ${conn.connectionId} AND guest_name = 'Alan Turing'`;

    const since = Date.now();
    const result = await stack.client.workflow.execute('reprocessWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: reprocessWorkflowId(conn.connectionId, since),
      args: [{ connectionId: conn.connectionId, workspaceId: conn.workspaceId }],
    });
    expect(result).toMatchObject({ emailsScanned: 2, factsExtracted: 2, factsChanged: 2 });

    const facts = await stack.sql`SELECT guest_name, parser_version, match_status FROM reservation_facts
      WHERE connection_id = ${conn.connectionId} ORDER BY guest_name`;
    expect(facts.map((f) => [f.guest_name, f.parser_version])).toEqual([
      ['Ada Lovelace', PARSER_VERSION],
      ['Alan Turing', PARSER_VERSION],
    ]);
    expect(facts.every((f) => f.match_status !== 'pending')).toBe(true);
    expect(stack.emulator.faults.calls({ since }).filter((c) => c.kind !== 'other')).toEqual([]);
    const runs = await stack.sql`SELECT trigger, status, emails_scanned FROM sync_runs
      WHERE connection_id = ${conn.connectionId} ORDER BY started_at`;
    expect(runs.at(-1)).toEqual({ trigger: 'reprocess', status: 'completed', emails_scanned: 2 });
    await handle.terminate();
  });
});
