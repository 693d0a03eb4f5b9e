import { sql } from 'drizzle-orm';
import { boolean, foreignKey, integer, jsonb, numeric, serial, text, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** SOP organizational categories. */
export const sopCategories = bottleneckSchema.table(
  'sop_categories',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    icon: varchar('icon', { length: 50 }),
    color: varchar('color', { length: 20 }),
    sortOrder: integer('sortOrder').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'sop_categories_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Main SOP definitions. */
export const sopDocuments = bottleneckSchema.table(
  'sop_documents',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    categoryId: integer('categoryId'),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    objective: text('objective'),
    version: integer('version').notNull().default(1),
    status: varchar('status', { length: 30 }).notNull().default('draft'),
    applicableTo: jsonb('applicableTo'),
    prerequisites: jsonb('prerequisites'),
    triggers: jsonb('triggers'),
    estimatedDuration: integer('estimatedDuration'),
    priority: varchar('priority', { length: 20 }).default('medium'),
    tags: jsonb('tags'),
    aiEnabled: boolean('aiEnabled').notNull().default(true),
    humanApprovalRequired: boolean('humanApprovalRequired').notNull().default(false),
    automationLevel: varchar('automationLevel', { length: 20 }).default('semi'),
    metadata: jsonb('metadata'),
    lastExecutedAt: timestampPlain('lastExecutedAt'),
    executionCount: integer('executionCount').notNull().default(0),
    successRate: numeric('successRate', { precision: 5, scale: 2 }),
    publishedAt: timestampPlain('publishedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'sop_documents_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'sop_documents_categoryId_fkey',
      columns: [t.categoryId],
      foreignColumns: [sopCategories.id],
    }),
  ],
);

/** Individual SOP steps. */
export const sopSteps = bottleneckSchema.table(
  'sop_steps',
  {
    id: serial('id').primaryKey(),
    sopId: integer('sopId').notNull(),
    stepNumber: integer('stepNumber').notNull(),
    title: varchar('title', { length: 255 }).notNull(),
    instructions: text('instructions').notNull(),
    actionType: varchar('actionType', { length: 30 }).notNull().default('manual'),
    actionConfig: jsonb('actionConfig'),
    conditions: jsonb('conditions'),
    alternatives: jsonb('alternatives'),
    expectedOutcome: text('expectedOutcome'),
    validationCriteria: jsonb('validationCriteria'),
    errorHandling: jsonb('errorHandling'),
    resources: jsonb('resources'),
    examples: jsonb('examples'),
    tips: text('tips'),
    estimatedDuration: integer('estimatedDuration'),
    timeout: integer('timeout'),
    dependsOn: jsonb('dependsOn'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({
      name: 'sop_steps_sopId_fkey',
      columns: [t.sopId],
      foreignColumns: [sopDocuments.id],
    }).onDelete('cascade'),
  ],
);

export const sopExecutionsExecutorTypeValues = ['human', 'ai_agent', 'hybrid'] as const;

/** SOP execution tracking. */
export const sopExecutions = bottleneckSchema.table(
  'sop_executions',
  {
    id: serial('id').primaryKey(),
    sopId: integer('sopId').notNull(),
    userId: integer('userId').notNull(),
    executorType: varchar('executorType', { length: 20, enum: sopExecutionsExecutorTypeValues }).notNull(),
    agentSessionId: integer('agentSessionId'),
    status: varchar('status', { length: 20 }).notNull().default('in_progress'),
    currentStepIndex: integer('currentStepIndex').notNull().default(0),
    stepResults: jsonb('stepResults').notNull().$type<unknown[]>().default(sql`'[]'::jsonb`),
    context: jsonb('context'),
    result: jsonb('result'),
    feedback: text('feedback'),
    rating: integer('rating'),
    issues: jsonb('issues'),
    startedAt: timestampPlain('startedAt').notNull().defaultNow(),
    completedAt: timestampPlain('completedAt'),
    durationMs: integer('durationMs'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'sop_executions_sopId_fkey', columns: [t.sopId], foreignColumns: [sopDocuments.id] }),
    foreignKey({ name: 'sop_executions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);
