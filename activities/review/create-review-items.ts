import type { ActivityDeps } from '../deps.js';

export interface CreateReviewItemsInput {
  connectionId: string;
}

/**
 * One review item per fact the matcher left for a person. Unique per fact: a second run, or a run
 * racing this one, creates nothing more.
 */
export function createReviewItems({ sql }: Pick<ActivityDeps, 'sql'>) {
  return async (input: CreateReviewItemsInput): Promise<{ created: number }> => {
    const rows = await sql`
      INSERT INTO enrichment_review_items (workspace_id, connection_id, fact_id, reason, candidates)
      SELECT f.workspace_id, f.connection_id, f.id, f.match_reason, f.match_candidates
      FROM reservation_facts f
      WHERE f.connection_id = ${input.connectionId}
        AND f.match_status = 'review'
        AND f.match_reason IN ('no_match', 'ambiguous', 'change_request', 'low_confidence')
        AND NOT EXISTS (SELECT 1 FROM enrichment_review_items i WHERE i.fact_id = f.id)
      ORDER BY f.created_at
      ON CONFLICT (fact_id) DO NOTHING
      RETURNING id`;
    return { created: rows.length };
  };
}
