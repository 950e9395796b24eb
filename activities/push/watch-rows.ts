import type { PushState } from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';

/** What Postgres keeps of a watch (`pending`, `silent` and `expired` are the workflow's and readers' words). */
export type StoredPushState = Extract<PushState, 'off' | 'watching' | 'failed' | 'stopped'>;

/**
 * The labels one watch of this connection's mailbox must name: Gmail keeps one watch per mailbox,
 * and a new call replaces the old one, so it names the label of every connected connection of the
 * mailbox (any workspace), sorted. `without` leaves this connection's own label out (disconnect).
 */
export async function mailboxLabelIds(
  sql: Sql,
  connectionId: string,
  opts: { without: boolean },
): Promise<string[]> {
  const rows = await sql<{ gmail_label_id: string }[]>`
    SELECT DISTINCT other.gmail_label_id FROM connections me
    JOIN connections other ON lower(other.gmail_address) = lower(me.gmail_address)
    WHERE me.id = ${connectionId} AND other.gmail_status = 'connected' AND other.gmail_label_id IS NOT NULL
      ${opts.without ? sql`AND other.id <> me.id` : sql``}
    ORDER BY other.gmail_label_id`;
  return rows.map((r) => r.gmail_label_id);
}

export async function recordPushState(
  sql: Sql,
  connectionId: string,
  state: StoredPushState,
  watchExpiresAt: Date | null,
): Promise<void> {
  // a daily `off` (no topic) writes nothing: the row already says so
  await sql`UPDATE connections SET push_state = ${state}, watch_expires_at = ${watchExpiresAt}
    WHERE id = ${connectionId}
      AND (push_state IS DISTINCT FROM ${state} OR watch_expires_at IS DISTINCT FROM ${watchExpiresAt})`;
}
