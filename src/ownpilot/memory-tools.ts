// The memory AI tools (remember, recall, forget, list_memories).
import { and, asc, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { ok, parseInput, type Result } from '../result';
import { deleteOne } from './owned-rows';
import { fitsReal, idInput, pageInput, realMessage, searchColumns, userIdInput } from './query';
import { memories, memoryTypeValues } from './tables/autonomy';
import { insertMemorySchema, type Memory } from './validators';

export const rememberInput = insertMemorySchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, accessedAt: true, accessedCount: true })
  .extend({ userId: userIdInput });
export const rememberErrors = ['INVALID_INPUT'] as const;

/**
 * remember: stores a memory (importance 0–1, default 0.5; `embedding` a Buffer / Uint8Array of at
 * most 1 MiB). `source` / `sourceId` are free text naming where it was learned: not a reference
 * the library follows (no relation, no FK), so it is stored as given.
 */
export async function remember(
  db: DbOrTx,
  input: z.input<typeof rememberInput>,
): Promise<Result<{ memory: Memory }, (typeof rememberErrors)[number]>> {
  const parsed = parseInput(rememberInput, input);
  if (!parsed.success) return parsed;
  const [memory] = await db.insert(memories).values(parsed.data).returning();
  return ok({ memory: memory as Memory });
}

const filters = {
  userId: userIdInput,
  type: z.enum(memoryTypeValues).optional(),
  minImportance: z.number().min(0).max(1).refine(fitsReal, { error: realMessage }).optional(),
};

export const recallInput = z.object({
  ...filters,
  query: z.string().min(1).optional(),
  limit: pageInput.limit,
});
export const recallErrors = ['INVALID_INPUT'] as const;

/**
 * recall: the most important matching memories (content ILIKE the query, literally). Returning
 * them counts as an access: accessed_at and accessed_count are updated by the same statement,
 * so concurrent recalls never lose a count.
 */
export async function recall(
  db: DbOrTx,
  input: z.input<typeof recallInput>,
): Promise<Result<{ memories: Memory[] }, (typeof recallErrors)[number]>> {
  const parsed = parseInput(recallInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(memories.userId, f.userId)];
  if (f.type) where.push(eq(memories.type, f.type));
  if (f.minImportance !== undefined) where.push(gte(memories.importance, f.minImportance));
  if (f.query) where.push(searchColumns(f.query, [memories.content]));
  const picked = db
    .select({ id: memories.id })
    .from(memories)
    .where(and(...where))
    .orderBy(desc(memories.importance), desc(memories.createdAt), memories.id)
    .limit(f.limit);
  // The picked rows are locked in id order first (FOR UPDATE … ORDER BY id), so concurrent recalls
  // with different filters over overlapping memories take their row locks in one order: no deadlock.
  const locked = db
    .select({ id: memories.id })
    .from(memories)
    .where(inArray(memories.id, picked))
    .orderBy(asc(memories.id))
    .for('update');
  const rows = await db
    .update(memories)
    // The int4 counter saturates instead of overflowing (22003).
    .set({ accessedAt: sql`now()`, accessedCount: sql`least(${memories.accessedCount}, 2147483646) + 1` })
    .where(inArray(memories.id, locked))
    .returning();
  // RETURNING has no order: restore the ranking.
  rows.sort(
    (a, b) =>
      b.importance - a.importance ||
      b.createdAt.getTime() - a.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  return ok({ memories: rows });
}

export const forgetInput = z.object({ userId: userIdInput, id: idInput });
export const forgetErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** forget: deletes one memory. */
export function forget(
  db: DbOrTx,
  input: z.input<typeof forgetInput>,
): Promise<Result<{ id: string }, (typeof forgetErrors)[number]>> {
  return deleteOne(db, memories, forgetInput, input, 'memory');
}

export const listMemoriesInput = z.object({ ...filters, ...pageInput });
export const listMemoriesErrors = ['INVALID_INPUT'] as const;

/** list_memories: newest first; listing is not an access (accessed_* unchanged). */
export async function listMemories(
  db: DbOrTx,
  input: z.input<typeof listMemoriesInput>,
): Promise<Result<{ memories: Memory[] }, (typeof listMemoriesErrors)[number]>> {
  const parsed = parseInput(listMemoriesInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(memories.userId, f.userId)];
  if (f.type) where.push(eq(memories.type, f.type));
  if (f.minImportance !== undefined) where.push(gte(memories.importance, f.minImportance));
  const rows = await db
    .select()
    .from(memories)
    .where(and(...where))
    .orderBy(desc(memories.createdAt), memories.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ memories: rows });
}
