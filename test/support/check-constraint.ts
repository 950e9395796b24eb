import { expect } from 'vitest';
import { connectDb } from '../../db/client.js';

/**
 * The values a `CHECK (column IN (…))` constraint of the table allows, as Postgres prints it: SQL
 * cannot import the TypeScript lists its constraints mirror, so tests read them back and compare.
 */
export async function allowedValues(url: string, table: string, column: string): Promise<string[]> {
  const sql = connectDb(url, { max: 1 });
  try {
    const rows = await sql<{ definition: string }[]>`
      SELECT pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
      WHERE c.conrelid = ${table}::regclass AND c.contype = 'c' AND a.attname = ${column}
        AND cardinality(c.conkey) = 1`;
    expect(rows).toHaveLength(1);
    // CHECK ((reason = ANY (ARRAY['no_match'::text, 'ambiguous'::text, …])))
    return [...rows[0]!.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
