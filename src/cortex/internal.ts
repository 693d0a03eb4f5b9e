import { z } from 'zod';
import { type AnyDb, type DbOrTx, inTransaction, narrowDb } from '../db';
import { keyText, jsonObject as kitJsonObject } from '../input';
import { type Failure, fail, isConstraintViolation } from '../result';
import { EMBEDDING_DIMENSIONS } from './tables/memory';
import { embeddingSchema } from './validators';

/** The largest finite float4 (embeddingSchema's bound). */
const FLOAT4_MAX = 3.4028234663852886e38;

export const FOREIGN_KEY_VIOLATION = Symbol('foreign key violation');

/**
 * Runs `fn` in a savepoint and reports a violation (23503) of one of the foreign keys
 * `constraints` instead of throwing, so a missing parent row becomes a business error without
 * aborting the caller's transaction.
 */
export async function orForeignKeyViolation<T>(
  db: AnyDb,
  constraints: readonly string[],
  fn: (tx: DbOrTx) => Promise<T>,
): Promise<T | typeof FOREIGN_KEY_VIOLATION> {
  narrowDb(db);
  try {
    return await inTransaction(db, fn);
  } catch (error) {
    if (constraints.some((c) => isConstraintViolation(error, '23503', c))) return FOREIGN_KEY_VIOLATION;
    throw error;
  }
}

/**
 * Splits `embedding` off a plain-object input: it is validated on its own (embeddingSchema,
 * INVALID_EMBEDDING), while parseInput's walk would report a NaN in it as INVALID_INPUT.
 */
export function withoutEmbedding(input: unknown): { rest: unknown; embedding: unknown } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { rest: input, embedding: undefined };
  const { embedding, ...rest } = input as Record<string, unknown>;
  return { rest, embedding };
}

/** An embedding checked on its own (embeddingSchema): INVALID_EMBEDDING, with zod's issues, otherwise. */
export function parseEmbedding(
  value: unknown,
): { success: true; data: number[] } | Failure<'INVALID_EMBEDDING'> {
  // The common case, checked in one loop (zod's walk of 1,536 elements costs a search more than
  // building the statement does): each element read once into a copy, so a getter cannot change it
  // between the check and its use. Anything else goes through zod for its result and issues.
  if (Array.isArray(value) && value.length === EMBEDDING_DIMENSIONS) {
    const data = new Array<number>(EMBEDDING_DIMENSIONS);
    let valid = true;
    let nonZero = false;
    for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) {
      const x: unknown = value[i];
      if (typeof x !== 'number' || !(x >= -FLOAT4_MAX && x <= FLOAT4_MAX)) {
        valid = false;
        break;
      }
      if (x !== 0) nonZero = true;
      data[i] = x;
    }
    if (valid && nonZero) return { success: true, data };
  }
  const e = embeddingSchema.safeParse(value);
  if (e.success) return { success: true, data: e.data };
  return fail(
    'INVALID_EMBEDDING',
    `embedding must be exactly ${EMBEDDING_DIMENSIONS} finite numbers, not all zero`,
    e.error.issues,
  );
}

/** Non-empty text (trimmed). */
export const text = () => z.string().trim().min(1);
/** Bytes allowed in a value compared with or stored in an indexed text column (user ids, keys). */
export const KEY_MAX_BYTES = 1_000;
/** Non-empty text (trimmed) for an indexed column: at most KEY_MAX_BYTES UTF-8 bytes. */
export const key = () => keyText(KEY_MAX_BYTES).trim().min(1);
export const jsonObject = kitJsonObject;

/** The documented default `user_id` of the chat and memory tables: the agent's single owner. */
export const DEFAULT_USER = 'owner';
/**
 * The user a chat/memory call acts for (default 'owner'): rows it reads or references must be
 * this user's; another user's row answers exactly like a missing one.
 */
export const ownerInput = () => key().default(DEFAULT_USER);

/** First sentence of a summary, for the title column ("First sentence of Haiku summary"). */
export function firstSentence(summary: string): string {
  const trimmed = summary.trim();
  const match = /^.*?[.!?](?=\s|$)/s.exec(trimmed);
  return (match ? match[0] : trimmed).trim();
}
