import { boolean, foreignKey, index, integer, jsonb, numeric, text, unique, uuid } from 'drizzle-orm/pg-core';
import { authUsers } from 'drizzle-orm/supabase';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { quorumSchema } from '../schema';

/** User query sessions; the running totals are maintained by appendSessionTurn. */
export const sessions = quorumSchema.table(
  'sessions',
  {
    id: uuidPk('id'),
    userId: uuid('user_id').notNull(),
    title: text('title'),
    initialQuery: text('initial_query'),
    optimizedQuery: text('optimized_query'),
    category: text('category'),
    // Documented as an open list ("active, completed, etc."), so no enum.
    state: text('state').notNull().default('active'),
    turnCount: integer('turn_count').notNull().default(0),
    totalCost: numeric('total_cost').notNull().default('0'),
    totalCostCents: integer('total_cost_cents').notNull().default(0),
    totalTokens: integer('total_tokens').notNull().default(0),
    totalFileTokens: integer('total_file_tokens').notNull().default(0),
    attachmentsMeta: jsonb('attachments_meta').$type<unknown>(),
    ...timestamps(),
  },
  (t) => [
    index('sessions_user_id_idx').on(t.userId),
    foreignKey({
      name: 'sessions_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [authUsers.id],
    }).onDelete('cascade'),
  ],
);

/** One row per query/response cycle of a session. */
export const sessionTurns = quorumSchema.table(
  'session_turns',
  {
    id: uuidPk('id'),
    sessionId: uuid('session_id').notNull(),
    turnNumber: integer('turn_number').notNull(),
    query: text('query'),
    optimizedQuery: text('optimized_query'),
    category: text('category'),
    stage0Output: jsonb('stage0_output').$type<unknown>(),
    stage1Responses: jsonb('stage1_responses').$type<unknown>(),
    stage2Diff: jsonb('stage2_diff').$type<unknown>(),
    stage3Challenges: jsonb('stage3_challenges').$type<unknown>(),
    stage3Perplexity: jsonb('stage3_perplexity').$type<unknown>(),
    stage4Convictions: jsonb('stage4_convictions').$type<unknown>(),
    stage5Synthesis: jsonb('stage5_synthesis').$type<unknown>(),
    report: text('report'),
    dissentTriggered: boolean('dissent_triggered').notNull().default(false),
    dissentingModel: text('dissenting_model'),
    cost: numeric('cost'),
    tokensUsed: integer('tokens_used'),
    timeSeconds: numeric('time_seconds'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Turn numbers are a sequence per session: the unique key makes a duplicate impossible.
    unique('session_turns_session_id_turn_number_key').on(t.sessionId, t.turnNumber),
    foreignKey({
      name: 'session_turns_session_id_fkey',
      columns: [t.sessionId],
      foreignColumns: [sessions.id],
    }).onDelete('cascade'),
  ],
);

/** Per-user settings: one row per user. */
export const userPreferences = quorumSchema.table(
  'user_preferences',
  {
    id: uuidPk('id'),
    userId: uuid('user_id').notNull(),
    defaultMode: text('default_mode'),
    preferredModels: jsonb('preferred_models').$type<unknown>(),
    reportFormat: text('report_format'),
    ...timestamps(),
  },
  (t) => [
    unique('user_preferences_user_id_key').on(t.userId),
    foreignKey({
      name: 'user_preferences_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [authUsers.id],
    }).onDelete('cascade'),
  ],
);
