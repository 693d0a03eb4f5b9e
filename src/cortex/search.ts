import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, inTransaction, rowsOf } from '../db';
import { type Failure, fail, parseInput } from '../result';
import { EMBEDDING_DIMENSIONS } from './memory';
import { embeddingSchema } from './validators';

export const matchErrors = ['INVALID_INPUT', 'INVALID_EMBEDDING'] as const;
export type MatchError = (typeof matchErrors)[number];

export const MATCH_MAX_COUNT = 200;
/** Longest accepted `type` / `userId` filter value. */
export const MATCH_FILTER_MAX_LENGTH = 256;

const filterValue = z.string().min(1).max(MATCH_FILTER_MAX_LENGTH);

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

export const matchInputSchema = z.object({
  embedding: z.unknown(),
  /** Rows with similarity (1 - cosine distance, in [-1, 1]) strictly above this are returned. */
  threshold: z.number().min(-1).max(1),
  count: z.number().int().min(1).max(MATCH_MAX_COUNT),
  /** HNSW candidate list size (pgvector's range 1–1000); more is slower and finds more true neighbours. */
  efSearch: z.number().int().min(1).max(1000).default(MATCH_DEFAULT_EF_SEARCH),
});
export const matchKnowledgeInputSchema = matchInputSchema.extend({
  /** Only rows whose `type` equals this. */
  type: filterValue.optional(),
  /** Only rows whose `user_id` equals this. */
  userId: filterValue.optional(),
});
export const matchConversationsInputSchema = matchInputSchema.extend({ userId: filterValue.optional() });

export type MatchInput = {
  embedding: readonly number[];
  threshold: number;
  count: number;
  efSearch?: number;
};
export type MatchKnowledgeInput = MatchInput & { type?: string; userId?: string };
export type MatchConversationsInput = MatchInput & { userId?: string };
/** Equality filters applied inside the nearest-neighbour scan (column name → value). */
export type NearestFilters = Partial<Record<'type' | 'user_id', string>>;

export type KnowledgeMatch = {
  id: string;
  title: string | null;
  content: string;
  type: string;
  similarity: number;
};
export type ConversationMatch = {
  id: string;
  title: string | null;
  summary: string | null;
  similarity: number;
};

type MatchResult<T> = { success: true; matches: T[] } | Failure<MatchError>;

/** Validates the input, returning the query vector as a pgvector literal and the filters. */
function parseMatch(
  schema: typeof matchKnowledgeInputSchema | typeof matchConversationsInputSchema,
  input: MatchInput,
):
  | {
      success: true;
      vector: string;
      threshold: number;
      count: number;
      efSearch: number;
      filters: NearestFilters;
    }
  | Failure<MatchError> {
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const filters: NearestFilters = {};
  if ('type' in parsed.data && parsed.data.type !== undefined) filters.type = parsed.data.type;
  if (parsed.data.userId !== undefined) filters.user_id = parsed.data.userId;
  const embedding = embeddingSchema.safeParse(parsed.data.embedding);
  if (!embedding.success) {
    return fail(
      'INVALID_EMBEDDING',
      `embedding must be exactly ${EMBEDDING_DIMENSIONS} finite numbers, not all zero`,
      embedding.error.issues,
    );
  }
  return {
    success: true,
    vector: `[${embedding.data.join(',')}]`,
    threshold: parsed.data.threshold,
    count: parsed.data.count,
    efSearch: parsed.data.efSearch,
    filters,
  };
}

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

type Parsed = { vector: string; threshold: number; count: number; efSearch: number; filters: NearestFilters };

/**
 * Unfiltered, or with a filter matching more than MATCH_EXACT_FILTER_MAX_ROWS rows: the HNSW index
 * (iterative scan). A more selective filter: an exact scan of the matching rows (the probe stops
 * counting at the limit, so a broad filter costs little to rule out).
 */
async function nearest<T>(
  db: DbOrTx,
  table: 'cortex_knowledge' | 'cortex_conversations',
  columns: string[],
  p: Parsed,
): Promise<T[]> {
  if (await usesExactScan(db, table, p.filters)) {
    return rowsOf<T>(
      await db.execute(nearestQuery(table, columns, p.vector, p.threshold, p.count, p.filters, true)),
    );
  }
  return withVectorSearchSettings(
    db,
    async (tx) =>
      rowsOf<T>(await tx.execute(nearestQuery(table, columns, p.vector, p.threshold, p.count, p.filters))),
    { efSearch: p.efSearch },
  );
}

/**
 * `match_knowledge`: notes and documents most similar to `embedding`, best first; optionally only
 * those of one `type` and/or `userId`.
 */
export async function matchKnowledge(
  db: DbOrTx,
  input: MatchKnowledgeInput,
): Promise<MatchResult<KnowledgeMatch>> {
  const p = parseMatch(matchKnowledgeInputSchema, input);
  if (!p.success) return p;
  const rows = await nearest<KnowledgeMatch>(db, 'cortex_knowledge', ['id', 'title', 'content', 'type'], p);
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}

/** `match_conversations`: archived conversations most similar to `embedding`, best first; optionally one `userId`'s. */
export async function matchConversations(
  db: DbOrTx,
  input: MatchConversationsInput,
): Promise<MatchResult<ConversationMatch>> {
  const p = parseMatch(matchConversationsInputSchema, input);
  if (!p.success) return p;
  const rows = await nearest<ConversationMatch>(db, 'cortex_conversations', ['id', 'title', 'summary'], p);
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}
