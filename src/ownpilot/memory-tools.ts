// The memory AI tools (remember, recall, forget, list_memories).
import { and, asc, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { ok, parseInput, type Result, transactionResult } from '../result';
import { deleteOne } from './owned-rows';
import { fitsReal, idInput, pageInput, realMessage, searchColumns, userIdInput } from './query';
import { memories, memoryTypeValues } from './tables/autonomy';
import { insertMemorySchema, type Memory } from './validators';

export const rememberInput = insertMemorySchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, accessedAt: true, accessedCount: true })
  .extend({ userId: userIdInput });
export const rememberErrors = ['INVALID_INPUT'] as const;

/** How much a repeated `remember` raises the existing memory's importance (capped at 1). */
const REMEMBER_BOOST = '0.1';

/**
 * remember: stores a memory (importance 0–1, default 0.5; `embedding` a Buffer / Uint8Array of at
 * most 1 MiB). `source` / `sourceId` are free text naming where it was learned: not a reference
 * the library follows (no relation, no FK), so it is stored as given.
 *
 * Deduplicated as in OwnPilot: when the user already has a memory of the same `type` whose
 * `content` is exactly equal (byte for byte: no case folding, trimming or whitespace
 * normalisation), no row is inserted; that memory's importance is raised by 0.1, capped at 1
 * (computed on its decimal value: 0.5 → 0.6 → 0.7 …), and the call counts as an access of it
 * (`accessed_count` + 1, `accessed_at` = now, as OwnPilot's re-read of the boosted memory does);
 * `updated_at` is set by the trigger. The call's other fields (importance, tags, source, embedding,
 * metadata) are ignored then. The answer says which happened: `deduplicated`. Other users' memories
 * are never matched. When older duplicates exist (written around this function), the oldest is
 * the one raised.
 *
 * Concurrent calls are serialised by a transaction-level advisory lock on (user, type, content):
 * N concurrent calls with the same content leave one row, raised N - 1 times, exactly as N calls
 * in a row would. The lock only orders `remember` calls (at READ COMMITTED, the default): a raw
 * INSERT does not take it.
 */
export async function remember(
  db: AnyDb,
  input: z.input<typeof rememberInput>,
): Promise<Result<{ memory: Memory; deduplicated: boolean }, (typeof rememberErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(rememberInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  const key = `ownpilot.memories:${data.userId.length}:${data.userId}:${data.type}:${data.content}`;
  return transactionResult(db, async (tx) => {
    // Taken before the next statement's snapshot, so that statement sees every earlier caller's row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    const oldest = tx
      .select({ id: memories.id })
      .from(memories)
      .where(
        and(
          eq(memories.userId, data.userId),
          eq(memories.type, data.type),
          eq(memories.content, data.content),
        ),
      )
      .orderBy(asc(memories.createdAt), asc(memories.id))
      .limit(1);
    const [boosted] = await tx
      .update(memories)
      .set({
        // float4 → numeric keeps 6 significant digits (what the value means), + 0.1 exactly, back to float4.
        importance: sql`least(${memories.importance}::numeric + ${REMEMBER_BOOST}::numeric, 1)`,
        accessedAt: sql`now()`,
        // The int4 counter saturates instead of overflowing (22003).
        accessedCount: sql`least(${memories.accessedCount}, 2147483646) + 1`,
      })
      .where(inArray(memories.id, oldest))
      .returning();
    if (boosted) return ok({ memory: boosted, deduplicated: true });
    const [memory] = await tx.insert(memories).values(data).returning();
    return ok({ memory: memory as Memory, deduplicated: false });
  });
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
  db: AnyDb,
  input: z.input<typeof recallInput>,
): Promise<Result<{ memories: Memory[] }, (typeof recallErrors)[number]>> {
  narrowDb(db);
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
  db: AnyDb,
  input: z.input<typeof forgetInput>,
): Promise<Result<{ id: string }, (typeof forgetErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, memories, forgetInput, input, 'memory');
}

export const listMemoriesInput = z.object({ ...filters, ...pageInput });
export const listMemoriesErrors = ['INVALID_INPUT'] as const;

/** list_memories: newest first; listing is not an access (accessed_* unchanged). */
export async function listMemories(
  db: AnyDb,
  input: z.input<typeof listMemoriesInput>,
): Promise<Result<{ memories: Memory[] }, (typeof listMemoriesErrors)[number]>> {
  narrowDb(db);
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
