// Shared mechanics of the personal-data tools: every statement is scoped by (id, user_id).
import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db';

/** A table with a TEXT `id` and an owning `user_id`. */
export type OwnedTable = PgTable & { id: PgColumn; userId: PgColumn };

// drizzle's insert/update builders are generic over the concrete table; these helpers are
// deliberately loose inside and typed by their callers.
type Loose = any;

export async function insertOwned<R>(db: DbOrTx, table: OwnedTable, rows: object[]): Promise<R[]> {
  return (await db
    .insert(table)
    .values(rows as Loose)
    .returning()) as R[];
}

export async function updateOwned<R>(
  db: DbOrTx,
  table: OwnedTable,
  id: string,
  userId: string,
  set: object,
): Promise<R | undefined> {
  const [row] = (await db
    .update(table)
    .set(set as Loose)
    .where(and(eq(table.id, id), eq(table.userId, userId)))
    .returning()) as R[];
  return row;
}

export async function deleteOwned(
  db: DbOrTx,
  table: OwnedTable,
  id: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .delete(table)
    .where(and(eq(table.id, id), eq(table.userId, userId)))
    .returning({ id: table.id });
  return rows.length > 0;
}
