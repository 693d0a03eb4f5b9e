// The nearest-neighbour SQL behind matchKnowledge / matchConversations: the statement, the
// vector-search settings and the exact-scan probe. Internal (not exported from the package).
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type AnyDb, type DbOrTx, narrowDb, rowsOf } from '../db';
import { statementName } from '../queue/prepared';
import { EMBEDDING_DIMENSIONS } from './tables/memory';

/**
 * `hnsw.ef_search` the searches use unless given `efSearch`: pgvector's 40 finds 0.82–0.88 of the
 * true top 10 on 100,000 embedding-like vectors, 200 finds 0.96–0.97 for about 3 ms more
 * (bench/RESULTS.md).
 */
export const MATCH_DEFAULT_EF_SEARCH = 200;
/**
 * A filtered search whose filter matches at most this many rows is answered by an exact scan of
 * those rows: exact, and faster than walking the HNSW graph past the rows the filter rejects.
 */
export const MATCH_EXACT_FILTER_MAX_ROWS = 2000;

/** Equality filters applied inside the nearest-neighbour scan (column name → value). */
export type NearestFilters = Partial<Record<'type' | 'user_id', string>>;
export type NearestTable = 'cortex_knowledge' | 'cortex_conversations';

/** A value in a statement: a placeholder when the statement is prepared, else the value itself. */
type Bind = (name: string, value: unknown) => unknown;
const literal: Bind = (_name, value) => value;
const placeholder: Bind = (name) => sql.placeholder(name);

/** The filter columns given, in a fixed order (the statement's shape). */
function filterColumns(filters: NearestFilters): ('type' | 'user_id')[] {
  return (['type', 'user_id'] as const).filter((c) => filters[c] !== undefined);
}

/** `column = value` for each given filter. */
function filterConditions(filters: NearestFilters, bind: Bind = literal): SQL[] {
  return filterColumns(filters).map((c) => sql`${sql.identifier(c)} = ${bind(c, filters[c])}::text`);
}

/** Whether the filter matches at most MATCH_EXACT_FILTER_MAX_ROWS rows (counting stops just past it). */
function probeQuery(table: NearestTable, conditions: SQL[]): SQL {
  return sql`select count(*) <= ${sql.raw(String(MATCH_EXACT_FILTER_MAX_ROWS))} as exact from (select 1
    from cortex.${sql.identifier(table)} where ${sql.join(conditions, sql` and `)}
    limit ${sql.raw(String(MATCH_EXACT_FILTER_MAX_ROWS + 1))}) matching`;
}

/** The exact scan: the (filtered) rows sorted by distance, `distance + 0` so no index serves it. */
function exactScan(table: NearestTable, cols: SQL, q: SQL, where: SQL[], count: unknown): SQL {
  const clause = where.length ? sql` where ${sql.join(where, sql` and `)}` : sql``;
  return sql`select ${cols}, embedding <=> ${q} as distance
      from cortex.${sql.identifier(table)}${clause}
      order by (embedding <=> ${q}) + 0
      limit ${count}`;
}

/**
 * The HNSW index scan: cortex.<table>_nearest (migration cortex/0007), whose SET clauses give the
 * scan its settings for the call only: enable_seqscan off while its query is planned (the planner
 * would otherwise sort a seq scan on small tables), hnsw.iterative_scan relaxed_order (the scan goes
 * past hnsw.ef_search candidates until `count` rows pass the filters, so they come back whenever that
 * many exist; relaxed order, hence the outer sort) and the caller's hnsw.ef_search. The filters are
 * applied on the index scan, inside the function.
 */
function indexScan(
  table: NearestTable,
  cols: SQL,
  q: SQL,
  filters: NearestFilters,
  bind: Bind,
  v: Values,
): SQL {
  const text = (c: 'type' | 'user_id') =>
    filters[c] === undefined ? sql`null::text` : sql`${bind(c, filters[c])}::text`;
  const args =
    table === 'cortex_knowledge'
      ? sql`${q}, ${bind('count', v.count)}::int, ${bind('ef', v.efSearch)}::int, ${text('type')}, ${text('user_id')}`
      : sql`${q}, ${bind('count', v.count)}::int, ${bind('ef', v.efSearch)}::int, ${text('user_id')}`;
  return sql`select ${cols}, distance from cortex.${sql.identifier(`${table}_nearest`)}(${args})`;
}

type Values = { vector: string; threshold: number; count: number; efSearch: number };

/**
 * One search as one statement. The threshold is applied outside the materialized CTE, so it cannot
 * turn the index scan into a filtered one. Unfiltered: the index scan. With filters the statement
 * also decides between the two scans: the probe (a materialized CTE, run once) says whether the
 * filter matches at most MATCH_EXACT_FILTER_MAX_ROWS rows; each branch is gated on it (a one-time
 * filter), so only one of them runs — the exact scan of the matching rows, with the caller's
 * settings, or the index scan.
 */
function nearestStatement(
  table: NearestTable,
  columns: string[],
  filters: NearestFilters,
  bind: Bind,
  values: Values,
  /** Only this scan, without the probe. */
  only?: 'exact' | 'index',
): SQL {
  const cols = sql.raw(columns.join(', '));
  // The query vector is sent and parsed once (args), however often the statement uses it.
  const q = sql`(select q from args)`;
  const count = bind('count', values.count);
  const conditions = filterConditions(filters, bind);
  let inner: SQL;
  if (only === 'exact') inner = exactScan(table, cols, q, conditions, count);
  else if (only === 'index' || conditions.length === 0)
    inner = indexScan(table, cols, q, filters, bind, values);
  else {
    const exact = sql`(select exact from probe)`;
    inner = sql`with probe as materialized (${probeQuery(table, conditions)})
      (${exactScan(table, cols, q, [...conditions, exact], count)})
      union all
      (${indexScan(table, cols, q, filters, bind, values)} where not ${exact})`;
  }
  return sql`
    with args as materialized (
      select ${bind('vector', values.vector)}::vector(${sql.raw(String(EMBEDDING_DIMENSIONS))}) as q
    ), nearest as materialized (
      ${inner}
    )
    select ${cols}, 1 - distance as similarity
    from nearest
    -- NaN (a zero vector written with raw SQL) would compare greater than any threshold
    where distance <> 'NaN'::float8 and 1 - distance > ${bind('threshold', values.threshold)}::float8
    -- "+ 0": PostgreSQL 17 would otherwise trust the CTE's (relaxed) order and skip this sort
    order by distance + 0`;
}

/**
 * The statement of one search with its values in place (tests and EXPLAIN): with filters, the probe
 * and both gated scans; `only`, that scan alone.
 */
export function nearestQuery(
  table: NearestTable,
  columns: string[],
  vector: string,
  threshold: number,
  count: number,
  filters: NearestFilters = {},
  only?: 'exact' | 'index',
  efSearch = MATCH_DEFAULT_EF_SEARCH,
): SQL {
  return nearestStatement(table, columns, filters, literal, { vector, threshold, count, efSearch }, only);
}

interface Prepared {
  execute(values: Record<string, unknown>): Promise<unknown>;
}
type Compiled = { sql: string; params: unknown[]; name: string };

// Each statement shape is compiled once (drizzle building the same text again costs more CPU than
// the settings statements cost the server) and run as a named prepared statement on the handle.
const dialect = new PgDialect();
const compiled = new Map<string, Compiled>();

function compile(shape: string, build: () => SQL): Compiled {
  let c = compiled.get(shape);
  if (!c) {
    const query = dialect.sqlToQuery(build());
    c = { ...query, name: statementName(query.sql) };
    compiled.set(shape, c);
  }
  return c;
}

function prepared(db: AnyDb, c: Compiled): Prepared {
  narrowDb(db);
  const session = (
    db as unknown as {
      session: { prepareQuery(q: unknown, f: undefined, name: string, arrayMode: false): Prepared };
    }
  ).session;
  return session.prepareQuery({ sql: c.sql, params: c.params }, undefined, c.name, false);
}

export interface NearestSearch extends Values {
  filters: NearestFilters;
}

/** The statement's values by placeholder name (the filters given, in their fixed order). */
function placeholderValues(s: NearestSearch): Record<string, unknown> {
  const values: Record<string, unknown> = {
    vector: s.vector,
    threshold: s.threshold,
    count: s.count,
    ef: s.efSearch,
  };
  for (const c of filterColumns(s.filters)) values[c] = s.filters[c];
  return values;
}

/**
 * One search: one prepared statement on the caller's handle, no transaction (the index scan's
 * settings belong to cortex.<table>_nearest, see indexScan).
 */
export async function nearestRows<T>(
  db: AnyDb,
  table: NearestTable,
  columns: string[],
  s: NearestSearch,
): Promise<T[]> {
  narrowDb(db);
  const shape = `${table}:${columns.join(',')}:${filterColumns(s.filters).join(',')}`;
  const build = () => nearestStatement(table, columns, s.filters, placeholder, s);
  return rowsOf<T>(await prepared(db, compile(shape, build)).execute(placeholderValues(s)));
}

/**
 * Runs `fn` in a transaction (a savepoint inside the caller's) with the index scan's settings, then
 * restores them (tests: EXPLAIN of the index scan's query as the function plans it).
 */
export async function withVectorSearchSettings<T>(
  db: AnyDb,
  fn: (tx: DbOrTx) => Promise<T>,
  { efSearch = MATCH_DEFAULT_EF_SEARCH }: { efSearch?: number } = {},
): Promise<T> {
  narrowDb(db);
  return db.transaction(async (t) => {
    const tx = t as unknown as DbOrTx;
    const [old] = rowsOf<{ seqscan: string; iterative: string | null; ef: string | null }>(
      await tx.execute(sql`with saved as materialized (select current_setting('enable_seqscan') as seqscan,
          current_setting('hnsw.iterative_scan', true) as iterative, current_setting('hnsw.ef_search', true) as ef)
        select seqscan, iterative, ef, set_config('hnsw.iterative_scan', 'relaxed_order', true),
          set_config('enable_seqscan', 'off', true), set_config('hnsw.ef_search', ${String(efSearch)}, true)
        from saved`),
    );
    const result = await fn(tx);
    await tx.execute(
      sql`select set_config('hnsw.iterative_scan', ${old?.iterative || 'off'}, true),
        set_config('enable_seqscan', ${old?.seqscan ?? 'on'}, true),
        set_config('hnsw.ef_search', ${old?.ef || '40'}, true)`,
    );
    return result;
  });
}

/** Whether a search with these filters takes the exact scan (the statement's probe, on its own). */
export async function usesExactScan(
  db: AnyDb,
  table: NearestTable,
  filters: NearestFilters,
): Promise<boolean> {
  narrowDb(db);
  const conditions = filterConditions(filters);
  if (conditions.length === 0) return false;
  const [probe] = rowsOf<{ exact: boolean }>(await db.execute(probeQuery(table, conditions)));
  return probe!.exact;
}
