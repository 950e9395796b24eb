import type { Queryable } from '../../db/client.js';
import {
  listingNameKey,
  MAX_LISTING_NAME,
  type SuggestionSource,
  suggestProperty,
} from './listing-name-key.js';

/**
 * Every write of `listing_names`, the listing names seen in mail, but a person's own choice (the
 * API's PATCH): a name is recorded the first time a fact carries it; it names a property once a
 * fact of that name matched a stay of one of the property's calendars (what an earlier match
 * established); a new name gets a suggestion for a person to confirm, which counts for nothing
 * until they do.
 */

interface FactRow {
  id: string;
  workspace_id: string;
  platform: string;
  listing_name: string | null;
  matched_property: string | null;
}

/**
 * Records the facts' listing names, ties each fact to its row and marks it read for conflicts
 * (`conflicts_checked`). Returns the property of each fact that has one (through its listing name,
 * or the stay it matched): the properties the caller must check.
 */
export async function learnListingNames(
  tx: Queryable,
  factIds: readonly string[],
): Promise<Map<string, string>> {
  if (factIds.length === 0) return new Map();
  const facts = await tx<FactRow[]>`
    SELECT f.id, f.workspace_id, f.platform, f.listing_name, fe.property_id AS matched_property
    FROM reservation_facts f
    LEFT JOIN bookings b ON b.id = f.matched_booking_id
    LEFT JOIN ical_feeds fe ON fe.id = b.feed_id AND fe.workspace_id = f.workspace_id
    WHERE f.id = ANY(${factIds as string[]}::uuid[])
    ORDER BY f.id`;
  const named = facts.flatMap((f) => {
    const name = f.listing_name?.trim().slice(0, MAX_LISTING_NAME) ?? '';
    const key = listingNameKey(name);
    return key === '' ? [] : [{ ...f, name, key }];
  });
  const rowOf = await upsertNames(tx, named);
  const byFact = new Map<string, string>();
  for (const fact of named) {
    const row = rowOf.get(nameId(fact))!;
    // the first match that names a property establishes it, unless a person already decided
    if (row.source === 'none' && fact.matched_property !== null) {
      await tx`UPDATE listing_names SET property_id = ${fact.matched_property}, source = 'match',
          suggested_property_id = NULL
        WHERE id = ${row.id} AND source = 'none'`;
      Object.assign(row, { property_id: fact.matched_property, source: 'match' });
    }
  }
  // one write per fact: its name's row, and that it has been read for conflicts
  const nameOf = new Map(named.map((f) => [f.id, rowOf.get(nameId(f))!.id]));
  const ties = facts.map((f) => ({ fact_id: f.id, name_id: nameOf.get(f.id) ?? null }));
  await tx`
    UPDATE reservation_facts f SET listing_name_id = coalesce(d.name_id, f.listing_name_id), conflicts_checked = true
    FROM json_to_recordset(${tx.json(ties)}::json) AS d(fact_id uuid, name_id uuid)
    WHERE f.id = d.fact_id`;
  await suggestForNew(tx, [...rowOf.values()]);
  for (const fact of facts) {
    const listed = fact.listing_name
      ? rowOf.get(nameId({ ...fact, key: listingNameKey(fact.listing_name) }))
      : null;
    const property = listed?.property_id ?? fact.matched_property;
    if (property) byFact.set(fact.id, property);
  }
  return byFact;
}

interface NameRow {
  id: string;
  workspace_id: string;
  platform: string;
  name_key: string;
  property_id: string | null;
  source: 'none' | 'match' | 'person';
  suggested_property_id: string | null;
}

const nameId = (f: { workspace_id: string; platform: string; key: string }) =>
  `${f.workspace_id}\n${f.platform}\n${f.key}`;

async function upsertNames(
  tx: Queryable,
  named: readonly (FactRow & { name: string; key: string })[],
): Promise<Map<string, NameRow>> {
  const distinct = new Map(named.map((f) => [nameId(f), f]));
  if (distinct.size === 0) return new Map();
  const rows = [...distinct.values()].map((f) => ({
    workspace_id: f.workspace_id,
    platform: f.platform,
    name: f.name,
    name_key: f.key,
  }));
  const stored = await tx<NameRow[]>`
    INSERT INTO listing_names ${tx(rows)}
    ON CONFLICT (workspace_id, platform, name_key) DO UPDATE SET last_seen_at = now()
    RETURNING id, workspace_id, platform, name_key, property_id, source, suggested_property_id`;
  return new Map(stored.map((row) => [nameId({ ...row, key: row.name_key }), row]));
}

/** A suggestion for each name no match or person has tied to a property yet. */
async function suggestForNew(tx: Queryable, rows: readonly NameRow[]): Promise<void> {
  const open = rows.filter((r) => r.source === 'none' && r.suggested_property_id === null);
  for (const workspaceId of new Set(open.map((r) => r.workspace_id))) {
    const sources = await suggestionSources(tx, workspaceId);
    for (const row of open.filter((r) => r.workspace_id === workspaceId)) {
      const suggested = suggestProperty(row.name_key, sources);
      if (suggested)
        await tx`UPDATE listing_names SET suggested_property_id = ${suggested}
          WHERE id = ${row.id} AND source = 'none' AND suggested_property_id IS NULL`;
    }
  }
}

/** What names each property of the workspace: its own name, its calendars' names, its listing names. */
export async function suggestionSources(tx: Queryable, workspaceId: string): Promise<SuggestionSource[]> {
  const rows = await tx<{ propertyId: string; name: string }[]>`
    SELECT id AS "propertyId", name FROM properties WHERE workspace_id = ${workspaceId}
    UNION ALL
    SELECT property_id, name FROM ical_feeds
      WHERE workspace_id = ${workspaceId} AND property_id IS NOT NULL AND name IS NOT NULL
    UNION ALL
    SELECT property_id, name FROM listing_names
      WHERE workspace_id = ${workspaceId} AND property_id IS NOT NULL`;
  return rows.map((r) => ({ propertyId: r.propertyId, key: listingNameKey(r.name) }));
}

/**
 * A feed joined a property: the listing names of the mail that matched its stays now name that
 * property, unless a match or a person established another.
 */
export async function learnFromFeed(tx: Queryable, feedId: string): Promise<void> {
  const facts = await tx<{ id: string }[]>`
    SELECT f.id FROM reservation_facts f JOIN bookings b ON b.id = f.matched_booking_id
    WHERE b.feed_id = ${feedId} AND f.listing_name IS NOT NULL`;
  await learnListingNames(
    tx,
    facts.map((f) => f.id),
  );
}
