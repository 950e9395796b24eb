import type postgres from 'postgres';
import { channelFeedPairs } from '../../domain/matching/channel-feeds.js';

/**
 * After a feed import: the workspace's facts that matched nothing go back to pending when a booking
 * now has their code or exactly their dates in a feed that can hold their channel
 * (domain/matching/channel-feeds.ts; the e-mail came before the feed showed the stay). The
 * next matchFacts run of each returned connection decides them again and closes their open review
 * item. Facts whose item a person already resolved or dismissed are left alone. importFeed calls it
 * in its own transaction, so the next sync of those connections picks the facts up.
 */
export async function requeueUnmatchedFacts(
  sql: postgres.ISql,
  input: { workspaceId: string },
): Promise<{ requeued: number; connectionIds: string[] }> {
  const { channels, feeds } = channelFeedPairs();
  const rows = await sql<{ connectionId: string }[]>`
    UPDATE reservation_facts f SET match_status = 'pending'
    WHERE f.workspace_id = ${input.workspaceId}
      AND f.match_status = 'review' AND f.match_reason = 'no_match'
      AND NOT EXISTS (SELECT 1 FROM enrichment_review_items i WHERE i.fact_id = f.id AND i.status <> 'open')
      AND EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.workspace_id = f.workspace_id AND b.status <> 'blocked'
          AND (
            upper(b.confirmation_code) = upper(trim(f.confirmation_code))
            OR ((f.platform, b.platform) IN (SELECT * FROM unnest(${channels}::text[], ${feeds}::text[]))
                AND b.check_in = f.check_in AND b.check_out = f.check_out
                AND (b.status = 'confirmed' OR f.kind = 'cancelled')
                AND (f.confirmation_code IS NULL OR b.confirmation_code IS NULL))
          )
      )
    RETURNING f.connection_id AS "connectionId"`;
  return { requeued: rows.length, connectionIds: [...new Set(rows.map((row) => row.connectionId))] };
}
