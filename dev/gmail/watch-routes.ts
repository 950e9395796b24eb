import type { AppEnv, Store } from '@emulators/core';
import type { GoogleStore } from '@emulators/google';
import type { Hono } from 'hono';
import { invalidArgumentResponse } from './gmail-errors.js';
import { mailboxOf } from './gmail-user.js';
import type { HistoryClock } from './history-ids.js';
import type { PushPublisher } from './push-publisher.js';

/** One mailbox's watch, as `users.watch` set it. */
export interface MailboxWatch {
  topicName: string;
  labelIds: string[];
  labelFilterBehavior: 'include' | 'exclude';
  /** epoch ms, as a decimal string (Gmail's format) */
  expiration: string;
}

/** Gmail's watches last 7 days unless renewed. */
export const WATCH_LIFETIME_MS = 7 * 24 * 3_600_000;
const WATCHES_KEY = 'connections.gmail.watches';

/** The watches by mailbox, kept in the store's data (so the dev state file keeps them too). */
export function watchesOf(store: Store): Record<string, MailboxWatch> {
  let watches = store.getData<Record<string, MailboxWatch>>(WATCHES_KEY);
  if (!watches) {
    watches = {};
    store.setData(WATCHES_KEY, watches);
  }
  return watches;
}

/** The publisher the emulator's watches publish through; none until the stack gives it one. */
export interface PushTarget {
  publisher: PushPublisher | null;
}

/**
 * `users.watch` and `users.stop` as Gmail has them (the plugin's keep no label filter and expire in
 * a day): one watch per mailbox, a new call replacing it; the topic must be one the emulator can
 * publish to (Gmail checks its publish right); labels must exist; it answers the mailbox's history
 * id and an expiration 7 days out.
 */
export function registerWatchRoutes(
  app: Hono<AppEnv>,
  store: Store,
  gs: GoogleStore,
  clock: HistoryClock,
  target: PushTarget,
): void {
  app.post('/gmail/v1/users/:userId/watch', async (c) => {
    const email = mailboxOf(c);
    if (typeof email !== 'string') return email;
    const body = (await c.req.json().catch(() => ({}))) as Partial<Record<string, unknown>>;
    const topicName = typeof body.topicName === 'string' ? body.topicName : '';
    if (!topicName || topicName !== target.publisher?.topic)
      return invalidArgumentResponse(
        `Invalid topicName: no topic ${topicName || '(none)'} this emulator can publish to`,
      );
    const labelIds = Array.isArray(body.labelIds) ? body.labelIds.filter((l) => typeof l === 'string') : [];
    const known = new Set(gs.labels.findBy('user_email', email).map((l) => l.gmail_id));
    const unknown = labelIds.filter((id) => !known.has(id) && !/^[A-Z_]+$/.test(id));
    if (unknown.length > 0) return invalidArgumentResponse(`Invalid label ids: ${unknown.join(', ')}`);
    const behavior = String(body.labelFilterBehavior ?? body.labelFilterAction ?? 'include').toLowerCase();
    if (behavior !== 'include' && behavior !== 'exclude')
      return invalidArgumentResponse('Invalid labelFilterBehavior');
    const expiration = String(Date.now() + WATCH_LIFETIME_MS);
    watchesOf(store)[email] = { topicName, labelIds, labelFilterBehavior: behavior, expiration };
    return c.json({ historyId: clock.current(), expiration });
  });
  app.post('/gmail/v1/users/:userId/stop', (c) => {
    const email = mailboxOf(c);
    if (typeof email !== 'string') return email;
    delete watchesOf(store)[email];
    return c.body(null, 204);
  });
}
