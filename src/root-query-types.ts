import type { AnyColumn, Relation, Relations } from 'drizzle-orm';

/** The relations a `relations(table, …)` object declares (drizzle's `TConfig`). */
export type RelationsConfigOf<R> = R extends Relations<string, infer C> ? C : never;

/**
 * One entry of drizzle's `TablesRelationalConfig`, as `ExtractTablesWithRelations` builds it, from a
 * table type and its relations directly (no comparison of the table with drizzle's `Table`). A table
 * without a `relations()` object has none (drizzle's own type would allow any key in `with`).
 */
export type TableRelationalConfigOf<
  K extends string,
  T extends { readonly _: { readonly name: string; readonly columns: Record<string, unknown> } },
  R extends Record<string, Relation> = Record<never, never>,
> = {
  tsName: K;
  dbName: T['_']['name'];
  columns: T['_']['columns'];
  relations: R;
  primaryKey: AnyColumn[];
};
