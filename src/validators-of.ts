// The validators of tables without documented refinements, generated from a system's table list
// instead of written out table by table. Each is exactly what the input kit builds for the table
// on its own (insertSchema / createSelectSchema / updateSchema), with the same precise type.
import type { Table } from 'drizzle-orm';
import { type BuildSchema, createSelectSchema } from 'drizzle-zod';
import { insertSchema, updateSchema } from './input';

/** The singular of a table's TS name: `users` → `user`, `dailyCostSummaries` → `dailyCostSummary`. */
type Singular<K extends string> = K extends `${infer S}ies` ? `${S}y` : K extends `${infer S}s` ? S : K;

/** The entity a table's rows are named by (`sessions` → `Session`), unless `Names` says otherwise. */
export type EntityOf<K extends string, Names> = K extends keyof Names
  ? Names[K] & string
  : Capitalize<Singular<K>>;

/** Run-time twin of EntityOf. */
export function entityOf(key: string, names: Readonly<Record<string, string>> = {}): string {
  const named = names[key];
  if (named !== undefined) return named;
  const one = key.endsWith('ies') ? `${key.slice(0, -3)}y` : key.endsWith('s') ? key.slice(0, -1) : key;
  return one.charAt(0).toUpperCase() + one.slice(1);
}

type Columns<T> = T extends Table ? T['_']['columns'] : never;

/**
 * One table's validator, named by the table list and the key rather than by the table's type, so
 * that declarations print `InsertOf<TablesOf<typeof tables>, "users">` instead of every column again.
 */
export type InsertOf<T, K extends keyof T> = BuildSchema<'insert', Columns<T[K]>, undefined, undefined>;
export type SelectOf<T, K extends keyof T> = BuildSchema<'select', Columns<T[K]>, undefined, undefined>;
export type UpdateOf<T, K extends keyof T> = BuildSchema<'update', Columns<T[K]>, undefined, undefined>;

/** `insert<Entity>Schema`, `select<Entity>Schema`, `update<Entity>Schema` for every table of `T`. */
export type TableValidators<T extends Record<string, Table>, Names> = {
  [K in keyof T & string as `insert${EntityOf<K, Names>}Schema`]: InsertOf<T, K>;
} & {
  [K in keyof T & string as `select${EntityOf<K, Names>}Schema`]: SelectOf<T, K>;
} & {
  [K in keyof T & string as `update${EntityOf<K, Names>}Schema`]: UpdateOf<T, K>;
};

export interface ValidatorsOfOptions<Names> {
  /** Entity names that are not the plain singular of the table's TS name (`adAnalyses: 'AdAnalysis'`). */
  names?: Names;
  /** The insert/update factories, when a system wraps the kit's (same signature). */
  insert?: typeof insertSchema;
  update?: typeof updateSchema;
}

/**
 * The three validators of every table in `tables`, keyed `insert<Entity>Schema` and so on, for a
 * system's validators.ts to export by destructuring. Each schema is built on first access, so the
 * tables whose validators are written by hand (with refinements) cost nothing here.
 */
export function validatorsOf<
  T extends Record<string, Table>,
  const Names extends { [K in keyof T]?: string } = Record<never, string>,
>(tables: T, options: ValidatorsOfOptions<Names> = {}): TableValidators<T, Names> {
  const { insert = insertSchema, update = updateSchema } = options;
  const names = (options.names ?? {}) as Record<string, string>;
  const out: Record<string, unknown> = {};
  for (const [key, table] of Object.entries(tables)) {
    const entity = entityOf(key, names);
    lazy(out, `insert${entity}Schema`, () => insert(table));
    lazy(out, `select${entity}Schema`, () => createSelectSchema(table));
    lazy(out, `update${entity}Schema`, () => update(table));
  }
  return out as TableValidators<T, Names>;
}

function lazy(target: Record<string, unknown>, name: string, build: () => unknown): void {
  if (name in target) throw new Error(`validatorsOf: two tables are both named ${name}`);
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = build();
      Object.defineProperty(target, name, { value, enumerable: true });
      return value;
    },
  });
}
