import { z } from '@hono/zod-openapi';
import { PUSH_STATES, type PushStatus } from '../contracts/workflows.js';
import type { ConnectionRow } from '../domain/connection-row.js';
import { iso, Timestamp } from './schemas.js';

export const PushStatusField = z
  .object({
    state: z.enum(PUSH_STATES).openapi({
      description:
        'watching: Gmail push is healthy and polling slows down; off: push is not configured; pending: ' +
        'the first watch call has not answered; silent: a poll found mail no notification announced; ' +
        'failed: the last watch call failed; expired: the watch lapsed; stopped: disconnected',
    }),
    watchExpiresAt: Timestamp.nullable().openapi({
      description: 'when the Gmail watch lapses unless renewed (daily)',
    }),
    lastNotificationAt: Timestamp.nullable(),
  })
  .openapi('PushStatus');

/** The push status as Postgres knows it (the workflow's answer adds `pending` and `silent`). */
export function pushStatusOf(
  row: Pick<ConnectionRow, 'push_state' | 'watch_expires_at' | 'last_push_at' | 'gmail_status'>,
  now: Date = new Date(),
): PushStatus {
  const lapsed = row.push_state === 'watching' && (row.watch_expires_at ?? now) <= now;
  const state = row.gmail_status === 'revoked' && row.push_state !== 'off' ? 'stopped' : row.push_state;
  return {
    state: lapsed ? 'expired' : state,
    watchExpiresAt: iso(row.watch_expires_at),
    lastNotificationAt: iso(row.last_push_at),
  };
}
