import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { type Failure, fail, ok, parseInput } from '../result';
import { cortexAuditLog, cortexSessions, cortexTurns } from './chat';
import { FOREIGN_KEY_VIOLATION, jsonObject, orForeignKeyViolation, text } from './internal';
import type { CortexAuditLogEntry, CortexSession, CortexTurn } from './validators';
import { cortexTriggeredBySchema, cortexTurnRoleSchema } from './validators';

export const startCortexSessionErrors = ['INVALID_INPUT', 'SESSION_KEY_TAKEN'] as const;
export type StartCortexSessionError = (typeof startCortexSessionErrors)[number];

export const startCortexSessionInput = z.object({
  sessionKey: text(),
  channel: text(),
  /** Default 'owner'. An existing session of another user is SESSION_KEY_TAKEN. */
  userId: text().optional(),
  metadata: jsonObject().optional(),
});

/**
 * Get-or-create by `session_key`. One statement decides (INSERT … ON CONFLICT DO NOTHING), so
 * concurrent calls with one key all get the same session and exactly one reports `created: true`.
 */
export async function startCortexSession(
  db: DbOrTx,
  input: z.input<typeof startCortexSessionInput>,
): Promise<{ success: true; session: CortexSession; created: boolean } | Failure<StartCortexSessionError>> {
  const parsed = parseInput(startCortexSessionInput, input);
  if (!parsed.success) return parsed;
  const { sessionKey, channel, userId, metadata } = parsed.data;
  const [inserted] = await db
    .insert(cortexSessions)
    .values({ sessionKey, channel, userId, metadata })
    .onConflictDoNothing({ target: cortexSessions.sessionKey })
    .returning();
  if (inserted) return ok({ session: inserted, created: true });
  // The conflicting row is committed (ON CONFLICT waited for it), so a fresh read sees it.
  const [existing] = await db.select().from(cortexSessions).where(eq(cortexSessions.sessionKey, sessionKey));
  if (!existing) throw new Error(`cortex session ${sessionKey} vanished during get-or-create`);
  if (userId !== undefined && existing.userId !== userId) {
    return fail('SESSION_KEY_TAKEN', `session key ${sessionKey} belongs to another user`);
  }
  return ok({ session: existing, created: false });
}

export const appendCortexTurnErrors = ['INVALID_INPUT', 'SESSION_NOT_FOUND'] as const;
export type AppendCortexTurnError = (typeof appendCortexTurnErrors)[number];

export const appendCortexTurnInput = z.object({
  sessionId: z.uuid(),
  role: cortexTurnRoleSchema,
  content: z.string().nullish(),
  metadata: jsonObject().optional(),
  tokensIn: z.number().int().min(0).max(2_147_483_647).optional(),
  tokensOut: z.number().int().min(0).max(2_147_483_647).optional(),
  /** numeric(10,6): below 10 000 USD. */
  costUsd: z.number().min(0).lt(10_000).optional(),
});

/** Appends one turn to the session's log (turns are never updated). */
export async function appendCortexTurn(
  db: DbOrTx,
  input: z.input<typeof appendCortexTurnInput>,
): Promise<{ success: true; turn: CortexTurn } | Failure<AppendCortexTurnError>> {
  const parsed = parseInput(appendCortexTurnInput, input);
  if (!parsed.success) return parsed;
  const turn = await orForeignKeyViolation(db, async (tx) => {
    const [row] = await tx.insert(cortexTurns).values(parsed.data).returning();
    return row!;
  });
  if (turn === FOREIGN_KEY_VIOLATION) {
    return fail('SESSION_NOT_FOUND', `cortex session ${parsed.data.sessionId} does not exist`);
  }
  return ok({ turn });
}

export const logCortexActionErrors = ['INVALID_INPUT'] as const;
export type LogCortexActionError = (typeof logCortexActionErrors)[number];

export const logCortexActionInput = z.object({
  action: text(),
  triggeredBy: cortexTriggeredBySchema,
  sessionId: z.uuid().nullish(),
  tool: text().nullish(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  channel: text().nullish(),
});

/** Writes one audit row. The session is not checked: audit rows outlive sessions. */
export async function logCortexAction(
  db: DbOrTx,
  input: z.input<typeof logCortexActionInput>,
): Promise<{ success: true; entry: CortexAuditLogEntry } | Failure<LogCortexActionError>> {
  const parsed = parseInput(logCortexActionInput, input);
  if (!parsed.success) return parsed;
  const [entry] = await db.insert(cortexAuditLog).values(parsed.data).returning();
  return ok({ entry: entry! });
}
