import type { GmailCall } from './call-gmail.js';
import type { Gmail } from './client.js';

/** What Gmail answered a watch with: the mailbox's history id then, and when the watch lapses. */
export interface MailboxWatch {
  historyId: string | null;
  expiresAt: Date;
}

/**
 * `users.watch`, scoped to labels (`labelFilterBehavior: include`): Gmail publishes
 * `{emailAddress, historyId}` to the topic whenever a message with one of them changes. One watch
 * per mailbox: a second call replaces the first, so `labelIds` must name every label the mailbox's
 * connections read (activities/push/mailbox-labels.ts).
 */
export async function watchMailbox(
  call: GmailCall,
  gmail: Gmail,
  opts: { topicName: string; labelIds: string[] },
): Promise<MailboxWatch> {
  const res = await call('watch', () =>
    gmail.users.watch({
      userId: 'me',
      requestBody: { topicName: opts.topicName, labelIds: opts.labelIds, labelFilterBehavior: 'include' },
    }),
  );
  const expiration = Number(res.data.expiration);
  if (!Number.isFinite(expiration))
    throw new Error(`users.watch answered no expiration: ${res.data.expiration}`);
  return { historyId: res.data.historyId ?? null, expiresAt: new Date(expiration) };
}

/** `users.stop`: no more notifications for this mailbox. */
export async function stopMailboxWatch(call: GmailCall, gmail: Gmail): Promise<void> {
  await call('stop', () => gmail.users.stop({ userId: 'me' }));
}
