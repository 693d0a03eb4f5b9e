// Step transitions of a plan: each legal one with its plan_history row, each illegal one refused
// without writing; skipped steps count as done; dependencies and on_failure are honoured.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};

type StepInput = {
  name?: string;
  maxRetries?: number;
  onFailure?: unknown;
  onFailureStep?: number;
  dependsOn?: number[];
};

/** A started plan of a fresh user with these steps (all tool calls). */
async function runningPlan(db: Database, steps: StepInput[]) {
  const userId = `u-${randomUUID()}`;
  const c = must(
    await op.createPlan(db, {
      userId,
      name: 'p',
      goal: 'g',
      steps: steps.map((s, i) => ({ name: s.name ?? `s${i}`, type: 'tool_call' as const, ...s })) as never,
    }),
  );
  must(await op.startPlan(db, { userId, planId: c.plan.id }));
  const ids = c.steps.map((s) => s.id);
  const get = async () => must(await op.getPlan(db, { userId, planId: c.plan.id }));
  return { userId, planId: c.plan.id, ids, get };
}

type StepStatus = op.PlanStep['status'];
const stepStatuses: StepStatus[] = [
  'pending',
  'running',
  'completed',
  'failed',
  'skipped',
  'blocked',
  'waiting',
];

const stepActions = {
  start: { legal: ['pending', 'waiting'], to: 'running' },
  complete: { legal: ['running'], to: 'completed' },
  skip: { legal: ['pending', 'waiting'], to: 'skipped' },
  fail: { legal: ['running'], to: 'failed' },
} as const;

function callStep(db: Database, action: keyof typeof stepActions, userId: string, stepId: string) {
  if (action === 'start') return op.startPlanStep(db, { userId, stepId });
  if (action === 'complete') return op.completePlanStep(db, { userId, stepId, result: { n: 1 } });
  if (action === 'skip') return op.skipPlanStep(db, { userId, stepId, reason: 'not needed' });
  return op.failPlanStep(db, { userId, stepId, error: 'boom' });
}

describe('plan step transitions', () => {
  const t = useTestDb();

  const pairs = Object.entries(stepActions).flatMap(([action, a]) =>
    stepStatuses.map((from) => ({
      action: action as keyof typeof stepActions,
      from,
      legal: (a.legal as readonly string[]).includes(from),
    })),
  );

  it.each(pairs.filter((p) => !p.legal))(
    'step $action from $from: ILLEGAL_TRANSITION, nothing written',
    async ({ action, from }) => {
      const db = t().db;
      // Two steps, so that no step status set here completes the plan.
      const p = await runningPlan(db, [{}, {}]);
      await db.update(op.planSteps).set({ status: from }).where(eq(op.planSteps.id, p.ids[0]!));
      const before = await p.get();
      expect(await callStep(db, action, p.userId, p.ids[0]!)).toEqual({
        success: false,
        error: 'ILLEGAL_TRANSITION',
        message: `step ${p.ids[0]} is ${from}: it cannot become ${stepActions[action].to}`,
        entity: 'step',
        from,
        to: stepActions[action].to,
      });
      expect(await p.get()).toEqual(before);
    },
  );

  it.each(['pending', 'waiting'] as const)(
    'start from %s → running, step_started, current_step',
    async (from) => {
      const db = t().db;
      const p = await runningPlan(db, [{}, {}]);
      await db.update(op.planSteps).set({ status: from }).where(eq(op.planSteps.id, p.ids[1]!));
      const r = must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
      expect([r.step.status, r.step.startedAt instanceof Date, r.plan.currentStep]).toEqual([
        'running',
        true,
        1,
      ]);
      expect(r.events.map((e) => [e.eventType, e.stepId])).toEqual([['step_started', p.ids[1]]]);
      expect((await p.get()).history.map((h) => h.eventType)).toEqual(['started', 'step_started']);
    },
  );

  it('complete from running → completed, step_completed with the result; progress 50', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    const r = must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[0]!, result: { n: 1 } }));
    expect([r.step.status, r.step.result, r.plan.progress, r.plan.status]).toEqual([
      'completed',
      { n: 1 },
      50,
      'running',
    ]);
    expect(r.events.map((e) => [e.eventType, e.details])).toEqual([['step_completed', { result: { n: 1 } }]]);
  });

  it.each(['pending', 'waiting'] as const)('skip from %s → skipped, counted as done', async (from) => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}]);
    await db.update(op.planSteps).set({ status: from }).where(eq(op.planSteps.id, p.ids[0]!));
    const r = must(await op.skipPlanStep(db, { userId: p.userId, stepId: p.ids[0]!, reason: 'not needed' }));
    expect([r.step.status, r.step.completedAt instanceof Date, r.plan.progress, r.plan.status]).toEqual([
      'skipped',
      true,
      50,
      'running',
    ]);
    expect(r.events.map((e) => [e.eventType, e.stepId, e.details])).toEqual([
      ['step_completed', p.ids[0], { status: 'skipped', reason: 'not needed' }],
    ]);
  });

  it('a skipped step no longer stops the plan from completing (was stuck running at 50 %)', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    const r = must(await op.skipPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
    expect([r.plan.status, r.plan.progress, r.plan.completedAt instanceof Date]).toEqual([
      'completed',
      100,
      true,
    ]);
    expect(r.events.map((e) => e.eventType)).toEqual(['step_completed', 'completed']);
    expect(r.events[0]?.details).toEqual({ status: 'skipped' });
    const full = await p.get();
    expect(full.history.map((h) => h.eventType)).toEqual([
      'started',
      'step_started',
      'step_completed',
      'step_completed',
      'completed',
    ]);
  });

  it('skipping every step completes the plan', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}, {}]);
    const progress: number[] = [];
    for (const id of p.ids)
      progress.push(must(await op.skipPlanStep(db, { userId: p.userId, stepId: id })).plan.progress);
    expect(progress.map(Math.round)).toEqual([33, 67, 100]);
    expect((await p.get()).plan.status).toBe('completed');
  });

  it('fail from running with retries left → pending, step_failed (willRetry), plan retry_count + 1', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{ maxRetries: 1 }, {}]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    const r = must(await op.failPlanStep(db, { userId: p.userId, stepId: p.ids[0]!, error: 'flaky' }));
    expect([
      r.outcome,
      r.willRetry,
      r.step.status,
      r.step.retryCount,
      r.plan.retryCount,
      r.plan.status,
    ]).toEqual(['retry', true, 'pending', 1, 1, 'running']);
    expect(r.events.map((e) => [e.eventType, e.details])).toEqual([
      ['step_failed', { error: 'flaky', retryCount: 1, willRetry: true }],
    ]);
  });

  it.each([undefined, 'abort', 'nonsense', { jump: 1 }])(
    'fail out of retries with on_failure %j → step failed, plan failed',
    async (onFailure) => {
      const db = t().db;
      const p = await runningPlan(db, [{ maxRetries: 0, onFailure }, {}]);
      must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
      const r = must(await op.failPlanStep(db, { userId: p.userId, stepId: p.ids[0]!, error: 'dead' }));
      expect([r.outcome, r.willRetry, r.step.status, r.plan.status, r.plan.error]).toEqual([
        'abort',
        false,
        'failed',
        'failed',
        'dead',
      ]);
      expect(r.events.map((e) => [e.eventType, e.stepId, e.details])).toEqual([
        ['step_failed', p.ids[0], { error: 'dead', retryCount: 0, willRetry: false, outcome: 'abort' }],
        ['failed', p.ids[0], { error: 'dead' }],
      ]);
      expect((await p.get()).steps[1]?.status).toBe('pending');
    },
  );

  it('fail out of retries with on_failure "skip" → step skipped, the plan goes on and completes', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{ maxRetries: 0, onFailure: 'skip' }, { dependsOn: [0] }]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    const r = must(await op.failPlanStep(db, { userId: p.userId, stepId: p.ids[0]!, error: 'meh' }));
    expect([r.outcome, r.step.status, r.step.error, r.plan.status, r.plan.progress]).toEqual([
      'skip',
      'skipped',
      'meh',
      'running',
      50,
    ]);
    expect(r.events.map((e) => e.eventType)).toEqual(['step_failed']);
    // The dependent step may run: a skipped dependency is done.
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
    const done = must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
    expect([done.plan.status, done.plan.progress]).toEqual(['completed', 100]);
  });

  it('fail out of retries with on_failure = a later step id → jump: steps in between skipped, one row each', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{ maxRetries: 0, onFailureStep: 3 }, {}, {}, {}]);
    expect((await p.get()).steps.map((s) => s.onFailure)).toEqual([p.ids[3], null, null, null]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    const r = must(await op.failPlanStep(db, { userId: p.userId, stepId: p.ids[0]!, error: 'jump' }));
    expect([r.outcome, r.step.status, r.plan.status, r.plan.currentStep, r.plan.progress]).toEqual([
      'jump',
      'skipped',
      'running',
      3,
      75,
    ]);
    expect(r.events.map((e) => [e.eventType, e.stepId])).toEqual([
      ['step_failed', p.ids[0]],
      ['step_completed', p.ids[1]],
      ['step_completed', p.ids[2]],
    ]);
    expect(r.events[1]?.details).toEqual({ status: 'skipped', reason: `on_failure of ${p.ids[0]}` });
    const full = await p.get();
    expect(full.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'pending']);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[3]! }));
    expect(must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[3]! })).plan.status).toBe(
      'completed',
    );
  });

  it("on_failure naming an earlier, a finished or another plan's step aborts", async () => {
    const db = t().db;
    const other = await runningPlan(db, [{}, {}]);
    for (const target of ['earlier', 'finished', 'foreign'] as const) {
      const p = await runningPlan(db, [{}, { maxRetries: 0 }, {}]);
      must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
      must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
      if (target === 'finished') must(await op.skipPlanStep(db, { userId: p.userId, stepId: p.ids[2]! }));
      const onFailure = target === 'earlier' ? p.ids[0] : target === 'finished' ? p.ids[2] : other.ids[1];
      await db.update(op.planSteps).set({ onFailure }).where(eq(op.planSteps.id, p.ids[1]!));
      must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
      const r = must(await op.failPlanStep(db, { userId: p.userId, stepId: p.ids[1]!, error: 'x' }));
      expect([target, r.outcome, r.plan.status]).toEqual([target, 'abort', 'failed']);
    }
    expect((await other.get()).steps.map((s) => s.status)).toEqual(['pending', 'pending']);
  });

  it('createPlan: onFailureStep must name a later step of the call and excludes onFailure; nothing written on refusal', async () => {
    const db = t().db;
    const userId = `u-${randomUUID()}`;
    const steps = (first: Record<string, unknown>) =>
      [
        { name: 'a', type: 'tool_call', ...first },
        { name: 'b', type: 'tool_call' },
      ] as never;
    for (const bad of [
      { onFailureStep: 0 },
      { onFailureStep: 1, onFailure: 'skip' },
      { onFailureStep: 2 },
      { onFailureStep: 100 },
    ]) {
      expect(await op.createPlan(db, { userId, name: 'p', goal: 'g', steps: steps(bad) })).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await db.select().from(op.plans).where(eq(op.plans.userId, userId))).toEqual([]);
    const c = must(
      await op.createPlan(db, { userId, name: 'p', goal: 'g', steps: steps({ onFailureStep: 1 }) }),
    );
    expect(c.steps.map((s) => s.onFailure)).toEqual([c.steps[1]!.id, null]);
  });

  it('a step waits for its dependencies: DEPENDENCIES_NOT_MET until each is completed or skipped', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}, { dependsOn: [0, 1] }]);
    const before = await p.get();
    expect(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[2]! })).toEqual({
      success: false,
      error: 'DEPENDENCIES_NOT_MET',
      message: `step ${p.ids[2]} waits for steps ${p.ids[0]}, ${p.ids[1]}`,
    });
    expect(await p.get()).toEqual(before);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    // Running is not done.
    expect(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[2]! })).toMatchObject({
      error: 'DEPENDENCIES_NOT_MET',
      message: `step ${p.ids[2]} waits for steps ${p.ids[0]}, ${p.ids[1]}`,
    });
    must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    expect(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[2]! })).toMatchObject({
      error: 'DEPENDENCIES_NOT_MET',
      message: `step ${p.ids[2]} waits for steps ${p.ids[1]}`,
    });
    must(await op.skipPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[2]! }));
    // A failed dependency (written directly) or one that is not a step of the plan never counts.
    const q = await runningPlan(db, [{}, { dependsOn: [0] }]);
    await db.update(op.planSteps).set({ status: 'failed' }).where(eq(op.planSteps.id, q.ids[0]!));
    expect(await op.startPlanStep(db, { userId: q.userId, stepId: q.ids[1]! })).toMatchObject({
      error: 'DEPENDENCIES_NOT_MET',
    });
    await db
      .update(op.planSteps)
      .set({ dependencies: [p.ids[0]!] })
      .where(eq(op.planSteps.id, q.ids[1]!));
    expect(await op.startPlanStep(db, { userId: q.userId, stepId: q.ids[1]! })).toMatchObject({
      error: 'DEPENDENCIES_NOT_MET',
      message: `step ${q.ids[1]} waits for steps ${p.ids[0]}`,
    });
  });

  it('a paused plan starts no step but lets running ones finish; a finished or cancelled plan changes no step', async () => {
    const db = t().db;
    const p = await runningPlan(db, [{}, {}, {}]);
    must(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    must(await op.pausePlan(db, { userId: p.userId, planId: p.planId }));
    expect(await op.startPlanStep(db, { userId: p.userId, stepId: p.ids[1]! })).toMatchObject({
      error: 'PLAN_NOT_RUNNING',
      message: `the plan of step ${p.ids[1]} is paused`,
    });
    const done = must(await op.completePlanStep(db, { userId: p.userId, stepId: p.ids[0]! }));
    expect([done.plan.status, done.plan.progress]).toEqual(['paused', expect.closeTo(33.33, 1)]);
    must(await op.skipPlanStep(db, { userId: p.userId, stepId: p.ids[1]! }));
    must(await op.cancelPlan(db, { userId: p.userId, planId: p.planId }));
    const before = await p.get();
    for (const action of Object.keys(stepActions) as (keyof typeof stepActions)[])
      expect(await callStep(db, action, p.userId, p.ids[2]!)).toMatchObject({
        error: 'PLAN_NOT_RUNNING',
        message: `the plan of step ${p.ids[2]} is cancelled`,
      });
    expect(await p.get()).toEqual(before);
  });
});
