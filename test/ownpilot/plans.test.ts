// The plan state machine (docs/ownpilot.md, "Plan and step transitions"): every plan transition,
// legal and illegal, each writing exactly one plan_history row in its transaction or nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as op from '../../src/ownpilot';
import { withTrigger } from '../fixtures/triggers';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};

type PlanStatus = op.Plan['status'];
const statuses: PlanStatus[] = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'];
const actions = {
  start: { fn: op.startPlan, legal: ['pending'], to: 'running', event: 'started' },
  pause: { fn: op.pausePlan, legal: ['running'], to: 'paused', event: 'paused' },
  resume: { fn: op.resumePlan, legal: ['paused'], to: 'running', event: 'resumed' },
  cancel: { fn: op.cancelPlan, legal: ['pending', 'running', 'paused'], to: 'cancelled', event: 'cancelled' },
} as const;

/** A one-step plan of a fresh user brought to `status` through the repository functions only. */
async function planIn(db: Database, status: PlanStatus) {
  const userId = `u-${randomUUID()}`;
  const c = must(
    await op.createPlan(db, {
      userId,
      name: 'p',
      goal: 'g',
      steps: [{ name: 's', type: 'tool_call', maxRetries: 0 }],
    }),
  );
  const planId = c.plan.id;
  const stepId = c.steps[0]!.id;
  if (status === 'cancelled') must(await op.cancelPlan(db, { userId, planId }));
  if (status !== 'pending' && status !== 'cancelled') {
    must(await op.startPlan(db, { userId, planId }));
    if (status === 'paused') must(await op.pausePlan(db, { userId, planId }));
    if (status === 'completed' || status === 'failed') {
      must(await op.startPlanStep(db, { userId, stepId }));
      if (status === 'completed') must(await op.completePlanStep(db, { userId, stepId }));
      else must(await op.failPlanStep(db, { userId, stepId, error: 'boom' }));
    }
  }
  const full = must(await op.getPlan(db, { userId, planId }));
  expect(full.plan.status).toBe(status);
  return { userId, planId, stepId, before: full };
}

describe('plan transitions', () => {
  const t = useTestDb();

  const pairs = Object.entries(actions).flatMap(([action, a]) =>
    statuses.map((from) => ({
      action: action as keyof typeof actions,
      from,
      legal: (a.legal as readonly string[]).includes(from),
    })),
  );

  it.each(pairs.filter((p) => p.legal))(
    '$action from $from: legal, one history row',
    async ({ action, from }) => {
      const db = t().db;
      const a = actions[action];
      const { userId, planId, before } = await planIn(db, from);
      const r = must(await a.fn(db, { userId, planId }));
      expect(r.plan).toMatchObject({ id: planId, status: a.to });
      expect(r.event).toMatchObject({ planId, stepId: null, eventType: a.event, details: {} });
      const after = must(await op.getPlan(db, { userId, planId }));
      expect(after.plan).toEqual(r.plan);
      expect(after.history.map((h) => h.id)).toEqual([...before.history.map((h) => h.id), r.event.id]);
      expect(after.steps).toEqual(before.steps);
      // started_at is set by start only; completed_at by cancel only (of these four).
      expect(after.plan.startedAt instanceof Date).toBe(from !== 'pending' || action === 'start');
      expect(after.plan.completedAt instanceof Date).toBe(action === 'cancel');
    },
  );

  it.each(pairs.filter((p) => !p.legal))(
    '$action from $from: ILLEGAL_TRANSITION, nothing written',
    async ({ action, from }) => {
      const db = t().db;
      const a = actions[action];
      const { userId, planId, before } = await planIn(db, from);
      expect(await a.fn(db, { userId, planId })).toEqual({
        success: false,
        error: 'ILLEGAL_TRANSITION',
        message: `plan ${planId} is ${from}: it cannot become ${a.to}`,
        entity: 'plan',
        from,
        to: a.to,
      });
      expect(must(await op.getPlan(db, { userId, planId }))).toEqual(before);
    },
  );

  it('pause and cancel record their reason; resume keeps the first started_at', async () => {
    const db = t().db;
    const { userId, planId, before } = await planIn(db, 'running');
    const paused = must(await op.pausePlan(db, { userId, planId, reason: 'waiting for approval' }));
    expect(paused.event.details).toEqual({ reason: 'waiting for approval' });
    const resumed = must(await op.resumePlan(db, { userId, planId }));
    expect(resumed.plan.startedAt).toEqual(before.plan.startedAt);
    const cancelled = must(await op.cancelPlan(db, { userId, planId, reason: 'no longer needed' }));
    expect(cancelled.event.details).toEqual({ reason: 'no longer needed' });
    const full = must(await op.getPlan(db, { userId, planId }));
    expect(full.history.map((h) => h.eventType)).toEqual(['started', 'paused', 'resumed', 'cancelled']);
  });

  it('another user and a missing plan are NOT_FOUND; bad input is INVALID_INPUT', async () => {
    const db = t().db;
    const { planId, before } = await planIn(db, 'running');
    for (const fn of [op.startPlan, op.pausePlan, op.resumePlan, op.cancelPlan]) {
      expect(await fn(db, { userId: 'intruder', planId })).toMatchObject({ error: 'NOT_FOUND' });
      expect(await fn(db, { userId: before.plan.userId, planId: 'ghost' })).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(await fn(db, { userId: before.plan.userId, planId: '' })).toMatchObject({
        error: 'INVALID_INPUT',
      });
    }
    expect(await op.pausePlan(db, { userId: before.plan.userId, planId, reason: '' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(must(await op.getPlan(db, { userId: before.plan.userId, planId }))).toEqual(before);
  });

  it('the transition and its history row are one transaction: a failing history insert leaves the plan as it was', async () => {
    const db = t().db;
    const { userId, planId, before } = await planIn(db, 'running');
    await withTrigger(
      db,
      {
        schema: 'ownpilot',
        table: 'plan_history',
        timing: 'before',
        event: 'insert',
        body: `perform nextval('ownpilot.test_edge_seq'); raise exception 'history refused';`,
      },
      async (calls) => {
        await expect(op.pausePlan(db, { userId, planId })).rejects.toThrow();
        expect(await calls()).toBe(1);
      },
    );
    expect(must(await op.getPlan(db, { userId, planId }))).toEqual(before);
  });

  it('a plan completes or fails while paused when its running step finishes', async () => {
    const db = t().db;
    for (const outcome of ['completed', 'failed'] as const) {
      const { userId, planId, stepId } = await planIn(db, 'running');
      must(await op.startPlanStep(db, { userId, stepId }));
      must(await op.pausePlan(db, { userId, planId }));
      const r =
        outcome === 'completed'
          ? must(await op.completePlanStep(db, { userId, stepId }))
          : must(await op.failPlanStep(db, { userId, stepId, error: 'late' }));
      expect(r.plan).toMatchObject({ status: outcome });
      expect(r.plan.completedAt).toBeInstanceOf(Date);
      const full = must(await op.getPlan(db, { userId, planId }));
      expect(full.history.map((h) => h.eventType)).toEqual([
        'started',
        'step_started',
        'paused',
        outcome === 'completed' ? 'step_completed' : 'step_failed',
        outcome,
      ]);
    }
  });
});
