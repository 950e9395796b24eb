import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../contracts/workflows.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack((s) => {
  stack = s;
});

describe('end to end', () => {
  it('three e-mails in the emulator → connection workflow → three rows in gmail_messages', async () => {
    const conn = await createConnectedConnection(stack);
    await deliver(stack, conn.label, [airbnbConfirmation(), airbnbConfirmation(), airbnbConfirmation()]);
    const handle = await startConnectionWorkflow(stack, conn);
    await expect
      .poll(async () => (await handle.query(statusQuery)).lastRun?.status, { timeout: 60_000, interval: 250 })
      .toBe('completed');
    const rows = await stack.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.connectionId}`;
    expect(rows[0]!.n).toBe(3);
    const status = await handle.query(statusQuery);
    expect(status.lastRun).toMatchObject({ emailsScanned: 3, emailsArchived: 3, duplicatesSkipped: 0 });
    expect(status.state).toBe('idle');
    // each fact's evidence is stored as a JSON object of fields, not as a string holding JSON
    const evidence = await stack.sql<{ kind: string; fields: string[] }[]>`
      SELECT jsonb_typeof(evidence) AS kind,
             CASE WHEN jsonb_typeof(evidence) = 'object' THEN ARRAY(SELECT jsonb_object_keys(evidence)) END AS fields
      FROM reservation_facts WHERE connection_id = ${conn.connectionId}`;
    expect(evidence).toHaveLength(3);
    for (const row of evidence) {
      expect(row.kind).toBe('object');
      expect(row.fields).toContain('confirmationCode');
    }
    await handle.terminate();
  });
});
