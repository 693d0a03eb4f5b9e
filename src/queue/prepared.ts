import { sql } from 'drizzle-orm';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';

// The hot statements are built once per database handle with placeholders and run as prepared
// statements: building a drizzle query costs more CPU than the database spends on the statement,
// and an unprepared parameterised query costs postgres.js a second round trip (describe, then
// execute). Calls with `where` or `set` build their statement each time.

/** Something `.prepare(name)` can be called on: a drizzle query builder. */
export interface Preparable {
  toSQL(): { sql: string };
  prepare(name: string): Prepared;
}
interface Prepared {
  execute(values?: Record<string, unknown>): Promise<unknown>;
}

/** A value in a statement: a placeholder when the statement is prepared, else the value itself. */
export type Bind = (name: string, value: unknown) => unknown;
export const literal: Bind = (_name, value) => value;
export const placeholder: Bind = (name) => sql.placeholder(name);
/** An array bound as one parameter (a literal array in a sql`` template would become a list). */
export const arrayParam = (bind: Bind, name: string, value: unknown[]) =>
  bind === placeholder ? sql.placeholder(name) : sql.param(value);

/**
 * 64-bit FNV-1a of the statement text: the prepared statement's name. node-postgres refuses one name
 * for two texts, so the name follows the text.
 */
export function statementName(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x01000193 ^ 0x2c);
  }
  return `org_schema_q_${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Runs a statement: with a `shape` (whatever makes its text differ), prepared on first use per
 * database handle (a transaction is its own handle) and executed with `values`; without one, built
 * with the values in place and run once.
 */
export type Run = <R>(
  db: DbOrTx,
  shape: string | undefined,
  build: (bind: Bind) => Preparable,
  values: Record<string, unknown>,
) => Promise<R>;

/** A statement runner with its own cache of prepared statements (one per queue). */
export function preparedRunner(): Run {
  const preparedByDb = new WeakMap<object, Map<string, Prepared>>();
  return <R>(
    db: AnyDb,
    shape: string | undefined,
    build: (bind: Bind) => Preparable,
    values: Record<string, unknown>,
  ): Promise<R> => {
    narrowDb(db);
    if (shape === undefined) return build(literal) as unknown as Promise<R>;
    let byShape = preparedByDb.get(db);
    if (!byShape) {
      byShape = new Map();
      preparedByDb.set(db, byShape);
    }
    let prepared = byShape.get(shape);
    if (!prepared) {
      const query = build(placeholder);
      prepared = query.prepare(statementName(query.toSQL().sql));
      byShape.set(shape, prepared);
    }
    return prepared.execute(values) as Promise<R>;
  };
}
