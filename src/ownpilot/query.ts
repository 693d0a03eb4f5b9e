import { type AnyColumn, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pgErrorCode } from '../db';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** Pagination of every list function: a bounded `limit` and an `offset`. */
export const pageInput = {
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.number().int().min(0).default(0),
};

/** The owner of the rows a call may see or touch. */
export const userIdInput = z.string().min(1).default('default');
export const idInput = z.string().min(1);

/** Escapes LIKE wildcards so user text matches literally (ILIKE's default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `col1 ILIKE '%term%' OR col2 ILIKE …`, the term passed as a parameter with its wildcards escaped. */
export function searchColumns(term: string, columns: AnyColumn[]): SQL | undefined {
  const pattern = `%${escapeLike(term)}%`;
  return or(...columns.map((c) => sql`${c} ILIKE ${pattern}`));
}

/** True for a foreign-key violation (SQLSTATE 23503). */
export const isFkViolation = (e: unknown) => pgErrorCode(e) === '23503';
