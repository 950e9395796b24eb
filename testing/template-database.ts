import { randomBytes } from 'node:crypto';
import { connectDb, type Sql } from '../db/client.js';
import { migrate } from '../db/migrate.js';

/** Migrated once per Postgres server; every test file, drill and bench run clones it in milliseconds. */
export const TEMPLATE_DB = 'connections_template';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates (or recreates) the migrated template database on the server at `serverUrl`. */
export async function createTemplate(serverUrl: string): Promise<void> {
  const admin = connectDb(serverUrl, { max: 1 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const template = connectDb(withDatabase(serverUrl, TEMPLATE_DB), { max: 1 });
  try {
    await migrate(template);
  } finally {
    await template.end();
  }
}

export interface ClonedDatabase {
  sql: Sql;
  url: string;
  drop(): Promise<void>;
}

/** A fresh migrated database cloned from the template; `prefix` says whose it is in `\l`. */
export async function cloneDatabase(
  serverUrl: string,
  opts: { prefix?: string; max?: number } = {},
): Promise<ClonedDatabase> {
  const name = `${opts.prefix ?? 'test'}_${randomBytes(6).toString('hex')}`;
  const admin = connectDb(serverUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(serverUrl, name);
  const sql = connectDb(url, { max: opts.max });
  return {
    sql,
    url,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end({ timeout: 5 });
    },
  };
}
