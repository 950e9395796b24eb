import type { ActivityEntry } from '../api/routes/activity.js';
import type { ActivityEvent } from '../domain/activity-log.js';
import { RESOLUTION_WORDS } from '../domain/conflicts/resolution.js';
import { CONFLICT_KIND_WORDS, isConflictKind, isConflictResolution } from './components/conflict-words.js';
import { plural } from './components/when.js';

type Context = Record<string, unknown>;
const n = (ctx: Context, key: string) => (typeof ctx[key] === 'number' ? (ctx[key] as number) : 0);
const s = (ctx: Context, key: string) => (typeof ctx[key] === 'string' ? (ctx[key] as string) : null);

/** Each event in the words a host would use; the context supplies the numbers. */
const WORDS: Record<ActivityEvent, (ctx: Context) => string> = {
  connector_connect_started: () => 'Gmail connection started',
  connector_connect_succeeded: (ctx) =>
    `Gmail connected${s(ctx, 'gmailAddress') ? ` — ${s(ctx, 'gmailAddress')}` : ''}`,
  connector_connect_failed: (ctx) =>
    `Gmail could not be connected${s(ctx, 'error') ? ` (${s(ctx, 'error')})` : ''}`,
  connector_disconnect_started: () => 'Disconnecting Gmail',
  connector_disconnect_succeeded: () => 'Gmail disconnected',
  connector_disconnect_failed: () => 'Gmail could not be disconnected',
  connector_sync_started: (ctx) =>
    `Gmail sync started (${s(ctx, 'trigger') ?? 'scheduled'}, ${s(ctx, 'mode') ?? 'incremental'})`,
  connector_sync_completed: (ctx) =>
    `Gmail sync completed — ${plural(n(ctx, 'emailsArchived'), 'e-mail')} archived, ${plural(n(ctx, 'bookingsEnriched'), 'booking')} enriched`,
  connector_sync_failed: (ctx) => {
    const error = ctx.error as { code?: string } | null | undefined;
    return `Gmail sync failed${error?.code ? ` (${error.code})` : ''}`;
  },
  connector_job_retried: () => 'A sync step failed and was retried',
  connector_review_resolved: () => 'Review item resolved — the booking took what the e-mail said',
  connector_review_dismissed: () => 'Review item dismissed — no booking changed',
  connector_review_mail_dismissed: () => 'An e-mail nobody could read was dismissed — not a booking',
  connector_feed_imported: (ctx) =>
    `Calendar imported — ${plural(n(ctx, 'inserted'), 'new booking')}, ${n(ctx, 'updated')} updated, ${n(ctx, 'cancelled')} cancelled`,
  connector_webhook_created: () => 'Webhook endpoint added',
  connector_webhook_disabled: (ctx) =>
    s(ctx, 'reason') === 'gone'
      ? 'Webhook endpoint disabled — it answered 410 Gone'
      : `Webhook endpoint disabled — ${plural(n(ctx, 'failuresInARow'), 'failed attempt')} in a row`,
  connector_webhook_enabled: () => 'Webhook endpoint enabled again',
  connector_webhook_secret_rotated: () => 'Webhook signing secret rotated',
  connector_webhook_deleted: () => 'Webhook endpoint removed',
  connector_conflict_opened: (ctx) =>
    `Conflict found — ${conflictWords(ctx)}${s(ctx, 'nightsFrom') ? `, ${s(ctx, 'nightsFrom')} → ${s(ctx, 'nightsTo')}` : ''}`,
  connector_conflict_acknowledged: (ctx) => `Conflict acknowledged — ${conflictWords(ctx)}`,
  connector_conflict_resolved: (ctx) => {
    const why = s(ctx, 'resolution');
    const words = why && isConflictResolution(why) ? ` ${RESOLUTION_WORDS[why]}` : '';
    return `Conflict resolved — ${conflictWords(ctx)}.${words}`;
  },
};

function conflictWords(ctx: Context): string {
  const kind = s(ctx, 'kind');
  return kind && isConflictKind(kind) ? CONFLICT_KIND_WORDS[kind].toLowerCase() : 'a conflict';
}

export function activityText(entry: ActivityEntry): string {
  const words = (WORDS as Record<string, (ctx: Context) => string>)[entry.event];
  return words ? words(entry.context) : entry.event.replace(/^connector_/, '').replaceAll('_', ' ');
}
