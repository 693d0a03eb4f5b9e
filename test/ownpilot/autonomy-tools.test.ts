import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};

describe('memory tools', () => {
  const t = useTestDb();

  it('remember validates type and importance', async () => {
    const m = must(await op.remember(t().db, { userId: 'u1', type: 'fact', content: 'Lives in Lyon' }));
    expect(m.memory).toMatchObject({ importance: 0.5, accessedCount: 0, accessedAt: null, tags: [] });
    expect(
      await op.remember(t().db, { userId: 'u1', type: 'fact', content: 'x', importance: 1.5 }),
    ).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.remember(t().db, { userId: 'u1', type: 'gossip' as 'fact', content: 'x' })).toMatchObject(
      {
        error: 'INVALID_INPUT',
      },
    );
  });

  it('recall filters by query, type and minimum importance, ranks by importance and records the access', async () => {
    const db = t().db;
    const low = must(
      await op.remember(db, { userId: 'u2', type: 'preference', content: 'Likes tea', importance: 0.2 }),
    );
    const high = must(
      await op.remember(db, {
        userId: 'u2',
        type: 'preference',
        content: 'Likes green tea a lot',
        importance: 0.9,
      }),
    );
    const other = must(
      await op.remember(db, {
        userId: 'u2',
        type: 'fact',
        content: 'Tea_master certificate',
        importance: 0.7,
      }),
    );
    await op.remember(db, { userId: 'u3', type: 'preference', content: 'Likes tea too', importance: 1 });

    const r = must(await op.recall(db, { userId: 'u2', query: 'TEA' }));
    expect(r.memories.map((m) => m.id)).toEqual([high.memory.id, other.memory.id, low.memory.id]);
    expect(r.memories.every((m) => m.accessedCount === 1 && m.accessedAt instanceof Date)).toBe(true);

    const typed = must(
      await op.recall(db, { userId: 'u2', query: 'tea', type: 'preference', minImportance: 0.5 }),
    );
    expect(typed.memories.map((m) => [m.id, m.accessedCount])).toEqual([[high.memory.id, 2]]);
    expect(must(await op.recall(db, { userId: 'u2', query: 'a_m' })).memories.map((m) => m.id)).toEqual([
      other.memory.id,
    ]);
    expect(must(await op.recall(db, { userId: 'u2', query: '%' })).memories).toEqual([]);
    const limited = must(await op.recall(db, { userId: 'u2', limit: 1 }));
    expect(limited.memories.map((m) => m.id)).toEqual([high.memory.id]);

    // Untouched rows keep their counters; list_memories is not an access.
    const [lowRow] = await db.select().from(op.memories).where(eq(op.memories.id, low.memory.id));
    expect(lowRow?.accessedCount).toBe(1);
    const listed = must(await op.listMemories(db, { userId: 'u2', type: 'preference' }));
    expect(listed.memories.map((m) => [m.id, m.accessedCount])).toEqual([
      [high.memory.id, 3],
      [low.memory.id, 1],
    ]);
    expect(
      must(await op.listMemories(db, { userId: 'u2', minImportance: 0.6, limit: 1, offset: 1 })).memories.map(
        (m) => m.id,
      ),
    ).toEqual([high.memory.id]);
    expect(await op.listMemories(db, { userId: 'u2', limit: 1000 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  it('forget deletes only the owner’s memory', async () => {
    const m = must(await op.remember(t().db, { userId: 'u4', type: 'event', content: 'Moved' }));
    expect(await op.forget(t().db, { userId: 'u5', id: m.memory.id })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.forget(t().db, { userId: 'u4', id: m.memory.id })).toEqual({
      success: true,
      id: m.memory.id,
    });
    expect(await op.forget(t().db, { userId: 'u4', id: m.memory.id })).toMatchObject({ error: 'NOT_FOUND' });
  });
});

describe('goal tools', () => {
  const t = useTestDb();

  it('createGoal with steps, listGoals by status and priority', async () => {
    const db = t().db;
    const g = must(
      await op.createGoal(db, {
        userId: 'u1',
        title: 'Marathon',
        priority: 9,
        steps: [{ title: 'Shoes' }, { title: 'Train' }],
      }),
    );
    expect(g.goal).toMatchObject({ status: 'active', progress: 0, priority: 9 });
    expect(g.steps.map((s) => [s.title, s.orderNum, s.status])).toEqual([
      ['Shoes', 0, 'pending'],
      ['Train', 1, 'pending'],
    ]);
    must(await op.createGoal(db, { userId: 'u1', title: 'Read', priority: 3 }));
    must(await op.createGoal(db, { userId: 'u1', title: 'Old', status: 'abandoned' }));
    must(await op.createGoal(db, { userId: 'u2', title: 'Not yours', priority: 10 }));
    const titles = async (f: object) =>
      must(await op.listGoals(db, { userId: 'u1', ...f })).goals.map((x) => x.title);
    expect(await titles({})).toEqual(['Marathon', 'Old', 'Read']);
    expect(await titles({ status: 'active' })).toEqual(['Marathon', 'Read']);
    expect(await titles({ minPriority: 5 })).toEqual(['Marathon', 'Old']);
    expect(await op.createGoal(db, { userId: 'u1', title: 'x', priority: 11 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.createGoal(db, { userId: 'u1', title: 'x', parentId: 'ghost' })).toMatchObject({
      error: 'PARENT_NOT_FOUND',
    });
  });

  it('progress follows the share of completed steps', async () => {
    const db = t().db;
    const g = must(
      await op.createGoal(db, {
        userId: 'u1',
        title: 'Ship',
        steps: [{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'd' }],
      }),
    );
    const [s0, s1] = g.steps;
    const r1 = must(
      await op.updateGoalStep(db, { userId: 'u1', stepId: s0?.id ?? '', status: 'completed', result: 'ok' }),
    );
    expect(r1.goal.progress).toBe(25);
    expect(r1.step.completedAt).toBeInstanceOf(Date);
    expect(
      must(await op.updateGoalStep(db, { userId: 'u1', stepId: s1?.id ?? '', status: 'completed' })).goal
        .progress,
    ).toBe(50);
    const added = must(await op.addGoalStep(db, { userId: 'u1', goalId: g.goal.id, title: 'e' }));
    expect(added.step.orderNum).toBe(4);
    expect(added.goal.progress).toBe(40);
    const reopened = must(
      await op.updateGoalStep(db, { userId: 'u1', stepId: s1?.id ?? '', status: 'in_progress' }),
    );
    expect([reopened.goal.progress, reopened.step.completedAt]).toEqual([20, null]);
    expect(await op.updateGoal(db, { userId: 'u1', id: g.goal.id, progress: 90 })).toMatchObject({
      error: 'PROGRESS_FOLLOWS_STEPS',
    });
    expect(
      await op.updateGoalStep(db, { userId: 'u2', stepId: s0?.id ?? '', status: 'pending' }),
    ).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.addGoalStep(db, { userId: 'u2', goalId: g.goal.id, title: 'x' })).toMatchObject({
      error: 'NOT_FOUND',
    });
  });

  it('updateGoal sets progress by hand only without steps; status completed stamps completed_at; deleteGoal', async () => {
    const db = t().db;
    const g = must(await op.createGoal(db, { userId: 'u1', title: 'Solo' }));
    expect(
      must(await op.updateGoal(db, { userId: 'u1', id: g.goal.id, progress: 60, title: 'Solo 2' })).goal,
    ).toMatchObject({ progress: 60, title: 'Solo 2' });
    expect(await op.updateGoal(db, { userId: 'u1', id: g.goal.id, progress: 101 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    const done = must(await op.updateGoal(db, { userId: 'u1', id: g.goal.id, status: 'completed' }));
    expect(done.goal.completedAt).toBeInstanceOf(Date);
    expect(await op.updateGoal(db, { userId: 'u2', id: g.goal.id, title: 'x' })).toMatchObject({
      error: 'NOT_FOUND',
    });
    expect(await op.updateGoal(db, { userId: 'u1', id: g.goal.id, parentId: 'ghost' })).toMatchObject({
      error: 'PARENT_NOT_FOUND',
    });
    const child = must(await op.createGoal(db, { userId: 'u1', title: 'Child', parentId: g.goal.id }));
    expect(await op.deleteGoal(db, { userId: 'u2', id: g.goal.id })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.deleteGoal(db, { userId: 'u1', id: g.goal.id })).toEqual({
      success: true,
      id: g.goal.id,
    });
    const [c] = await db.select().from(op.goals).where(eq(op.goals.id, child.goal.id));
    expect(c?.parentId).toBeNull();
  });
});

describe('custom data tools', () => {
  const t = useTestDb();

  it('storeData upserts on (user_id, key); retrieve, list and delete are per user', async () => {
    const db = t().db;
    const first = must(await op.storeData(db, { userId: 'u1', key: 'color', value: { hex: '#0ff' } }));
    expect(first.created).toBe(true);
    const second = must(await op.storeData(db, { userId: 'u1', key: 'color', value: 'teal' }));
    expect([second.created, second.entry.id, second.entry.value]).toEqual([false, first.entry.id, 'teal']);
    must(await op.storeData(db, { userId: 'u2', key: 'color', value: 1 }));
    must(await op.storeData(db, { userId: 'u1', key: 'a%b', value: [1, 2] }));
    must(await op.storeData(db, { userId: 'u1', key: 'axb', value: null }));
    expect(must(await op.retrieveData(db, { userId: 'u1', key: 'color' })).entry.value).toBe('teal');
    expect(must(await op.retrieveData(db, { userId: 'u2', key: 'color' })).entry.value).toBe(1);
    expect(must(await op.retrieveData(db, { userId: 'u1', key: 'axb' })).entry.value).toBeNull();
    expect(await op.retrieveData(db, { userId: 'u3', key: 'color' })).toMatchObject({ error: 'NOT_FOUND' });
    expect(must(await op.listDataKeys(db, { userId: 'u1' })).keys.map((k) => k.key)).toEqual([
      'a%b',
      'axb',
      'color',
    ]);
    expect(must(await op.listDataKeys(db, { userId: 'u1', prefix: 'a%' })).keys.map((k) => k.key)).toEqual([
      'a%b',
    ]);
    expect(
      must(await op.listDataKeys(db, { userId: 'u1', limit: 1, offset: 1 })).keys.map((k) => k.key),
    ).toEqual(['axb']);
    expect(await op.storeData(db, { userId: 'u1', key: '', value: 1 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.storeData(db, { userId: 'u1', key: 'k', value: (() => 1) as never })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.deleteData(db, { userId: 'u2', key: 'axb' })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.deleteData(db, { userId: 'u1', key: 'axb' })).toEqual({ success: true, key: 'axb' });
  });
});

describe('plan tools', () => {
  const t = useTestDb();
  const steps = [
    { name: 'fetch', type: 'tool_call' as const },
    { name: 'decide', type: 'llm_decision' as const, maxRetries: 1 },
  ];

  it('createPlan, startPlan and step changes write plan_history in the same transaction', async () => {
    const db = t().db;
    const c = must(
      await op.createPlan(db, {
        userId: 'u1',
        name: 'Review',
        goal: 'Review the week',
        autonomyLevel: 2,
        steps,
      }),
    );
    expect(c.plan).toMatchObject({ status: 'pending', totalSteps: 2, progress: 0, autonomyLevel: 2 });
    expect(c.steps.map((s) => [s.name, s.orderNum, s.maxRetries])).toEqual([
      ['fetch', 0, 3],
      ['decide', 1, 1],
    ]);
    const [s0, s1] = c.steps as [op.PlanStep, op.PlanStep];
    expect(await op.startPlanStep(db, { userId: 'u1', stepId: s0.id })).toMatchObject({
      error: 'PLAN_NOT_RUNNING',
    });
    expect(await op.startPlan(db, { userId: 'u2', planId: c.plan.id })).toMatchObject({ error: 'NOT_FOUND' });
    const started = must(await op.startPlan(db, { userId: 'u1', planId: c.plan.id }));
    expect([started.plan.status, started.event.eventType]).toEqual(['running', 'started']);
    expect(await op.startPlan(db, { userId: 'u1', planId: c.plan.id })).toMatchObject({
      error: 'ILLEGAL_TRANSITION',
    });

    expect(await op.completePlanStep(db, { userId: 'u1', stepId: s0.id })).toMatchObject({
      error: 'ILLEGAL_TRANSITION',
    });
    const run0 = must(await op.startPlanStep(db, { userId: 'u1', stepId: s0.id }));
    expect([run0.step.status, run0.plan.currentStep]).toEqual(['running', 0]);
    const done0 = must(await op.completePlanStep(db, { userId: 'u1', stepId: s0.id, result: { rows: 3 } }));
    expect([done0.step.status, done0.step.result, done0.plan.progress, done0.plan.status]).toEqual([
      'completed',
      { rows: 3 },
      50,
      'running',
    ]);
    expect(done0.step.durationMs).toBeGreaterThanOrEqual(0);

    must(await op.startPlanStep(db, { userId: 'u1', stepId: s1.id }));
    const f1 = must(await op.failPlanStep(db, { userId: 'u1', stepId: s1.id, error: 'rate limited' }));
    expect([f1.willRetry, f1.step.status, f1.step.retryCount, f1.plan.retryCount, f1.plan.status]).toEqual([
      true,
      'pending',
      1,
      1,
      'running',
    ]);
    must(await op.startPlanStep(db, { userId: 'u1', stepId: s1.id }));
    const done1 = must(await op.completePlanStep(db, { userId: 'u1', stepId: s1.id }));
    expect([done1.plan.status, done1.plan.progress, done1.plan.completedAt instanceof Date]).toEqual([
      'completed',
      100,
      true,
    ]);
    expect(done1.events.map((e) => e.eventType)).toEqual(['step_completed', 'completed']);
    expect(await op.startPlanStep(db, { userId: 'u1', stepId: s1.id })).toMatchObject({
      error: 'PLAN_NOT_RUNNING',
    });

    const full = must(await op.getPlan(db, { userId: 'u1', planId: c.plan.id }));
    expect(full.history.map((h) => [h.eventType, h.stepId])).toEqual([
      ['started', null],
      ['step_started', s0.id],
      ['step_completed', s0.id],
      ['step_started', s1.id],
      ['step_failed', s1.id],
      ['step_started', s1.id],
      ['step_completed', s1.id],
      ['completed', null],
    ]);
    expect(full.history[4]?.details).toEqual({ error: 'rate limited', retryCount: 1, willRetry: true });
    expect(await op.getPlan(db, { userId: 'u2', planId: c.plan.id })).toMatchObject({ error: 'NOT_FOUND' });
  });

  it('failPlanStep retries up to max_retries, then fails the plan; retry_count never exceeds max_retries', async () => {
    const db = t().db;
    const c = must(
      await op.createPlan(db, {
        userId: 'u1',
        name: 'Flaky',
        goal: 'g',
        steps: [{ name: 'call', type: 'tool_call', maxRetries: 2 }],
      }),
    );
    const stepId = c.steps[0]?.id ?? '';
    must(await op.startPlan(db, { userId: 'u1', planId: c.plan.id }));
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      must(await op.startPlanStep(db, { userId: 'u1', stepId }));
      const f = must(await op.failPlanStep(db, { userId: 'u1', stepId, error: `e${i}` }));
      outcomes.push([f.willRetry, f.step.status, f.step.retryCount, f.plan.status]);
    }
    expect(outcomes).toEqual([
      [true, 'pending', 1, 'running'],
      [true, 'pending', 2, 'running'],
      [false, 'failed', 2, 'failed'],
    ]);
    const full = must(await op.getPlan(db, { userId: 'u1', planId: c.plan.id }));
    expect(full.plan).toMatchObject({ status: 'failed', error: 'e2', retryCount: 2 });
    expect(full.history.map((h) => h.eventType).slice(-2)).toEqual(['step_failed', 'failed']);
    expect(await op.failPlanStep(db, { userId: 'u1', stepId, error: 'x' })).toMatchObject({
      error: 'PLAN_NOT_RUNNING',
    });
  });

  it('createPlan rejects bad input and unknown references without writing', async () => {
    const db = t().db;
    const before = (await db.select().from(op.plans)).length;
    expect(await op.createPlan(db, { userId: 'u1', name: 'x', goal: 'g', steps: [] })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(
      await op.createPlan(db, { userId: 'u1', name: 'x', goal: 'g', autonomyLevel: 5, steps }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    expect(
      await op.createPlan(db, {
        userId: 'u1',
        name: 'x',
        goal: 'g',
        steps: [{ name: 's', type: 'http' as 'loop' }],
      }),
    ).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(
      await op.createPlan(db, { userId: 'u1', name: 'x', goal: 'g', goalId: 'ghost', steps }),
    ).toMatchObject({ error: 'REFERENCE_NOT_FOUND' });
    expect((await db.select().from(op.plans)).length).toBe(before);
  });
});
