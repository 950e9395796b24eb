import type { InsertInput, Store } from '@emulators/core';
import type { GoogleHistoryEvent, GoogleStore } from '@emulators/google';
import { type MailboxWatch, type PushTarget, watchesOf } from './watch-routes.js';

/** Does a change to a message with these labels concern the watch? */
function concerns(watch: MailboxWatch, labelIds: readonly string[]): boolean {
  if (watch.labelIds.length === 0) return true;
  const named = labelIds.some((id) => watch.labelIds.includes(id));
  return watch.labelFilterBehavior === 'include' ? named : !named;
}

/**
 * Gmail's side of push: every change the store records (a message inserted, imported, labelled,
 * unlabelled or deleted through the Gmail API is a history event) that concerns a live watch is
 * published to the watch's topic as `{emailAddress, historyId}` — once per history id, after the
 * change is stored, so a listing from the notification finds it. A failed publish is dropped, as
 * Gmail drops what it cannot deliver: polling is the safety net.
 */
export function publishWatchedChanges(store: Store, gs: GoogleStore, target: PushTarget): void {
  const insert = gs.history.insert.bind(gs.history);
  type Batch = Map<string, { emailAddress: string; topic: string }>;
  let batch: Batch | null = null;
  gs.history.insert = (data: InsertInput<GoogleHistoryEvent>) => {
    const event = insert(data);
    const watch = watchesOf(store)[event.user_email];
    if (!watch || Number(watch.expiration) <= Date.now() || !concerns(watch, event.label_ids)) return event;
    if (!batch) {
      const current: Batch = new Map();
      batch = current;
      // one change records several events under one id: publish once, when it is all stored
      queueMicrotask(() => {
        batch = null;
        for (const [historyId, { emailAddress, topic }] of current)
          publish(target, topic, { emailAddress, historyId });
      });
    }
    batch.set(event.gmail_id, { emailAddress: event.user_email, topic: watch.topicName });
    return event;
  };
}

function publish(
  target: PushTarget,
  topic: string,
  notification: { emailAddress: string; historyId: string },
) {
  const publisher = target.publisher;
  if (!publisher || publisher.topic !== topic) return;
  publisher.publish(notification).catch((err: unknown) => {
    console.error('[gmail-emulator] push notification dropped:', err instanceof Error ? err.message : err);
  });
}
