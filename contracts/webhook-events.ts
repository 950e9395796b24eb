/**
 * What the host's own systems are told (Standard Webhooks, docs/webhooks.md): every event type once.
 * An endpoint subscribes to some of them; the outbox (`webhook_events`) records each one in the
 * same transaction as the change it reports. Pure data, like `errors.ts` beside it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'booking.enriched',
  'review_item.opened',
  'review_item.resolved',
  'conflict.opened',
  'conflict.resolved',
  'connection.needs_reauth',
  'connection.sync_failed',
  'message.unrecognized',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * A thin payload: ids and where to read the rest through the API, never mail text or guest data,
 * so an event that reaches the wrong hands says little and the receiver always reads the current
 * state.
 */
export type WebhookEventData = Record<string, string | number | boolean | null>;
