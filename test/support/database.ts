import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connectDb, type Sql } from '../../db/client.js';
import { TEMPLATE_DB, withDatabase } from './database-url.js';

/** A fresh, migrated database for one test file, cloned from the template the global setup made. */
export async function createTestDatabase(): Promise<{ sql: Sql; url: string; drop(): Promise<void> }> {
  const serverUrl = inject('databaseUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = connectDb(serverUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(serverUrl, name);
  const sql = connectDb(url);
  return {
    sql,
    url,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
