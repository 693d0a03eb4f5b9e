import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { type Failure, fail, ok, parseInput } from '../result';
import { cortexSessions, cortexTurns } from './chat';
import { FOREIGN_KEY_VIOLATION, orForeignKeyViolation, text } from './internal';
import { cortexConversations, cortexMemory, EMBEDDING_DIMENSIONS } from './memory';
import { type CortexConversation, type CortexMemory, embeddingSchema } from './validators';

export const archiveConversationErrors = ['INVALID_INPUT', 'INVALID_EMBEDDING', 'SESSION_NOT_FOUND'] as const;
export type ArchiveConversationError = (typeof archiveConversationErrors)[number];

export const archiveConversationInput = z.object({
  sessionId: z.uuid(),
  summary: z.string().nullish(),
  /** Default: the first sentence of `summary`. */
  title: z.string().nullish(),
  /** 1536 numbers, or null to clear; omitted keeps the archived one. */
  embedding: z.unknown().optional(),
  tags: z.array(text()).optional(),
  /** Default: the number of turns of the session, counted in the database. */
  turnCount: z.number().int().min(0).max(2_147_483_647).optional(),
  /** Default: the session's channel and user. */
  channel: text().nullish(),
  userId: text().optional(),
});

/** First sentence of a summary, for the title column ("First sentence of Haiku summary"). */
export function firstSentence(summary: string): string {
  const trimmed = summary.trim();
  const match = /^.*?[.!?](?=\s|$)/s.exec(trimmed);
  return (match ? match[0] : trimmed).trim();
}

/**
 * Upserts the session's archived conversation (one per session, `idx_conversations_session`) in one
 * statement. On update, fields the input omits keep their archived values; `turn_count` is recounted.
 */
export async function archiveConversation(
  db: DbOrTx,
  input: z.input<typeof archiveConversationInput>,
): Promise<
  { success: true; conversation: CortexConversation; created: boolean } | Failure<ArchiveConversationError>
> {
  const parsed = parseInput(archiveConversationInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  let embedding: number[] | null | undefined;
  if (d.embedding !== undefined && d.embedding !== null) {
    const e = embeddingSchema.safeParse(d.embedding);
    if (!e.success) {
      return fail(
        'INVALID_EMBEDDING',
        `embedding must be exactly ${EMBEDDING_DIMENSIONS} finite numbers, not all zero`,
        e.error.issues,
      );
    }
    embedding = e.data;
  } else embedding = d.embedding as null | undefined;
  const title = d.title !== undefined ? d.title : d.summary ? firstSentence(d.summary) : undefined;

  const session = (column: SQL) =>
    sql`(select ${column} from ${cortexSessions} where ${cortexSessions.id} = ${d.sessionId})`;
  const values = {
    sessionId: d.sessionId,
    userId: d.userId ?? sql`coalesce(${session(sql`user_id`)}, 'owner')`,
    channel: d.channel !== undefined ? d.channel : session(sql`channel`),
    title,
    summary: d.summary,
    embedding,
    tags: d.tags,
    turnCount:
      d.turnCount ??
      sql`(select count(*)::int from ${cortexTurns} where ${cortexTurns.sessionId} = ${d.sessionId})`,
  };
  // Only what the caller gave (plus the recount) replaces the archived values.
  const set: Record<string, SQL> = { turnCount: sql`excluded.turn_count` };
  if (d.userId !== undefined) set.userId = sql`excluded.user_id`;
  if (d.channel !== undefined) set.channel = sql`excluded.channel`;
  if (title !== undefined) set.title = sql`excluded.title`;
  if (d.summary !== undefined) set.summary = sql`excluded.summary`;
  if (embedding !== undefined) set.embedding = sql`excluded.embedding`;
  if (d.tags !== undefined) set.tags = sql`excluded.tags`;

  const row = await orForeignKeyViolation(db, async (tx) => {
    const [r] = await tx
      .insert(cortexConversations)
      .values(values)
      .onConflictDoUpdate({ target: cortexConversations.sessionId, set })
      .returning({ ...getTableColumns(cortexConversations), created: sql<boolean>`(xmax = 0)` });
    return r!;
  });
  if (row === FOREIGN_KEY_VIOLATION)
    return fail('SESSION_NOT_FOUND', `cortex session ${d.sessionId} does not exist`);
  const { created, ...conversation } = row;
  return ok({ conversation, created: Boolean(created) });
}

export const rememberFactErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND'] as const;
export type RememberFactError = (typeof rememberFactErrors)[number];

export const rememberFactInput = z.object({
  key: text(),
  value: z.string(),
  /** 0–1, default 0.8 (the documented column default). */
  confidence: z.number().min(0).max(1).optional(),
  /** Omitted on update keeps the recorded source. */
  sourceConversationId: z.uuid().nullish(),
  userId: text().optional(),
});

/** Upserts a fact by its unique key in one statement: the latest value (and confidence) wins. */
export async function rememberFact(
  db: DbOrTx,
  input: z.input<typeof rememberFactInput>,
): Promise<{ success: true; memory: CortexMemory; created: boolean } | Failure<RememberFactError>> {
  const parsed = parseInput(rememberFactInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const set: Record<string, SQL> = {
    value: sql`excluded.value`,
    confidence: sql`excluded.confidence`,
  };
  if (d.sourceConversationId !== undefined) set.sourceConversationId = sql`excluded.source_conversation_id`;
  if (d.userId !== undefined) set.userId = sql`excluded.user_id`;
  const row = await orForeignKeyViolation(db, async (tx) => {
    const [r] = await tx
      .insert(cortexMemory)
      .values({
        key: d.key,
        value: d.value,
        confidence: d.confidence,
        sourceConversationId: d.sourceConversationId,
        userId: d.userId,
      })
      .onConflictDoUpdate({ target: cortexMemory.key, set })
      .returning({ ...getTableColumns(cortexMemory), created: sql<boolean>`(xmax = 0)` });
    return r!;
  });
  if (row === FOREIGN_KEY_VIOLATION) {
    return fail('CONVERSATION_NOT_FOUND', `cortex conversation ${d.sourceConversationId} does not exist`);
  }
  const { created, ...memory } = row;
  return ok({ memory, created: Boolean(created) });
}
