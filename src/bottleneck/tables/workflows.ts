import { boolean, foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';
import { browserSessions } from './browser';

/** Reusable automation workflow definitions. */
export const automationWorkflows = bottleneckSchema.table(
  'automation_workflows',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    steps: jsonb('steps').notNull(),
    category: varchar('category', { length: 50 }).default('custom'),
    isTemplate: boolean('isTemplate').notNull().default(false),
    tags: jsonb('tags'),
    version: integer('version').notNull().default(1),
    isActive: boolean('isActive').notNull().default(true),
    executionCount: integer('executionCount').notNull().default(0),
    lastExecutedAt: timestampPlain('lastExecutedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'automation_workflows_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const workflowExecutionsStatusValues = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
] as const;

/** Tracks individual workflow runs. */
export const workflowExecutions = bottleneckSchema.table(
  'workflow_executions',
  {
    id: serial('id').primaryKey(),
    workflowId: integer('workflowId').notNull(),
    sessionId: integer('sessionId'),
    userId: integer('userId').notNull(),
    status: varchar('status', { length: 20, enum: workflowExecutionsStatusValues })
      .notNull()
      .default('pending'),
    input: jsonb('input'),
    output: jsonb('output'),
    error: text('error'),
    startedAt: timestampPlain('startedAt'),
    completedAt: timestampPlain('completedAt'),
    duration: integer('duration'),
    stepResults: jsonb('stepResults'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({
      name: 'workflow_executions_workflowId_fkey',
      columns: [t.workflowId],
      foreignColumns: [automationWorkflows.id],
    }),
    foreignKey({
      name: 'workflow_executions_sessionId_fkey',
      columns: [t.sessionId],
      foreignColumns: [browserSessions.id],
    }),
    foreignKey({ name: 'workflow_executions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const scheduledBrowserTasksAutomationTypeValues = [
  'chat',
  'observe',
  'extract',
  'workflow',
  'custom',
] as const;
export const scheduledBrowserTasksScheduleTypeValues = [
  'daily',
  'weekly',
  'monthly',
  'cron',
  'once',
] as const;
export const scheduledBrowserTasksStatusValues = [
  'active',
  'paused',
  'failed',
  'completed',
  'archived',
] as const;
export const scheduledBrowserTasksLastRunStatusValues = [
  'success',
  'failed',
  'timeout',
  'cancelled',
] as const;

/** Recurring browser automation tasks. */
export const scheduledBrowserTasks = bottleneckSchema.table(
  'scheduled_browser_tasks',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    description: text('description'),
    automationType: varchar('automationType', {
      length: 50,
      enum: scheduledBrowserTasksAutomationTypeValues,
    }).notNull(),
    automationConfig: jsonb('automationConfig').notNull(),
    scheduleType: varchar('scheduleType', {
      length: 50,
      enum: scheduledBrowserTasksScheduleTypeValues,
    }).notNull(),
    cronExpression: varchar('cronExpression', { length: 255 }).notNull(),
    timezone: varchar('timezone', { length: 100 }).notNull().default('UTC'),
    status: varchar('status', { length: 50, enum: scheduledBrowserTasksStatusValues })
      .notNull()
      .default('active'),
    nextRun: timestampPlain('nextRun'),
    lastRun: timestampPlain('lastRun'),
    lastRunStatus: varchar('lastRunStatus', { length: 50, enum: scheduledBrowserTasksLastRunStatusValues }),
    lastRunError: text('lastRunError'),
    lastRunDuration: integer('lastRunDuration'),
    executionCount: integer('executionCount').notNull().default(0),
    successCount: integer('successCount').notNull().default(0),
    failureCount: integer('failureCount').notNull().default(0),
    averageDuration: integer('averageDuration').notNull().default(0),
    retryOnFailure: boolean('retryOnFailure').notNull().default(true),
    maxRetries: integer('maxRetries').notNull().default(3),
    retryDelay: integer('retryDelay').notNull().default(60),
    timeout: integer('timeout').notNull().default(300),
    notifyOnSuccess: boolean('notifyOnSuccess').notNull().default(false),
    notifyOnFailure: boolean('notifyOnFailure').notNull().default(true),
    notificationChannels: jsonb('notificationChannels'),
    keepExecutionHistory: boolean('keepExecutionHistory').notNull().default(true),
    maxHistoryRecords: integer('maxHistoryRecords').notNull().default(100),
    tags: jsonb('tags'),
    metadata: jsonb('metadata'),
    isActive: boolean('isActive').notNull().default(true),
    createdBy: integer('createdBy').notNull(),
    lastModifiedBy: integer('lastModifiedBy').notNull(),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({
      name: 'scheduled_browser_tasks_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }),
    foreignKey({
      name: 'scheduled_browser_tasks_createdBy_fkey',
      columns: [t.createdBy],
      foreignColumns: [users.id],
    }),
    foreignKey({
      name: 'scheduled_browser_tasks_lastModifiedBy_fkey',
      columns: [t.lastModifiedBy],
      foreignColumns: [users.id],
    }),
  ],
);

export const scheduledTaskExecutionsStatusValues = [
  'queued',
  'running',
  'success',
  'failed',
  'timeout',
  'cancelled',
] as const;
export const scheduledTaskExecutionsTriggerTypeValues = ['scheduled', 'manual', 'retry'] as const;

/** Individual execution records for scheduled tasks. */
export const scheduledTaskExecutions = bottleneckSchema.table(
  'scheduled_task_executions',
  {
    id: serial('id').primaryKey(),
    taskId: integer('taskId').notNull(),
    status: varchar('status', { length: 50, enum: scheduledTaskExecutionsStatusValues })
      .notNull()
      .default('queued'),
    triggerType: varchar('triggerType', {
      length: 50,
      enum: scheduledTaskExecutionsTriggerTypeValues,
    }).notNull(),
    attemptNumber: integer('attemptNumber').notNull().default(1),
    startedAt: timestampPlain('startedAt'),
    completedAt: timestampPlain('completedAt'),
    duration: integer('duration'),
    output: jsonb('output'),
    error: text('error'),
    logs: jsonb('logs'),
    sessionId: varchar('sessionId', { length: 255 }),
    debugUrl: text('debugUrl'),
    recordingUrl: text('recordingUrl'),
    metadata: jsonb('metadata'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'scheduled_task_executions_taskId_fkey',
      columns: [t.taskId],
      foreignColumns: [scheduledBrowserTasks.id],
    }).onDelete('cascade'),
  ],
);

/** Tracks registered cron jobs. */
export const cronJobRegistry = bottleneckSchema.table(
  'cron_job_registry',
  {
    id: serial('id').primaryKey(),
    taskId: integer('taskId').notNull(),
    jobId: varchar('jobId', { length: 255 }).notNull(),
    jobName: varchar('jobName', { length: 255 }).notNull(),
    cronExpression: varchar('cronExpression', { length: 255 }).notNull(),
    timezone: varchar('timezone', { length: 100 }).notNull().default('UTC'),
    isRunning: boolean('isRunning').notNull().default(false),
    lastStartedAt: timestampPlain('lastStartedAt'),
    lastCompletedAt: timestampPlain('lastCompletedAt'),
    nextRunAt: timestampPlain('nextRunAt'),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('cron_job_registry_taskId_key').on(t.taskId),
    unique('cron_job_registry_jobId_key').on(t.jobId),
    foreignKey({
      name: 'cron_job_registry_taskId_fkey',
      columns: [t.taskId],
      foreignColumns: [scheduledBrowserTasks.id],
    }).onDelete('cascade'),
  ],
);
