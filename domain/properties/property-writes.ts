import type { Queryable } from '../../db/client.js';

/**
 * Creates a property. A workspace without one has nothing to compare, so the conflict check of its
 * mail only marks the facts read (checkNewFacts); the first property makes the mail about stays
 * not yet over unread again, so the next enrichment records its listing names. The workspace row is
 * held (FOR NO KEY UPDATE, which foreign keys' FOR KEY SHARE does not wait for) while that happens:
 * a check that read "no property" and is still marking facts finishes first, or sees the property.
 */
export async function createProperty(tx: Queryable, workspaceId: string, name: string): Promise<string> {
  await tx`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR NO KEY UPDATE`;
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO properties (workspace_id, name) VALUES (${workspaceId}, ${name}) RETURNING id`;
  await tx`
    UPDATE reservation_facts SET conflicts_checked = false
    WHERE workspace_id = ${workspaceId} AND conflicts_checked AND listing_name_id IS NULL
      AND listing_name IS NOT NULL AND (check_out IS NULL OR check_out >= current_date)`;
  return row!.id;
}
