import { checkPropertyConflicts } from '../../domain/conflicts/conflict-writes.js';
import { learnListingNames } from '../../domain/properties/listing-name-writes.js';
import type { ActivityDeps } from '../deps.js';

export interface CheckNewFactsResult {
  /** Facts checked in this call (less than the batch: none left). */
  checked: number;
  opened: number;
  resolved: number;
}

const BATCH = 500;

/**
 * The conflict check of what a sync wrote: the connection's facts not checked since they were
 * written or their match last changed. Their listing names are recorded (and tied to the property
 * an earlier match established), then every property they belong to is checked, in the same
 * transaction that marks them checked: a retry checks them again, and checking twice opens nothing
 * twice. Runs in the enrichment loop right after matching, so a confirmation e-mail meets the
 * other channels' calendars seconds after it was archived (mail_overlaps_calendar, the early warning).
 */
export function checkNewFacts(deps: Pick<ActivityDeps, 'sql' | 'conflicts'>) {
  return async (input: { connectionId: string }): Promise<CheckNewFactsResult> => {
    const total: CheckNewFactsResult = { checked: 0, opened: 0, resolved: 0 };
    for (;;) {
      const batch = await deps.sql.begin(async (tx) => {
        const facts = await tx<{ id: string; workspace_id: string }[]>`
          SELECT id, workspace_id FROM reservation_facts
          WHERE connection_id = ${input.connectionId} AND NOT conflicts_checked
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        if (facts.length === 0) return { checked: 0, opened: 0, resolved: 0 };
        const propertyOf = await learnListingNames(
          tx,
          facts.map((f) => f.id),
        );
        const checked = await checkPropertyConflicts(tx, {
          workspaceId: facts[0]!.workspace_id,
          propertyIds: propertyOf.values(),
          settings: deps.conflicts,
        });
        await tx`UPDATE reservation_facts SET conflicts_checked = true WHERE id = ANY(${facts.map((f) => f.id)}::uuid[])`;
        return { checked: facts.length, opened: checked.opened.length, resolved: checked.resolved.length };
      });
      total.checked += batch.checked;
      total.opened += batch.opened;
      total.resolved += batch.resolved;
      if (batch.checked < BATCH) return total;
    }
  };
}
