// Step transitions of a plan: start, complete, skip, fail (retry, or `on_failure`: abort, skip, or
// jump to a later step). Each locks the plan first (plan-state.ts), so changes to one plan are
// serialised, and writes one plan_history row per status change in the same transaction; the plan's
// progress counts completed and skipped steps, and the plan completes when every step is one of them.
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { jsonValue } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import {
  type IllegalTransition,
  illegal,
  liveStatuses,
  lockPlanOfStep,
  type PlanStepStatus,
  record,
  settlePlan,
  unmetDependencies,
} from './plan-state';
import { idInput, userIdInput } from './query';
import { planSteps, plans } from './tables/autonomy';
import type { Plan, PlanHistoryEntry, PlanStep } from './validators';

/** Milliseconds since `started_at`, clamped to the int4 `duration_ms` column (a step may run for weeks). */
const elapsedMs = sql`least(greatest(extract(epoch from now() - ${planSteps.startedAt}) * 1000, -2147483648), 2147483647)::integer`;

export const planStepRefInput = z.object({ userId: userIdInput, stepId: idInput });
export const stepChangeErrors = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'PLAN_NOT_RUNNING',
  'ILLEGAL_TRANSITION',
] as const;
type StepChangeError = Exclude<(typeof stepChangeErrors)[number], 'ILLEGAL_TRANSITION'>;
type StepChange = { plan: Plan; step: PlanStep; events: PlanHistoryEntry[] };
type Outcome<T extends object, E extends string = StepChangeError> = Promise<
  Result<T, E> | IllegalTransition
>;

/** Statuses a step may leave for `running` (startPlanStep) and for `skipped` (skipPlanStep). */
const startable: readonly PlanStepStatus[] = ['pending', 'waiting'];

/**
 * Locks the user's plan of the step and reads the step. `running`: the plan must be running
 * (starting a step), else running or paused (finishing one). PLAN_NOT_RUNNING otherwise.
 */
async function lockStep(
  tx: DbOrTx,
  stepId: string,
  userId: string,
  planMustRun: boolean,
): Promise<{ planId: string; step: PlanStep } | ReturnType<typeof fail<StepChangeError>>> {
  const plan = await lockPlanOfStep(tx, stepId, userId);
  if (!plan) return fail('NOT_FOUND', `plan step ${stepId} not found`);
  if (planMustRun ? plan.status !== 'running' : !liveStatuses.includes(plan.status))
    return fail('PLAN_NOT_RUNNING', `the plan of step ${stepId} is ${plan.status}`);
  const [step] = await tx.select().from(planSteps).where(eq(planSteps.id, stepId));
  if (!step) throw new Error(`lockStep: step ${stepId} vanished under its plan's lock`);
  return { planId: plan.planId, step };
}

async function setStep(tx: DbOrTx, stepId: string, patch: Record<string, unknown>): Promise<PlanStep> {
  const [step] = await tx.update(planSteps).set(patch).where(eq(planSteps.id, stepId)).returning();
  return step as PlanStep;
}

export const startPlanStepInput = planStepRefInput;
export const startPlanStepErrors = [...stepChangeErrors, 'DEPENDENCIES_NOT_MET'] as const;

/**
 * pending / waiting → running (`step_started`), in a running plan only; the step becomes the plan's
 * `current_step`. Every step named in its `dependencies` must be completed or skipped
 * (DEPENDENCIES_NOT_MET otherwise, the message lists the others).
 */
export async function startPlanStep(
  db: AnyDb,
  input: z.input<typeof startPlanStepInput>,
): Outcome<StepChange, StepChangeError | 'DEPENDENCIES_NOT_MET'> {
  narrowDb(db);
  const parsed = parseInput(startPlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId } = parsed.data;
  return transactionResult(db, async (tx): Outcome<StepChange, StepChangeError | 'DEPENDENCIES_NOT_MET'> => {
    const locked = await lockStep(tx, stepId, userId, true);
    if ('success' in locked) return locked;
    const { planId, step: before } = locked;
    if (!startable.includes(before.status)) return illegal('step', stepId, before.status, 'running');
    const unmet = await unmetDependencies(tx, planId, before.dependencies);
    if (unmet.length)
      return fail('DEPENDENCIES_NOT_MET', `step ${stepId} waits for steps ${unmet.join(', ')}`);
    const step = await setStep(tx, stepId, {
      status: 'running',
      startedAt: sql`now()`,
      completedAt: null,
      durationMs: null,
    });
    const { plan } = await settlePlan(tx, planId, { currentStep: step.orderNum });
    return ok({ plan, step, events: [await record(tx, planId, 'step_started', stepId)] });
  });
}

export const completePlanStepInput = planStepRefInput.extend({ result: jsonValue().optional() });
export const completePlanStepErrors = stepChangeErrors;

/**
 * running → completed (`step_completed`), in a running or paused plan; when every step is then
 * completed or skipped the plan completes too (`completed`).
 */
export async function completePlanStep(
  db: AnyDb,
  input: z.input<typeof completePlanStepInput>,
): Outcome<StepChange> {
  narrowDb(db);
  const parsed = parseInput(completePlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, result } = parsed.data;
  return transactionResult(db, async (tx): Outcome<StepChange> => {
    const locked = await lockStep(tx, stepId, userId, false);
    if ('success' in locked) return locked;
    const { planId, step: before } = locked;
    if (before.status !== 'running') return illegal('step', stepId, before.status, 'completed');
    const step = await setStep(tx, stepId, {
      status: 'completed',
      completedAt: sql`now()`,
      durationMs: elapsedMs,
      ...(result !== undefined ? { result } : {}),
    });
    const event = await record(tx, planId, 'step_completed', stepId, result !== undefined ? { result } : {});
    const settled = await settlePlan(tx, planId);
    return ok({ plan: settled.plan, step, events: [event, ...settled.events] });
  });
}

export const skipPlanStepInput = planStepRefInput.extend({ reason: z.string().min(1).optional() });
export const skipPlanStepErrors = stepChangeErrors;

/** Marks one not-yet-run step skipped: its history row is `step_completed` with `{ status: 'skipped' }`. */
function skip(tx: DbOrTx, planId: string, stepId: string, details: Record<string, unknown>) {
  return record(tx, planId, 'step_completed', stepId, { status: 'skipped', ...details });
}

/**
 * pending / waiting → skipped, in a running or paused plan. The document has no `step_skipped`
 * event: the row is `step_completed` with details `{ status: 'skipped', reason? }`. A skipped step
 * counts as done (progress, dependencies); the last one completes the plan.
 */
export async function skipPlanStep(db: AnyDb, input: z.input<typeof skipPlanStepInput>): Outcome<StepChange> {
  narrowDb(db);
  const parsed = parseInput(skipPlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, reason } = parsed.data;
  return transactionResult(db, async (tx): Outcome<StepChange> => {
    const locked = await lockStep(tx, stepId, userId, false);
    if ('success' in locked) return locked;
    const { planId, step: before } = locked;
    if (!startable.includes(before.status)) return illegal('step', stepId, before.status, 'skipped');
    const step = await setStep(tx, stepId, { status: 'skipped', completedAt: sql`now()` });
    const event = await skip(tx, planId, stepId, reason === undefined ? {} : { reason });
    const settled = await settlePlan(tx, planId);
    return ok({ plan: settled.plan, step, events: [event, ...settled.events] });
  });
}

export const failPlanStepInput = planStepRefInput.extend({ error: z.string().min(1) });
export const failPlanStepErrors = stepChangeErrors;
/** What a step failure led to: a retry, or the step's `on_failure` policy once retries ran out. */
export type PlanStepFailureOutcome = 'retry' | 'abort' | 'skip' | 'jump';

/**
 * The `on_failure` policy of a step out of retries: `"skip"`, the id of a later pending / waiting
 * step of the same plan (jump), else abort (NULL, `"abort"`, and any value that names no such step).
 */
async function failurePolicy(tx: DbOrTx, planId: string, step: PlanStep) {
  const policy = step.onFailure;
  if (policy === 'skip') return { kind: 'skip' as const };
  if (typeof policy !== 'string' || policy === 'abort') return { kind: 'abort' as const };
  const [target] = await tx
    .select()
    .from(planSteps)
    .where(
      and(
        eq(planSteps.planId, planId),
        eq(planSteps.id, policy),
        gt(planSteps.orderNum, step.orderNum),
        inArray(planSteps.status, [...startable]),
      ),
    );
  return target ? { kind: 'jump' as const, target } : { kind: 'abort' as const };
}

/**
 * running → pending again while retry_count < max_retries (retry_count + 1, also counted on the
 * plan). Out of retries, the step's `on_failure` decides: abort (default) → the step fails and the
 * plan fails (`failed`); `"skip"` → the step is skipped and the plan goes on; a later step's id →
 * the step and every pending / waiting step before that one are skipped and it becomes the plan's
 * `current_step`. One `step_failed` row (details: error, retryCount, willRetry, outcome), then one
 * row per further transition. retry_count never exceeds max_retries.
 */
export async function failPlanStep(
  db: AnyDb,
  input: z.input<typeof failPlanStepInput>,
): Outcome<StepChange & { willRetry: boolean; outcome: PlanStepFailureOutcome }> {
  narrowDb(db);
  const parsed = parseInput(failPlanStepInput, input);
  if (!parsed.success) return parsed;
  const { userId, stepId, error } = parsed.data;
  type Done = StepChange & { willRetry: boolean; outcome: PlanStepFailureOutcome };
  return transactionResult(db, async (tx): Outcome<Done> => {
    const locked = await lockStep(tx, stepId, userId, false);
    if ('success' in locked) return locked;
    const { planId, step: before } = locked;
    if (before.status !== 'running') return illegal('step', stepId, before.status, 'failed');
    const willRetry = before.retryCount < before.maxRetries;
    const policy = willRetry ? { kind: 'retry' as const } : await failurePolicy(tx, planId, before);
    const step = await setStep(tx, stepId, {
      error,
      durationMs: elapsedMs,
      ...(willRetry
        ? { status: 'pending', retryCount: before.retryCount + 1, completedAt: null }
        : { status: policy.kind === 'abort' ? 'failed' : 'skipped', completedAt: sql`now()` }),
    });
    const events = [
      await record(tx, planId, 'step_failed', stepId, {
        error,
        retryCount: step.retryCount,
        willRetry,
        ...(willRetry ? {} : { outcome: policy.kind }),
      }),
    ];
    if (policy.kind === 'retry') {
      const { plan } = await settlePlan(tx, planId, {
        retryCount: sql`least(${plans.retryCount}, 2147483646) + 1`,
        error,
      });
      return ok({ plan, step, events, willRetry, outcome: policy.kind });
    }
    if (policy.kind === 'abort') {
      const [plan] = await tx
        .update(plans)
        .set({ status: 'failed', error, completedAt: sql`now()` })
        .where(eq(plans.id, planId))
        .returning();
      events.push(await record(tx, planId, 'failed', stepId, { error }));
      return ok({ plan: plan as Plan, step, events, willRetry, outcome: policy.kind });
    }
    let patch: Record<string, unknown> = { error };
    if (policy.kind === 'jump') {
      const between = await tx
        .update(planSteps)
        .set({ status: 'skipped', completedAt: sql`now()` })
        .where(
          and(
            eq(planSteps.planId, planId),
            gt(planSteps.orderNum, before.orderNum),
            lt(planSteps.orderNum, policy.target.orderNum),
            inArray(planSteps.status, [...startable]),
          ),
        )
        .returning({ id: planSteps.id, orderNum: planSteps.orderNum });
      between.sort((a, b) => a.orderNum - b.orderNum);
      for (const s of between)
        events.push(await skip(tx, planId, s.id, { reason: `on_failure of ${stepId}` }));
      patch = { ...patch, currentStep: policy.target.orderNum };
    }
    const settled = await settlePlan(tx, planId, patch);
    events.push(...settled.events);
    return ok({ plan: settled.plan, step, events, willRetry, outcome: policy.kind });
  });
}
