import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  integer,
  jsonb,
  numeric,
  serial,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

export const agentSessionsStatusValues = [
  'idle',
  'planning',
  'executing',
  'complete',
  'error',
  'paused',
] as const;

/** Persistent agent context and tool history. */
export const agentSessions = bottleneckSchema.table(
  'agent_sessions',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    sessionUuid: uuid('sessionUuid').notNull().defaultRandom(),
    status: varchar('status', { length: 50, enum: agentSessionsStatusValues }).notNull().default('idle'),
    context: jsonb('context'),
    thinkingSteps: jsonb('thinkingSteps').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    toolHistory: jsonb('toolHistory').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    plan: jsonb('plan'),
    currentPhase: varchar('currentPhase', { length: 100 }),
    iterationCount: integer('iterationCount').notNull().default(0),
    maxIterations: integer('maxIterations').notNull().default(100),
    ...camelTimestamps(),
  },
  (t) => [
    unique('agent_sessions_sessionUuid_key').on(t.sessionUuid),
    foreignKey({ name: 'agent_sessions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const agentExecutionsStatusValues = [
  'pending',
  'planning',
  'executing',
  'completed',
  'failed',
  'cancelled',
] as const;

/** Individual task executions within agent sessions. */
export const agentExecutions = bottleneckSchema.table(
  'agent_executions',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('sessionId').notNull(),
    userId: integer('userId').notNull(),
    taskDescription: text('taskDescription').notNull(),
    status: varchar('status', { length: 50, enum: agentExecutionsStatusValues }).notNull().default('pending'),
    plan: jsonb('plan'),
    phases: jsonb('phases').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    currentPhaseIndex: integer('currentPhaseIndex').notNull().default(0),
    thinkingSteps: jsonb('thinkingSteps').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    toolExecutions: jsonb('toolExecutions').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    result: jsonb('result'),
    error: text('error'),
    iterations: integer('iterations').notNull().default(0),
    durationMs: integer('durationMs'),
    startedAt: timestampPlain('startedAt'),
    completedAt: timestampPlain('completedAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'agent_executions_sessionId_fkey',
      columns: [t.sessionId],
      foreignColumns: [agentSessions.id],
    }),
    foreignKey({ name: 'agent_executions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Analytics for individual tool calls. */
export const toolExecutions = bottleneckSchema.table(
  'tool_executions',
  {
    id: serial('id').primaryKey(),
    executionId: integer('executionId').notNull(),
    toolName: varchar('toolName', { length: 100 }).notNull(),
    parameters: jsonb('parameters'),
    result: jsonb('result'),
    success: boolean('success').notNull().default(true),
    durationMs: integer('durationMs'),
    error: text('error'),
    executedAt: timestampPlain('executedAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'tool_executions_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [agentExecutions.id],
    }),
  ],
);

export const generatedProjectsStatusValues = ['active', 'archived', 'deleted'] as const;

/** Webdev projects created by the agent. */
export const generatedProjects = bottleneckSchema.table(
  'generated_projects',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    executionId: integer('executionId'),
    name: varchar('name', { length: 255 }).notNull(),
    description: text('description'),
    techStack: varchar('techStack', { length: 50 }).notNull().default('react'),
    features: jsonb('features').notNull().$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    filesSnapshot: jsonb('filesSnapshot'),
    status: varchar('status', { length: 50, enum: generatedProjectsStatusValues })
      .notNull()
      .default('active'),
    devServerPort: integer('devServerPort'),
    previewUrl: text('previewUrl'),
    deploymentUrl: text('deploymentUrl'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'generated_projects_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'generated_projects_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [agentExecutions.id],
    }),
  ],
);

export const knowledgeEntriesCategoryValues = [
  'workflow',
  'brand_voice',
  'preference',
  'process',
  'technical',
] as const;

/** Agent learning and feedback storage. */
export const knowledgeEntries = bottleneckSchema.table(
  'knowledge_entries',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    category: varchar('category', { length: 50, enum: knowledgeEntriesCategoryValues }).notNull(),
    context: text('context').notNull(),
    content: text('content').notNull(),
    examples: jsonb('examples'),
    confidence: numeric('confidence', { precision: 3, scale: 2 }).notNull().default('1.0'),
    usageCount: integer('usageCount').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'knowledge_entries_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);
