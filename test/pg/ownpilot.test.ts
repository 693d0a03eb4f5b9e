// Real-Postgres concurrency suite for the ownpilot repository functions (run by the postgres project only).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
const N = 20;

describe('ownpilot under concurrency', () => {
  const t = useTestDb({ max: 40 });

  it('concurrent recalls count every access', async () => {
    const db = t().db;
    const m = must(await op.remember(db, { userId: 'c1', type: 'fact', content: 'shared memory' }));
    const results = await Promise.all(
      Array.from({ length: N }, () => op.recall(db, { userId: 'c1', query: 'shared' })),
    );
    expect(results.every((r) => r.success && r.memories.length === 1)).toBe(true);
    const [row] = await db.select().from(op.memories).where(eq(op.memories.id, m.memory.id));
    expect(row?.accessedCount).toBe(N);
    const seen = results
      .map((r) => (r.success ? r.memories[0]?.accessedCount : 0))
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('concurrent store_data on one key: one row, exactly one insert', async () => {
    const db = t().db;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => op.storeData(db, { userId: 'c1', key: 'counter', value: i })),
    );
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    expect(results.every((r) => r.success)).toBe(true);
    const rows = await db.select().from(op.customData).where(eq(op.customData.key, 'counter'));
    expect(rows).toHaveLength(1);
  });

  it('completing every goal step at once ends at 100% progress', async () => {
    const db = t().db;
    const g = must(
      await op.createGoal(db, {
        userId: 'c1',
        title: 'Parallel',
        steps: Array.from({ length: 10 }, (_, i) => ({ title: `s${i}` })),
      }),
    );
    const results = await Promise.all(
      g.steps.map((s) => op.updateGoalStep(db, { userId: 'c1', stepId: s.id, status: 'completed' })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    // Each call saw every step completed before it: progress values are exactly 10, 20, …, 100.
    expect(results.map((r) => (r.success ? r.goal.progress : -1)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * 10),
    );
    const [goal] = await db.select().from(op.goals).where(eq(op.goals.id, g.goal.id));
    expect(goal?.progress).toBe(100);
  });

  it('completing every plan step at once completes the plan exactly once', async () => {
    const db = t().db;
    const c = must(
      await op.createPlan(db, {
        userId: 'c1',
        name: 'Fan-out',
        goal: 'g',
        steps: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, type: 'parallel' as const })),
      }),
    );
    must(await op.startPlan(db, { userId: 'c1', planId: c.plan.id }));
    await Promise.all(c.steps.map((s) => op.startPlanStep(db, { userId: 'c1', stepId: s.id })));
    const results = await Promise.all(
      c.steps.map((s) => op.completePlanStep(db, { userId: 'c1', stepId: s.id })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const full = must(await op.getPlan(db, { userId: 'c1', planId: c.plan.id }));
    expect(full.plan).toMatchObject({ status: 'completed', progress: 100 });
    const count = (type: string) => full.history.filter((h) => h.eventType === type).length;
    expect([count('started'), count('step_started'), count('step_completed'), count('completed')]).toEqual([
      1, 10, 10, 1,
    ]);
  });

  it('concurrent failures of one running step: one wins, retry_count stays within max_retries', async () => {
    const db = t().db;
    const c = must(
      await op.createPlan(db, {
        userId: 'c1',
        name: 'Flaky',
        goal: 'g',
        steps: [{ name: 'call', type: 'tool_call', maxRetries: 1 }],
      }),
    );
    const stepId = c.steps[0]?.id ?? '';
    must(await op.startPlan(db, { userId: 'c1', planId: c.plan.id }));
    must(await op.startPlanStep(db, { userId: 'c1', stepId }));
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => op.failPlanStep(db, { userId: 'c1', stepId, error: `e${i}` })),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    expect(results.filter((r) => !r.success && r.error === 'ILLEGAL_TRANSITION')).toHaveLength(N - 1);
    const full = must(await op.getPlan(db, { userId: 'c1', planId: c.plan.id }));
    expect(full.steps[0]).toMatchObject({ status: 'pending', retryCount: 1 });
    expect(full.plan.retryCount).toBe(1);
    expect(full.history.filter((h) => h.eventType === 'step_failed')).toHaveLength(1);
  });
});
