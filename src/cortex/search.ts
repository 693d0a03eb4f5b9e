import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, inTransaction, rowsOf } from '../db';
import { type Failure, fail, parseInput } from '../result';
import { EMBEDDING_DIMENSIONS } from './memory';
import { embeddingSchema } from './validators';

export const matchErrors = ['INVALID_INPUT', 'INVALID_EMBEDDING'] as const;
export type MatchError = (typeof matchErrors)[number];

export const MATCH_MAX_COUNT = 200;

export const matchInputSchema = z.object({
  embedding: z.unknown(),
  /** Rows with similarity (1 - cosine distance, in [-1, 1]) strictly above this are returned. */
  threshold: z.number().min(-1).max(1),
  count: z.number().int().min(1).max(MATCH_MAX_COUNT),
});
export type MatchInput = { embedding: readonly number[]; threshold: number; count: number };

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

/** Validates the input, returning the query vector as a pgvector literal. */
function parseMatch(
  input: MatchInput,
): { success: true; vector: string; threshold: number; count: number } | Failure<MatchError> {
  const parsed = parseInput(matchInputSchema, input);
  if (!parsed.success) return parsed;
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
  };
}

/**
 * Nearest neighbours through the HNSW index. The inner query orders by the raw `<=>` distance with
 * a LIMIT, which is the shape the planner serves from the index; the threshold is applied outside the
 * materialized CTE so it cannot turn the index scan into a filtered one. `hnsw.iterative_scan` keeps
 * the index scan going past `hnsw.ef_search` candidates, so `count` rows come back whenever that many
 * exist; `relaxed_order` may return them slightly out of order, hence the outer sort. `enable_seqscan`
 * is off for the transaction because on small tables the planner would otherwise sort a seq scan.
 */
export function nearestQuery(
  table: 'cortex_knowledge' | 'cortex_conversations',
  columns: string[],
  vector: string,
  threshold: number,
  count: number,
): SQL {
  const cols = sql.raw(columns.join(', '));
  const q = sql`${vector}::vector(${sql.raw(String(EMBEDDING_DIMENSIONS))})`;
  return sql`
    with nearest as materialized (
      select ${cols}, embedding <=> ${q} as distance
      from cortex.${sql.identifier(table)}
      order by embedding <=> ${q}
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
export async function withVectorSearchSettings<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    const [saved] = rowsOf<{ seqscan: string; iterative: string | null }>(
      await tx.execute(sql`select current_setting('enable_seqscan') as seqscan,
        current_setting('hnsw.iterative_scan', true) as iterative`),
    );
    await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true),
      set_config('enable_seqscan', 'off', true)`);
    const result = await fn(tx);
    await tx.execute(sql`select set_config('hnsw.iterative_scan', ${saved?.iterative || 'off'}, true),
      set_config('enable_seqscan', ${saved?.seqscan ?? 'on'}, true)`);
    return result;
  });
}

async function nearest<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return withVectorSearchSettings(db, async (tx) => rowsOf<T>(await tx.execute(query)));
}

/** `match_knowledge`: notes and documents most similar to `embedding`, best first. */
export async function matchKnowledge(db: DbOrTx, input: MatchInput): Promise<MatchResult<KnowledgeMatch>> {
  const p = parseMatch(input);
  if (!p.success) return p;
  const rows = await nearest<KnowledgeMatch>(
    db,
    nearestQuery('cortex_knowledge', ['id', 'title', 'content', 'type'], p.vector, p.threshold, p.count),
  );
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}

/** `match_conversations`: archived conversations most similar to `embedding`, best first. */
export async function matchConversations(
  db: DbOrTx,
  input: MatchInput,
): Promise<MatchResult<ConversationMatch>> {
  const p = parseMatch(input);
  if (!p.success) return p;
  const rows = await nearest<ConversationMatch>(
    db,
    nearestQuery('cortex_conversations', ['id', 'title', 'summary'], p.vector, p.threshold, p.count),
  );
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}
