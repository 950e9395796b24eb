import { randomUUID } from 'node:crypto';
import { checkNewFacts } from '../../../activities/conflicts/check-new-facts.js';
import { matchFacts } from '../../../activities/match/match-facts.js';
import type { FactPlatform } from '../../../contracts/platforms.js';
import type { Sql } from '../../../db/client.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../../../domain/conflicts/conflict-writes.js';
import { createProperty } from '../../../domain/properties/property-writes.js';
import type { Tenant } from '../match/fixtures.js';

/** A property of the tenant's workspace, its calendars put in it. */
export async function addProperty(sql: Sql, workspaceId: string, name: string, feedIds: string[] = []) {
  const id = await sql.begin((tx) => createProperty(tx, workspaceId, name));
  if (feedIds.length > 0) await sql`UPDATE ical_feeds SET property_id = ${id} WHERE id IN ${sql(feedIds)}`;
  return id;
}

export interface MailFactFixture {
  platform: FactPlatform;
  kind?: 'confirmed' | 'cancelled' | 'payout' | 'message';
  checkIn?: string | null;
  checkOut?: string | null;
  confirmationCode?: string | null;
  guestName?: string | null;
  listingName?: string | null;
  /** When Gmail received the mail (the message's internal date). */
  receivedAt?: Date;
  evidence?: Record<string, { part: string; start: number; end: number; text: string }>;
}

/** One e-mail and the fact read from it, as the archive step writes them (pending, not yet checked). */
export async function addMailFact(sql: Sql, tenant: Tenant, fact: MailFactFixture): Promise<string> {
  const [message] = await sql<{ id: string }[]>`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, internal_date, subject)
    VALUES (${tenant.workspaceId}, ${tenant.connectionId}, ${randomUUID()}, ${fact.receivedAt ?? new Date()},
      ${`${fact.platform} ${fact.kind ?? 'confirmed'}`})
    RETURNING id`;
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO reservation_facts (workspace_id, connection_id, message_id, ordinal, platform, kind, guest_name,
      check_in, check_out, confirmation_code, listing_name, confidence, parser_version, evidence)
    VALUES (${tenant.workspaceId}, ${tenant.connectionId}, ${message!.id}, 0, ${fact.platform},
      ${fact.kind ?? 'confirmed'}, ${fact.guestName ?? null}, ${fact.checkIn ?? null}, ${fact.checkOut ?? null},
      ${fact.confirmationCode ?? null}, ${fact.listingName ?? null}, 0.95, 'test',
      ${sql.json((fact.evidence ?? {}) as never)})
    RETURNING id`;
  return row!.id;
}

/** An iCal feed's text; each event is [uid, first night, check-out, summary, description?]. */
export type IcsEvent = [
  uid: string,
  firstNight: string,
  checkOut: string,
  summary: string,
  description?: string,
];

export function icsOf(prodId: string, events: IcsEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', `PRODID:${prodId}`, 'VERSION:2.0'];
  for (const [uid, start, end, summary, description] of events)
    lines.push(
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${start.replaceAll('-', '')}`,
      `DTEND;VALUE=DATE:${end.replaceAll('-', '')}`,
      `SUMMARY:${summary}`,
      `UID:${uid}`,
      ...(description ? [`DESCRIPTION:${description}`] : []),
      'END:VEVENT',
    );
  return [...lines, 'END:VCALENDAR', ''].join('\r\n');
}

export interface StoredConflict {
  id: string;
  kind: string;
  status: string;
  cause: string;
  resolution: string | null;
  nights: string;
  sides: { bookingIds: string[]; factIds: string[] }[];
}

export async function conflictsOf(sql: Sql, propertyId: string): Promise<StoredConflict[]> {
  return sql<StoredConflict[]>`
    SELECT id, kind, status, cause, resolution, nights_from || ' → ' || nights_to AS nights, sides
    FROM conflicts WHERE property_id = ${propertyId} ORDER BY detected_at, id`;
}

/** The outbox rows and activity events the checks wrote for a workspace, oldest first. */
export async function conflictEventsOf(sql: Sql, workspaceId: string) {
  const events = await sql<{ type: string; data: Record<string, unknown> }[]>`
    SELECT type, data FROM webhook_events WHERE workspace_id = ${workspaceId} AND type LIKE 'conflict.%'
    ORDER BY created_at, id`;
  const activity = await sql<{ event: string; context: Record<string, unknown> }[]>`
    SELECT event, context FROM activity_log WHERE workspace_id = ${workspaceId} AND event LIKE 'connector_conflict_%'
    ORDER BY id`;
  return { events, activity };
}

/** What the enrichment loop does after archiving: match (`matchLimit` facts a batch), then check the new facts. */
export async function enrich(sql: Sql, tenant: Tenant, matchLimit?: number) {
  await matchFacts({ sql })({ connectionId: tenant.connectionId, limit: matchLimit });
  return checkNewFacts({ sql, conflicts: DEFAULT_CONFLICT_SETTINGS })({ connectionId: tenant.connectionId });
}

/** An Airbnb stay as its calendar lists it: Reserved, the reservation's link (and so its code) in the description. */
export function airbnbReserved(uid: string, firstNight: string, checkOut: string, code: string): IcsEvent {
  return [
    uid,
    firstNight,
    checkOut,
    'Reserved',
    `https://www.airbnb.com/hosting/reservations/details/${code}`,
  ];
}
