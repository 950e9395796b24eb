import type { Queryable } from '../db/client.js';

/**
 * A timestamptz column written in SQL as the API writes a Timestamp: what Date#toISOString gives
 * (UTC, milliseconds, the rest cut off), so a query can name the API's fields itself, nested ones
 * too, and need no mapper afterwards. NULL stays NULL.
 */
export const isoTimestamp = (sql: Queryable, column: string) =>
  sql`to_char(${sql(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
