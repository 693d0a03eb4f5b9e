// Plans: create a plan with its steps, get it, and the transitions a caller asks for (start, pause,
// resume, cancel). The state machine, the row lock and the plan_history row every transition writes
// in its own transaction are in plan-state.ts; step transitions in plan-step-tools.ts.
// A plan's goal and trigger must belong to the plan's user: checked by locked, owner-scoped reads
// in the creating transaction; the database refuses cross-user references too (composite FKs
// through user_id, migration 0004). Steps and events are reached only through the user's plan.
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { int4, jsonObject, jsonValue } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { type IllegalTransition, illegal, lockPlan, planTransitions, record } from './plan-state';
import { idInput, lockOwned, MAX_STEPS, resolveDependsOn, userIdInput, withDependsOn } from './query';
import { goals, planHistory, planSteps, planStepTypeValues, plans, triggers } from './tables/autonomy';
import { insertPlanSchema, type Plan, type PlanHistoryEntry, type PlanStep } from './validators';

const planStepFields = {
  name: z.string().min(1),
  type: z.enum(planStepTypeValues),
  description: z.string().nullish(),
  config: jsonObject().optional(),
  maxRetries: int4({ min: 0, max: 100 }).optional(),
  timeoutMs: int4({ min: 1 }).nullish(),
  onSuccess: jsonValue().optional(),
  onFailure: jsonValue().optional(),
  /** Index of a later step of this call to jump to when this one fails for good (stored as its id). */
  onFailureStep: int4({ min: 1, max: MAX_STEPS - 1 }).optional(),
};

/** The steps of a new plan: `dependsOn` (withDependsOn) and `onFailureStep`, an index of a later step. */
const planStepsInput = withDependsOn(planStepFields, 1).superRefine((steps, ctx) => {
  steps.forEach((s, i) => {
    if (s.onFailureStep === undefined) return;
    if (s.onFailureStep <= i || s.onFailureStep >= steps.length)
      ctx.addIssue({
        code: 'custom',
        path: [i, 'onFailureStep'],
        message: 'must be the index of a later step',
      });
    if (s.onFailure !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [i, 'onFailure'],
        message: 'onFailure and onFailureStep exclude each other',
      });
  });
});

export const createPlanInput = insertPlanSchema
  .pick({
    name: true,
    description: true,
    goal: true,
    priority: true,
    source: true,
    sourceId: true,
    triggerId: true,
    goalId: true,
    autonomyLevel: true,
    maxRetries: true,
    timeoutMs: true,
    metadata: true,
  })
  .extend({ userId: userIdInput, steps: planStepsInput });
export const createPlanErrors = ['INVALID_INPUT', 'REFERENCE_NOT_FOUND'] as const;
type CreatePlanError = (typeof createPlanErrors)[number];

/**
 * Creates a pending plan and its ordered steps (order_num 0..n-1; `dependsOn`: indices of earlier
 * steps; `onFailureStep`: index of a later step, stored as its id in `on_failure`) in one
 * transaction. `goalId` / `triggerId` must name a goal / trigger of the same user
 * (REFERENCE_NOT_FOUND otherwise, also for another user's id); they stay locked (FOR KEY SHARE)
 * until the plan is written, goal first.
 */
export async function createPlan(
  db: AnyDb,
  input: z.input<typeof createPlanInput>,
): Promise<Result<{ plan: Plan; steps: PlanStep[] }, CreatePlanError>> {
  narrowDb(db);
  const parsed = parseInput(createPlanInput, input);
  if (!parsed.success) return parsed;
  const { steps, ...fields } = parsed.data;
  return transactionResult(
    db,
    async (tx): Promise<Result<{ plan: Plan; steps: PlanStep[] }, CreatePlanError>> => {
      for (const [table, id, what] of [
        [goals, fields.goalId, 'goal'],
        [triggers, fields.triggerId, 'trigger'],
      ] as const) {
        if (typeof id === 'string' && !(await lockOwned(tx, table, [id], fields.userId)).has(id))
          return fail('REFERENCE_NOT_FOUND', `the ${what} ${id} of the plan does not exist`);
      }
      const [plan] = await tx
        .insert(plans)
        .values({ ...fields, totalSteps: steps.length })
        .returning();
      if (!plan) throw new Error('createPlan: insert returned no row');
      const resolved = resolveDependsOn(steps);
      const rows = await tx
        .insert(planSteps)
        .values(
          resolved.map(({ onFailureStep, ...s }) => ({
            ...s,
            planId: plan.id,
            ...(onFailureStep === undefined ? {} : { onFailure: resolved[onFailureStep]?.id }),
          })),
        )
        .returning();
      rows.sort((a, b) => a.orderNum - b.orderNum);
      return ok({ plan, steps: rows });
    },
  );
}

export const planRefInput = z.object({ userId: userIdInput, planId: idInput });
export const planTransitionErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ILLEGAL_TRANSITION'] as const;
type PlanTransitionError = Exclude<(typeof planTransitionErrors)[number], 'ILLEGAL_TRANSITION'>;
type PlanTransitionResult = Promise<
  Result<{ plan: Plan; event: PlanHistoryEntry }, PlanTransitionError> | IllegalTransition
>;

/**
 * One caller-asked plan transition (planTransitions): locks the user's plan, checks its status
 * may be left for `to`, updates it and writes the transition's plan_history row, in one transaction.
 */
async function transitionPlan(
  db: AnyDb,
  userId: string,
  planId: string,
  kind: keyof typeof planTransitions,
  patch: Record<string, unknown>,
  details: Record<string, unknown> = {},
): PlanTransitionResult {
  narrowDb(db);
  const { from, to, event } = planTransitions[kind];
  return transactionResult(db, async (tx): PlanTransitionResult => {
    const locked = await lockPlan(tx, planId, userId);
    if (!locked) return fail('NOT_FOUND', `plan ${planId} not found`);
    if (!(from as readonly string[]).includes(locked.status))
      return illegal('plan', planId, locked.status, to);
    const [plan] = await tx
      .update(plans)
      .set({ ...patch, status: to })
      .where(eq(plans.id, planId))
      .returning();
    return ok({ plan: plan as Plan, event: await record(tx, planId, event, undefined, details) });
  });
}

export const startPlanInput = planRefInput;
export const startPlanErrors = planTransitionErrors;

/** pending → running (`started`); `started_at` is set. A plan is started once. */
export async function startPlan(db: AnyDb, input: z.input<typeof startPlanInput>): PlanTransitionResult {
  narrowDb(db);
  const parsed = parseInput(startPlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId } = parsed.data;
  return transitionPlan(db, userId, planId, 'start', { startedAt: sql`now()` });
}

const reasonInput = z.string().min(1).optional();

export const pausePlanInput = planRefInput.extend({ reason: reasonInput });
export const pausePlanErrors = planTransitionErrors;

/**
 * running → paused (`paused`, details `{ reason }` when given). No step can start until the plan
 * is resumed; running steps may still complete, fail or be skipped (the plan can complete or fail
 * while paused).
 */
export async function pausePlan(db: AnyDb, input: z.input<typeof pausePlanInput>): PlanTransitionResult {
  narrowDb(db);
  const parsed = parseInput(pausePlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId, reason } = parsed.data;
  return transitionPlan(db, userId, planId, 'pause', {}, reason === undefined ? {} : { reason });
}

export const resumePlanInput = planRefInput;
export const resumePlanErrors = planTransitionErrors;

/** paused → running (`resumed`); `started_at` keeps the first start. */
export async function resumePlan(db: AnyDb, input: z.input<typeof resumePlanInput>): PlanTransitionResult {
  narrowDb(db);
  const parsed = parseInput(resumePlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId } = parsed.data;
  return transitionPlan(db, userId, planId, 'resume', {});
}

export const cancelPlanInput = planRefInput.extend({ reason: reasonInput });
export const cancelPlanErrors = planTransitionErrors;

/**
 * pending, running or paused → cancelled (`cancelled`, details `{ reason }` when given);
 * `completed_at` is set. The steps keep their statuses; none of them can change afterwards.
 */
export async function cancelPlan(db: AnyDb, input: z.input<typeof cancelPlanInput>): PlanTransitionResult {
  narrowDb(db);
  const parsed = parseInput(cancelPlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId, reason } = parsed.data;
  return transitionPlan(
    db,
    userId,
    planId,
    'cancel',
    { completedAt: sql`now()` },
    reason === undefined ? {} : { reason },
  );
}

export const getPlanInput = planRefInput;
export const getPlanErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** The plan with its steps (in order) and its history (oldest first). */
export async function getPlan(
  db: AnyDb,
  input: z.input<typeof getPlanInput>,
): Promise<
  Result<{ plan: Plan; steps: PlanStep[]; history: PlanHistoryEntry[] }, (typeof getPlanErrors)[number]>
> {
  narrowDb(db);
  const parsed = parseInput(getPlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId } = parsed.data;
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.userId, userId)));
  if (!plan) return fail('NOT_FOUND', `plan ${planId} not found`);
  const steps = await db
    .select()
    .from(planSteps)
    .where(eq(planSteps.planId, planId))
    .orderBy(asc(planSteps.orderNum));
  const history = await db
    .select()
    .from(planHistory)
    .where(eq(planHistory.planId, planId))
    .orderBy(asc(planHistory.createdAt), asc(planHistory.id));
  return ok({ plan, steps, history });
}
