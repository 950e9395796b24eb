import type { Sql } from '../../db/client.js';
import { useTestDatabase } from './stack.js';

/**
 * The connection to the file's own database, for test files that need Postgres and nothing else:
 * `useTestSql()` at the top of the file clones a fresh migrated database before its first test,
 * and `sql` is an ES live binding, set by then (vitest loads this module anew for each test file).
 */
export let sql: Sql;

export function useTestSql(): void {
  useTestDatabase((db) => {
    sql = db.sql;
  });
}
