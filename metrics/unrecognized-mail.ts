import type { Registry } from 'prom-client';
import type { Sql } from '../db/client.js';
import { channelOfSender } from '../extraction/channels.js';
import { platformOf } from '../extraction/choose-template.js';
import { toMailView } from '../extraction/mail-view.js';
import { relayOf } from '../extraction/relays.js';
import { seriesOn } from './series.js';

/**
 * Mail nobody could read (flag `unrecognized`), counted where the flag is written and watched per
 * connection, so a layout that stops being read shows before a host misses a booking.
 *
 * Cardinality: a sender's domain is whatever a stranger writes in `From:`, so it is never a label
 * value as written. The label names the known system whose address sent the mail — a relay of
 * extraction/relays.ts (`smoobu`, `lodgify`, …), a platform (`airbnb`, `vrbo`, `booking`) or a
 * channel writing itself (`expedia`, `agoda`) — and everything else is `other`: at most as many
 * series as those tables have rows.
 */
export function senderDomainLabel(sender: string | null): string {
  if (!sender) return 'other';
  const relay = relayOf({ from: sender });
  if (relay) return relay.name;
  const channel = channelOfSender(sender);
  if (channel) return channel;
  const view = toMailView({
    subject: null,
    from: sender,
    date: null,
    headers: {},
    text: null,
    html: null,
    error: null,
  });
  return platformOf(view) ?? 'other';
}

/** The worker's counter: newly flagged messages, by the known system that sent them. */
export function unrecognizedMailMetrics(registry: Registry) {
  const { counter } = seriesOn(registry);
  const unrecognized = counter(
    'connections_unrecognized_messages_total',
    'Archived messages flagged unrecognized (booking-like mail nothing could read), by the known system that sent them, else other',
    ['sender_domain'],
  );
  unrecognized.inc({ sender_domain: 'other' }, 0);
  return {
    /** Counts messages whose flag was just committed. */
    count(senders: readonly (string | null)[]): void {
      for (const sender of senders) unrecognized.inc({ sender_domain: senderDomainLabel(sender) });
    },
  };
}
export type UnrecognizedMailMetrics = ReturnType<typeof unrecognizedMailMetrics>;

/** How far back the share looks: a week of mail, so a quiet connection's share still means something. */
export const SHARE_WINDOW_DAYS = 7;
/** Fewer messages than this in the window say nothing about a share (1 of 2 is not 50% of a label). */
export const SHARE_MIN_MESSAGES = 10;

/**
 * The API's gauge, read from Postgres at each scrape: per connection, the share of the mail
 * archived in the last week that is flagged `unrecognized` and still waits for a person (a dismissed
 * one — "not a booking" — no longer counts). Kept for the `seriesMax` worst connections with any
 * such mail and at least SHARE_MIN_MESSAGES messages, like the lag series; the alert
 * `UnrecognizedMailShareHigh` watches it.
 */
export function unrecognizedShareGauge(registry: Registry, sql: Sql, opts: { seriesMax: number }) {
  seriesOn(registry).gaugeOnScrape(
    'connections_unrecognized_mail_share',
    `Share of a connection's mail of the last ${SHARE_WINDOW_DAYS} days that nothing could read and nobody dismissed (the worst connections only)`,
    ['connection_id'],
    async (gauge) => {
      const rows = await sql<{ id: string; share: number }[]>`
        WITH waiting AS (
          SELECT connection_id, count(*)::int AS n FROM gmail_messages
          WHERE 'unrecognized' = ANY(flags) AND dismissed_at IS NULL
            AND archived_at > now() - make_interval(days => ${SHARE_WINDOW_DAYS})
          GROUP BY connection_id
        )
        SELECT w.connection_id AS id, w.n::float8 / t.total AS share
        FROM waiting w, LATERAL (
          SELECT count(*)::int AS total FROM gmail_messages m
          WHERE m.connection_id = w.connection_id
            AND m.archived_at > now() - make_interval(days => ${SHARE_WINDOW_DAYS})
        ) t
        WHERE t.total >= ${SHARE_MIN_MESSAGES}
        ORDER BY share DESC, id
        LIMIT ${opts.seriesMax}`;
      gauge.reset();
      for (const row of rows) gauge.set({ connection_id: row.id }, row.share);
    },
  );
}
