import { describe, expect, it } from 'vitest';
import {
  CONFLICT_KINDS,
  CONFLICT_RESOLUTIONS,
  CONFLICT_STATUSES,
  LISTING_NAME_SOURCES,
} from '../../../contracts/conflicts.js';
import { connectDb } from '../../../db/client.js';
import { useTestDatabase } from '../../support/stack.js';

// SQL cannot import contracts/conflicts.ts: the CHECK constraints of migration 016 are read back from
// the migrated database and must allow exactly the arrays' values.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

/** The values the `CHECK (column IN (…))` constraint on one column allows, as Postgres prints it. */
async function allowedValues(table: string, column: string): Promise<string[]> {
  const sql = connectDb(url, { max: 1 });
  try {
    const rows = await sql<{ definition: string }[]>`
      SELECT pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
      WHERE c.conrelid = ${table}::regclass AND c.contype = 'c' AND a.attname = ${column}
        AND cardinality(c.conkey) = 1`;
    expect(rows).toHaveLength(1);
    return [...rows[0]!.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!).sort();
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('the vocabulary of conflicts', () => {
  it('the database allows exactly the kinds, statuses and resolutions of contracts/conflicts.ts', async () => {
    expect(await allowedValues('conflicts', 'kind')).toEqual([...CONFLICT_KINDS].sort());
    expect(await allowedValues('conflicts', 'status')).toEqual([...CONFLICT_STATUSES].sort());
    expect(await allowedValues('conflicts', 'resolution')).toEqual([...CONFLICT_RESOLUTIONS].sort());
    expect(await allowedValues('listing_names', 'source')).toEqual([...LISTING_NAME_SOURCES].sort());
  });
});
