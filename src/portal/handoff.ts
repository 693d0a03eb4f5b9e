import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, inTransaction, narrowDb } from '../db';
import { int4 } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { noInput } from './internal';
import { handoffInterfaceValues, sessionHandoff, sessionHandoffHistory } from './tables/ops';
import type { SessionHandoff, SessionHandoffHistory } from './validators';

export const saveHandoffInput = z.object({
  content: z.string().min(1).max(200_000),
  createdBy: z.string().min(1).max(200),
  interface: z.enum(handoffInterfaceValues),
  /** A mid-session checkpoint replaces the current handoff without archiving it. */
  checkpoint: z.boolean().default(false),
});
export const saveHandoffErrors = ['INVALID_INPUT'] as const;

/**
 * Archives the current handoff into history (session_date = the UTC date of its last save)
 * unless `checkpoint`, then upserts row 1. Saves are serialised by a SHARE ROW EXCLUSIVE lock on
 * session_handoff (readers are not blocked), so two concurrent saves lose nothing even when the
 * table is still empty: each archives what the other wrote.
 */
export async function saveHandoff(
  db: AnyDb,
  input: z.input<typeof saveHandoffInput>,
): Promise<
  Result<
    { handoff: SessionHandoff; archived: SessionHandoffHistory | null },
    (typeof saveHandoffErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(saveHandoffInput, input);
  if (!parsed.success) return parsed;
  const { content, createdBy, interface: iface, checkpoint } = parsed.data;
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`lock table ${sessionHandoff} in share row exclusive mode`);
    let archived: SessionHandoffHistory | null = null;
    if (!checkpoint) {
      // Read after the lock was granted: no other save can change row 1 until this commits.
      const [current] = await tx.select().from(sessionHandoff).where(eq(sessionHandoff.id, 1));
      const [row] = current
        ? await tx
            .insert(sessionHandoffHistory)
            .values({
              content: current.content,
              createdBy: current.createdBy,
              interface: current.interface,
              sessionDate: current.updatedAt.toISOString().slice(0, 10),
            })
            .returning()
        : [];
      archived = row ?? null;
    }
    const [handoff] = await tx
      .insert(sessionHandoff)
      .values({ id: 1, content, createdBy, interface: iface })
      .onConflictDoUpdate({
        target: sessionHandoff.id,
        set: { content, createdBy, interface: iface, updatedAt: sql`now()` },
      })
      .returning();
    return ok({ handoff: handoff!, archived });
  });
}

export const getHandoffInput = noInput();
export const getHandoffErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** The current handoff (row 1). Takes no input (nothing or `{}`). */
export async function getHandoff(
  db: AnyDb,
  input: z.input<typeof getHandoffInput> = {},
): Promise<Result<{ handoff: SessionHandoff }, (typeof getHandoffErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(getHandoffInput, input);
  if (!parsed.success) return parsed;
  const [handoff] = await db.select().from(sessionHandoff).where(eq(sessionHandoff.id, 1));
  return handoff ? ok({ handoff }) : fail('NOT_FOUND', 'no handoff has been saved yet');
}

export const listHandoffHistoryInput = z.object({ limit: int4({ min: 1, max: 1000 }).default(20) }).default({
  limit: 20,
});
export const listHandoffHistoryErrors = ['INVALID_INPUT'] as const;

/** Archived handoffs, newest first. */
export async function listHandoffHistory(
  db: AnyDb,
  input: z.input<typeof listHandoffHistoryInput> = {},
): Promise<Result<{ history: SessionHandoffHistory[] }, (typeof listHandoffHistoryErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listHandoffHistoryInput, input);
  if (!parsed.success) return parsed;
  const history = await db
    .select()
    .from(sessionHandoffHistory)
    .orderBy(desc(sessionHandoffHistory.id))
    .limit(parsed.data.limit);
  return ok({ history });
}
