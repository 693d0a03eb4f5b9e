import { is, Table, View } from 'drizzle-orm';

/** The tables and views among a module's exports, keyed by export name. */
export type TablesOf<M> = { [K in keyof M as M[K] extends Table | View ? K : never]: M[K] };

/**
 * A system's `tables` object from its `tables/` barrel: every table and view it exports (not its
 * enums or value lists), so that `schema = { ...tables, ...relations }` is built the same way in
 * every system.
 */
export function tablesOf<M extends object>(mod: M): TablesOf<M> {
  return Object.fromEntries(
    Object.entries(mod).filter(([, value]) => is(value, Table) || is(value, View)),
  ) as TablesOf<M>;
}
