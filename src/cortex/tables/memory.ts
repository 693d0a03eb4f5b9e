import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  text,
  unique,
  uniqueIndex,
  uuid,
  vector,
} from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { cortexSchema } from '../schema';
import { cortexSessions } from './chat';

/** OpenAI text-embedding-3-small. */
export const EMBEDDING_DIMENSIONS = 1536;

/** Vector-searchable archive: one row per session, refreshed after each agent run. */
export const cortexConversations = cortexSchema.table(
  'cortex_conversations',
  {
    id: uuidPk('id'),
    sessionId: uuid('session_id').notNull(),
    userId: text('user_id').notNull().default('owner'),
    channel: text('channel'),
    title: text('title'),
    summary: text('summary'),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIMENSIONS }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    turnCount: integer('turn_count').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('idx_conversations_session').on(t.sessionId),
    index('cortex_conversations_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
    // Through the owner column: the conversation's user is its session's user (owner isolation).
    // ON UPDATE CASCADE: a session moved to another user takes its archive along.
    foreignKey({
      name: 'cortex_conversations_session_id_fkey',
      columns: [t.sessionId, t.userId],
      foreignColumns: [cortexSessions.id, cortexSessions.userId],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
  ],
);

/** User-saved notes and documents. */
export const cortexKnowledge = cortexSchema.table(
  'cortex_knowledge',
  {
    id: uuidPk('id'),
    userId: text('user_id').notNull().default('owner'),
    type: text('type').notNull().default('note'),
    title: text('title'),
    content: text('content').notNull(),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIMENSIONS }),
    source: text('source'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('cortex_knowledge_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops'))],
);

/** Key-value working memory (facts extracted from conversations). */
export const cortexMemory = cortexSchema.table(
  'cortex_memory',
  {
    id: uuidPk('id'),
    userId: text('user_id').notNull().default('owner'),
    key: text('key').notNull(),
    value: text('value').notNull(),
    confidence: doublePrecision('confidence').notNull().default(0.8),
    sourceConversationId: uuid('source_conversation_id'),
    ...timestamps(),
  },
  (t) => [
    unique('cortex_memory_key_key').on(t.key),
    // The source conversation must be the fact's user's: checked by the trigger
    // cortex_memory_source_owner (custom migration 0005), not by a key through user_id, which
    // would need a unique index on cortex_conversations (id, user_id) that the planner then
    // prefers to the HNSW index for user-filtered vector searches.
    foreignKey({
      name: 'cortex_memory_source_conversation_id_fkey',
      columns: [t.sourceConversationId],
      foreignColumns: [cortexConversations.id],
    }).onDelete('set null'),
  ],
);
