import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * Any drizzle PostgreSQL database (PGlite, postgres.js, node-postgres, …) with any schema.
 * Transactions are PgDatabase subclasses, so they are accepted wherever a database is.
 */
export type Database = PgDatabase<PgQueryResultHKT, any, any>;

/** A database or a transaction: repository functions run inside the caller's transaction when given one. */
export type DbOrTx = Database;

/**
 * What the package's functions accept as `db`: any drizzle PostgreSQL database or transaction.
 * It names a few members structurally instead of drizzle's `PgDatabase` class because passing an
 * app's database to a `PgDatabase` parameter makes the type-checker measure that whole generic class
 * and `PgTransaction` (about 86,000 type instantiations, more than an app's own code costs); these
 * members cost it a few hundred. Inside a function, `narrowDb(db)` gives `db` drizzle's own type.
 */
export interface AnyDb {
  readonly _: unknown;
  select(...args: any[]): unknown;
  insert(...args: any[]): unknown;
  update(...args: any[]): unknown;
  delete(...args: any[]): unknown;
  execute(...args: any[]): unknown;
  transaction(...args: any[]): Promise<unknown>;
}

/**
 * Narrows an `AnyDb` parameter to drizzle's type for the rest of the function. Types only: `AnyDb`
 * already requires a drizzle database's members, and every drizzle database and transaction is one.
 */
export function narrowDb(_db: AnyDb): asserts _db is DbOrTx {}

/**
 * Rows of a raw `db.execute()` result. postgres.js returns an array; PGlite and node-postgres return `{ rows }`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Runs `fn` in a transaction: a savepoint inside the caller's transaction, or a new transaction. */
export function inTransaction<T>(db: AnyDb, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  narrowDb(db);
  return db.transaction((tx) => fn(tx as unknown as DbOrTx));
}

/** The SQLSTATE of a driver error, looking through drizzle's wrapping (`cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint named by a driver error (postgres.js: constraint_name, PGlite/pg: constraint). */
export function pgConstraint(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const c =
      (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ??
      (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`, else the row it conflicted with; `created` says which.
 * The conflicting row can be deleted between the two statements: then it inserts again (three tries,
 * then an Error naming `what`, which only a pathological delete storm can cause).
 */
export async function insertOrExisting<R>(
  what: string,
  insert: () => Promise<R[]>,
  existing: () => Promise<R[]>,
): Promise<{ row: R; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inserted] = await insert();
    if (inserted) return { row: inserted, created: true };
    const [found] = await existing();
    if (found) return { row: found, created: false };
  }
  throw new Error(`${what}: the conflicting row disappeared three times in a row`);
}
