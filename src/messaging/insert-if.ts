import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type AnyDb, narrowDb } from '../db';

/**
 * `INSERT INTO table (every column) SELECT <row> WHERE <condition>`: one statement that writes the
 * row only while `condition` holds — the owner check of a reference runs in the same statement as
 * the write (e.g. `exists (select 1 from contacts where contact_id = … and tenant_id = …)`).
 * Columns not given take their default (or NULL). The result is drizzle's insert builder, so
 * `.onConflictDo…()` and `.returning()` (rows mapped like any insert) chain as usual. With `from`,
 * the row is selected `from` it (one row per row of it: values may name its columns).
 */
export function insertIf<T extends PgTable>(
  db: AnyDb,
  table: T,
  row: { [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL },
  condition: SQL,
  from?: SQL,
) {
  narrowDb(db);
  const values = Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([key, column]) => {
    const given = (row as Record<string, unknown>)[key];
    if (given !== undefined) return typedValue(column, given);
    if (column.defaultFn) return typedValue(column, column.defaultFn());
    if (column.default !== undefined) return typedValue(column, column.default);
    return sql`null`;
  });
  const source = from ? sql` from ${from}` : sql``;
  return db.insert(table).select(sql`select ${sql.join(values, sql`, `)}${source} where ${condition}`);
}

/** A value in the select list, typed as its column (a bare parameter there would be text). */
function typedValue(column: PgColumn, value: unknown): SQL {
  if (is(value, SQL)) return value;
  return sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`;
}
