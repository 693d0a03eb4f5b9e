// Shared pieces of the OwnPilot repository functions: the owner and id inputs, pagination, literal
// search, the column-value schemas the kit does not provide (real, bytea), and the owner-scoped
// locked reads that check references. Internal: not exported from the system's index.
import { type AnyColumn, and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { int4, keyText, page } from '../input';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** Pagination of every list function: `limit` 1–100 (default 20), `offset` 0…2^31-1. */
export const pageInput = page(MAX_LIMIT, DEFAULT_LIMIT);

/**
 * The owner of the rows a call may see or touch. Every table indexes `user_id` (several in a
 * UNIQUE with other text columns), so it is bounded in UTF-8 bytes to keep every index entry small.
 */
export const USER_ID_BYTES = 255;
export const userIdInput = keyText(USER_ID_BYTES).min(1).default('default');
/**
 * A row id (TEXT primary keys: library-generated UUIDs or caller-chosen text). Ids are opaque
 * and compared exactly (no case folding: `'Goal-1'` and `'goal-1'` are different ids).
 */
export const ID_BYTES = 1_000;
export const idInput = keyText(ID_BYTES).min(1);

/** Escapes LIKE wildcards so user text matches literally (ILIKE's default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `col1 ILIKE '%term%' OR col2 ILIKE …`, the term passed as a parameter with its wildcards escaped. */
export function searchColumns(term: string, columns: AnyColumn[]): SQL | undefined {
  const pattern = `%${escapeLike(term)}%`;
  return or(...columns.map((c) => sql`${c} ILIKE ${pattern}`));
}

// ─── Column values the kit does not bound ────────────────────────────────────────────────────

export { byteaInput, fitsReal, MAX_BYTEA, REAL_MESSAGE as realMessage } from '../input';

// ─── Owner-scoped references ─────────────────────────────────────────────────────────────────

/** A table with a TEXT `id` and an owning `user_id`. */
export type OwnedTable = PgTable & { id: PgColumn; userId: PgColumn };

/**
 * Locks, in id order, the rows among `ids` that belong to `userId` (FOR KEY SHARE: they cannot
 * be deleted, nor their id or owner changed, until the transaction ends) and returns their ids.
 * A reference is valid only when its row is returned: another user's id and a missing id look
 * the same. Run inside the transaction that writes the reference; take these locks before
 * locking the row being written, so every function locks referenced rows first.
 */
export async function lockOwned(
  tx: DbOrTx,
  table: OwnedTable,
  ids: readonly string[],
  userId: string,
): Promise<Set<string>> {
  const wanted = [...new Set(ids)].sort();
  if (!wanted.length) return new Set();
  const rows = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.userId, userId), inArray(table.id, wanted)))
    .orderBy(asc(table.id))
    .for('key share');
  return new Set(rows.map((r) => r.id as string));
}

// ─── Steps of a new goal or plan ─────────────────────────────────────────────────────────────

export const MAX_STEPS = 100;

/**
 * The steps of a new goal or plan: `dependsOn` lists 0-based indices of *earlier* steps of the
 * same call (step ids are generated, so a caller cannot name them yet); they are stored in
 * `dependencies` as those steps' ids. Ids of any other step are not accepted here.
 */
export function withDependsOn<T extends z.ZodRawShape>(shape: T, minSteps: number) {
  const step = z.strictObject({
    ...shape,
    dependsOn: z
      .array(int4({ min: 0, max: MAX_STEPS - 1 }))
      .max(MAX_STEPS)
      .optional(),
  });
  return z
    .array(step)
    .min(minSteps)
    .max(MAX_STEPS)
    .superRefine((steps, ctx) => {
      steps.forEach((s, i) => {
        for (const [j, d] of ((s as { dependsOn?: number[] }).dependsOn ?? []).entries()) {
          if (d >= i)
            ctx.addIssue({
              code: 'custom',
              path: [i, 'dependsOn', j],
              message: 'must be the index of an earlier step',
            });
        }
      });
    });
}
/**
 * The share (0–100) of a goal's or plan's steps that are completed, NULL when it has none:
 * `stepParentId` is the steps' column naming their goal / plan, `parentId` that row's id.
 */
export function completedStepShare(stepParentId: PgColumn, parentId: AnyColumn): SQL {
  return sql`(select 100.0 * count(*) filter (where s.status = 'completed') / nullif(count(*), 0)
        from ${stepParentId.table} s where s.${sql.identifier(stepParentId.name)} = ${parentId})`;
}

/** Step ids generated up front, and each step's dependencies resolved from its `dependsOn`. */
export function resolveDependsOn<T extends { dependsOn?: number[] }>(steps: T[]) {
  const ids = steps.map(() => crypto.randomUUID());
  return steps.map(({ dependsOn, ...rest }, i) => ({
    ...rest,
    id: ids[i]!,
    dependencies: [...new Set(dependsOn ?? [])].map((d) => ids[d]!),
    orderNum: i,
  }));
}
