import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { type ConnectionStatus, statusQuery } from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';

/** Polls the connection workflow's status until `ok` holds; resolves with the status that did. */
export async function untilStatus(
  handle: WorkflowHandle,
  ok: (s: ConnectionStatus) => boolean,
  timeout = 60_000,
): Promise<ConnectionStatus> {
  let last: ConnectionStatus | undefined;
  await expect
    .poll(
      async () => {
        last = await handle.query(statusQuery);
        return ok(last);
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return last!;
}

/** Every message of `ids` is in the connection's archive, and each exactly once. */
export async function expectArchivedOnce(sql: Sql, connectionId: string, ids: string[]): Promise<void> {
  const rows = await sql<{ gmail_message_id: string; n: number }[]>`
    SELECT gmail_message_id, count(*)::int AS n FROM gmail_messages
    WHERE connection_id = ${connectionId} GROUP BY 1`;
  expect(rows.map((r) => r.gmail_message_id).sort()).toEqual([...ids].sort());
  expect(rows.every((r) => r.n === 1)).toBe(true);
}
