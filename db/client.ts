import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection or an open transaction: what a query function needs. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

export function connectDb(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: { undefined: null },
  });
}
