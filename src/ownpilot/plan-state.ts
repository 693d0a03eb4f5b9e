// The plan state machine shared by plan-tools.ts (plan transitions) and plan-step-tools.ts (step
// transitions): the legal plan transitions, the owner-scoped row lock every change starts with,
// the plan_history row every transition writes, progress and completion from the steps, and the
// ILLEGAL_TRANSITION failure. Internal: not exported from the system's index.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { type Failure, fail } from '../result';
import {
  type planEventTypeValues,
  planHistory,
  type planStatusValues,
  type planStepStatusValues,
  planSteps,
  plans,
} from './tables/autonomy';
import type { Plan, PlanHistoryEntry } from './validators';

export type PlanStatus = (typeof planStatusValues)[number];
export type PlanStepStatus = (typeof planStepStatusValues)[number];
type PlanEvent = (typeof planEventTypeValues)[number];

/**
 * The plan transitions a caller asks for, each with the states it may leave and its event. The two
 * others happen to a running or paused plan as a consequence of its steps: → `completed` when
 * every step is completed or skipped, → `failed` when a step runs out of retries and its
 * `on_failure` aborts. Every other change of a plan's status is ILLEGAL_TRANSITION.
 */
export const planTransitions = {
  start: { from: ['pending'], to: 'running', event: 'started' },
  pause: { from: ['running'], to: 'paused', event: 'paused' },
  resume: { from: ['paused'], to: 'running', event: 'resumed' },
  cancel: { from: ['pending', 'running', 'paused'], to: 'cancelled', event: 'cancelled' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to: PlanStatus; event: PlanEvent }>;

/** Steps count as done when completed or skipped: they satisfy dependencies and progress. */
export const doneStepStatuses = ['completed', 'skipped'] as const satisfies readonly PlanStepStatus[];
/** A plan whose steps may still finish (complete, fail, be skipped); a step may start only when running. */
export const liveStatuses: readonly PlanStatus[] = ['running', 'paused'];

/** A refused status change: `from` is the current status, `to` the one asked for. */
export type IllegalTransition = Failure<'ILLEGAL_TRANSITION'> & {
  entity: 'plan' | 'step';
  from: string;
  to: string;
};
export function illegal(entity: 'plan' | 'step', id: string, from: string, to: string): IllegalTransition {
  return {
    ...fail('ILLEGAL_TRANSITION', `${entity} ${id} is ${from}: it cannot become ${to}`),
    entity,
    from,
    to,
  };
}

/**
 * Locks the user's plan (FOR NO KEY UPDATE: every change to a plan and its steps starts here, so
 * they are serialised per plan, while the FK checks of inserted steps/events still take their FOR
 * KEY SHARE) and returns its status; undefined when missing or another user's.
 */
export async function lockPlan(tx: DbOrTx, planId: string, userId: string) {
  const [row] = await tx
    .select({ planId: plans.id, status: plans.status })
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.userId, userId)))
    .for('no key update');
  return row;
}

/** As lockPlan, for the plan that owns the step. */
export async function lockPlanOfStep(tx: DbOrTx, stepId: string, userId: string) {
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
  return row;
}

/** Writes one plan_history row. */
export async function record(
  tx: DbOrTx,
  planId: string,
  eventType: PlanEvent,
  stepId?: string,
  details: Record<string, unknown> = {},
): Promise<PlanHistoryEntry> {
  // clock_timestamp(), not now(): events of one transaction keep their order in created_at.
  const [row] = await tx
    .insert(planHistory)
    .values({ planId, stepId, eventType, details, createdAt: sql`clock_timestamp()` })
    .returning();
  return row as PlanHistoryEntry;
}

/** 100 × (completed + skipped steps) / all steps of the plan being updated; NULL without steps. */
const doneShare = sql`(select 100.0 * count(*) filter (where s.status in ('completed', 'skipped')) / nullif(count(*), 0)
  from ${planSteps} s where s.plan_id = ${plans.id})`;

/**
 * Recomputes the locked plan's progress (with `patch`); when every step is done and the plan is
 * running or paused, the plan completes in the same transaction (`completed` event).
 */
export async function settlePlan(
  tx: DbOrTx,
  planId: string,
  patch: Record<string, unknown> = {},
): Promise<{ plan: Plan; events: PlanHistoryEntry[] }> {
  const [plan] = await tx
    .update(plans)
    .set({ ...patch, progress: sql`coalesce(${doneShare}, 0)` })
    .where(eq(plans.id, planId))
    .returning();
  if (!plan) throw new Error(`settlePlan: plan ${planId} vanished under its lock`);
  if (plan.progress < 100 || !liveStatuses.includes(plan.status)) return { plan, events: [] };
  const [done] = await tx
    .update(plans)
    .set({ status: 'completed', completedAt: sql`now()`, progress: 100 })
    .where(eq(plans.id, planId))
    .returning();
  return { plan: done as Plan, events: [await record(tx, planId, 'completed')] };
}

/** The ids among `ids` that are not a done (completed / skipped) step of the plan. */
export async function unmetDependencies(tx: DbOrTx, planId: string, ids: unknown): Promise<string[]> {
  const wanted = Array.isArray(ids) ? [...new Set(ids.map(String))] : [];
  if (!wanted.length) return [];
  const done = await tx
    .select({ id: planSteps.id })
    .from(planSteps)
    .where(
      and(
        eq(planSteps.planId, planId),
        inArray(planSteps.id, wanted),
        inArray(planSteps.status, [...doneStepStatuses]),
      ),
    );
  const met = new Set(done.map((d) => d.id));
  return wanted.filter((id) => !met.has(id));
}
