import { checkPropertyConflicts } from '../../domain/conflicts/conflict-writes.js';
import { learnListingNames } from '../../domain/properties/listing-name-writes.js';
import type { ActivityDeps } from '../deps.js';

export interface CheckNewFactsResult {
  /** Facts read (less than a batch in the last call: none left). */
  read: number;
  /** Properties checked. */
  checked: number;
  opened: number;
  resolved: number;
}

const BATCH = 1000;

/**
 * The conflict check of what a sync wrote: the connection's facts not read since they were written
 * or their match last changed. A batch at a time, their listing names are recorded (and tied to the
 * property an earlier match established) and the properties they belong to are marked stale, in
 * the transaction that marks the facts read; then every stale property of the workspace is checked
 * once, which clears the mark. A retry reads nothing twice and finds the marks still there: checking
 * twice opens nothing twice. Runs in the enrichment loop right after matching, so a confirmation
 * e-mail meets the other channels' calendars seconds after it was archived (mail_overlaps_calendar,
 * the early warning).
 */
export function checkNewFacts(deps: Pick<ActivityDeps, 'sql' | 'conflicts'>) {
  return async (input: { connectionId: string }): Promise<CheckNewFactsResult> => {
    const result: CheckNewFactsResult = { read: 0, checked: 0, opened: 0, resolved: 0 };
    // a workspace with no property has nothing to compare: one statement reads all. Its workspace
    // row is shared-locked first, so a property being created (createProperty, which reads the
    // mail again) commits before the check looks or waits until its marks are committed
    const first = await deps.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM workspaces w JOIN connections c ON c.workspace_id = w.id
        WHERE c.id = ${input.connectionId} FOR SHARE OF w`;
      const [row] = await tx<{ hasProperties: boolean; read: number }[]>`
        WITH has AS (
          SELECT EXISTS (SELECT 1 FROM properties p JOIN connections c ON c.workspace_id = p.workspace_id
            WHERE c.id = ${input.connectionId}) AS yes
        ), done AS (
          UPDATE reservation_facts SET conflicts_checked = true
          WHERE connection_id = ${input.connectionId} AND NOT conflicts_checked AND NOT (SELECT yes FROM has)
          RETURNING 1
        )
        SELECT (SELECT yes FROM has) AS "hasProperties", (SELECT count(*) FROM done)::int AS read`;
      return row!;
    });
    if (!first.hasProperties) return { ...result, read: first.read };
    for (;;) {
      const read = await deps.sql.begin(async (tx) => {
        const facts = await tx<{ id: string }[]>`
          SELECT id FROM reservation_facts
          WHERE connection_id = ${input.connectionId} AND NOT conflicts_checked
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        if (facts.length === 0) return 0;
        const propertyOf = await learnListingNames(
          tx,
          facts.map((f) => f.id),
        );
        const touched = [...new Set(propertyOf.values())];
        if (touched.length > 0)
          await tx`UPDATE properties SET conflicts_stale = true
            WHERE id = ANY(${touched}::uuid[]) AND NOT conflicts_stale`;
        return facts.length;
      });
      result.read += read;
      if (read < BATCH) break;
    }
    await deps.sql.begin(async (tx) => {
      const stale = await tx<{ id: string; workspace_id: string }[]>`
        SELECT p.id, p.workspace_id FROM properties p
        WHERE p.workspace_id = (SELECT workspace_id FROM connections WHERE id = ${input.connectionId})
          AND p.conflicts_stale`;
      if (stale.length === 0) return;
      const checked = await checkPropertyConflicts(tx, {
        workspaceId: stale[0]!.workspace_id,
        propertyIds: stale.map((p) => p.id),
        settings: deps.conflicts,
      });
      result.checked = stale.length;
      result.opened = checked.opened.length;
      result.resolved = checked.resolved.length;
    });
    return result;
  };
}
