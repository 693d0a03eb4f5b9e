import { relations } from 'drizzle-orm';
import { cortexAuditLog, cortexSessions, cortexTurns } from './tables/chat';
import { cortexConversations, cortexMemory } from './tables/memory';

export const cortexSessionsRelations = relations(cortexSessions, ({ many, one }) => ({
  turns: many(cortexTurns),
  auditEntries: many(cortexAuditLog),
  // One-to-one: the foreign key is on cortex_conversations (unique session_id).
  conversation: one(cortexConversations),
}));

export const cortexTurnsRelations = relations(cortexTurns, ({ one }) => ({
  session: one(cortexSessions, { fields: [cortexTurns.sessionId], references: [cortexSessions.id] }),
}));

// No foreign key (audit rows outlive sessions), but the join is still useful.
export const cortexAuditLogRelations = relations(cortexAuditLog, ({ one }) => ({
  session: one(cortexSessions, { fields: [cortexAuditLog.sessionId], references: [cortexSessions.id] }),
}));

export const cortexConversationsRelations = relations(cortexConversations, ({ one, many }) => ({
  session: one(cortexSessions, {
    fields: [cortexConversations.sessionId],
    references: [cortexSessions.id],
  }),
  memories: many(cortexMemory),
}));

export const cortexMemoryRelations = relations(cortexMemory, ({ one }) => ({
  sourceConversation: one(cortexConversations, {
    fields: [cortexMemory.sourceConversationId],
    references: [cortexConversations.id],
  }),
}));
