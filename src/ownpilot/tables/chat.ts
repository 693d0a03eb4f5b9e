import { boolean, foreignKey, index, integer, jsonb, text, unique } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonObject, textId, timestamptz, updatedAt, userIdDefault } from '../../columns';
import { ownpilotSchema } from '../schema';
import { agents } from './agents';

export const messageRoleValues = ['system', 'user', 'assistant', 'tool'] as const;

/** One tool call request of an assistant message (OpenAI/Anthropic format). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** §1.1 Top-level container for chat sessions. */
export const conversations = ownpilotSchema.table(
  'conversations',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title'),
    agentId: text('agent_id'),
    agentName: text('agent_name'),
    provider: text('provider'),
    model: text('model'),
    systemPrompt: text('system_prompt'),
    messageCount: integer('message_count').notNull().default(0),
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    metadata: jsonObject('metadata'),
  },
  (t) => [
    index('idx_conversations_user').on(t.userId),
    index('idx_conversations_updated').on(t.updatedAt.desc().nullsFirst()),
    index('idx_conversations_archived').on(t.isArchived),
    // Owner isolation: target of the composite FK request_logs.(conversation_id, user_id) (migration 0004).
    unique('conversations_id_user_id_key').on(t.id, t.userId),
    // Documented as an optional reference without an action: a deleted agent leaves the history.
    foreignKey({
      name: 'conversations_agent_id_fkey',
      columns: [t.agentId],
      foreignColumns: [agents.id],
    }).onDelete('set null'),
  ],
);

/** §1.2 Messages of a conversation. */
export const messages = ownpilotSchema.table(
  'messages',
  {
    id: textId(),
    conversationId: text('conversation_id').notNull(),
    role: text('role', { enum: messageRoleValues }).notNull(),
    content: text('content').notNull(),
    provider: text('provider'),
    model: text('model'),
    toolCalls: jsonb('tool_calls').$type<ToolCall[]>(),
    toolCallId: text('tool_call_id'),
    trace: jsonb('trace').$type<Record<string, unknown>>(),
    isError: boolean('is_error').notNull().default(false),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('idx_messages_conversation').on(t.conversationId),
    index('idx_messages_created').on(t.createdAt),
    index('idx_messages_role').on(t.role),
    checkIn('messages', 'role', messageRoleValues),
    foreignKey({
      name: 'messages_conversation_id_fkey',
      columns: [t.conversationId],
      foreignColumns: [conversations.id],
    }).onDelete('cascade'),
  ],
);
