import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, uuidInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import {
  FOREIGN_KEY_VIOLATION,
  firstSentence,
  key,
  orForeignKeyViolation,
  ownerInput,
  parseEmbedding,
  text,
  withoutEmbedding,
} from './internal';
import { cortexSessions, cortexTurns } from './tables/chat';
import { cortexConversations, cortexMemory } from './tables/memory';
import type { CortexConversation, CortexMemory } from './validators';

export const archiveConversationErrors = ['INVALID_INPUT', 'INVALID_EMBEDDING', 'SESSION_NOT_FOUND'] as const;
export type ArchiveConversationError = (typeof archiveConversationErrors)[number];

export const archiveConversationInput = z.object({
  sessionId: uuidInput(),
  /**
   * Default 'owner': the session must be this user's, else SESSION_NOT_FOUND. The archived
   * conversation's user is always its session's (the foreign key goes through user_id).
   */
  userId: ownerInput(),
  summary: z.string().nullish(),
  /** Default: the first sentence of `summary`. */
  title: z.string().nullish(),
  /**
   * 1536 numbers, or null to clear; omitted keeps the archived one. Checked on its own
   * (embeddingSchema): a bad one is INVALID_EMBEDDING.
   */
  embedding: z.unknown().optional(),
  tags: z.array(text()).optional(),
  /** Default: the number of turns of the session, counted in the database. */
  turnCount: count4().optional(),
  /** Default: the session's channel. */
  channel: text().nullish(),
});

/**
 * Upserts the session's archived conversation (one per session, `idx_conversations_session`).
 * The session is read with a key-share lock (it is the caller's, and cannot be deleted or change
 * owner until the upsert is done), then one INSERT … ON CONFLICT writes. On update, fields the
 * input omits keep their archived values; `turn_count` is recounted.
 */
export async function archiveConversation(
  db: AnyDb,
  input: z.input<typeof archiveConversationInput>,
): Promise<Result<{ conversation: CortexConversation; created: boolean }, ArchiveConversationError>> {
  narrowDb(db);
  const split = withoutEmbedding(input);
  const parsed = parseInput(archiveConversationInput, split.rest);
  if (!parsed.success) return parsed;
  const d = { ...parsed.data, embedding: split.embedding };
  let embedding: number[] | null | undefined;
  if (d.embedding !== undefined && d.embedding !== null) {
    const e = parseEmbedding(d.embedding);
    if (!e.success) return e;
    embedding = e.data;
  } else embedding = d.embedding as null | undefined;
  const title = d.title !== undefined ? d.title : d.summary ? firstSentence(d.summary) : undefined;

  // Only what the caller gave (plus the recount) replaces the archived values.
  const set: Record<string, SQL> = { turnCount: sql`excluded.turn_count` };
  if (d.channel !== undefined) set.channel = sql`excluded.channel`;
  if (title !== undefined) set.title = sql`excluded.title`;
  if (d.summary !== undefined) set.summary = sql`excluded.summary`;
  if (embedding !== undefined) set.embedding = sql`excluded.embedding`;
  if (d.tags !== undefined) set.tags = sql`excluded.tags`;

  const row = await orForeignKeyViolation(db, ['cortex_conversations_session_id_fkey'], async (tx) => {
    const [session] = await tx
      .select({ userId: cortexSessions.userId, channel: cortexSessions.channel })
      .from(cortexSessions)
      .where(and(eq(cortexSessions.id, d.sessionId), eq(cortexSessions.userId, d.userId)))
      .for('key share');
    if (!session) return undefined;
    const [r] = await tx
      .insert(cortexConversations)
      .values({
        sessionId: d.sessionId,
        userId: session.userId,
        channel: d.channel !== undefined ? d.channel : session.channel,
        title,
        summary: d.summary,
        embedding,
        tags: d.tags,
        turnCount:
          d.turnCount ??
          sql`(select count(*)::int from ${cortexTurns} where ${cortexTurns.sessionId} = ${d.sessionId})`,
      })
      .onConflictDoUpdate({ target: cortexConversations.sessionId, set })
      .returning({ ...getTableColumns(cortexConversations), created: sql<boolean>`(xmax = 0)` });
    return r!;
  });
  if (row === FOREIGN_KEY_VIOLATION || row === undefined)
    return fail('SESSION_NOT_FOUND', 'no cortex session of this user has this id');
  const { created, ...conversation } = row;
  return ok({ conversation, created: Boolean(created) });
}

export const rememberFactErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND', 'FACT_KEY_TAKEN'] as const;
export type RememberFactError = (typeof rememberFactErrors)[number];

export const rememberFactInput = z.object({
  /** Unique across users (the documented `cortex_memory_key_key`); at most 1,000 bytes. */
  key: key(),
  value: z.string(),
  /** 0–1, default 0.8 (the documented column default). */
  confidence: z.number().min(0).max(1).optional(),
  /** Must be a conversation of `userId`. Omitted on update keeps the recorded source. */
  sourceConversationId: uuidInput().nullish(),
  /** Default 'owner'. A key that exists for another user is FACT_KEY_TAKEN (never overwritten). */
  userId: ownerInput(),
});

/**
 * Upserts the user's fact by its unique key: the latest value (and confidence) wins. The source
 * conversation is read with a key-share lock in the same transaction; the upsert only updates a
 * fact of the same user (ON CONFLICT … DO UPDATE … WHERE user_id = excluded.user_id).
 */
export async function rememberFact(
  db: AnyDb,
  input: z.input<typeof rememberFactInput>,
): Promise<Result<{ memory: CortexMemory; created: boolean }, RememberFactError>> {
  narrowDb(db);
  const parsed = parseInput(rememberFactInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const set: Record<string, SQL> = {
    value: sql`excluded.value`,
    confidence: sql`excluded.confidence`,
  };
  if (d.sourceConversationId !== undefined) set.sourceConversationId = sql`excluded.source_conversation_id`;
  const constraints = ['cortex_memory_source_conversation_id_fkey', 'cortex_memory_source_owner'];
  const row = await orForeignKeyViolation(db, constraints, async (tx) => {
    if (d.sourceConversationId) {
      const [source] = await tx
        .select({ id: cortexConversations.id })
        .from(cortexConversations)
        .where(
          and(eq(cortexConversations.id, d.sourceConversationId), eq(cortexConversations.userId, d.userId)),
        )
        // FOR SHARE: user_id is no key column of conversations, so KEY SHARE would not hold it.
        .for('share');
      if (!source) return 'CONVERSATION_NOT_FOUND' as const;
    }
    const [r] = await tx
      .insert(cortexMemory)
      .values({
        key: d.key,
        value: d.value,
        confidence: d.confidence,
        sourceConversationId: d.sourceConversationId,
        userId: d.userId,
      })
      .onConflictDoUpdate({
        target: cortexMemory.key,
        set,
        setWhere: sql`${cortexMemory.userId} = excluded.user_id`,
      })
      .returning({ ...getTableColumns(cortexMemory), created: sql<boolean>`(xmax = 0)` });
    return r ?? ('FACT_KEY_TAKEN' as const);
  });
  if (row === FOREIGN_KEY_VIOLATION || row === 'CONVERSATION_NOT_FOUND')
    return fail('CONVERSATION_NOT_FOUND', 'no cortex conversation of this user has this id');
  if (row === 'FACT_KEY_TAKEN') return fail('FACT_KEY_TAKEN', 'this fact key belongs to another user');
  const { created, ...memory } = row;
  return ok({ memory, created: Boolean(created) });
}
