import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFeed } from '../../../activities/ical/import-feed.js';
import { generateMailbox, type PlaceChannel, placeOnChannels } from '../../../bench/emails.js';
import type { Platform } from '../../../contracts/platforms.js';
import {
  checkPropertyConflicts,
  DEFAULT_CONFLICT_SETTINGS,
} from '../../../domain/conflicts/conflict-writes.js';
import { insertFacts, toFactRow } from '../../../domain/facts/fact-rows.js';
import { extractFromRaw } from '../../../extraction/index.js';
import { sql, useTestSql } from '../../support/test-sql.js';
import { addFeed, createTenant, type Tenant } from '../match/fixtures.js';
import { addProperty, enrich } from './fixtures.js';

/**
 * Calendars and mail that hold no conflict must raise none: the demo's place on three channels
 * (dev/demo), the benchmark's (bench/emails.ts: one place on three channels, as it is sold day
 * after day, and the per-platform calendars of the big mailbox). What makes them hard is what
 * every real place has: stays back to back, blocked nights, each channel's stays echoed as blocked
 * nights on the others, the owner's weeks closed everywhere.
 */
useTestSql();

const settings = DEFAULT_CONFLICT_SETTINGS;
const DEMO = new URL('../../../dev/demo/', import.meta.url).pathname;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);

/** Archives one e-mail as the sync does (its Date header as Gmail's internal date) with its facts. */
async function archive(t: Tenant, raw: string): Promise<number> {
  const date = /^Date: (.+)$/m.exec(raw)?.[1];
  const [row] = await sql<{ id: number; workspace_id: string }[]>`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, internal_date, subject, processed_at)
    VALUES (${t.workspaceId}, ${t.connectionId}, ${randomUUID()}, ${date ? new Date(date) : null}, 'archived', now())
    RETURNING id, workspace_id`;
  const facts = await extractFromRaw(raw);
  return insertFacts(
    sql,
    facts.map((fact, ordinal) => toFactRow(row!, t.connectionId, ordinal, fact)),
  );
}

async function calendarsOf(
  t: Tenant & { platformFeed: Platform },
  propertyId: string,
  channels: readonly Platform[],
) {
  const feeds: Partial<Record<Platform, string>> = {};
  for (const channel of channels)
    feeds[channel] = channel === t.platformFeed ? t.feedId : await addFeed(sql, t.workspaceId, channel);
  await sql`UPDATE ical_feeds SET property_id = ${propertyId} WHERE id IN ${sql(Object.values(feeds))}`;
  return feeds as Record<Platform, string>;
}

const allConflicts = (workspaceId: string) =>
  sql<{ kind: string; evidence: { text: string }[] }[]>`
    SELECT kind, evidence FROM conflicts WHERE workspace_id = ${workspaceId}`;

describe('no false alarm', () => {
  it('on the demo: one place on Airbnb, Vrbo and Booking.com, with all its mail', async () => {
    const t = { ...(await createTenant(sql, 'airbnb')), platformFeed: 'airbnb' as const };
    const propertyId = await addProperty(sql, t.workspaceId, 'Loft Santa Croce');
    const feeds = await calendarsOf(t, propertyId, ['airbnb', 'vrbo', 'booking']);
    // the demo's stays are in 2026: the rules see them from before the first
    const today = '2026-03-01';
    const files: Record<string, string> = { airbnb: 'feed.ics', vrbo: 'vrbo.ics', booking: 'booking.ics' };
    for (const [channel, file] of Object.entries(files)) {
      const text = readFileSync(join(DEMO, file), 'utf8');
      const counts = await importFeed(
        { sql, conflicts: settings },
        async () => text,
      )({
        feedId: feeds[channel as Platform],
        today,
      });
      expect(counts.inserted).toBeGreaterThan(0);
    }
    let facts = 0;
    for (const file of readdirSync(join(DEMO, 'emails')).sort())
      facts += await archive(t, readFileSync(join(DEMO, 'emails', file), 'utf8'));
    expect(facts).toBeGreaterThanOrEqual(11);
    await enrich(sql, t, 1000);
    // the host confirms every listing name the mail used as this place's, suggested or not
    await sql`UPDATE listing_names SET property_id = ${propertyId}, source = 'person' WHERE workspace_id = ${t.workspaceId}`;
    const checked = await sql.begin((tx) =>
      checkPropertyConflicts(tx, { workspaceId: t.workspaceId, propertyIds: [propertyId], settings, today }),
    );
    expect(checked).toEqual({ opened: [], resolved: [] });
    expect(await allConflicts(t.workspaceId)).toEqual([]);
    // and it did look: the demo's mail and calendars are in the property (four listing names: one
    // each from Airbnb and Vrbo, and Booking.com's as its own mail and the Smoobu relay write it)
    const [seen] = await sql<{ names: number; stays: number }[]>`
      SELECT (SELECT count(*)::int FROM listing_names WHERE property_id = ${propertyId}) AS names,
        (SELECT count(*)::int FROM bookings b JOIN ical_feeds f ON f.id = b.feed_id WHERE f.property_id = ${propertyId}) AS stays`;
    expect(seen).toEqual({ names: 4, stays: 20 });
  });

  it('on the benchmark’s place on three channels, sold stay after stay as the mail and the calendars come in', async () => {
    const t = { ...(await createTenant(sql, 'airbnb')), platformFeed: 'airbnb' as const };
    const propertyId = await addProperty(sql, t.workspaceId, 'Loft Santa Croce');
    const feeds = await calendarsOf(t, propertyId, ['airbnb', 'vrbo', 'booking']);
    const place = placeOnChannels(36, { start: day(10) });
    const importAll = async (sold: number) => {
      const calendars = place.calendars(sold);
      for (const channel of Object.keys(calendars) as PlaceChannel[])
        await importFeed(
          { sql, conflicts: settings },
          async () => calendars[channel],
        )({ feedId: feeds[channel] });
    };
    // history: the first half sold a month ago, calendars imported, then the mail's first sync
    const history = place.stays.length / 2;
    await importAll(history);
    for (const stay of place.stays.slice(0, history)) await archive(t, stay.raw(day(-30)));
    await enrich(sql, t, 1000);
    const [learnt] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM listing_names WHERE property_id = ${propertyId} AND source = 'match'`;
    expect(learnt!.n).toBe(3);
    // then live: each sale's mail arrives first, then its channel's calendar, then the echoes
    for (let sold = history + 1; sold <= place.stays.length; sold++) {
      await archive(t, place.stays[sold - 1]!.raw(new Date()));
      await enrich(sql, t, 1000);
      await importAll(sold);
      await enrich(sql, t, 1000);
    }
    const [stays] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM bookings b JOIN ical_feeds f ON f.id = b.feed_id
      WHERE f.property_id = ${propertyId} AND b.status = 'blocked'`;
    expect(stays!.n).toBeGreaterThan(20);
    expect((await allConflicts(t.workspaceId)).map((c) => [c.kind, c.evidence.map((e) => e.text)])).toEqual(
      [],
    );
  });

  it('on the big mailbox’s calendars, each its own property', async () => {
    const t = { ...(await createTenant(sql, 'airbnb')), platformFeed: 'airbnb' as const };
    const mailbox = generateMailbox(400);
    for (const [platform, text] of Object.entries(mailbox.feeds)) {
      const feedId =
        platform === 'airbnb' ? t.feedId : await addFeed(sql, t.workspaceId, platform as Platform);
      await addProperty(sql, t.workspaceId, `Bench ${platform}`, [feedId]);
      const counts = await importFeed(
        { sql, conflicts: settings },
        async () => text,
      )({
        feedId,
        today: '2026-01-01',
      });
      expect(counts.inserted).toBeGreaterThan(0);
    }
    expect(await allConflicts(t.workspaceId)).toEqual([]);
  });
});
