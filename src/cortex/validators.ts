import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { insertSchema, updateSchema } from '../input';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
import {
  cortexAuditLog,
  cortexSessions,
  cortexTriggeredByValues,
  cortexTurnRoleValues,
  cortexTurns,
} from './tables/chat';
import { cortexConversations, cortexKnowledge, cortexMemory, EMBEDDING_DIMENSIONS } from './tables/memory';
import {
  cortexChannelConfigs,
  cortexOauthChannelValues,
  cortexOauthTokens,
  cortexPublishChannelValues,
  cortexPublishContentTypeValues,
  cortexPublishLog,
  cortexPublishStatusValues,
} from './tables/publishing';

const FLOAT4_MAX = 3.4028234663852886e38;

/**
 * A storable/searchable embedding: exactly 1536 finite numbers that fit pgvector's float4, not all
 * zero (cosine distance to a zero vector is NaN).
 */
export const embeddingSchema = z
  .array(z.number().min(-FLOAT4_MAX).max(FLOAT4_MAX), {
    error: `embedding must be an array of ${EMBEDDING_DIMENSIONS} finite numbers`,
  })
  .length(EMBEDDING_DIMENSIONS, { error: `embedding must have exactly ${EMBEDDING_DIMENSIONS} dimensions` })
  .refine((v) => v.some((x) => x !== 0), { error: 'embedding must not be the zero vector' });

export const cortexTurnRoleSchema = z.enum(cortexTurnRoleValues);
export const cortexTriggeredBySchema = z.enum(cortexTriggeredByValues);
export const cortexPublishChannelSchema = z.enum(cortexPublishChannelValues);
export const cortexPublishStatusSchema = z.enum(cortexPublishStatusValues);
export const cortexPublishContentTypeSchema = z.enum(cortexPublishContentTypeValues);
export const cortexOauthChannelSchema = z.enum(cortexOauthChannelValues);

const nonEmpty = (s: z.ZodString) => s.trim().min(1);
const confidence = (s: z.ZodNumber) => s.min(0).max(1);
const nonNegativeInt = (s: z.ZodNumber) => s.int().min(0);
/** numeric(10,6) read as a number: 0 … 9999.999999. */
const costUsd = (s: z.ZodNumber) => s.min(0).max(9999.999999);

// chat
export const insertCortexSessionSchema = insertSchema(cortexSessions, {
  sessionKey: nonEmpty,
  channel: nonEmpty,
  userId: nonEmpty,
});
export const selectCortexSessionSchema: SelectSchemaOf<typeof cortexSessions> =
  createSelectSchema(cortexSessions);
export const updateCortexSessionSchema: UpdateSchemaOf<typeof cortexSessions> = updateSchema(cortexSessions, {
  sessionKey: nonEmpty,
  channel: nonEmpty,
  userId: nonEmpty,
});

export const insertCortexTurnSchema = insertSchema(cortexTurns, {
  tokensIn: nonNegativeInt,
  tokensOut: nonNegativeInt,
  costUsd,
});
export const selectCortexTurnSchema: SelectSchemaOf<typeof cortexTurns> = createSelectSchema(cortexTurns);
// No update schema for the turn log or the audit log: both are append-only, and the database refuses
// UPDATE and DELETE on them (drizzle/cortex/0006_append_only_logs.sql).

export const insertCortexAuditLogSchema: InsertSchemaOf<typeof cortexAuditLog> = insertSchema(
  cortexAuditLog,
  { action: nonEmpty },
);
export const selectCortexAuditLogSchema: SelectSchemaOf<typeof cortexAuditLog> =
  createSelectSchema(cortexAuditLog);

// memory
export const insertCortexConversationSchema = insertSchema(cortexConversations, {
  embedding: () => embeddingSchema.nullish(),
  turnCount: nonNegativeInt,
});
export const selectCortexConversationSchema: SelectSchemaOf<typeof cortexConversations> =
  createSelectSchema(cortexConversations);
export const updateCortexConversationSchema = updateSchema(cortexConversations, {
  embedding: () => embeddingSchema.nullish(),
  turnCount: nonNegativeInt,
});

export const insertCortexKnowledgeSchema = insertSchema(cortexKnowledge, {
  embedding: () => embeddingSchema.nullish(),
  type: nonEmpty,
});
export const selectCortexKnowledgeSchema: SelectSchemaOf<typeof cortexKnowledge> =
  createSelectSchema(cortexKnowledge);
export const updateCortexKnowledgeSchema = updateSchema(cortexKnowledge, {
  embedding: () => embeddingSchema.nullish(),
  type: nonEmpty,
});

export const insertCortexMemorySchema = insertSchema(cortexMemory, { key: nonEmpty, confidence });
export const selectCortexMemorySchema: SelectSchemaOf<typeof cortexMemory> = createSelectSchema(cortexMemory);
export const updateCortexMemorySchema: UpdateSchemaOf<typeof cortexMemory> = updateSchema(cortexMemory, {
  key: nonEmpty,
  confidence,
});

// publishing
export const insertCortexPublishLogSchema: InsertSchemaOf<typeof cortexPublishLog> = insertSchema(
  cortexPublishLog,
  {
    turnId: nonEmpty,
    userId: nonEmpty,
  },
);
export const selectCortexPublishLogSchema: SelectSchemaOf<typeof cortexPublishLog> =
  createSelectSchema(cortexPublishLog);
/**
 * The only change the database allows on the publish log: finishing a queued entry, i.e. its status,
 * sent_at and error_message (drizzle/cortex/0006_append_only_logs.sql); any other key is refused.
 */
export const updateCortexPublishLogSchema = updateSchema(cortexPublishLog)
  .pick({ status: true, sentAt: true, errorMessage: true })
  .strict();

export const insertCortexOauthTokenSchema: InsertSchemaOf<typeof cortexOauthTokens> = insertSchema(
  cortexOauthTokens,
  {
    userId: nonEmpty,
    accessToken: (s) => s.min(1),
  },
);
export const selectCortexOauthTokenSchema: SelectSchemaOf<typeof cortexOauthTokens> =
  createSelectSchema(cortexOauthTokens);
export const updateCortexOauthTokenSchema: UpdateSchemaOf<typeof cortexOauthTokens> = updateSchema(
  cortexOauthTokens,
  {
    accessToken: (s) => s.min(1),
  },
);

export const insertCortexChannelConfigSchema: InsertSchemaOf<typeof cortexChannelConfigs> = insertSchema(
  cortexChannelConfigs,
  {
    userId: nonEmpty,
    channel: nonEmpty,
  },
);
export const selectCortexChannelConfigSchema: SelectSchemaOf<typeof cortexChannelConfigs> =
  createSelectSchema(cortexChannelConfigs);
export const updateCortexChannelConfigSchema: UpdateSchemaOf<typeof cortexChannelConfigs> =
  updateSchema(cortexChannelConfigs);

export type CortexSession = typeof cortexSessions.$inferSelect;
export type NewCortexSession = typeof cortexSessions.$inferInsert;
export type CortexTurn = typeof cortexTurns.$inferSelect;
export type NewCortexTurn = typeof cortexTurns.$inferInsert;
export type CortexAuditLog = typeof cortexAuditLog.$inferSelect;
export type NewCortexAuditLog = typeof cortexAuditLog.$inferInsert;
export type CortexConversation = typeof cortexConversations.$inferSelect;
export type NewCortexConversation = typeof cortexConversations.$inferInsert;
export type CortexKnowledge = typeof cortexKnowledge.$inferSelect;
export type NewCortexKnowledge = typeof cortexKnowledge.$inferInsert;
export type CortexMemory = typeof cortexMemory.$inferSelect;
export type NewCortexMemory = typeof cortexMemory.$inferInsert;
export type CortexPublishLog = typeof cortexPublishLog.$inferSelect;
export type NewCortexPublishLog = typeof cortexPublishLog.$inferInsert;
export type CortexOauthToken = typeof cortexOauthTokens.$inferSelect;
export type NewCortexOauthToken = typeof cortexOauthTokens.$inferInsert;
export type CortexChannelConfig = typeof cortexChannelConfigs.$inferSelect;
export type NewCortexChannelConfig = typeof cortexChannelConfigs.$inferInsert;

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
