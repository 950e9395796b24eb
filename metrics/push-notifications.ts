import type { Registry } from 'prom-client';
import type { Sql } from '../db/client.js';
import { seriesOn } from './series.js';

/** What became of a push the API received. */
export const PUSH_OUTCOMES = [
  'accepted',
  'duplicate',
  'unknown_mailbox',
  'unauthorized',
  'malformed',
] as const;
export type PushOutcome = (typeof PUSH_OUTCOMES)[number];

/**
 * Gmail push notifications by outcome: `accepted` (passed to the mailbox's connections),
 * `duplicate` (a Pub/Sub redelivery of a message already handled), `unknown_mailbox` (no connected
 * connection reads it: acknowledged, nothing started), `unauthorized` (401) and `malformed` (400).
 */
export function pushNotificationMetrics(registry: Registry) {
  const notifications = seriesOn(registry).counter(
    'connections_push_notifications_total',
    'Gmail push notifications received, by outcome',
    ['outcome'],
  );
  for (const outcome of PUSH_OUTCOMES) notifications.inc({ outcome }, 0);
  return {
    record(outcome: PushOutcome): void {
      notifications.inc({ outcome });
    },
  };
}
export type PushNotificationMetrics = ReturnType<typeof pushNotificationMetrics>;

/**
 * Seconds until each watched mailbox's watch lapses, read from Postgres when scraped, for the
 * connections whose watch expires soonest (at most `seriesMax`): a renewal that keeps failing shows
 * here days before notifications stop (alert GmailWatchExpiring). A lapsed watch is negative.
 */
export function watchExpiryGauge(registry: Registry, sql: Sql, opts: { seriesMax: number }) {
  seriesOn(registry).gaugeOnScrape(
    'connections_watch_expiry_seconds',
    'Seconds until the Gmail watch of a connection lapses (the soonest ones only)',
    ['connection_id'],
    async (gauge) => {
      const rows = await sql<{ id: string; seconds: number }[]>`
        SELECT id, extract(epoch FROM watch_expires_at - now())::float8 AS seconds FROM connections
        WHERE push_state = 'watching' AND gmail_status = 'connected' AND watch_expires_at IS NOT NULL
        ORDER BY watch_expires_at LIMIT ${opts.seriesMax}`;
      gauge.reset();
      for (const row of rows) gauge.set({ connection_id: row.id }, Math.round(row.seconds));
    },
  );
}
