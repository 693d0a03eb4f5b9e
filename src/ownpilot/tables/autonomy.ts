import { boolean, foreignKey, index, integer, jsonb, real, text, unique } from 'drizzle-orm/pg-core';
import {
  bytea,
  checkIn,
  checkRange,
  createdAt,
  jsonArray,
  jsonObject,
  textId,
  timestamptz,
  updatedAt,
  userIdDefault,
} from '../../columns';
import { ownpilotSchema } from '../schema';

export const memoryTypeValues = ['fact', 'preference', 'conversation', 'event', 'skill'] as const;
export const goalStatusValues = ['active', 'paused', 'completed', 'abandoned'] as const;
export const goalStepStatusValues = ['pending', 'in_progress', 'completed', 'blocked', 'skipped'] as const;
export const triggerTypeValues = ['schedule', 'event', 'condition', 'webhook'] as const;
export const triggerHistoryStatusValues = ['success', 'failure', 'skipped'] as const;
export const planStatusValues = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export const planStepTypeValues = [
  'tool_call',
  'llm_decision',
  'user_input',
  'condition',
  'parallel',
  'loop',
  'sub_plan',
] as const;
export const planStepStatusValues = [
  'pending',
  'running',
  'completed',
  'failed',
  'skipped',
  'blocked',
  'waiting',
] as const;
export const planEventTypeValues = [
  'started',
  'step_started',
  'step_completed',
  'step_failed',
  'paused',
  'resumed',
  'completed',
  'failed',
  'cancelled',
  'checkpoint',
] as const;

/** §5.1 Persistent memory of the assistant. */
export const memories = ownpilotSchema.table(
  'memories',
  {
    id: textId(),
    userId: userIdDefault(),
    type: text('type', { enum: memoryTypeValues }).notNull(),
    content: text('content').notNull(),
    embedding: bytea('embedding'),
    source: text('source'),
    sourceId: text('source_id'),
    importance: real('importance').notNull().default(0.5),
    tags: jsonArray<string>('tags'),
    accessedCount: integer('accessed_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    accessedAt: timestamptz('accessed_at'),
    metadata: jsonObject('metadata'),
  },
  (t) => [
    index('idx_memories_user').on(t.userId),
    index('idx_memories_type').on(t.type),
    index('idx_memories_importance').on(t.importance.desc().nullsFirst()),
    index('idx_memories_created').on(t.createdAt.desc().nullsFirst()),
    index('idx_memories_accessed').on(t.accessedAt.desc().nullsFirst()),
    checkIn('memories', 'type', memoryTypeValues),
    checkRange('memories', 'importance', 0, 1),
  ],
);

/** §5.2 Long-term goals with sub-goals (parent_id). */
export const goals = ownpilotSchema.table(
  'goals',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status', { enum: goalStatusValues }).notNull().default('active'),
    priority: integer('priority').notNull().default(5),
    parentId: text('parent_id'),
    dueDate: text('due_date'),
    progress: real('progress').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: timestamptz('completed_at'),
    metadata: jsonObject('metadata'),
  },
  (t) => [
    index('idx_goals_user').on(t.userId),
    index('idx_goals_status').on(t.status),
    index('idx_goals_priority').on(t.priority.desc().nullsFirst()),
    index('idx_goals_parent').on(t.parentId),
    checkIn('goals', 'status', goalStatusValues),
    checkRange('goals', 'priority', 1, 10),
    checkRange('goals', 'progress', 0, 100),
    // Owner isolation: target of the composite FKs goals.(parent_id, user_id) and
    // plans.(goal_id, user_id), put in place by migration 0004 (ON DELETE SET NULL (col)).
    unique('goals_id_user_id_key').on(t.id, t.userId),
    foreignKey({ name: 'goals_parent_id_fkey', columns: [t.parentId], foreignColumns: [t.id] }).onDelete(
      'set null',
    ),
  ],
);

/** §5.3 Ordered steps of a goal. */
export const goalSteps = ownpilotSchema.table(
  'goal_steps',
  {
    id: textId(),
    goalId: text('goal_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status', { enum: goalStepStatusValues }).notNull().default('pending'),
    orderNum: integer('order_num').notNull(),
    dependencies: jsonArray<string>('dependencies'),
    result: text('result'),
    createdAt: createdAt(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('idx_goal_steps_goal').on(t.goalId),
    index('idx_goal_steps_status').on(t.status),
    checkIn('goal_steps', 'status', goalStepStatusValues),
    foreignKey({ name: 'goal_steps_goal_id_fkey', columns: [t.goalId], foreignColumns: [goals.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** §5.4 Proactive automation triggers. */
export const triggers = ownpilotSchema.table(
  'triggers',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: triggerTypeValues }).notNull(),
    config: jsonObject('config').notNull(),
    action: jsonObject('action').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    priority: integer('priority').notNull().default(5),
    lastFired: timestamptz('last_fired'),
    nextFire: timestamptz('next_fire'),
    fireCount: integer('fire_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_triggers_user').on(t.userId),
    index('idx_triggers_type').on(t.type),
    index('idx_triggers_enabled').on(t.enabled),
    index('idx_triggers_next_fire').on(t.nextFire),
    checkIn('triggers', 'type', triggerTypeValues),
    checkRange('triggers', 'priority', 1, 10),
    // Owner isolation: target of the composite FK plans.(trigger_id, user_id) (migration 0004).
    unique('triggers_id_user_id_key').on(t.id, t.userId),
  ],
);

/** §5.5 One row per firing of a trigger. */
export const triggerHistory = ownpilotSchema.table(
  'trigger_history',
  {
    id: textId(),
    triggerId: text('trigger_id').notNull(),
    firedAt: timestamptz('fired_at').notNull().defaultNow(),
    status: text('status', { enum: triggerHistoryStatusValues }).notNull(),
    result: jsonb('result').$type<unknown>(),
    error: text('error'),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('idx_trigger_history_trigger').on(t.triggerId),
    index('idx_trigger_history_fired').on(t.firedAt.desc().nullsFirst()),
    checkIn('trigger_history', 'status', triggerHistoryStatusValues),
    foreignKey({
      name: 'trigger_history_trigger_id_fkey',
      columns: [t.triggerId],
      foreignColumns: [triggers.id],
    }).onDelete('cascade'),
  ],
);

/** §5.6 Multi-step plans. */
export const plans = ownpilotSchema.table(
  'plans',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    description: text('description'),
    goal: text('goal').notNull(),
    status: text('status', { enum: planStatusValues }).notNull().default('pending'),
    currentStep: integer('current_step').notNull().default(0),
    totalSteps: integer('total_steps').notNull().default(0),
    progress: real('progress').notNull().default(0),
    priority: integer('priority').notNull().default(5),
    source: text('source'),
    sourceId: text('source_id'),
    triggerId: text('trigger_id'),
    goalId: text('goal_id'),
    autonomyLevel: integer('autonomy_level').notNull().default(1),
    maxRetries: integer('max_retries').notNull().default(3),
    retryCount: integer('retry_count').notNull().default(0),
    timeoutMs: integer('timeout_ms'),
    checkpoint: jsonb('checkpoint').$type<unknown>(),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
    metadata: jsonObject('metadata'),
  },
  (t) => [
    index('idx_plans_user').on(t.userId),
    index('idx_plans_status').on(t.status),
    index('idx_plans_priority').on(t.priority.desc().nullsFirst()),
    index('idx_plans_goal').on(t.goalId),
    index('idx_plans_trigger').on(t.triggerId),
    checkIn('plans', 'status', planStatusValues),
    checkRange('plans', 'progress', 0, 100),
    checkRange('plans', 'priority', 1, 10),
    checkRange('plans', 'autonomy_level', 0, 4),
    // Migration 0004 replaces these two by composite FKs through user_id,
    // (trigger_id, user_id) → triggers (id, user_id) ON DELETE SET NULL (trigger_id) and the same for
    // goal_id: a plan can only point at a trigger / goal of its own user.
    foreignKey({
      name: 'plans_trigger_id_fkey',
      columns: [t.triggerId],
      foreignColumns: [triggers.id],
    }).onDelete('set null'),
    foreignKey({ name: 'plans_goal_id_fkey', columns: [t.goalId], foreignColumns: [goals.id] }).onDelete(
      'set null',
    ),
  ],
);

/** §5.7 Steps of a plan. */
export const planSteps = ownpilotSchema.table(
  'plan_steps',
  {
    id: textId(),
    planId: text('plan_id').notNull(),
    orderNum: integer('order_num').notNull(),
    type: text('type', { enum: planStepTypeValues }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    config: jsonObject('config').notNull(),
    status: text('status', { enum: planStepStatusValues }).notNull().default('pending'),
    dependencies: jsonArray<string>('dependencies'),
    result: jsonb('result').$type<unknown>(),
    error: text('error'),
    retryCount: integer('retry_count').notNull().default(0),
    maxRetries: integer('max_retries').notNull().default(3),
    timeoutMs: integer('timeout_ms'),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
    durationMs: integer('duration_ms'),
    onSuccess: jsonb('on_success').$type<unknown>(),
    onFailure: jsonb('on_failure').$type<unknown>(),
    metadata: jsonObject('metadata'),
  },
  (t) => [
    index('idx_plan_steps_plan').on(t.planId),
    index('idx_plan_steps_status').on(t.status),
    index('idx_plan_steps_order').on(t.planId, t.orderNum),
    checkIn('plan_steps', 'type', planStepTypeValues),
    checkIn('plan_steps', 'status', planStepStatusValues),
    // Target of the composite FK plan_history.(step_id, plan_id) (migration 0004): a history
    // event can only name a step of its own plan, hence of the same owner.
    unique('plan_steps_id_plan_id_key').on(t.id, t.planId),
    foreignKey({ name: 'plan_steps_plan_id_fkey', columns: [t.planId], foreignColumns: [plans.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** §5.8 Audit log of plan execution events. */
export const planHistory = ownpilotSchema.table(
  'plan_history',
  {
    id: textId(),
    planId: text('plan_id').notNull(),
    stepId: text('step_id'),
    eventType: text('event_type', { enum: planEventTypeValues }).notNull(),
    details: jsonObject('details'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_plan_history_plan').on(t.planId),
    index('idx_plan_history_created').on(t.createdAt.desc().nullsFirst()),
    checkIn('plan_history', 'event_type', planEventTypeValues),
    // Migration 0004 replaces step_id's FK by (step_id, plan_id) → plan_steps (id, plan_id)
    // ON DELETE SET NULL (step_id): an event names only a step of its own plan.
    foreignKey({
      name: 'plan_history_plan_id_fkey',
      columns: [t.planId],
      foreignColumns: [plans.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'plan_history_step_id_fkey',
      columns: [t.stepId],
      foreignColumns: [planSteps.id],
    }).onDelete('set null'),
  ],
);
