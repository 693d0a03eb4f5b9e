import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { int4 } from '../input';
import { type Failure, parseInput } from '../result';
import { parseEmbedding, withoutEmbedding } from './internal';
import { MATCH_DEFAULT_EF_SEARCH, type NearestFilters, nearestRows } from './nearest';

export { MATCH_DEFAULT_EF_SEARCH, MATCH_EXACT_FILTER_MAX_ROWS, type NearestFilters } from './nearest';

export const matchErrors = ['INVALID_INPUT', 'INVALID_EMBEDDING'] as const;
export type MatchError = (typeof matchErrors)[number];

export const MATCH_MAX_COUNT = 200;
/** Longest accepted `type` / `userId` filter value. */
export const MATCH_FILTER_MAX_LENGTH = 256;

const filterValue = z.string().min(1).max(MATCH_FILTER_MAX_LENGTH);

export const matchInputSchema = z.object({
  /** Required; checked on its own (embeddingSchema): a bad or missing one is INVALID_EMBEDDING. */
  embedding: z.unknown().optional(),
  /** Rows with similarity (1 - cosine distance, in [-1, 1]) strictly above this are returned. */
  threshold: z.number().min(-1).max(1),
  count: int4({ min: 1, max: MATCH_MAX_COUNT }),
  /** HNSW candidate list size (pgvector's range 1–1000); more is slower and finds more true neighbours. */
  efSearch: int4({ min: 1, max: 1000 }).default(MATCH_DEFAULT_EF_SEARCH),
});
export const matchKnowledgeInputSchema = matchInputSchema.extend({
  /** Only rows whose `type` equals this. */
  type: filterValue.optional(),
  /** Only rows whose `user_id` equals this. */
  userId: filterValue.optional(),
});
export const matchConversationsInputSchema = matchInputSchema.extend({ userId: filterValue.optional() });
/** The contract names (the schemas above under `<fn>Input`, the shared error list under `<fn>Errors`). */
export const matchKnowledgeInput = matchKnowledgeInputSchema;
export const matchConversationsInput = matchConversationsInputSchema;
export const matchKnowledgeErrors = matchErrors;
export const matchConversationsErrors = matchErrors;

export type MatchInput = {
  embedding: readonly number[];
  threshold: number;
  count: number;
  efSearch?: number;
};
export type MatchKnowledgeInput = MatchInput & { type?: string; userId?: string };
export type MatchConversationsInput = MatchInput & { userId?: string };

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
  const split = withoutEmbedding(input);
  const parsed = parseInput(schema, split.rest);
  if (!parsed.success) return parsed;
  const filters: NearestFilters = {};
  if ('type' in parsed.data && parsed.data.type !== undefined) filters.type = parsed.data.type;
  if (parsed.data.userId !== undefined) filters.user_id = parsed.data.userId;
  const embedding = parseEmbedding(split.embedding);
  if (!embedding.success) return embedding;
  return {
    success: true,
    vector: `[${embedding.data.join(',')}]`,
    threshold: parsed.data.threshold,
    count: parsed.data.count,
    efSearch: parsed.data.efSearch,
    filters,
  };
}

/**
 * `match_knowledge`: notes and documents most similar to `embedding`, best first; optionally only
 * those of one `type` and/or `userId`.
 */
export async function matchKnowledge(
  db: AnyDb,
  input: MatchKnowledgeInput,
): Promise<MatchResult<KnowledgeMatch>> {
  narrowDb(db);
  const p = parseMatch(matchKnowledgeInputSchema, input);
  if (!p.success) return p;
  const rows = await nearestRows<KnowledgeMatch>(
    db,
    'cortex_knowledge',
    ['id', 'title', 'content', 'type'],
    p,
  );
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}

/** `match_conversations`: archived conversations most similar to `embedding`, best first; optionally one `userId`'s. */
export async function matchConversations(
  db: AnyDb,
  input: MatchConversationsInput,
): Promise<MatchResult<ConversationMatch>> {
  narrowDb(db);
  const p = parseMatch(matchConversationsInputSchema, input);
  if (!p.success) return p;
  const rows = await nearestRows<ConversationMatch>(
    db,
    'cortex_conversations',
    ['id', 'title', 'summary'],
    p,
  );
  return { success: true, matches: rows.map((r) => ({ ...r, similarity: Number(r.similarity) })) };
}
