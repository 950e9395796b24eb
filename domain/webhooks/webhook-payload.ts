import type { WebhookEventData, WebhookEventType } from '../../contracts/webhook-events.js';

/** An outbox row as the delivery reads it. */
export interface RecordedEvent {
  id: string;
  type: WebhookEventType;
  data: WebhookEventData;
  createdAt: Date;
}

const id = (data: WebhookEventData, key: string) => encodeURIComponent(String(data[key] ?? ''));

/**
 * Where the receiver reads the current state of what an event is about, through the API (the
 * payload is thin on purpose: ids, never guest data). One pattern per type; unrecognised mail
 * links to its list.
 */
const LINKS: Record<WebhookEventType, (data: WebhookEventData) => string> = {
  'booking.enriched': (d) => `/api/bookings/${id(d, 'bookingId')}`,
  'review_item.opened': (d) => `/api/review-items/${id(d, 'reviewItemId')}`,
  'review_item.resolved': (d) => `/api/review-items/${id(d, 'reviewItemId')}`,
  'conflict.opened': (d) => `/api/conflicts/${id(d, 'conflictId')}`,
  'conflict.resolved': (d) => `/api/conflicts/${id(d, 'conflictId')}`,
  'connection.needs_reauth': (d) => `/api/connections/${id(d, 'connectionId')}`,
  'connection.sync_failed': (d) => `/api/connections/${id(d, 'connectionId')}/runs`,
  'message.unrecognized': (d) => `/api/connections/${id(d, 'connectionId')}/messages?flagged=true`,
};

/**
 * The body every attempt of an event sends, byte for byte the same each time (what is signed):
 * `{id, type, timestamp, data}` as the Standard Webhooks payload structure has it, `timestamp`
 * when the event happened (not when it is sent), `data` the recorded ids plus `url`, the API link.
 */
export function webhookBody(event: RecordedEvent, publicUrl: string): string {
  const url = new URL(LINKS[event.type](event.data), publicUrl).toString();
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: { ...event.data, url },
  });
}
