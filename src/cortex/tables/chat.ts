import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, numeric, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { cortexSchema } from '../schema';

export const cortexTurnRoleValues = ['user', 'assistant', 'tool_call', 'tool_result'] as const;
export const cortexTriggeredByValues = ['user', 'cron', 'agent'] as const;

/** One row per conversation session; `session_key` is chosen by the client. */
export const cortexSessions = cortexSchema.table(
  'cortex_sessions',
  {
    id: uuidPk('id'),
    userId: text('user_id').notNull().default('owner'),
    channel: text('channel').notNull(),
    sessionKey: text('session_key').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t) => [
    unique('cortex_sessions_session_key_key').on(t.sessionKey),
    // Not documented: the target of cortex_conversations' owner-checking foreign key
    // (session_id, user_id), so an archived conversation always belongs to its session's user.
    unique('cortex_sessions_id_user_id_key').on(t.id, t.userId),
  ],
);

/** Append-only conversation log. */
export const cortexTurns = cortexSchema.table(
  'cortex_turns',
  {
    id: uuidPk('id'),
    sessionId: uuid('session_id').notNull(),
    role: text('role', { enum: cortexTurnRoleValues }).notNull(),
    content: text('content'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 10, scale: 6, mode: 'number' }).notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('idx_turns_session').on(t.sessionId, t.createdAt),
    foreignKey({
      name: 'cortex_turns_session_id_fkey',
      columns: [t.sessionId],
      foreignColumns: [cortexSessions.id],
    }).onDelete('cascade'),
  ],
);

/** Every action, kept even when its session is deleted (so `session_id` has no foreign key). */
export const cortexAuditLog = cortexSchema.table(
  'cortex_audit_log',
  {
    id: uuidPk('id'),
    sessionId: uuid('session_id'),
    action: text('action').notNull(),
    tool: text('tool'),
    params: jsonb('params').$type<unknown>(),
    result: jsonb('result').$type<unknown>(),
    channel: text('channel'),
    triggeredBy: text('triggered_by', { enum: cortexTriggeredByValues }).notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('idx_audit_created').on(t.createdAt.desc())],
);
