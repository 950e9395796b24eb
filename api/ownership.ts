import { CODE } from '../contracts/errors.js';
import type { Queryable } from '../db/client.js';
import { AppError } from './errors.js';

/** The one tenancy rule for rows fetched by id: 404 when absent, 403 when another workspace owns it. */
export function owned<Row extends { workspace_id: string }>(
  row: Row | undefined,
  workspaceId: string,
  what: string,
): Row {
  if (!row) throw new AppError(CODE.NOT_FOUND, `${what} not found`);
  if (row.workspace_id !== workspaceId)
    throw new AppError(CODE.FORBIDDEN, `${what} belongs to another workspace`);
  return row;
}

/** The row read after `ownedId`: gone in between (deleted meanwhile) is a 404, never a 500. */
export function found<Row>(row: Row | undefined, what: string): Row {
  if (!row) throw new AppError(CODE.NOT_FOUND, `${what} not found`);
  return row;
}

/** The tables whose rows routes fetch by an id from the path. */
type OwnedTable = 'enrichment_review_items' | 'ical_feeds' | 'listing_names' | 'properties';

/** The same rule read from the owner alone: the row a route answers with then need not carry its workspace. */
export async function ownedId(
  sql: Queryable,
  table: OwnedTable,
  id: string,
  workspaceId: string,
  what: string,
) {
  const [row] = await sql<{ workspace_id: string }[]>`
    SELECT workspace_id FROM ${sql(table)} WHERE id = ${id}`;
  owned(row, workspaceId, what);
}
