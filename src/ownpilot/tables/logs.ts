import { foreignKey, index, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, textId, userIdDefault } from '../../columns';
import { ownpilotSchema } from '../schema';
import { conversations } from './chat';

export const requestLogTypeValues = ['chat', 'completion', 'embedding', 'tool', 'agent', 'other'] as const;

/** §8.1 Request/response log. */
export const requestLogs = ownpilotSchema.table(
  'request_logs',
  {
    id: textId(),
    userId: userIdDefault(),
    conversationId: text('conversation_id'),
    type: text('type', { enum: requestLogTypeValues }).notNull(),
    provider: text('provider'),
    model: text('model'),
    endpoint: text('endpoint'),
    method: text('method').notNull().default('POST'),
    requestBody: jsonb('request_body').$type<unknown>(),
    responseBody: jsonb('response_body').$type<unknown>(),
    statusCode: integer('status_code'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    totalTokens: integer('total_tokens'),
    durationMs: integer('duration_ms'),
    error: text('error'),
    errorStack: text('error_stack'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_request_logs_user').on(t.userId),
    index('idx_request_logs_conversation').on(t.conversationId),
    index('idx_request_logs_type').on(t.type),
    index('idx_request_logs_created').on(t.createdAt.desc().nullsFirst()),
    index('idx_request_logs_error').on(t.error),
    checkIn('request_logs', 'type', requestLogTypeValues),
    // Migration 0004 replaces this FK by (conversation_id, user_id) → conversations (id, user_id)
    // ON DELETE SET NULL (conversation_id): a log can only point at its own user's conversation.
    foreignKey({
      name: 'request_logs_conversation_id_fkey',
      columns: [t.conversationId],
      foreignColumns: [conversations.id],
    }).onDelete('set null'),
  ],
);
