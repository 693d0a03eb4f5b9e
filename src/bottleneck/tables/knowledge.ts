import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  real,
  serial,
  text,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** Learned automation patterns for tasks. */
export const actionPatterns = bottleneckSchema.table(
  'action_patterns',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId'),
    taskType: varchar('taskType', { length: 255 }).notNull(),
    taskName: text('taskName').notNull(),
    pageUrl: text('pageUrl'),
    steps: jsonb('steps').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    successCount: integer('successCount').notNull().default(0),
    failureCount: integer('failureCount').notNull().default(0),
    lastExecuted: timestampPlain('lastExecuted'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    ...camelTimestamps(),
  },
  (t) => [
    index('action_patterns_task_type_idx').on(t.taskType),
    index('action_patterns_user_id_idx').on(t.userId),
    foreignKey({ name: 'action_patterns_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** UI element selectors with fallbacks. */
export const elementSelectors = bottleneckSchema.table(
  'element_selectors',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId'),
    pagePath: varchar('pagePath', { length: 500 }).notNull(),
    elementName: varchar('elementName', { length: 255 }).notNull(),
    primarySelector: text('primarySelector').notNull(),
    fallbackSelectors: jsonb('fallbackSelectors').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    successRate: real('successRate').notNull().default(1.0),
    totalAttempts: integer('totalAttempts').notNull().default(0),
    lastVerified: timestampPlain('lastVerified'),
    screenshotRef: text('screenshotRef'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    ...camelTimestamps(),
  },
  (t) => [
    index('element_selectors_page_path_idx').on(t.pagePath),
    index('element_selectors_element_name_idx').on(t.elementName),
    index('element_selectors_user_id_idx').on(t.userId),
    foreignKey({ name: 'element_selectors_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Error recovery strategies. */
export const errorPatterns = bottleneckSchema.table(
  'error_patterns',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId'),
    errorType: varchar('errorType', { length: 255 }).notNull(),
    errorMessage: text('errorMessage'),
    context: text('context'),
    recoveryStrategies: jsonb('recoveryStrategies').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    occurrenceCount: integer('occurrenceCount').notNull().default(0),
    resolvedCount: integer('resolvedCount').notNull().default(0),
    lastOccurred: timestampPlain('lastOccurred'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    ...camelTimestamps(),
  },
  (t) => [
    index('error_patterns_error_type_idx').on(t.errorType),
    index('error_patterns_context_idx').on(t.context),
    index('error_patterns_user_id_idx').on(t.userId),
    foreignKey({ name: 'error_patterns_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Long-term user preferences and learned patterns. */
export const userMemory = bottleneckSchema.table(
  'user_memory',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    preferences: jsonb('preferences').notNull(),
    taskHistory: jsonb('taskHistory').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    learnedPatterns: jsonb('learnedPatterns').notNull(),
    userCorrections: jsonb('userCorrections').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    stats: jsonb('stats').notNull(),
    ...camelTimestamps(),
    lastAccessedAt: timestampPlain('lastAccessedAt').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_memory_user_id_idx').on(t.userId),
    foreignKey({ name: 'user_memory_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const executionCheckpointsCheckpointReasonValues = [
  'error',
  'manual',
  'auto',
  'phase_complete',
] as const;

/** Checkpoints for resuming failed executions. */
export const executionCheckpoints = bottleneckSchema.table(
  'execution_checkpoints',
  {
    id: serial('id').primaryKey(),
    checkpointId: varchar('checkpointId', { length: 255 }).notNull(),
    executionId: integer('executionId').notNull(),
    userId: integer('userId').notNull(),
    phaseId: integer('phaseId'),
    phaseName: text('phaseName'),
    stepIndex: integer('stepIndex').notNull().default(0),
    completedSteps: jsonb('completedSteps').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    completedPhases: jsonb('completedPhases').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    partialResults: jsonb('partialResults')
      .notNull()
      .$type<Record<string, unknown>>()
      .default(sql`'{}'::jsonb`),
    extractedData: jsonb('extractedData')
      .notNull()
      .$type<Record<string, unknown>>()
      .default(sql`'{}'::jsonb`),
    sessionState: jsonb('sessionState'),
    browserContext: jsonb('browserContext'),
    errorInfo: jsonb('errorInfo'),
    checkpointReason: varchar('checkpointReason', {
      length: 100,
      enum: executionCheckpointsCheckpointReasonValues,
    }),
    canResume: boolean('canResume').notNull().default(true),
    resumeCount: integer('resumeCount').notNull().default(0),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
    expiresAt: timestampPlain('expiresAt'),
  },
  (t) => [
    unique('execution_checkpoints_checkpointId_key').on(t.checkpointId),
    index('execution_checkpoint_id_idx').on(t.checkpointId),
    index('execution_checkpoint_execution_id_idx').on(t.executionId),
    index('execution_checkpoint_user_id_idx').on(t.userId),
    index('execution_checkpoint_created_at_idx').on(t.createdAt),
    index('execution_checkpoint_expires_at_idx').on(t.expiresAt),
    foreignKey({
      name: 'execution_checkpoints_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }),
  ],
);

/** Successful task execution patterns for reuse. */
export const taskSuccessPatterns = bottleneckSchema.table(
  'task_success_patterns',
  {
    id: serial('id').primaryKey(),
    patternId: varchar('patternId', { length: 255 }).notNull(),
    userId: integer('userId').notNull(),
    taskType: varchar('taskType', { length: 100 }).notNull(),
    taskName: text('taskName'),
    successfulApproach: jsonb('successfulApproach').notNull(),
    selectors: jsonb('selectors').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    workflow: jsonb('workflow').$type<unknown[]>().default(sql`'[]'::jsonb`),
    contextConditions: jsonb('contextConditions').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    requiredState: jsonb('requiredState').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    avgExecutionTime: real('avgExecutionTime'),
    successRate: real('successRate').notNull().default(1.0),
    usageCount: integer('usageCount').notNull().default(1),
    confidence: real('confidence').notNull().default(0.8),
    adaptations: jsonb('adaptations').$type<unknown[]>().default(sql`'[]'::jsonb`),
    reasoningPatternId: varchar('reasoningPatternId', { length: 255 }),
    ...camelTimestamps(),
    lastUsedAt: timestampPlain('lastUsedAt'),
  },
  (t) => [
    unique('task_success_patterns_patternId_key').on(t.patternId),
    index('task_success_user_id_idx').on(t.userId),
    index('task_success_task_type_idx').on(t.taskType),
    index('task_success_success_rate_idx').on(t.successRate),
    index('task_success_confidence_idx').on(t.confidence),
    foreignKey({
      name: 'task_success_patterns_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }),
  ],
);

/** Pre-built and learned workflow patterns. */
export const workflowPatterns = bottleneckSchema.table(
  'workflow_patterns',
  {
    id: serial('id').primaryKey(),
    patternId: varchar('patternId', { length: 255 }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: varchar('category', { length: 100 }),
    pattern: jsonb('pattern').notNull(),
    variables: jsonb('variables').$type<unknown[]>().default(sql`'[]'::jsonb`),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    userId: integer('userId'),
    isPublic: boolean('isPublic').notNull().default(false),
    isSystemPattern: boolean('isSystemPattern').notNull().default(false),
    usageCount: integer('usageCount').notNull().default(0),
    successRate: real('successRate').notNull().default(1.0),
    avgExecutionTime: real('avgExecutionTime'),
    tags: jsonb('tags').$type<unknown[]>().default(sql`'[]'::jsonb`),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    ...camelTimestamps(),
    lastUsedAt: timestampPlain('lastUsedAt'),
  },
  (t) => [
    unique('workflow_patterns_patternId_key').on(t.patternId),
    index('workflow_pattern_user_id_idx').on(t.userId),
    index('workflow_pattern_category_idx').on(t.category),
    index('workflow_pattern_public_idx').on(t.isPublic),
    index('workflow_pattern_system_idx').on(t.isSystemPattern),
    foreignKey({ name: 'workflow_patterns_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);
