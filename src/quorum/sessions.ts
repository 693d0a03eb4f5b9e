import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, INT4, uuidInput } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { sessions, sessionTurns } from './tables/consensus';
import {
  insertSessionTurnSchema,
  nonNegativeDecimalSchema,
  type Session,
  type SessionTurn,
} from './validators';

export const appendSessionTurnErrors = ['INVALID_INPUT', 'SESSION_NOT_FOUND'] as const;
export const appendSessionTurnInput = insertSessionTurnSchema
  .omit({ id: true, turnNumber: true, createdAt: true, cost: true, timeSeconds: true, tokensUsed: true })
  .extend({
    sessionId: uuidInput(),
    /**
     * The user the call acts for. Given, a session of another user is SESSION_NOT_FOUND (exactly as
     * an unknown id); omitted, the call is trusted with any session (server-side use).
     */
    userId: uuidInput().optional(),
    cost: nonNegativeDecimalSchema.optional(),
    timeSeconds: nonNegativeDecimalSchema.optional(),
    tokensUsed: count4().optional(),
  });

/**
 * Appends a turn: the session UPDATE (turn_count + 1 and the cost/token totals) locks the session
 * row, so concurrent appends get consecutive turn numbers; the turn insert uses the new count.
 * The UPDATE only matches when the new totals still fit their int4 columns (turn_count,
 * total_tokens, total_cost_cents = round(total_cost * 100)); otherwise INVALID_INPUT, nothing written.
 */
export async function appendSessionTurn(
  db: AnyDb,
  input: z.input<typeof appendSessionTurnInput>,
): Promise<Result<{ turn: SessionTurn; session: Session }, (typeof appendSessionTurnErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(appendSessionTurnInput, input);
  if (!parsed.success) return parsed;
  const { sessionId, userId, ...turn } = parsed.data;
  const cost = turn.cost ?? '0';
  const tokens = turn.tokensUsed ?? 0;
  const owned = and(
    eq(sessions.id, sessionId),
    userId === undefined ? undefined : eq(sessions.userId, userId),
  );
  const newCost = sql`(${sessions.totalCost} + ${cost}::numeric)`;
  return transactionResult(db, async (tx) => {
    const [session] = await tx
      .update(sessions)
      .set({
        turnCount: sql`${sessions.turnCount} + 1`,
        totalCost: newCost,
        totalCostCents: sql`round(${newCost} * 100)::int`,
        totalTokens: sql`${sessions.totalTokens} + ${tokens}::int`,
      })
      .where(
        and(
          owned,
          sql`${sessions.turnCount} < ${INT4.max}`,
          sql`${sessions.totalTokens}::bigint + ${tokens}::bigint <= ${INT4.max}::bigint`,
          sql`round(${newCost} * 100) <= ${INT4.max}::numeric`,
        ),
      )
      .returning();
    if (!session) {
      // Only to name the failure (the UPDATE decided): the session exists, so a total would overflow.
      const [exists] = await tx.select({ id: sessions.id }).from(sessions).where(owned);
      return exists
        ? fail(
            'INVALID_INPUT',
            `the session totals would exceed their integer columns (turn_count, total_tokens, total_cost_cents ≤ ${INT4.max})`,
          )
        : fail('SESSION_NOT_FOUND', 'no session has this id');
    }
    const [created] = await tx
      .insert(sessionTurns)
      .values({ ...turn, sessionId, turnNumber: session.turnCount })
      .returning();
    return ok({ turn: created!, session });
  });
}
