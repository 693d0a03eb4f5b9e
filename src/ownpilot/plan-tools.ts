// Plan execution: create a plan with its steps, start it, and move steps through their states.
// Every change writes its plan_history event in the same transaction, under a lock on the plan
// row, so the plan's progress and status always follow its steps.
// A plan's goal and trigger must belong to the plan's user: checked by locked, owner-scoped reads
// in the creating transaction; the database refuses cross-user references too (composite FKs
// through user_id, migration 0004). Steps and events are reached only through the user's plan.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { int4, jsonObject, jsonValue } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import {
  completedStepShare,
  idInput,
  lockOwned,
  resolveDependsOn,
  userIdInput,
  withDependsOn,
} from './query';
import {
  goals,
  type planEventTypeValues,
  planHistory,
  planSteps,
  planStepTypeValues,
  plans,
  triggers,
} from './tables/autonomy';
import { insertPlanSchema, type Plan, type PlanHistoryEntry, type PlanStep } from './validators';

type PlanEvent = (typeof planEventTypeValues)[number];

const planStepFields = {
  name: z.string().min(1),
  type: z.enum(planStepTypeValues),
  description: z.string().nullish(),
  config: jsonObject().optional(),
  maxRetries: int4({ min: 0, max: 100 }).optional(),
  timeoutMs: int4({ min: 1 }).nullish(),
  onSuccess: jsonValue().optional(),
  onFailure: jsonValue().optional(),
};

/** Milliseconds since `started_at`, clamped to the int4 `duration_ms` column (a step may run for weeks). */
const elapsedMs = sql`least(greatest(extract(epoch from now() - ${planSteps.startedAt}) * 1000, -2147483648), 2147483647)::integer`;

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
  .extend({ userId: userIdInput, steps: withDependsOn(planStepFields, 1) });
export const createPlanErrors = ['INVALID_INPUT', 'REFERENCE_NOT_FOUND'] as const;
type CreatePlanError = (typeof createPlanErrors)[number];

/**
 * Creates a pending plan and its ordered steps (order_num 0..n-1; `dependsOn`: indices of earlier
 * steps) in one transaction. `goalId` / `triggerId` must name a goal / trigger of the same user
 * (REFERENCE_NOT_FOUND otherwise, also for another user's id); they stay locked (FOR KEY SHARE)
 * until the plan is written, goal first.
 */
export async function createPlan(
  db: DbOrTx,
  input: z.input<typeof createPlanInput>,
): Promise<Result<{ plan: Plan; steps: PlanStep[] }, CreatePlanError>> {
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
      const rows = await tx
        .insert(planSteps)
        .values(resolveDependsOn(steps).map((s) => ({ ...s, planId: plan.id })))
        .returning();
      rows.sort((a, b) => a.orderNum - b.orderNum);
      return ok({ plan, steps: rows });
    },
  );
}

async function record(tx: DbOrTx, planId: string, eventType: PlanEvent, stepId?: string, details = {}) {
  // clock_timestamp(), not now(): events of one transaction keep their order in created_at.
  const [row] = await tx
    .insert(planHistory)
    .values({ planId, stepId, eventType, details, createdAt: sql`clock_timestamp()` })
    .returning();
  return row as PlanHistoryEntry;
}

export const startPlanInput = z.object({ userId: userIdInput, planId: idInput });
export const startPlanErrors = ['INVALID_INPUT', 'NOT_FOUND', 'INVALID_STATE'] as const;

/** pending → running, with a `started` event. A plan can be started once. */
export async function startPlan(
  db: DbOrTx,
  input: z.input<typeof startPlanInput>,
): Promise<Result<{ plan: Plan; event: PlanHistoryEntry }, (typeof startPlanErrors)[number]>> {
  const parsed = parseInput(startPlanInput, input);
  if (!parsed.success) return parsed;
  const { userId, planId } = parsed.data;
  return transactionResult(
    db,
    async (
      tx,
    ): Promise<Result<{ plan: Plan; event: PlanHistoryEntry }, (typeof startPlanErrors)[number]>> => {
      const [plan] = await tx
        .update(plans)
        .set({ status: 'running', startedAt: sql`now()` })
        .where(and(eq(plans.id, planId), eq(plans.userId, userId), eq(plans.status, 'pending')))
        .returning();
      if (!plan) return missingOrState(tx, planId, userId, 'pending');
      return ok({ plan, event: await record(tx, planId, 'started') });
    },
  );
}

async function missingOrState(tx: DbOrTx, planId: string, userId: string, wanted: string) {
  const [p] = await tx
    .select({ status: plans.status })
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.userId, userId)));
  return p
    ? fail('INVALID_STATE', `plan ${planId} is ${p.status}, not ${wanted}`)
    : fail('NOT_FOUND', `plan ${planId} not found`);
}

export const planStepRefInput = z.object({ userId: userIdInput, stepId: idInput });
export const stepChangeErrors = ['INVALID_INPUT', 'NOT_FOUND', 'PLAN_NOT_RUNNING', 'INVALID_STATE'] as const;
export const startPlanStepInput = planStepRefInput;
export const startPlanStepErrors = stepChangeErrors;
export const completePlanStepErrors = stepChangeErrors;
export const failPlanStepErrors = stepChangeErrors;
type StepChangeError = (typeof stepChangeErrors)[number];
type StepChange = { plan: Plan; step: PlanStep; events: PlanHistoryEntry[] };

/**
 * Locks the running plan that owns the step (serialising all changes to that plan; FOR NO KEY
 * UPDATE still lets the FK checks of the inserted steps/events take their FOR KEY SHARE).
 */
async function lockPlanOfStep(
  tx: DbOrTx,
  stepId: string,
  userId: string,
): Promise<{ planId: string } | ReturnType<typeof fail<StepChangeError>>> {
  const [row] = await tx
    .select({ planId: plans.id, status: plans.status })
    .from(plans)
    .where(
      and(
        eq(plans.id, sql`(select plan_id from ${planSteps} where id = ${stepId})`),
        eq(plans.userId, userId),
      ),
    )
    .for('no key update');
  if (!row) return fail('NOT_FOUND', `plan step ${stepId} not found`);
  if (row.status !== 'running')
    return fail('PLAN_NOT_RUNNING', `the plan of step ${stepId} is ${row.status}`);
  return { planId: row.planId };
}

/** Progress = completed steps / all steps; the plan completes with its last step. */
async function syncPlan(tx: DbOrTx, planId: string, patch: Record<string, unknown> = {}) {
  const [plan] = await tx
    .update(plans)
    .set({
      ...patch,
      progress: sql`coalesce(${completedStepShare(planSteps.planId, plans.id)}, 0)`,
    })
    .where(eq(plans.id, planId))
    .returning();
  return plan as Plan;
}

/** Marks a pending or waiting step running and makes it the plan's current step. */
export async function startPlanStep(
  db: DbOrTx,
  input: z.input<typeof startPlanStepInput>,
): Promise<Result<StepChange, StepChangeError>> {
  const parsed = parseInput(startPlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId } = parsed.data;
  return transactionResult(db, async (tx): Promise<Result<StepChange, StepChangeError>> => {
    const lock = await lockPlanOfStep(tx, stepId, userId);
    if ('success' in lock) return lock;
    const [step] = await tx
      .update(planSteps)
      .set({ status: 'running', startedAt: sql`now()`, completedAt: null, durationMs: null })
      .where(and(eq(planSteps.id, stepId), inArray(planSteps.status, ['pending', 'waiting'])))
      .returning();
    if (!step) return fail('INVALID_STATE', `step ${stepId} is not pending or waiting`);
    const plan = await syncPlan(tx, lock.planId, { currentStep: step.orderNum });
    return ok({ plan, step, events: [await record(tx, lock.planId, 'step_started', stepId)] });
  });
}

export const completePlanStepInput = planStepRefInput.extend({ result: jsonValue().optional() });

/** running → completed; when it was the last open step the plan completes too (`completed` event). */
export async function completePlanStep(
  db: DbOrTx,
  input: z.input<typeof completePlanStepInput>,
): Promise<Result<StepChange, StepChangeError>> {
  const parsed = parseInput(completePlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, result } = parsed.data;
  return transactionResult(db, async (tx): Promise<Result<StepChange, StepChangeError>> => {
    const lock = await lockPlanOfStep(tx, stepId, userId);
    if ('success' in lock) return lock;
    const [step] = await tx
      .update(planSteps)
      .set({
        status: 'completed',
        completedAt: sql`now()`,
        durationMs: elapsedMs,
        ...(result !== undefined ? { result } : {}),
      })
      .where(and(eq(planSteps.id, stepId), eq(planSteps.status, 'running')))
      .returning();
    if (!step) return fail('INVALID_STATE', `step ${stepId} is not running`);
    const events = [
      await record(tx, lock.planId, 'step_completed', stepId, result !== undefined ? { result } : {}),
    ];
    let plan = await syncPlan(tx, lock.planId);
    if (plan.progress >= 100) {
      const [done] = await tx
        .update(plans)
        .set({ status: 'completed', completedAt: sql`now()`, progress: 100 })
        .where(eq(plans.id, lock.planId))
        .returning();
      plan = done as Plan;
      events.push(await record(tx, lock.planId, 'completed'));
    }
    return ok({ plan, step, events });
  });
}

export const failPlanStepInput = planStepRefInput.extend({ error: z.string().min(1) });

/**
 * running → pending again while retry_count < max_retries (retry_count + 1, also counted on the
 * plan), else → failed, which fails the plan (`failed` event). retry_count never exceeds max_retries.
 */
export async function failPlanStep(
  db: DbOrTx,
  input: z.input<typeof failPlanStepInput>,
): Promise<Result<StepChange & { willRetry: boolean }, StepChangeError>> {
  const parsed = parseInput(failPlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, error } = parsed.data;
  return transactionResult(
    db,
    async (tx): Promise<Result<StepChange & { willRetry: boolean }, StepChangeError>> => {
      const lock = await lockPlanOfStep(tx, stepId, userId);
      if ('success' in lock) return lock;
      const retry = sql`${planSteps.retryCount} < ${planSteps.maxRetries}`;
      const [step] = await tx
        .update(planSteps)
        .set({
          error,
          status: sql`case when ${retry} then 'pending' else 'failed' end`,
          retryCount: sql`case when ${retry} then ${planSteps.retryCount} + 1 else ${planSteps.retryCount} end`,
          completedAt: sql`case when ${retry} then null else now() end`,
          durationMs: elapsedMs,
        })
        .where(and(eq(planSteps.id, stepId), eq(planSteps.status, 'running')))
        .returning();
      if (!step) return fail('INVALID_STATE', `step ${stepId} is not running`);
      const willRetry = step.status === 'pending';
      const events = [
        await record(tx, lock.planId, 'step_failed', stepId, {
          error,
          retryCount: step.retryCount,
          willRetry,
        }),
      ];
      const plan = await syncPlan(
        tx,
        lock.planId,
        willRetry
          ? { retryCount: sql`least(${plans.retryCount}, 2147483646) + 1`, error }
          : { status: 'failed', error, completedAt: sql`now()` },
      );
      if (!willRetry) events.push(await record(tx, lock.planId, 'failed', stepId, { error }));
      return ok({ plan, step, events, willRetry });
    },
  );
}

export const getPlanInput = startPlanInput;
export const getPlanErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** The plan with its steps (in order) and its history (oldest first). */
export async function getPlan(
  db: DbOrTx,
  input: z.input<typeof getPlanInput>,
): Promise<
  Result<{ plan: Plan; steps: PlanStep[]; history: PlanHistoryEntry[] }, (typeof getPlanErrors)[number]>
> {
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
