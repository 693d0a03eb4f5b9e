// Real-Postgres races on the plan state machine: transitions of one plan are serialised by the lock
// on its row, so exactly the legal sequence happens and plan_history holds one row per success.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
const N = 20;

async function runningPlan(db: Database, steps = 1) {
  const userId = `race-${randomUUID()}`;
  const c = must(
    await op.createPlan(db, {
      userId,
      name: 'race',
      goal: 'g',
      steps: Array.from({ length: steps }, (_, i) => ({ name: `s${i}`, type: 'tool_call' as const })),
    }),
  );
  must(await op.startPlan(db, { userId, planId: c.plan.id }));
  return { userId, planId: c.plan.id, stepIds: c.steps.map((s) => s.id) };
}

const transitionEvents = (history: op.PlanHistoryEntry[]) =>
  history.filter((h) => ['paused', 'resumed', 'cancelled'].includes(h.eventType)).map((h) => h.eventType);

describe('ownpilot plan transitions under concurrency', () => {
  const t = useTestDb({ max: 40 });

  it('racing pauses of one running plan: exactly one wins, the others are ILLEGAL_TRANSITION from paused', async () => {
    const db = t().db;
    const p = await runningPlan(db);
    const results = await Promise.all(
      Array.from({ length: N }, () => op.pausePlan(db, { userId: p.userId, planId: p.planId })),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    const refused = results.filter((r) => !r.success);
    expect(refused).toHaveLength(N - 1);
    expect(
      refused.every((r) => r.error === 'ILLEGAL_TRANSITION' && r.from === 'paused' && r.to === 'paused'),
    ).toBe(true);
    const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
    expect(full.plan.status).toBe('paused');
    expect(transitionEvents(full.history)).toEqual(['paused']);
  });

  it('racing cancels: exactly one wins and writes the only cancelled row', async () => {
    const db = t().db;
    const p = await runningPlan(db);
    const results = await Promise.all(
      Array.from({ length: N }, () => op.cancelPlan(db, { userId: p.userId, planId: p.planId })),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    expect(
      results.filter((r) => !r.success && r.error === 'ILLEGAL_TRANSITION' && r.from === 'cancelled'),
    ).toHaveLength(N - 1);
    const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
    expect(full.plan.status).toBe('cancelled');
    expect(transitionEvents(full.history)).toEqual(['cancelled']);
  });

  it('one pause racing one cancel: the cancel always wins; the pause wins only when it went first', async () => {
    const db = t().db;
    for (let round = 0; round < 10; round++) {
      const p = await runningPlan(db);
      const [pause, cancel] = await Promise.all([
        op.pausePlan(db, { userId: p.userId, planId: p.planId }),
        op.cancelPlan(db, { userId: p.userId, planId: p.planId }),
      ]);
      expect(cancel.success).toBe(true);
      const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
      expect(full.plan.status).toBe('cancelled');
      if (pause.success) {
        expect(transitionEvents(full.history)).toEqual(['paused', 'cancelled']);
      } else {
        expect(pause).toMatchObject({ error: 'ILLEGAL_TRANSITION', from: 'cancelled', to: 'paused' });
        expect(transitionEvents(full.history)).toEqual(['cancelled']);
      }
    }
  });

  it('pauses, resumes and cancels all at once: history is exactly the successful calls, in a legal order', async () => {
    const db = t().db;
    const p = await runningPlan(db);
    const calls = Array.from({ length: 3 * N }, (_, i) =>
      i === 2 * N
        ? op.cancelPlan(db, { userId: p.userId, planId: p.planId })
        : i % 2 === 0
          ? op.pausePlan(db, { userId: p.userId, planId: p.planId })
          : op.resumePlan(db, { userId: p.userId, planId: p.planId }),
    );
    const results = await Promise.all(calls);
    const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
    const events = transitionEvents(full.history);
    expect(events).toHaveLength(results.filter((r) => r.success).length);
    // Replaying the recorded events from running follows the state machine and ends where the plan is.
    let status: string = 'running';
    const next: Record<string, Record<string, string>> = {
      running: { paused: 'paused', cancelled: 'cancelled' },
      paused: { resumed: 'running', cancelled: 'cancelled' },
    };
    for (const e of events) {
      const to = next[status]?.[e];
      expect([status, e, to !== undefined]).toEqual([status, e, true]);
      status = to!;
    }
    expect(full.plan.status).toBe(status);
    expect(events.at(-1)).toBe('cancelled');
    expect(results.every((r) => r.success || r.error === 'ILLEGAL_TRANSITION')).toBe(true);
  });

  it('cancel racing the last step completion: never both, the history matches the winner', async () => {
    const db = t().db;
    for (let round = 0; round < 10; round++) {
      const p = await runningPlan(db);
      const stepId = p.stepIds[0]!;
      must(await op.startPlanStep(db, { userId: p.userId, stepId }));
      const [complete, cancel] = await Promise.all([
        op.completePlanStep(db, { userId: p.userId, stepId }),
        op.cancelPlan(db, { userId: p.userId, planId: p.planId }),
      ]);
      const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
      const events = full.history.map((h) => h.eventType);
      if (complete.success) {
        expect(cancel).toMatchObject({ error: 'ILLEGAL_TRANSITION', from: 'completed', to: 'cancelled' });
        expect([full.plan.status, events]).toEqual([
          'completed',
          ['started', 'step_started', 'step_completed', 'completed'],
        ]);
      } else {
        expect(cancel.success).toBe(true);
        expect(complete).toMatchObject({ error: 'PLAN_NOT_RUNNING' });
        expect([full.plan.status, events]).toEqual(['cancelled', ['started', 'step_started', 'cancelled']]);
      }
    }
  });

  it('skipping every step at once completes the plan exactly once at 100 %', async () => {
    const db = t().db;
    const p = await runningPlan(db, 10);
    const results = await Promise.all(
      p.stepIds.map((stepId) => op.skipPlanStep(db, { userId: p.userId, stepId })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.map((r) => (r.success ? Math.round(r.plan.progress) : -1)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * 10),
    );
    const full = must(await op.getPlan(db, { userId: p.userId, planId: p.planId }));
    expect(full.plan).toMatchObject({ status: 'completed', progress: 100 });
    expect(full.history.filter((h) => h.eventType === 'completed')).toHaveLength(1);
    expect(full.history.filter((h) => h.eventType === 'step_completed')).toHaveLength(10);
  });
});
