import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, jsonValue, uuidInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { FOREIGN_KEY_VIOLATION, jsonObject, key, orForeignKeyViolation, ownerInput, text } from './internal';
import { cortexAuditLog, cortexSessions, cortexTurns } from './tables/chat';
import type { CortexAuditLog, CortexSession, CortexTurn } from './validators';
import { cortexTriggeredBySchema, cortexTurnRoleSchema } from './validators';

export const startCortexSessionErrors = ['INVALID_INPUT', 'SESSION_KEY_TAKEN'] as const;
export type StartCortexSessionError = (typeof startCortexSessionErrors)[number];

export const startCortexSessionInput = z.object({
  /** Unique, client-chosen; at most 1,000 bytes (indexed). */
  sessionKey: key(),
  channel: text(),
  /** Default 'owner'. A key that exists for another user is SESSION_KEY_TAKEN. */
  userId: ownerInput(),
  metadata: jsonObject().optional(),
});

/**
 * Get-or-create by `session_key`. One statement decides (INSERT … ON CONFLICT DO NOTHING), so
 * concurrent calls with one key all get the same session and exactly one reports `created: true`.
 */
export async function startCortexSession(
  db: AnyDb,
  input: z.input<typeof startCortexSessionInput>,
): Promise<Result<{ session: CortexSession; created: boolean }, StartCortexSessionError>> {
  narrowDb(db);
  const parsed = parseInput(startCortexSessionInput, input);
  if (!parsed.success) return parsed;
  const { sessionKey, channel, userId, metadata } = parsed.data;
  // A second pass only when the conflicting session was deleted between the insert and the read.
  for (let attempt = 0; ; attempt++) {
    const [inserted] = await db
      .insert(cortexSessions)
      .values({ sessionKey, channel, userId, metadata })
      .onConflictDoNothing({ target: cortexSessions.sessionKey })
      .returning();
    if (inserted) return ok({ session: inserted, created: true });
    // The conflicting row is committed (ON CONFLICT waited for it), so a fresh read sees it.
    const [existing] = await db
      .select()
      .from(cortexSessions)
      .where(eq(cortexSessions.sessionKey, sessionKey));
    if (!existing) {
      if (attempt < 10) continue;
      throw new Error(`cortex session ${sessionKey} keeps vanishing during get-or-create`);
    }
    if (existing.userId !== userId) {
      return fail('SESSION_KEY_TAKEN', 'this session key belongs to another user');
    }
    return ok({ session: existing, created: false });
  }
}

export const appendCortexTurnErrors = ['INVALID_INPUT', 'SESSION_NOT_FOUND'] as const;
export type AppendCortexTurnError = (typeof appendCortexTurnErrors)[number];

export const appendCortexTurnInput = z.object({
  sessionId: uuidInput(),
  /** Default 'owner': the session must be this user's, else SESSION_NOT_FOUND. */
  userId: ownerInput(),
  role: cortexTurnRoleSchema,
  content: z.string().nullish(),
  metadata: jsonObject().optional(),
  tokensIn: count4().optional(),
  tokensOut: count4().optional(),
  /** numeric(10,6): 0 … 9999.999999 USD. */
  costUsd: z.number().min(0).max(9999.999999).optional(),
});

/**
 * Appends one turn to the session's log (turns are never updated). The session is read with a
 * key-share lock in the same transaction, so it cannot be deleted or change owner before the insert.
 */
export async function appendCortexTurn(
  db: AnyDb,
  input: z.input<typeof appendCortexTurnInput>,
): Promise<Result<{ turn: CortexTurn }, AppendCortexTurnError>> {
  narrowDb(db);
  const parsed = parseInput(appendCortexTurnInput, input);
  if (!parsed.success) return parsed;
  const { userId, ...values } = parsed.data;
  const turn = await orForeignKeyViolation(db, ['cortex_turns_session_id_fkey'], async (tx) => {
    const [session] = await tx
      .select({ id: cortexSessions.id })
      .from(cortexSessions)
      .where(and(eq(cortexSessions.id, values.sessionId), eq(cortexSessions.userId, userId)))
      .for('key share');
    if (!session) return undefined;
    const [row] = await tx.insert(cortexTurns).values(values).returning();
    return row!;
  });
  if (turn === FOREIGN_KEY_VIOLATION || turn === undefined) {
    return fail('SESSION_NOT_FOUND', 'no cortex session of this user has this id');
  }
  return ok({ turn });
}

export const logCortexActionErrors = ['INVALID_INPUT'] as const;
export type LogCortexActionError = (typeof logCortexActionErrors)[number];

export const logCortexActionInput = z.object({
  action: text(),
  triggeredBy: cortexTriggeredBySchema,
  /** Recorded as given, never dereferenced: audit rows outlive sessions (no foreign key). */
  sessionId: uuidInput().nullish(),
  tool: text().nullish(),
  params: jsonValue().nullish(),
  result: jsonValue().nullish(),
  channel: text().nullish(),
});

/** Writes one audit row. The session is not checked: audit rows outlive sessions. */
export async function logCortexAction(
  db: AnyDb,
  input: z.input<typeof logCortexActionInput>,
): Promise<Result<{ entry: CortexAuditLog }, LogCortexActionError>> {
  narrowDb(db);
  const parsed = parseInput(logCortexActionInput, input);
  if (!parsed.success) return parsed;
  const [entry] = await db.insert(cortexAuditLog).values(parsed.data).returning();
  return ok({ entry: entry! });
}
