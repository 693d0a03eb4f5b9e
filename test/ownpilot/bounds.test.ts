// Issue 14 bounds for the OwnPilot functions: every value a function stores fits its column
// (indexed text, real, bytea, calendar dates, timestamps, computed int4 values), and the new
// reference rules (projects, step dependencies).
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
/** Incompressible text: an index entry of it cannot shrink below the B-tree limit. */
const noise = (n: number) =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join('');
const invalid = { success: false, error: 'INVALID_INPUT' };

describe('ownpilot input bounds', () => {
  const t = useTestDb();

  it('indexed text is byte-bounded: a 10 MB key, user id or contact name is INVALID_INPUT, not 54000', async () => {
    const db = t().db;
    const huge = noise(10_000_000);
    expect(await op.storeData(db, { userId: 'u', key: huge, value: 1 })).toMatchObject(invalid);
    expect(await op.storeData(db, { userId: huge, key: 'k', value: 1 })).toMatchObject(invalid);
    expect(await op.addContact(db, { userId: 'u', name: noise(9_000) })).toMatchObject(invalid);
    expect(
      await op.addTask(db, { userId: 'u', title: 't', category: 'x', dueDate: '2026-01-01' }),
    ).toMatchObject({
      success: true,
    });
    expect(
      await op.addBookmark(db, { userId: 'u', url: 'u', title: 't', category: noise(9_000) }),
    ).toMatchObject(invalid);
    // The bound of user ids: 255 UTF-8 bytes.
    expect(await op.listTasks(db, { userId: 'é'.repeat(128) })).toMatchObject(invalid);
    expect(await op.listTasks(db, { userId: 'x'.repeat(255) })).toMatchObject({ success: true });
    // Keys of 255 characters still fit next to the longest user id.
    must(await op.storeData(db, { userId: '😀'.repeat(63), key: '😀'.repeat(255), value: 1 }));
  });

  it('remember: the bytea embedding takes a Buffer or Uint8Array (≤ 1 MiB), nothing else', async () => {
    const db = t().db;
    for (const embedding of [1, 'abc', {}, [1, 2], Buffer.alloc((1 << 20) + 1)])
      expect(
        await op.remember(db, { userId: 'u', type: 'fact', content: 'c', embedding } as never),
      ).toMatchObject(invalid);
    const bytes = new Float32Array([0.25, -1, 3]);
    const m = must(
      await op.remember(db, {
        userId: 'u',
        type: 'skill',
        content: 'c',
        embedding: new Uint8Array(bytes.buffer) as Buffer,
      }),
    );
    expect(Buffer.isBuffer(m.memory.embedding)).toBe(true);
    expect([...new Float32Array(new Uint8Array(m.memory.embedding!).buffer)]).toEqual([0.25, -1, 3]);
  });

  it('real columns: values float4 cannot store (underflow to 0) are INVALID_INPUT', async () => {
    const db = t().db;
    expect(
      await op.remember(db, { userId: 'u', type: 'fact', content: 'c', importance: 1e-50 }),
    ).toMatchObject(invalid);
    expect(await op.recall(db, { userId: 'u', minImportance: 1e-50 })).toMatchObject(invalid);
    expect(await op.listMemories(db, { userId: 'u', minImportance: 1e-46 })).toMatchObject(invalid);
    must(await op.remember(db, { userId: 'u', type: 'fact', content: 'c', importance: 1e-40 }));
    const g = must(await op.createGoal(db, { userId: 'u', title: 'g' }));
    expect(await op.updateGoal(db, { userId: 'u', id: g.goal.id, progress: 1e-300 })).toMatchObject(invalid);
  });

  it('TEXT dates are calendar dates; timestamps are ISO-8601 within years 0001–9999', async () => {
    const db = t().db;
    for (const dueDate of ['2026-13-45', '2026-02-30', '2025-02-29', '0000-01-01'])
      expect(await op.addTask(db, { userId: 'u', title: 't', dueDate })).toMatchObject({
        ...invalid,
        message: 'dueDate: must be a real calendar date',
      });
    must(await op.addTask(db, { userId: 'u', title: 't', dueDate: '2024-02-29' }));
    expect(await op.addContact(db, { userId: 'u', name: 'n', birthday: '02-30' })).toMatchObject(invalid);
    must(await op.addContact(db, { userId: 'u', name: 'n', birthday: '02-29' }));
    expect(await op.listCalendarEvents(db, { userId: 'u', from: '5' as never })).toMatchObject(invalid);
    expect(
      await op.addCalendarEvent(db, {
        userId: 'u',
        title: 'e',
        startTime: new Date('+010000-01-01T00:00:00Z'),
      }),
    ).toMatchObject(invalid);
    must(await op.listCalendarEvents(db, { userId: 'u', from: '2026-01-01T00:00:00Z' as never }));
  });

  it('computed int4 values saturate instead of overflowing: accessed_count, duration_ms', async () => {
    const db = t().db;
    const m = must(await op.remember(db, { userId: 'sat', type: 'fact', content: 'max' }));
    await db.update(op.memories).set({ accessedCount: 2147483647 }).where(eq(op.memories.id, m.memory.id));
    const r = must(await op.recall(db, { userId: 'sat' }));
    expect(r.memories[0]?.accessedCount).toBe(2147483647);

    const p = must(
      await op.createPlan(db, { userId: 'sat', name: 'p', goal: 'g', steps: [{ name: 's', type: 'loop' }] }),
    );
    must(await op.startPlan(db, { userId: 'sat', planId: p.plan.id }));
    must(await op.startPlanStep(db, { userId: 'sat', stepId: p.steps[0]!.id }));
    // The step has been running for 30 days: 2.6e9 ms do not fit duration_ms (int4).
    await db
      .update(op.planSteps)
      .set({ startedAt: sql`now() - interval '30 days'` })
      .where(eq(op.planSteps.id, p.steps[0]!.id));
    const done = must(await op.completePlanStep(db, { userId: 'sat', stepId: p.steps[0]!.id }));
    expect(done.step.durationMs).toBe(2147483647);
  });
});

describe('ownpilot references beyond the FKs', () => {
  const t = useTestDb();

  it('tasks: projectId must be a project of the same user (PROJECT_NOT_FOUND)', async () => {
    const db = t().db;
    const [project] = await db.insert(op.projects).values({ userId: 'p1', name: 'P' }).returning();
    must(await op.addTask(db, { userId: 'p1', title: 't', projectId: project!.id }));
    expect(await op.addTask(db, { userId: 'p1', title: 't', projectId: 'nope' })).toMatchObject({
      success: false,
      error: 'PROJECT_NOT_FOUND',
      message: 'project nope does not exist',
    });
    expect(await op.addTask(db, { userId: 'p2', title: 't', projectId: project!.id })).toMatchObject({
      error: 'PROJECT_NOT_FOUND',
    });
    expect(
      await op.batchAddTasks(db, {
        userId: 'p1',
        tasks: [
          { title: 'a', projectId: project!.id },
          { title: 'b', projectId: 'x' },
        ],
      }),
    ).toMatchObject({ error: 'PROJECT_NOT_FOUND' });
    expect((await db.select().from(op.tasks).where(eq(op.tasks.userId, 'p1'))).length).toBe(1);
    // Clearing the project is always allowed.
    const task = must(await op.addTask(db, { userId: 'p1', title: 'u', projectId: project!.id })).task;
    expect(
      must(await op.updateTask(db, { userId: 'p1', id: task.id, projectId: null })).task.projectId,
    ).toBeNull();
  });

  it('new goal and plan steps depend on earlier steps of the same call (dependsOn → dependencies)', async () => {
    const db = t().db;
    const g = must(
      await op.createGoal(db, {
        userId: 'd1',
        title: 'g',
        steps: [{ title: 'a' }, { title: 'b', dependsOn: [0] }, { title: 'c', dependsOn: [0, 1, 1] }],
      }),
    );
    const [a, b, c] = g.steps;
    expect([a?.dependencies, b?.dependencies, c?.dependencies]).toEqual([[], [a?.id], [a?.id, b?.id]]);
    expect(
      await op.createGoal(db, { userId: 'd1', title: 'g', steps: [{ title: 'a', dependsOn: [0] }] }),
    ).toMatchObject({ ...invalid, message: 'steps.0.dependsOn.0: must be the index of an earlier step' });
    // Step ids cannot be named at creation (they are generated): the old field is refused, not dropped.
    expect(
      await op.createGoal(db, {
        userId: 'd1',
        title: 'g',
        steps: [{ title: 'a', dependencies: [a!.id] } as never],
      }),
    ).toMatchObject(invalid);
    const p = must(
      await op.createPlan(db, {
        userId: 'd1',
        name: 'p',
        goal: 'g',
        steps: [
          { name: 'a', type: 'tool_call' },
          { name: 'b', type: 'llm_decision', dependsOn: [0] },
        ],
      }),
    );
    expect(p.steps[1]?.dependencies).toEqual([p.steps[0]?.id]);
  });

  it('addGoalStep: dependencies must be steps of the same goal (DEPENDENCY_NOT_FOUND)', async () => {
    const db = t().db;
    const g = must(await op.createGoal(db, { userId: 'd2', title: 'g', steps: [{ title: 'a' }] }));
    const other = must(await op.createGoal(db, { userId: 'd2', title: 'h', steps: [{ title: 'x' }] }));
    const added = must(
      await op.addGoalStep(db, {
        userId: 'd2',
        goalId: g.goal.id,
        title: 'b',
        dependencies: [g.steps[0]!.id],
      }),
    );
    expect(added.step.dependencies).toEqual([g.steps[0]!.id]);
    expect(
      await op.addGoalStep(db, {
        userId: 'd2',
        goalId: g.goal.id,
        title: 'c',
        dependencies: [other.steps[0]!.id],
      }),
    ).toMatchObject({ success: false, error: 'DEPENDENCY_NOT_FOUND' });
    expect(
      (await db.select().from(op.goalSteps).where(eq(op.goalSteps.goalId, g.goal.id)))
        .map((s) => s.title)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});
