// The nearest-neighbour SQL behind matchKnowledge / matchConversations: query builder, the
// vector-search settings and the exact-scan probe. Internal (not exported from the package).
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, inTransaction, rowsOf } from '../db';
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

/** `column = value` for each given filter. */
function filterConditions(filters: NearestFilters): SQL[] {
  return Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => sql`${sql.identifier(column)} = ${value}::text`);
}

/**
 * Nearest neighbours through the HNSW index. The inner query orders by the raw `<=>` distance with
 * a LIMIT, which is the shape the planner serves from the index; the threshold is applied outside the
 * materialized CTE so it cannot turn the index scan into a filtered one. `hnsw.iterative_scan` keeps
 * the index scan going past `hnsw.ef_search` candidates, so `count` rows come back whenever that many
 * exist; `relaxed_order` may return them slightly out of order, hence the outer sort. `enable_seqscan`
 * is off for the transaction because on small tables the planner would otherwise sort a seq scan.
 * Equality `filters` go inside, on the index scan: the iterative scan then keeps walking the graph
 * until `count` rows pass them (outside, the LIMIT would cut first and leave fewer rows).
 */
export function nearestQuery(
  table: 'cortex_knowledge' | 'cortex_conversations',
  columns: string[],
  vector: string,
  threshold: number,
  count: number,
  filters: NearestFilters = {},
  /** Order by `distance + 0`, which no index serves: an exact scan of the (filtered) rows. */
  exact = false,
): SQL {
  const cols = sql.raw(columns.join(', '));
  const q = sql`${vector}::vector(${sql.raw(String(EMBEDDING_DIMENSIONS))})`;
  const conditions = filterConditions(filters);
  const where = conditions.length ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
  return sql`
    with nearest as materialized (
      select ${cols}, embedding <=> ${q} as distance
      from cortex.${sql.identifier(table)}${where}
      order by ${exact ? sql`(embedding <=> ${q}) + 0` : sql`embedding <=> ${q}`}
      limit ${count}
    )
    select ${cols}, 1 - distance as similarity
    from nearest
    -- NaN (a zero vector written with raw SQL) would compare greater than any threshold
    where distance <> 'NaN'::float8 and 1 - distance > ${threshold}::float8
    -- "+ 0": PostgreSQL 17 would otherwise trust the CTE's (relaxed) order and skip this sort
    order by distance + 0`;
}

/**
 * Runs `fn` in a transaction (a savepoint inside the caller's) with the vector-search settings, then
 * restores them: SET LOCAL inside a savepoint would otherwise last until the caller's transaction ends.
 */
export async function withVectorSearchSettings<T>(
  db: DbOrTx,
  fn: (tx: DbOrTx) => Promise<T>,
  { efSearch = MATCH_DEFAULT_EF_SEARCH }: { efSearch?: number } = {},
): Promise<T> {
  return inTransaction(db, async (tx) => {
    const [saved] = rowsOf<{ seqscan: string; iterative: string | null; ef: string | null }>(
      await tx.execute(sql`select current_setting('enable_seqscan') as seqscan,
        current_setting('hnsw.iterative_scan', true) as iterative, current_setting('hnsw.ef_search', true) as ef`),
    );
    await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true),
      set_config('enable_seqscan', 'off', true), set_config('hnsw.ef_search', ${String(efSearch)}, true)`);
    const result = await fn(tx);
    await tx.execute(sql`select set_config('hnsw.iterative_scan', ${saved?.iterative || 'off'}, true),
      set_config('enable_seqscan', ${saved?.seqscan ?? 'on'}, true),
      set_config('hnsw.ef_search', ${saved?.ef || '40'}, true)`);
    return result;
  });
}

/** Whether a search with these filters takes the exact scan (the filter matches few rows). */
export async function usesExactScan(
  db: DbOrTx,
  table: 'cortex_knowledge' | 'cortex_conversations',
  filters: NearestFilters,
): Promise<boolean> {
  const conditions = filterConditions(filters);
  if (conditions.length === 0) return false;
  const [probe] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (select 1 from cortex.${sql.identifier(table)}
      where ${sql.join(conditions, sql` and `)} limit ${MATCH_EXACT_FILTER_MAX_ROWS + 1}) matching`),
  );
  return probe!.n <= MATCH_EXACT_FILTER_MAX_ROWS;
}
