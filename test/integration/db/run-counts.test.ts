import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { countArchivedBatch } from '../../../domain/runs/run-counts.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { createTenant } from '../match/fixtures.js';

useTestSql();

it("adds a batch to a running run's counts, and nothing to a closed one (an orphaned attempt after a reset)", async () => {
  const { workspaceId, connectionId } = await createTenant(sql);
  const [run] = await sql<{ id: string }[]>`
    INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
    VALUES (${workspaceId}, ${connectionId}, ${`sync-${randomUUID()}`}, 'manual', 'full') RETURNING id`;
  const counts = async () =>
    (await sql`SELECT emails_scanned, emails_archived FROM sync_runs WHERE id = ${run!.id}`)[0];

  await countArchivedBatch(sql, { runId: run!.id, mode: 'full', scanned: 2, archived: 2 });
  expect(await counts()).toEqual({ emails_scanned: 2, emails_archived: 2 });

  await sql`UPDATE sync_runs SET status = 'completed', emails_scanned = 8, emails_archived = 6 WHERE id = ${run!.id}`;
  await countArchivedBatch(sql, { runId: run!.id, mode: 'full', scanned: 2, archived: 0 });
  expect(await counts()).toEqual({ emails_scanned: 8, emails_archived: 6 });
});
