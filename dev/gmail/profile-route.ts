import type { AppEnv } from '@emulators/core';
import type { GoogleStore } from '@emulators/google';
import type { Hono } from 'hono';
import { mailboxOf } from './gmail-user.js';
import type { HistoryClock } from './history-ids.js';

/** users.getProfile, which @emulators/google 0.4.1 does not serve. */
export function registerProfileRoute(app: Hono<AppEnv>, gs: GoogleStore, clock: HistoryClock): void {
  app.get('/gmail/v1/users/:userId/profile', (c) => {
    const email = mailboxOf(c);
    // not instanceof: @hono/node-server swaps the global Response, so an error made here may fail it
    if (typeof email !== 'string') return email;
    const messages = gs.messages.findBy('user_email', email);
    return c.json({
      emailAddress: email,
      messagesTotal: messages.length,
      threadsTotal: new Set(messages.map((m) => m.thread_id)).size,
      historyId: clock.current(),
    });
  });
}
