import { doublePrecision, foreignKey, index, integer, text } from 'drizzle-orm/pg-core';
import { createdAt, textId } from '../../columns';
import { ownpilotSchema } from '../schema';
import { conversations } from './chat';

/** §7.1 Cost of every AI API call. */
export const costs = ownpilotSchema.table(
  'costs',
  {
    id: textId(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    conversationId: text('conversation_id'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    totalTokens: integer('total_tokens').notNull().default(0),
    inputCost: doublePrecision('input_cost').notNull().default(0),
    outputCost: doublePrecision('output_cost').notNull().default(0),
    totalCost: doublePrecision('total_cost').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_costs_provider').on(t.provider),
    index('idx_costs_created').on(t.createdAt),
    index('idx_costs_conversation').on(t.conversationId),
    foreignKey({
      name: 'costs_conversation_id_fkey',
      columns: [t.conversationId],
      foreignColumns: [conversations.id],
    }).onDelete('set null'),
  ],
);
