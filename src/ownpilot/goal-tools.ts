// The goal AI tools (create_goal, list_goals, update_goal, delete_goal) and goal steps.
// A goal's progress follows the share of its completed steps whenever it has steps.
// References (parent_id → goals; a step's goal and dependencies) must name rows of the same user:
// checked by locked, owner-scoped reads in the writing transaction; the database refuses a
// cross-user parent too (composite FK through user_id, migration 0004).
import { and, asc, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { int4 } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { completedAtFor, deleteOwnedOrBusy } from './owned-rows';
import {
  completedStepShare,
  idInput,
  lockOwned,
  MAX_STEPS,
  pageInput,
  resolveDependsOn,
  userIdInput,
  withDependsOn,
} from './query';
import { goalStatusValues, goalStepStatusValues, goalSteps, goals } from './tables/autonomy';
import { type Goal, type GoalStep, insertGoalSchema, updateGoalSchema } from './validators';

const stepText = { title: z.string().min(1), description: z.string().nullish() };

/**
 * Locks the user's goal row: step changes of one goal run one after another, so progress is
 * exact. FOR NO KEY UPDATE (not FOR UPDATE): it still serialises the goal's step changes but lets
 * other transactions take the FOR KEY SHARE lock a reference to the goal needs (sub-goals, plans).
 */
async function lockGoal(tx: DbOrTx, goalId: string, userId: string) {
  const [row] = await tx
    .select({ id: goals.id })
    .from(goals)
    .where(and(eq(goals.id, goalId), eq(goals.userId, userId)))
    .for('no key update');
  return row;
}

/** Recomputes progress from the steps (a new statement, so it sees every committed step). */
async function syncGoalProgress(tx: DbOrTx, goalId: string): Promise<Goal> {
  const [goal] = await tx
    .update(goals)
    .set({
      progress: sql`coalesce(${completedStepShare(goalSteps.goalId, goals.id)}, ${goals.progress})`,
    })
    .where(eq(goals.id, goalId))
    .returning();
  return goal as Goal;
}

/** PARENT_NOT_FOUND unless `parentId` is a goal of `userId` (locked FOR KEY SHARE until commit). */
async function checkParent(tx: DbOrTx, parentId: string | null | undefined, userId: string) {
  if (typeof parentId !== 'string') return undefined;
  if ((await lockOwned(tx, goals, [parentId], userId)).has(parentId)) return undefined;
  return fail('PARENT_NOT_FOUND', `parent goal ${parentId} does not exist`);
}

export const createGoalInput = insertGoalSchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, completedAt: true, progress: true })
  .extend({ userId: userIdInput, steps: withDependsOn(stepText, 0).optional() });
export const createGoalErrors = ['INVALID_INPUT', 'PARENT_NOT_FOUND'] as const;
export type CreateGoalError = (typeof createGoalErrors)[number];

/**
 * create_goal: the goal and its optional steps (`dependsOn`: indices of earlier steps) in one
 * transaction. `parentId` must name a goal of the same user (PARENT_NOT_FOUND otherwise).
 */
export async function createGoal(
  db: AnyDb,
  input: z.input<typeof createGoalInput>,
): Promise<Result<{ goal: Goal; steps: GoalStep[] }, CreateGoalError>> {
  narrowDb(db);
  const parsed = parseInput(createGoalInput, input);
  if (!parsed.success) return parsed;
  const { steps = [], ...fields } = parsed.data;
  return transactionResult(
    db,
    async (tx): Promise<Result<{ goal: Goal; steps: GoalStep[] }, CreateGoalError>> => {
      const refused = await checkParent(tx, fields.parentId, fields.userId);
      if (refused) return refused;
      const [goal] = await tx.insert(goals).values(fields).returning();
      if (!goal) throw new Error('create_goal: insert returned no row');
      const rows = steps.length
        ? await tx
            .insert(goalSteps)
            .values(resolveDependsOn(steps).map((s) => ({ ...s, goalId: goal.id })))
            .returning()
        : [];
      rows.sort((a, b) => a.orderNum - b.orderNum);
      return ok({ goal, steps: rows });
    },
  );
}

export const listGoalsInput = z.object({
  userId: userIdInput,
  status: z.enum(goalStatusValues).optional(),
  minPriority: int4({ min: 1, max: 10 }).optional(),
  ...pageInput,
});
export const listGoalsErrors = ['INVALID_INPUT'] as const;

/** list_goals: highest priority first. */
export async function listGoals(
  db: AnyDb,
  input: z.input<typeof listGoalsInput>,
): Promise<Result<{ goals: Goal[] }, (typeof listGoalsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listGoalsInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(goals.userId, f.userId)];
  if (f.status) where.push(eq(goals.status, f.status));
  if (f.minPriority !== undefined) where.push(gte(goals.priority, f.minPriority));
  const rows = await db
    .select()
    .from(goals)
    .where(and(...where))
    .orderBy(desc(goals.priority), desc(goals.createdAt), goals.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ goals: rows });
}

export const updateGoalInput = updateGoalSchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, completedAt: true })
  .extend({ userId: userIdInput, id: idInput });
export const updateGoalErrors = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'PARENT_NOT_FOUND',
  'PROGRESS_FOLLOWS_STEPS',
] as const;
export type UpdateGoalError = (typeof updateGoalErrors)[number];

/**
 * update_goal: status, progress or details. Progress can only be set by hand on a goal without
 * steps. A new `parentId` must name a goal of the same user (PARENT_NOT_FOUND otherwise).
 */
export async function updateGoal(
  db: AnyDb,
  input: z.input<typeof updateGoalInput>,
): Promise<Result<{ goal: Goal }, UpdateGoalError>> {
  narrowDb(db);
  const parsed = parseInput(updateGoalInput, input);
  if (!parsed.success) return parsed;
  const { id, userId, ...fields } = parsed.data;
  if (Object.keys(fields).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  if (fields.parentId === id) return fail('INVALID_INPUT', 'parentId: a goal cannot be its own parent');
  const set: Record<string, unknown> = { ...fields, ...completedAtFor(fields.status, goals.completedAt) };
  return transactionResult(db, async (tx): Promise<Result<{ goal: Goal }, UpdateGoalError>> => {
    // The referenced goal first, then the goal being written (the order every function uses).
    const refused = await checkParent(tx, fields.parentId, userId);
    if (refused) return refused;
    if (!(await lockGoal(tx, id, userId))) return fail('NOT_FOUND', `goal ${id} not found`);
    if (fields.progress !== undefined) {
      const [step] = await tx
        .select({ id: goalSteps.id })
        .from(goalSteps)
        .where(eq(goalSteps.goalId, id))
        .limit(1);
      if (step) return fail('PROGRESS_FOLLOWS_STEPS', `goal ${id} has steps: its progress follows them`);
    }
    const [goal] = await tx.update(goals).set(set).where(eq(goals.id, id)).returning();
    return ok({ goal: goal as Goal });
  });
}

export const goalRefInput = z.object({ userId: userIdInput, id: idInput });
export const deleteGoalInput = goalRefInput;
export const deleteGoalErrors = ['INVALID_INPUT', 'NOT_FOUND', 'BUSY'] as const;

/**
 * delete_goal: its steps go with it; sub-goals and plans keep existing with the reference nulled.
 * Concurrent deletes of two goals that are each other's parent deadlock by design (each locks its
 * row, then the other's for SET NULL): retried (5 attempts), then BUSY.
 */
export async function deleteGoal(
  db: AnyDb,
  input: z.input<typeof deleteGoalInput>,
): Promise<Result<{ id: string }, (typeof deleteGoalErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(deleteGoalInput, input);
  if (!parsed.success) return parsed;
  return deleteOwnedOrBusy(db, goals, parsed.data.id, parsed.data.userId, 'goal');
}

export const addGoalStepInput = z.object({
  ...stepText,
  userId: userIdInput,
  goalId: idInput,
  /** Ids of existing steps of the same goal. */
  dependencies: z.array(idInput).max(MAX_STEPS).optional(),
});
export const addGoalStepErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DEPENDENCY_NOT_FOUND'] as const;

/**
 * Appends a step (order_num = last + 1) and recomputes the goal's progress. `dependencies` must
 * be ids of steps of the same goal (DEPENDENCY_NOT_FOUND otherwise, also for another goal's step).
 */
export async function addGoalStep(
  db: AnyDb,
  input: z.input<typeof addGoalStepInput>,
): Promise<Result<{ step: GoalStep; goal: Goal }, (typeof addGoalStepErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(addGoalStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, goalId, ...fields } = parsed.data;
  return transactionResult(
    db,
    async (tx): Promise<Result<{ step: GoalStep; goal: Goal }, (typeof addGoalStepErrors)[number]>> => {
      if (!(await lockGoal(tx, goalId, userId))) return fail('NOT_FOUND', `goal ${goalId} not found`);
      const deps = [...new Set(fields.dependencies ?? [])].sort();
      if (deps.length) {
        // The goal is locked: no step of it can go away before this transaction ends.
        const found = await tx
          .select({ id: goalSteps.id })
          .from(goalSteps)
          .where(and(eq(goalSteps.goalId, goalId), inArray(goalSteps.id, deps)))
          .orderBy(asc(goalSteps.id));
        const have = new Set(found.map((r) => r.id));
        const missing = deps.find((d) => !have.has(d));
        if (missing !== undefined)
          return fail('DEPENDENCY_NOT_FOUND', `step ${missing} is not a step of goal ${goalId}`);
      }
      const [step] = await tx
        .insert(goalSteps)
        .values({
          ...fields,
          goalId,
          orderNum: sql`(select coalesce(least(max(order_num), 2147483646) + 1, 0) from ${goalSteps} where goal_id = ${goalId})`,
        })
        .returning();
      return ok({ step: step as GoalStep, goal: await syncGoalProgress(tx, goalId) });
    },
  );
}

export const updateGoalStepInput = z.object({
  userId: userIdInput,
  stepId: idInput,
  status: z.enum(goalStepStatusValues).optional(),
  result: z.string().nullish(),
  title: stepText.title.optional(),
  description: stepText.description,
});
export const updateGoalStepErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** Changes a step (typically its status) and recomputes the goal's progress in the same transaction. */
export async function updateGoalStep(
  db: AnyDb,
  input: z.input<typeof updateGoalStepInput>,
): Promise<Result<{ step: GoalStep; goal: Goal }, (typeof updateGoalStepErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(updateGoalStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, ...fields } = parsed.data;
  if (Object.keys(fields).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  const set: Record<string, unknown> = { ...fields, ...completedAtFor(fields.status, goalSteps.completedAt) };
  return transactionResult(
    db,
    async (tx): Promise<Result<{ step: GoalStep; goal: Goal }, (typeof updateGoalStepErrors)[number]>> => {
      // Lock the goal that owns the step (a join with FOR UPDATE OF would need an unqualified name).
      const [owner] = await tx
        .select({ goalId: goals.id })
        .from(goals)
        .where(
          and(
            eq(goals.id, sql`(select goal_id from ${goalSteps} where id = ${stepId})`),
            eq(goals.userId, userId),
          ),
        )
        .for('no key update');
      if (!owner) return fail('NOT_FOUND', `goal step ${stepId} not found`);
      const [step] = await tx.update(goalSteps).set(set).where(eq(goalSteps.id, stepId)).returning();
      return ok({ step: step as GoalStep, goal: await syncGoalProgress(tx, owner.goalId) });
    },
  );
}
