import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { sessions, sessionTurns } from './consensus';
import { insertSessionTurnSchema, type Session, type SessionTurn } from './validators';

const decimal = z
  .union([z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal'), z.number().finite().min(0)])
  .transform(String);

export const appendSessionTurnErrors = ['INVALID_INPUT', 'SESSION_NOT_FOUND'] as const;
export const appendSessionTurnInput = insertSessionTurnSchema
  .omit({ id: true, turnNumber: true, createdAt: true, cost: true, timeSeconds: true, tokensUsed: true })
  .extend({
    cost: decimal.optional(),
    timeSeconds: decimal.optional(),
    tokensUsed: z.number().int().min(0).optional(),
  });

/**
 * Appends a turn: the session UPDATE (turn_count + 1 and the cost/token totals) locks the session
 * row, so concurrent appends get consecutive turn numbers; the turn insert uses the new count.
 */
export async function appendSessionTurn(
  db: DbOrTx,
  input: z.input<typeof appendSessionTurnInput>,
): Promise<Result<{ turn: SessionTurn; session: Session }, (typeof appendSessionTurnErrors)[number]>> {
  const parsed = parseInput(appendSessionTurnInput, input);
  if (!parsed.success) return parsed;
  const { sessionId, ...turn } = parsed.data;
  const cost = turn.cost ?? '0';
  const tokens = turn.tokensUsed ?? 0;
  return db.transaction(async (tx) => {
    const [session] = await tx
      .update(sessions)
      .set({
        turnCount: sql`${sessions.turnCount} + 1`,
        totalCost: sql`${sessions.totalCost} + ${cost}::numeric`,
        totalCostCents: sql`round((${sessions.totalCost} + ${cost}::numeric) * 100)::int`,
        totalTokens: sql`${sessions.totalTokens} + ${tokens}::int`,
      })
      .where(eq(sessions.id, sessionId))
      .returning();
    if (!session) return fail('SESSION_NOT_FOUND', 'no session has this id');
    const [created] = await tx
      .insert(sessionTurns)
      .values({ ...turn, sessionId, turnNumber: session.turnCount })
      .returning();
    return ok({ turn: created!, session });
  });
}
