import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  serial,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';
import { taskExecutions } from './webhooks-tasks';

export const apiTokenUsagePromptTypeValues = ['system', 'task', 'observation', 'error_recovery'] as const;

/** Claude API token consumption tracking. */
export const apiTokenUsage = bottleneckSchema.table(
  'api_token_usage',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    executionId: integer('executionId'),
    requestId: varchar('requestId', { length: 255 }),
    model: varchar('model', { length: 100 }).notNull(),
    inputTokens: integer('inputTokens').notNull().default(0),
    outputTokens: integer('outputTokens').notNull().default(0),
    cacheCreationTokens: integer('cacheCreationTokens').notNull().default(0),
    cacheReadTokens: integer('cacheReadTokens').notNull().default(0),
    totalTokens: integer('totalTokens').notNull(),
    inputCost: numeric('inputCost', { precision: 10, scale: 4 }).notNull(),
    outputCost: numeric('outputCost', { precision: 10, scale: 4 }).notNull(),
    cacheCost: numeric('cacheCost', { precision: 10, scale: 4 }).notNull().default('0'),
    totalCost: numeric('totalCost', { precision: 10, scale: 4 }).notNull(),
    promptType: varchar('promptType', { length: 100, enum: apiTokenUsagePromptTypeValues }),
    toolsUsed: jsonb('toolsUsed'),
    responseTime: integer('responseTime'),
    stopReason: varchar('stopReason', { length: 50 }),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    index('api_token_usage_user_id_idx').on(t.userId),
    index('api_token_usage_execution_id_idx').on(t.executionId),
    index('api_token_usage_model_idx').on(t.model),
    index('api_token_usage_created_at_idx').on(t.createdAt),
    index('api_token_usage_user_created_idx').on(t.userId, t.createdAt),
    foreignKey({
      name: 'api_token_usage_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'api_token_usage_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [taskExecutions.id],
    }).onDelete('cascade'),
  ],
);

/** Gemini API token consumption tracking. */
export const geminiTokenUsage = bottleneckSchema.table(
  'gemini_token_usage',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    executionId: integer('executionId'),
    requestId: varchar('requestId', { length: 255 }),
    model: varchar('model', { length: 100 }).notNull(),
    inputTokens: integer('inputTokens').notNull().default(0),
    outputTokens: integer('outputTokens').notNull().default(0),
    totalTokens: integer('totalTokens').notNull(),
    inputCost: numeric('inputCost', { precision: 10, scale: 6 }).notNull(),
    outputCost: numeric('outputCost', { precision: 10, scale: 6 }).notNull(),
    totalCost: numeric('totalCost', { precision: 10, scale: 6 }).notNull(),
    promptType: varchar('promptType', { length: 100 }),
    toolsUsed: jsonb('toolsUsed'),
    responseTime: integer('responseTime'),
    finishReason: varchar('finishReason', { length: 50 }),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    index('gemini_token_usage_user_id_idx').on(t.userId),
    index('gemini_token_usage_execution_id_idx').on(t.executionId),
    index('gemini_token_usage_model_idx').on(t.model),
    index('gemini_token_usage_created_at_idx').on(t.createdAt),
    index('gemini_token_usage_user_created_idx').on(t.userId, t.createdAt),
    foreignKey({
      name: 'gemini_token_usage_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'gemini_token_usage_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [taskExecutions.id],
    }).onDelete('cascade'),
  ],
);

export const browserbaseCostsStatusValues = ['active', 'completed', 'failed', 'timeout'] as const;

/** Browserbase session cost tracking. */
export const browserbaseCosts = bottleneckSchema.table(
  'browserbase_costs',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    executionId: integer('executionId'),
    sessionId: varchar('sessionId', { length: 255 }).notNull(),
    projectId: varchar('projectId', { length: 255 }),
    durationMs: integer('durationMs').notNull(),
    durationMinutes: numeric('durationMinutes', { precision: 10, scale: 2 }).notNull(),
    costPerMinute: numeric('costPerMinute', { precision: 10, scale: 4 }).notNull().default('0.01'),
    totalCost: numeric('totalCost', { precision: 10, scale: 4 }).notNull(),
    debugUrl: varchar('debugUrl', { length: 500 }),
    recordingUrl: varchar('recordingUrl', { length: 500 }),
    hasRecording: boolean('hasRecording').notNull().default(false),
    recordingCost: numeric('recordingCost', { precision: 10, scale: 4 }).notNull().default('0'),
    screenshotCount: integer('screenshotCount').notNull().default(0),
    screenshotCost: numeric('screenshotCost', { precision: 10, scale: 4 }).notNull().default('0'),
    status: varchar('status', { length: 50, enum: browserbaseCostsStatusValues }).notNull(),
    startedAt: timestampPlain('startedAt').notNull(),
    completedAt: timestampPlain('completedAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    unique('browserbase_costs_sessionId_key').on(t.sessionId),
    index('browserbase_costs_user_id_idx').on(t.userId),
    index('browserbase_costs_execution_id_idx').on(t.executionId),
    index('browserbase_costs_session_id_idx').on(t.sessionId),
    index('browserbase_costs_status_idx').on(t.status),
    index('browserbase_costs_created_at_idx').on(t.createdAt),
    index('browserbase_costs_user_created_idx').on(t.userId, t.createdAt),
    foreignKey({
      name: 'browserbase_costs_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'browserbase_costs_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [taskExecutions.id],
    }).onDelete('cascade'),
  ],
);

export const storageCostsProviderValues = ['s3', 'r2', 'gcs'] as const;
export const storageCostsOperationTypeValues = ['upload', 'download', 'delete', 'list'] as const;
export const storageCostsStatusValues = ['success', 'failed', 'pending'] as const;

/** S3/R2 storage operation cost tracking. */
export const storageCosts = bottleneckSchema.table(
  'storage_costs',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    executionId: integer('executionId'),
    operationId: varchar('operationId', { length: 255 }),
    provider: varchar('provider', { length: 50, enum: storageCostsProviderValues }).notNull(),
    bucket: varchar('bucket', { length: 255 }).notNull(),
    operationType: varchar('operationType', { length: 50, enum: storageCostsOperationTypeValues }).notNull(),
    objectKey: varchar('objectKey', { length: 1000 }),
    sizeBytes: integer('sizeBytes').notNull().default(0),
    sizeMb: numeric('sizeMb', { precision: 10, scale: 4 }).notNull().default('0'),
    storageCostPerGb: numeric('storageCostPerGb', { precision: 10, scale: 6 }).notNull().default('0.023'),
    transferCostPerGb: numeric('transferCostPerGb', { precision: 10, scale: 6 }).notNull().default('0.09'),
    requestCost: numeric('requestCost', { precision: 10, scale: 8 }).notNull().default('0'),
    totalCost: numeric('totalCost', { precision: 10, scale: 6 }).notNull(),
    contentType: varchar('contentType', { length: 255 }),
    status: varchar('status', { length: 50, enum: storageCostsStatusValues }).notNull(),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    index('storage_costs_user_id_idx').on(t.userId),
    index('storage_costs_execution_id_idx').on(t.executionId),
    index('storage_costs_provider_idx').on(t.provider),
    index('storage_costs_operation_type_idx').on(t.operationType),
    index('storage_costs_created_at_idx').on(t.createdAt),
    index('storage_costs_user_created_idx').on(t.userId, t.createdAt),
    foreignKey({
      name: 'storage_costs_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'storage_costs_executionId_fkey',
      columns: [t.executionId],
      foreignColumns: [taskExecutions.id],
    }).onDelete('cascade'),
  ],
);

/** Aggregated daily cost data per user. */
export const dailyCostSummaries = bottleneckSchema.table(
  'daily_cost_summaries',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    date: timestampPlain('date').notNull(),
    totalApiCalls: integer('totalApiCalls').notNull().default(0),
    totalInputTokens: integer('totalInputTokens').notNull().default(0),
    totalOutputTokens: integer('totalOutputTokens').notNull().default(0),
    totalCacheTokens: integer('totalCacheTokens').notNull().default(0),
    apiCostUsd: numeric('apiCostUsd', { precision: 10, scale: 4 }).notNull().default('0'),
    totalGeminiCalls: integer('totalGeminiCalls').notNull().default(0),
    totalGeminiInputTokens: integer('totalGeminiInputTokens').notNull().default(0),
    totalGeminiOutputTokens: integer('totalGeminiOutputTokens').notNull().default(0),
    geminiCostUsd: numeric('geminiCostUsd', { precision: 10, scale: 6 }).notNull().default('0'),
    totalSessions: integer('totalSessions').notNull().default(0),
    totalSessionMinutes: numeric('totalSessionMinutes', { precision: 10, scale: 2 }).notNull().default('0'),
    browserbaseCostUsd: numeric('browserbaseCostUsd', { precision: 10, scale: 4 }).notNull().default('0'),
    totalStorageOperations: integer('totalStorageOperations').notNull().default(0),
    totalStorageMb: numeric('totalStorageMb', { precision: 10, scale: 4 }).notNull().default('0'),
    storageCostUsd: numeric('storageCostUsd', { precision: 10, scale: 6 }).notNull().default('0'),
    totalCostUsd: numeric('totalCostUsd', { precision: 10, scale: 4 }).notNull(),
    costByModel: jsonb('costByModel'),
    costByProvider: jsonb('costByProvider'),
    ...camelTimestamps(),
  },
  (t) => [
    index('daily_cost_summaries_user_id_idx').on(t.userId),
    index('daily_cost_summaries_date_idx').on(t.date),
    uniqueIndex('daily_cost_summaries_user_date_idx').on(t.userId, t.date),
    foreignKey({
      name: 'daily_cost_summaries_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);

/** User spending limits and alerts. */
export const costBudgets = bottleneckSchema.table(
  'cost_budgets',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    dailyBudget: numeric('dailyBudget', { precision: 10, scale: 2 }),
    weeklyBudget: numeric('weeklyBudget', { precision: 10, scale: 2 }),
    monthlyBudget: numeric('monthlyBudget', { precision: 10, scale: 2 }),
    alertThreshold: integer('alertThreshold').notNull().default(80),
    currentDailySpend: numeric('currentDailySpend', { precision: 10, scale: 4 }).notNull().default('0'),
    currentWeeklySpend: numeric('currentWeeklySpend', { precision: 10, scale: 4 }).notNull().default('0'),
    currentMonthlySpend: numeric('currentMonthlySpend', { precision: 10, scale: 4 }).notNull().default('0'),
    isActive: boolean('isActive').notNull().default(true),
    autoStopOnLimit: boolean('autoStopOnLimit').notNull().default(false),
    lastAlertSent: timestampPlain('lastAlertSent'),
    alertsSentToday: integer('alertsSentToday').notNull().default(0),
    dailyPeriodStart: timestampPlain('dailyPeriodStart').notNull().defaultNow(),
    weeklyPeriodStart: timestampPlain('weeklyPeriodStart').notNull().defaultNow(),
    monthlyPeriodStart: timestampPlain('monthlyPeriodStart').notNull().defaultNow(),
    ...camelTimestamps(),
  },
  (t) => [
    unique('cost_budgets_userId_key').on(t.userId),
    index('cost_budgets_user_id_idx').on(t.userId),
    index('cost_budgets_is_active_idx').on(t.isActive),
    foreignKey({
      name: 'cost_budgets_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);
