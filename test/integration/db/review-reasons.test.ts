import { describe, expect, it } from 'vitest';
import { REVIEW_REASONS } from '../../../contracts/review-reasons.js';
import { connectDb } from '../../../db/client.js';
import { useTestDatabase } from '../../support/stack.js';

// SQL cannot import REVIEW_REASONS: the CHECK constraint on enrichment_review_items.reason is read
// back from the migrated database and must allow exactly the array's values.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

/** The values a `CHECK (column IN (…))` constraint of the table allows, as Postgres prints it. */
async function allowedValues(table: string, column: string): Promise<string[]> {
  const sql = connectDb(url, { max: 1 });
  try {
    const rows = await sql<{ definition: string }[]>`
      SELECT pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
      WHERE c.conrelid = ${table}::regclass AND c.contype = 'c' AND a.attname = ${column}`;
    expect(rows).toHaveLength(1);
    // CHECK ((reason = ANY (ARRAY['no_match'::text, 'ambiguous'::text, …])))
    return [...rows[0]!.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('review reasons', () => {
  it('the database allows exactly the reasons of contracts/review-reasons.ts', async () => {
    expect((await allowedValues('enrichment_review_items', 'reason')).sort()).toEqual(
      [...REVIEW_REASONS].sort(),
    );
  });

  it('reads a constraint as written: the status column is not the reason column', async () => {
    expect((await allowedValues('enrichment_review_items', 'status')).sort()).toEqual([
      'dismissed',
      'open',
      'resolved',
    ]);
  });
});
