// Real-Postgres races around the owner checks (postgres project only): a reference checked by a
// locked read cannot disappear before the write (no FK violation escapes as a throw), and the
// lock order (referenced rows first, in id order) leaves no deadlock.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
const ROUNDS = 10;

describe('ownpilot owner checks under concurrency', () => {
  const t = useTestDb({ max: 40 });

  it('adding subtasks while the parent is deleted: each call succeeds or is PARENT_NOT_FOUND, never throws', async () => {
    const db = t().db;
    for (let round = 0; round < ROUNDS; round++) {
      const parent = must(await op.addTask(db, { userId: 'r1', title: `p${round}` })).task.id;
      const own = must(await op.addTask(db, { userId: 'r1', title: `o${round}` })).task.id;
      const calls = [
        ...Array.from({ length: 6 }, (_, i) =>
          op.addTask(db, { userId: 'r1', title: `c${i}`, parentId: parent }),
        ),
        op.batchAddTasks(db, { userId: 'r1', tasks: [{ title: 'b1', parentId: parent }, { title: 'b2' }] }),
        op.updateTask(db, { userId: 'r1', id: own, parentId: parent }),
        op.deleteTask(db, { userId: 'r1', id: parent }),
        ...Array.from({ length: 6 }, (_, i) =>
          op.addTask(db, { userId: 'r1', title: `d${i}`, parentId: parent }),
        ),
      ];
      const results = await Promise.all(calls);
      for (const r of results)
        expect(r.success || ['PARENT_NOT_FOUND'].includes((r as { error: string }).error)).toBe(true);
      // The parent is gone, so every subtask that made it has parent_id NULL and its own owner.
      const rows = await db.select().from(op.tasks).where(eq(op.tasks.userId, 'r1'));
      expect(rows.filter((r) => r.parentId === parent)).toEqual([]);
    }
  });

  it('the parent cannot be deleted between the owner check and the insert (deterministic)', async () => {
    const db = t().db;
    // Test-only: an INSERT of a task titled 'slow' takes 300 ms, so a delete issued meanwhile
    // lands between addTask's check and its write. The check's FOR KEY SHARE lock, held by the
    // transaction until the insert commits, makes the delete wait: addTask succeeds and the
    // delete then nulls the new subtask's parent_id. (Without the transaction the delete commits
    // during the sleep and the insert fails with a foreign-key violation.)
    await db.execute(sql`create or replace function ownpilot.test_slow_insert() returns trigger language plpgsql as
      $$ begin if new.title = 'slow' then perform pg_sleep(0.3); end if; return new; end $$`);
    await db.execute(sql`create trigger test_slow_insert before insert on ownpilot.tasks
      for each row execute function ownpilot.test_slow_insert()`);
    try {
      for (const batch of [false, true]) {
        const parent = must(await op.addTask(db, { userId: 'r4', title: 'p' })).task.id;
        const adding = batch
          ? op.batchAddTasks(db, { userId: 'r4', tasks: [{ title: 'slow', parentId: parent }] })
          : op.addTask(db, { userId: 'r4', title: 'slow', parentId: parent });
        await new Promise((r) => setTimeout(r, 100));
        const deleting = op.deleteTask(db, { userId: 'r4', id: parent });
        const [added, deleted] = await Promise.all([adding, deleting]);
        expect(added.success, JSON.stringify(added)).toBe(true);
        expect(deleted).toEqual({ success: true, id: parent });
        const rows = await db.select().from(op.tasks).where(eq(op.tasks.title, 'slow'));
        expect(rows.every((r) => r.parentId === null && r.userId === 'r4')).toBe(true);
      }
    } finally {
      await db.execute(sql`drop trigger test_slow_insert on ownpilot.tasks`);
      await db.execute(sql`drop function ownpilot.test_slow_insert()`);
    }
  });

  it('goal references, step changes, plans and deletes at once: only documented codes, no deadlock', async () => {
    const db = t().db;
    const allowed = new Set(['NOT_FOUND', 'PARENT_NOT_FOUND', 'REFERENCE_NOT_FOUND', 'DEPENDENCY_NOT_FOUND']);
    for (let round = 0; round < ROUNDS; round++) {
      const g1 = must(await op.createGoal(db, { userId: 'r2', title: 'g1', steps: [{ title: 's' }] }));
      const g2 = must(await op.createGoal(db, { userId: 'r2', title: 'g2', parentId: g1.goal.id }));
      const [trigger] = await db
        .insert(op.triggers)
        .values({ userId: 'r2', name: 't', type: 'event', config: {}, action: {} })
        .returning();
      const calls: Promise<{ success: boolean; error?: string }>[] = [
        op.updateGoal(db, { userId: 'r2', id: g2.goal.id, parentId: g1.goal.id, title: 'again' }),
        op.updateGoal(db, { userId: 'r2', id: g1.goal.id, parentId: g2.goal.id }),
        op.addGoalStep(db, { userId: 'r2', goalId: g1.goal.id, title: 'x', dependencies: [g1.steps[0]!.id] }),
        op.updateGoalStep(db, { userId: 'r2', stepId: g1.steps[0]!.id, status: 'completed' }),
        op.createGoal(db, { userId: 'r2', title: 'g3', parentId: g1.goal.id }),
        op.createPlan(db, {
          userId: 'r2',
          name: 'p',
          goal: 'g',
          goalId: g1.goal.id,
          triggerId: trigger!.id,
          steps: [
            { name: 's', type: 'loop' },
            { name: 't', type: 'loop', dependsOn: [0] },
          ],
        }),
        op.deleteGoal(db, { userId: 'r2', id: g1.goal.id }),
        op.createPlan(db, {
          userId: 'r2',
          name: 'q',
          goal: 'g',
          goalId: g2.goal.id,
          steps: [{ name: 's', type: 'loop' }],
        }),
        op.deleteGoal(db, { userId: 'r2', id: g2.goal.id }),
      ];
      const results = await Promise.all(calls);
      for (const r of results) expect(r.success || allowed.has(r.error!), JSON.stringify(r)).toBe(true);
    }
  });

  it('deleting both rows of a parent cycle at once: the deadlock is retried, both deletes succeed', async () => {
    const db = t().db;
    for (let round = 0; round < 20; round++) {
      const t1 = must(await op.addTask(db, { userId: 'r5', title: 'a' })).task.id;
      const t2 = must(await op.addTask(db, { userId: 'r5', title: 'b', parentId: t1 })).task.id;
      must(await op.updateTask(db, { userId: 'r5', id: t1, parentId: t2 }));
      const g1 = must(await op.createGoal(db, { userId: 'r5', title: 'a' })).goal.id;
      const g2 = must(await op.createGoal(db, { userId: 'r5', title: 'b', parentId: g1 })).goal.id;
      must(await op.updateGoal(db, { userId: 'r5', id: g1, parentId: g2 }));
      const results = await Promise.all([
        op.deleteTask(db, { userId: 'r5', id: t1 }),
        op.deleteTask(db, { userId: 'r5', id: t2 }),
        op.deleteGoal(db, { userId: 'r5', id: g1 }),
        op.deleteGoal(db, { userId: 'r5', id: g2 }),
      ]);
      expect(results.map((r) => r.success)).toEqual([true, true, true, true]);
    }
  });

  it('concurrent recalls with different filters over the same memories: no deadlock, every access counted', async () => {
    const db = t().db;
    const filters = [
      { query: 'tea' },
      { type: 'fact' as const },
      { minImportance: 0.3 },
      { type: 'event' as const, query: 'm' },
    ];
    for (let round = 0; round < 5; round++) {
      const userId = `r3-${round}`;
      for (let i = 0; i < 30; i++)
        must(
          await op.remember(db, {
            userId,
            type: i % 2 ? 'fact' : 'event',
            content: `m${i} tea`,
            importance: (i % 10) / 10,
          }),
        );
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          op.recall(db, { userId, limit: 30, ...filters[i % filters.length]! }),
        ),
      );
      expect(results.every((r) => r.success)).toBe(true);
      const returned = results.reduce((n, r) => n + (r.success ? r.memories.length : 0), 0);
      const rows = await db.select().from(op.memories).where(eq(op.memories.userId, userId));
      expect(rows.reduce((n, r) => n + r.accessedCount, 0)).toBe(returned);
    }
  });
});
