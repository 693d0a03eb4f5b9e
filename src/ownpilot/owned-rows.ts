// Shared mechanics of the tool files' writes: every statement is scoped by (id, user_id), and the
// add / update / delete steps the bookmark, note, calendar, contact and memory tools have in common.
// Internal: not exported from the system's index.
import { type AnyColumn, and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { batch } from '../input';
import { fail, ok, parseInput, type Result, retrying, transactionResult } from '../result';
import { type OwnedTable, userIdInput } from './query';

// drizzle's insert/update builders are generic over the concrete table; these helpers are
// deliberately loose inside and typed by their callers.
type Loose = any;

export async function insertOwned<R>(db: AnyDb, table: OwnedTable, rows: object[]): Promise<R[]> {
  narrowDb(db);
  return (await db
    .insert(table)
    .values(rows as Loose)
    .returning()) as R[];
}

export async function updateOwned<R>(
  db: AnyDb,
  table: OwnedTable,
  id: string,
  userId: string,
  set: object,
): Promise<R | undefined> {
  narrowDb(db);
  const [row] = (await db
    .update(table)
    .set(set as Loose)
    .where(and(eq(table.id, id), eq(table.userId, userId)))
    .returning()) as R[];
  return row;
}

export async function deleteOwned(
  db: AnyDb,
  table: OwnedTable,
  id: string,
  userId: string,
): Promise<boolean> {
  narrowDb(db);
  const rows = await db
    .delete(table)
    .where(and(eq(table.id, id), eq(table.userId, userId)))
    .returning({ id: table.id });
  return rows.length > 0;
}

/** Columns the server sets: never taken from a caller's row. */
export const serverSet = { id: true, userId: true, createdAt: true, updatedAt: true } as const;

/** A batch input: the owner and 1–100 rows of `fields`. */
export function batchSchema<S extends z.ZodObject>(fields: S) {
  return z.object({ userId: userIdInput, items: batch(fields, 100) });
}

/** Parses `input` with `schema` (a row with its userId) and inserts that row. */
export async function addOne<S extends z.ZodType, R>(
  db: AnyDb,
  table: OwnedTable,
  schema: S,
  input: unknown,
) {
  narrowDb(db);
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const [row] = await insertOwned<R>(db, table, [parsed.data as object]);
  return ok({ row: row as R });
}

/** Parses a batchSchema input and inserts every item for its user. */
export async function addBatch<R>(db: AnyDb, table: OwnedTable, schema: z.ZodType, input: unknown) {
  narrowDb(db);
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const { userId, items } = parsed.data as { userId: string; items: object[] };
  // One INSERT statement: all rows or none.
  return ok({
    rows: await insertOwned<R>(
      db,
      table,
      items.map((i) => ({ ...i, userId })),
    ),
  });
}

/** Parses `{ userId, id, ...fields }` and updates the user's row; NOT_FOUND names it as `what`. */
export async function updateOne<R>(
  db: AnyDb,
  table: OwnedTable,
  schema: z.ZodType,
  input: unknown,
  what: string,
): Promise<Result<{ row: R }, 'INVALID_INPUT' | 'NOT_FOUND'>> {
  narrowDb(db);
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const { id, userId, ...set } = parsed.data as { id: string; userId: string };
  if (Object.keys(set).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  const row = await updateOwned<R>(db, table, id, userId, set);
  return row ? ok({ row }) : fail('NOT_FOUND', `${what} ${id} not found`);
}

/** Parses `{ userId, id }` with `schema` and deletes the user's row; NOT_FOUND names it as `what`. */
export async function deleteOne(
  db: AnyDb,
  table: OwnedTable,
  schema: z.ZodType<{ userId: string; id: string }, unknown>,
  input: unknown,
  what: string,
): Promise<Result<{ id: string }, 'INVALID_INPUT' | 'NOT_FOUND'>> {
  narrowDb(db);
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const gone = await deleteOwned(db, table, parsed.data.id, parsed.data.userId);
  return gone ? ok({ id: parsed.data.id }) : fail('NOT_FOUND', `${what} ${parsed.data.id} not found`);
}

/**
 * Deletes the user's row of a table whose rows can be each other's parent (goals, tasks): concurrent
 * deletes of such a pair lock their own row, then each other's (SET NULL), a deadlock by design, so
 * the delete is retried (5 attempts) and then answers BUSY.
 */
export function deleteOwnedOrBusy(
  db: AnyDb,
  table: OwnedTable,
  id: string,
  userId: string,
  what: string,
): Promise<Result<{ id: string }, 'NOT_FOUND' | 'BUSY'>> {
  narrowDb(db);
  return retrying(
    () =>
      transactionResult(
        db,
        async (tx): Promise<Result<{ id: string }, 'NOT_FOUND' | 'BUSY'>> =>
          (await deleteOwned(tx, table, id, userId))
            ? ok({ id })
            : fail('NOT_FOUND', `${what} ${id} not found`),
      ),
    () => fail('BUSY', `${what} ${id}: the delete kept deadlocking with concurrent deletes; try again`),
  );
}

/**
 * completed_at follows a status change: 'completed' stamps it (completing twice keeps the first
 * time), any other status clears it, no status leaves it alone.
 */
export function completedAtFor(
  status: string | undefined,
  completedAt: AnyColumn,
): { completedAt?: SQL | null } {
  if (status === 'completed') return { completedAt: sql`coalesce(${completedAt}, now())` };
  return status ? { completedAt: null } : {};
}
