import { is, Table } from 'drizzle-orm';
import type { RelationalQueryBuilder } from 'drizzle-orm/pg-core/query-builders/query';
import { type AnyDb, narrowDb } from './db';
import { type RootTablesConfig, schema } from './root-tables';

/** `db.query` over the root `schema`, typed from `RootTablesConfig`. */
export type RootQuery = {
  [K in keyof RootTablesConfig]: RelationalQueryBuilder<RootTablesConfig, RootTablesConfig[K]>;
};

const checked = new WeakSet<object>();
let tableKeys: string[] | undefined;

/**
 * `db.query` of a database created with the root `schema` (`drizzle(client, { schema })`), typed
 * from the written-out `RootTablesConfig`. It is the same object as `db.query`; reading `db.query`
 * directly works too, but makes the type-checker evaluate drizzle's `ExtractTablesWithRelations` over
 * all 366 entries of `schema` (about 600,000 type instantiations, 1–4 s of an app's type-check).
 * Throws when the database was created without the root schema's tables.
 */
export function rootQuery(db: AnyDb): RootQuery {
  narrowDb(db);
  const query = (db as { query?: Record<string, unknown> }).query ?? {};
  if (!checked.has(query)) {
    tableKeys ??= Object.keys(schema).filter((k) => is(schema[k as keyof typeof schema], Table));
    const missing = tableKeys.find((k) => !(k in query));
    if (missing)
      throw new Error(
        `rootQuery: db.query has no "${missing}"; create the database with drizzle(client, { schema }) using the root schema`,
      );
    checked.add(query);
  }
  return query as unknown as RootQuery;
}
