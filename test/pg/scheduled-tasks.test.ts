// Real-Postgres races of the scheduled-task runner: each would fail a read-then-write claim.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  claimDueScheduledTasks,
  completeScheduledTaskRun,
  failScheduledTaskRun,
  type ScheduledTaskRun,
  scheduledBrowserTasks,
  scheduledTaskExecutions,
  timeOutScheduledTaskRuns,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { makeUser } from '../bottleneck/fixtures';
import { useTestDb } from '../support';

async function addDueTasks(db: Database, userId: number, n: number, extra: Record<string, unknown> = {}) {
  return db
    .insert(scheduledBrowserTasks)
    .values(
      Array.from({ length: n }, (_, i) => ({
        userId,
        name: `task ${i}`,
        automationType: 'workflow' as const,
        automationConfig: {},
        scheduleType: 'cron' as const,
        cronExpression: '0 0 1 1 *',
        nextRun: sql`now() - make_interval(secs => ${i + 1})` as never,
        createdBy: userId,
        lastModifiedBy: userId,
        ...extra,
      })),
    )
    .returning();
}

/** `workers` claimers, `limit` at a time, until none is due: every run they got. */
async function drain(
  db: Database,
  userId: number,
  workers: number,
  limit: number,
): Promise<ScheduledTaskRun[]> {
  const runs: ScheduledTaskRun[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const r = await claimDueScheduledTasks(db, { userId, limit });
        if (!r.success) throw new Error(r.message);
        if (r.runs.length === 0) return;
        runs.push(...r.runs);
      }
    }),
  );
  return runs;
}

describe('scheduled tasks under concurrency (real Postgres)', () => {
  const t = useTestDb({ max: 40 });

  it('12 concurrent claimers, 5 at a time: each of 60 due tasks is claimed exactly once, one execution each', async () => {
    const userId = await makeUser(t().db);
    const tasks = await addDueTasks(t().db, userId, 60);
    const runs = await drain(t().db, userId, 12, 5);
    expect(runs.map((r) => r.task.id).sort((a, b) => a - b)).toEqual(
      tasks.map((x) => x.id).sort((a, b) => a - b),
    );
    const executions = await t()
      .db.select()
      .from(scheduledTaskExecutions)
      .where(
        inArray(
          scheduledTaskExecutions.taskId,
          tasks.map((x) => x.id),
        ),
      );
    expect(executions).toHaveLength(60);
    expect(new Set(executions.map((e) => e.taskId)).size).toBe(60);
    expect(executions.every((e) => e.status === 'running' && e.attemptNumber === 1)).toBe(true);
  });

  it('30 claimers race for one once task: one run; after it, none', async () => {
    const userId = await makeUser(t().db);
    const [task] = await addDueTasks(t().db, userId, 1, { scheduleType: 'once' });
    const results = await Promise.all(
      Array.from({ length: 30 }, () => claimDueScheduledTasks(t().db, { userId, limit: 1 })),
    );
    const runs = results.flatMap((r) => (r.success ? r.runs : []));
    expect(results.every((r) => r.success)).toBe(true);
    expect(runs).toHaveLength(1);
    expect(await completeScheduledTaskRun(t().db, { executionId: runs[0]!.execution.id })).toMatchObject({
      success: true,
      task: { status: 'completed', nextRun: null },
    });
    expect(await drain(t().db, userId, 10, 1)).toEqual([]);
    const rows = await t()
      .db.select()
      .from(scheduledTaskExecutions)
      .where(eq(scheduledTaskExecutions.taskId, task!.id));
    expect(rows.map((e) => e.status)).toEqual(['success']);
  });

  it('20 concurrent finishers of one run: exactly one wins, the rest are LOCK_LOST; counters counted once', async () => {
    const userId = await makeUser(t().db);
    const [task] = await addDueTasks(t().db, userId, 1, { retryDelay: 0 });
    const [run] = await drain(t().db, userId, 1, 1);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? completeScheduledTaskRun(t().db, { executionId: run!.execution.id, duration: 5 })
          : failScheduledTaskRun(t().db, { executionId: run!.execution.id, error: 'e', duration: 5 }),
      ),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    expect(results.filter((r) => !r.success && r.error === 'LOCK_LOST')).toHaveLength(19);
    const [row] = await t()
      .db.select()
      .from(scheduledBrowserTasks)
      .where(eq(scheduledBrowserTasks.id, task!.id));
    expect(row!.executionCount).toBe(1);
    expect(row!.successCount + row!.failureCount).toBe(1);
  });

  it('claimers racing retries: every queued retry becomes exactly one running attempt', async () => {
    const userId = await makeUser(t().db);
    const tasks = await addDueTasks(t().db, userId, 20, { retryDelay: 0, maxRetries: 1 });
    const first = await drain(t().db, userId, 6, 3);
    expect(first).toHaveLength(20);
    for (const run of first) {
      expect(await failScheduledTaskRun(t().db, { executionId: run.execution.id, error: 'e' })).toMatchObject(
        {
          success: true,
        },
      );
    }
    const retries = await drain(t().db, userId, 6, 3);
    expect(retries.map((r) => r.task.id).sort((a, b) => a - b)).toEqual(
      tasks.map((x) => x.id).sort((a, b) => a - b),
    );
    expect(retries.every((r) => r.execution.triggerType === 'retry' && r.execution.attemptNumber === 2)).toBe(
      true,
    );
    const executions = await t()
      .db.select()
      .from(scheduledTaskExecutions)
      .where(
        inArray(
          scheduledTaskExecutions.taskId,
          tasks.map((x) => x.id),
        ),
      );
    expect(executions).toHaveLength(40);
    expect(executions.filter((e) => e.status === 'running')).toHaveLength(20);
  });

  it('sweepers and late workers race over 20 overdue runs: each run is finished exactly once', async () => {
    const userId = await makeUser(t().db);
    const tasks = await addDueTasks(t().db, userId, 20, { timeout: 1 });
    const runs = await drain(t().db, userId, 4, 5);
    expect(runs).toHaveLength(20);
    await t()
      .db.update(scheduledTaskExecutions)
      .set({ startedAt: sql`now() - interval '1 minute'` as never })
      .where(
        inArray(
          scheduledTaskExecutions.id,
          runs.map((r) => r.execution.id),
        ),
      );
    const swept: number[] = [];
    const [completions] = await Promise.all([
      Promise.all(runs.map((r) => completeScheduledTaskRun(t().db, { executionId: r.execution.id }))),
      ...Array.from({ length: 4 }, async () => {
        for (;;) {
          const r = await timeOutScheduledTaskRuns(t().db, { userId, limit: 3 });
          if (!r.success) throw new Error(r.message);
          if (r.timedOut.length === 0) return;
          swept.push(...r.timedOut.map((x) => x.execution.id));
        }
      }),
    ]);
    const completed = completions.filter((r) => r.success).length;
    expect(completions.filter((r) => !r.success && r.error !== 'LOCK_LOST')).toEqual([]);
    expect(new Set(swept).size).toBe(swept.length);
    expect(completed + swept.length).toBe(20);
    const rows = await t()
      .db.select()
      .from(scheduledBrowserTasks)
      .where(
        inArray(
          scheduledBrowserTasks.id,
          tasks.map((x) => x.id),
        ),
      );
    expect(rows.every((r) => r.executionCount === 1 && r.successCount + r.failureCount === 1)).toBe(true);
    const executions = await t()
      .db.select()
      .from(scheduledTaskExecutions)
      .where(
        inArray(
          scheduledTaskExecutions.id,
          runs.map((r) => r.execution.id),
        ),
      );
    expect(executions.filter((e) => e.status === 'success')).toHaveLength(completed);
    expect(executions.filter((e) => e.status === 'timeout')).toHaveLength(swept.length);
  });
});
