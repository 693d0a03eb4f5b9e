import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  claimDueScheduledTasks,
  completeScheduledTaskRun,
  createScheduledTask,
  failScheduledTaskRun,
  type NewScheduledBrowserTask,
  nextScheduledRun,
  scheduledBrowserTasks,
  scheduledTaskExecutions,
  timeOutScheduledTaskRuns,
} from '../../src/bottleneck';
import { type Database, rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';

const YEARLY = '0 0 1 1 *';

/** A task row as the app would have it, due a minute ago unless told otherwise. */
async function addTask(db: Database, userId: number, extra: Partial<NewScheduledBrowserTask> = {}) {
  const [task] = await db
    .insert(scheduledBrowserTasks)
    .values({
      userId,
      name: 'scrape',
      automationType: 'workflow',
      automationConfig: { steps: [] },
      scheduleType: 'cron',
      cronExpression: YEARLY,
      createdBy: userId,
      lastModifiedBy: userId,
      nextRun: sql`now() - interval '1 minute'` as never,
      ...extra,
    })
    .returning();
  return task!;
}

const dbNow = async (db: Database) =>
  new Date(
    Number(
      rowsOf<{ ms: number }>(
        await db.execute(sql`select (extract(epoch from now()) * 1000)::float8 as ms`),
      )[0]!.ms,
    ),
  );

async function executionsOf(db: Database, taskId: number) {
  return db
    .select()
    .from(scheduledTaskExecutions)
    .where(eq(scheduledTaskExecutions.taskId, taskId))
    .orderBy(asc(scheduledTaskExecutions.id));
}

async function taskRow(db: Database, id: number) {
  const [row] = await db.select().from(scheduledBrowserTasks).where(eq(scheduledBrowserTasks.id, id));
  return row!;
}

async function claimOne(db: Database, userId: number) {
  const r = await claimDueScheduledTasks(db, { userId });
  if (!r.success) throw new Error(r.message);
  expect(r.runs).toHaveLength(1);
  return r.runs[0]!;
}

describe('createScheduledTask', () => {
  const t = useTestDb();

  it('stores an active task whose nextRun is the first occurrence in its time zone', async () => {
    const userId = await makeUser(t().db);
    const before = await dbNow(t().db);
    const r = await createScheduledTask(t().db, {
      userId,
      name: 'new year',
      automationType: 'extract',
      automationConfig: { url: 'https://example.com' },
      scheduleType: 'cron',
      cronExpression: YEARLY,
      timezone: 'Pacific/Auckland',
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    const expected = nextScheduledRun(
      { scheduleType: 'cron', cronExpression: YEARLY, timezone: 'Pacific/Auckland' },
      before,
    );
    expect(expected.success && expected.nextRun).toEqual(r.task.nextRun);
    expect(r.task).toMatchObject({
      status: 'active',
      createdBy: userId,
      lastModifiedBy: userId,
      timezone: 'Pacific/Auckland',
      executionCount: 0,
    });
  });

  it.each([
    ['an invalid cron expression', { cronExpression: '0 25 * * *' }],
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }],
    ['a daily schedule that is not daily', { scheduleType: 'daily' as const, cronExpression: '*/5 * * * *' }],
  ])('%s is INVALID_INPUT and writes nothing', async (_label, bad) => {
    const userId = await makeUser(t().db);
    const r = await createScheduledTask(t().db, {
      userId,
      name: 'x',
      automationType: 'chat',
      automationConfig: {},
      scheduleType: 'cron',
      cronExpression: '0 9 * * *',
      ...bad,
    });
    expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    const rows = await t()
      .db.select()
      .from(scheduledBrowserTasks)
      .where(eq(scheduledBrowserTasks.userId, userId));
    expect(rows).toEqual([]);
  });

  it('an unknown user is USER_NOT_FOUND', async () => {
    const r = await createScheduledTask(t().db, {
      userId: 2_000_000_000,
      name: 'x',
      automationType: 'chat',
      automationConfig: {},
      scheduleType: 'once',
      cronExpression: '0 9 * * *',
    });
    expect(r).toMatchObject({ success: false, error: 'USER_NOT_FOUND' });
  });
});

describe('claimDueScheduledTasks', () => {
  const t = useTestDb();

  it('claims active, due tasks once, earliest first, each with a running scheduled execution', async () => {
    const userId = await makeUser(t().db);
    const later = await addTask(t().db, userId, { nextRun: sql`now() - interval '1 minute'` as never });
    const earlier = await addTask(t().db, userId, { nextRun: sql`now() - interval '1 hour'` as never });
    await addTask(t().db, userId, { nextRun: sql`now() + interval '1 hour'` as never });
    await addTask(t().db, userId, { status: 'paused' });
    await addTask(t().db, userId, { isActive: false });
    await addTask(t().db, userId, { nextRun: null });
    // Earliest nextRun first: with a limit of 1 the earlier task, although added later.
    const first = await claimDueScheduledTasks(t().db, { userId, limit: 1 });
    const r = await claimDueScheduledTasks(t().db, { userId });
    expect(first.success && r.success).toBe(true);
    if (!first.success || !r.success) return;
    expect(first.runs.map((x) => x.task.id)).toEqual([earlier.id]);
    expect(r.runs.map((x) => x.task.id)).toEqual([later.id]);
    expect(first.unschedulable).toEqual([]);
    for (const run of [...first.runs, ...r.runs]) {
      expect(run.task.nextRun).toBeNull();
      expect(run.execution).toMatchObject({
        taskId: run.task.id,
        status: 'running',
        triggerType: 'scheduled',
        attemptNumber: 1,
      });
      expect(run.execution.startedAt).toBeInstanceOf(Date);
    }
    expect(r.unschedulable).toEqual([]);
    expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
      success: true,
      runs: [],
      unschedulable: [],
    });
    expect(await executionsOf(t().db, earlier.id)).toHaveLength(1);
  });

  it('honours the limit and another user’s filter', async () => {
    const a = await makeUser(t().db);
    const b = await makeUser(t().db);
    const mine = [await addTask(t().db, a), await addTask(t().db, a), await addTask(t().db, a)];
    await addTask(t().db, b);
    const first = await claimDueScheduledTasks(t().db, { userId: a, limit: 2 });
    const second = await claimDueScheduledTasks(t().db, { userId: a, limit: 2 });
    const ids = [first, second].flatMap((r) => (r.success ? r.runs.map((x) => x.task.userId) : []));
    expect(ids).toEqual([a, a, a]);
    expect(new Set([first, second].flatMap((r) => (r.success ? r.runs.map((x) => x.task.id) : [])))).toEqual(
      new Set(mine.map((m) => m.id)),
    );
  });

  it('a stored schedule that is invalid is not run: the task is failed with the reason', async () => {
    const userId = await makeUser(t().db);
    const bad = await addTask(t().db, userId, { timezone: 'Nowhere/Land' });
    const r = await claimDueScheduledTasks(t().db, { userId });
    expect(r).toMatchObject({ success: true, runs: [] });
    if (!r.success) return;
    expect(r.unschedulable).toHaveLength(1);
    expect(r.unschedulable[0]!.message).toContain('Nowhere/Land');
    expect(r.unschedulable[0]!.task).toMatchObject({ id: bad.id, status: 'failed', nextRun: null });
    expect((await taskRow(t().db, bad.id)).lastRunError).toMatch(/^invalid schedule: /);
    expect(await executionsOf(t().db, bad.id)).toEqual([]);
  });
});

describe('completeScheduledTaskRun', () => {
  const t = useTestDb();

  it('records the execution, the counters, the last run and the next occurrence', async () => {
    const userId = await makeUser(t().db);
    const task = await addTask(t().db, userId, { timezone: 'America/New_York' });
    const run = await claimOne(t().db, userId);
    const before = await dbNow(t().db);
    const r = await completeScheduledTaskRun(t().db, {
      executionId: run.execution.id,
      userId,
      duration: 100,
      output: { rows: 3 },
      sessionId: 'bb-1',
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.execution).toMatchObject({
      id: run.execution.id,
      status: 'success',
      duration: 100,
      output: { rows: 3 },
      sessionId: 'bb-1',
      error: null,
    });
    expect(r.execution.completedAt).toBeInstanceOf(Date);
    const next = nextScheduledRun(
      { scheduleType: 'cron', cronExpression: YEARLY, timezone: 'America/New_York' },
      before,
    );
    expect(r.task).toMatchObject({
      id: task.id,
      status: 'active',
      lastRun: run.execution.startedAt,
      lastRunStatus: 'success',
      lastRunError: null,
      lastRunDuration: 100,
      executionCount: 1,
      successCount: 1,
      failureCount: 0,
      averageDuration: 100,
      nextRun: next.success ? next.nextRun : 'no next run',
    });
    expect(await taskRow(t().db, task.id)).toEqual(r.task);

    // A second run of 300 ms: the average is over every execution.
    await t()
      .db.update(scheduledBrowserTasks)
      .set({ nextRun: sql`now()` as never })
      .where(eq(scheduledBrowserTasks.id, task.id));
    const again = await claimOne(t().db, userId);
    const r2 = await completeScheduledTaskRun(t().db, { executionId: again.execution.id, duration: 300 });
    expect(r2).toMatchObject({
      success: true,
      task: { executionCount: 2, successCount: 2, averageDuration: 200 },
    });
  });

  it('without a duration, measures it from startedAt (at most the int4 maximum)', async () => {
    const userId = await makeUser(t().db);
    await addTask(t().db, userId);
    await addTask(t().db, userId);
    const claimed = await claimDueScheduledTasks(t().db, { userId });
    expect(claimed.success && claimed.runs.length).toBe(2);
    if (!claimed.success) return;
    const [recent, ancient] = claimed.runs.map((x) => x.execution.id) as [number, number];
    await t()
      .db.update(scheduledTaskExecutions)
      .set({ startedAt: sql`now() - interval '2.5 seconds'` as never })
      .where(eq(scheduledTaskExecutions.id, recent));
    await t()
      .db.update(scheduledTaskExecutions)
      .set({ startedAt: new Date('2000-01-01T00:00:00Z') })
      .where(eq(scheduledTaskExecutions.id, ancient));
    const r = await completeScheduledTaskRun(t().db, { executionId: recent });
    expect(r.success).toBe(true);
    if (!r.success) return;
    // 2.5 s before the statement that set startedAt, plus the time until the completion's
    expect(r.execution.duration).toBeGreaterThanOrEqual(2500);
    expect(r.execution.duration).toBeLessThan(2500 + 60_000);
    expect(r.task.lastRunDuration).toBe(r.execution.duration);
    expect(r.task.averageDuration).toBe(r.execution.duration);
    expect(await completeScheduledTaskRun(t().db, { executionId: ancient })).toMatchObject({
      success: true,
      execution: { duration: 2_147_483_647 },
      task: { lastRunDuration: 2_147_483_647, averageDuration: 2_147_483_647 },
    });
  });

  it('a finished run is LOCK_LOST; unknown or another user’s execution is JOB_NOT_FOUND; nothing written', async () => {
    const userId = await makeUser(t().db);
    const other = await makeUser(t().db);
    const task = await addTask(t().db, userId);
    const run = await claimOne(t().db, userId);
    expect(
      await completeScheduledTaskRun(t().db, { executionId: run.execution.id, userId: other }),
    ).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
    expect(await failScheduledTaskRun(t().db, { executionId: 2_000_000_000, error: 'x' })).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
    expect((await taskRow(t().db, task.id)).executionCount).toBe(0);
    expect(await completeScheduledTaskRun(t().db, { executionId: run.execution.id, userId })).toMatchObject({
      success: true,
    });
    const after = await taskRow(t().db, task.id);
    expect(await completeScheduledTaskRun(t().db, { executionId: run.execution.id })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(
      await failScheduledTaskRun(t().db, { executionId: run.execution.id, error: 'late' }),
    ).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(await taskRow(t().db, task.id)).toEqual(after);
  });

  it('keeps only maxHistoryRecords finished executions, none without keepExecutionHistory', async () => {
    const userId = await makeUser(t().db);
    const kept = await addTask(t().db, userId, { maxHistoryRecords: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      await t()
        .db.update(scheduledBrowserTasks)
        .set({ nextRun: sql`now()` as never })
        .where(eq(scheduledBrowserTasks.id, kept.id));
      const run = await claimOne(t().db, userId);
      ids.push(run.execution.id);
      expect(await completeScheduledTaskRun(t().db, { executionId: run.execution.id })).toMatchObject({
        success: true,
      });
    }
    expect((await executionsOf(t().db, kept.id)).map((e) => e.id)).toEqual(ids.slice(1));
    expect((await taskRow(t().db, kept.id)).executionCount).toBe(3);

    const none = await addTask(t().db, userId, { keepExecutionHistory: false });
    const run = await claimOne(t().db, userId);
    const r = await completeScheduledTaskRun(t().db, { executionId: run.execution.id });
    expect(r).toMatchObject({ success: true, execution: { id: run.execution.id, status: 'success' } });
    expect(await executionsOf(t().db, none.id)).toEqual([]);
  });
});

describe('once tasks', () => {
  const t = useTestDb();

  it('run once: completed with no next run, and never claimed again even if reactivated', async () => {
    const userId = await makeUser(t().db);
    const task = await addTask(t().db, userId, { scheduleType: 'once' });
    const run = await claimOne(t().db, userId);
    const r = await completeScheduledTaskRun(t().db, { executionId: run.execution.id });
    expect(r).toMatchObject({ success: true, task: { status: 'completed', nextRun: null, successCount: 1 } });
    await t()
      .db.update(scheduledBrowserTasks)
      .set({ status: 'active', nextRun: sql`now() - interval '1 minute'` as never })
      .where(eq(scheduledBrowserTasks.id, task.id));
    expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
      success: true,
      runs: [],
      unschedulable: [],
    });
    expect(await executionsOf(t().db, task.id)).toHaveLength(1);
  });

  it('a once task retries its failure, then is failed for good', async () => {
    const userId = await makeUser(t().db);
    const task = await addTask(t().db, userId, { scheduleType: 'once', maxRetries: 1, retryDelay: 0 });
    const first = await claimOne(t().db, userId);
    expect(
      await failScheduledTaskRun(t().db, { executionId: first.execution.id, error: 'boom' }),
    ).toMatchObject({
      success: true,
      task: { status: 'active', failureCount: 1 },
    });
    const second = await claimOne(t().db, userId);
    expect(second.execution).toMatchObject({ triggerType: 'retry', attemptNumber: 2 });
    expect(
      await failScheduledTaskRun(t().db, { executionId: second.execution.id, error: 'boom again' }),
    ).toMatchObject({
      success: true,
      task: {
        status: 'failed',
        nextRun: null,
        failureCount: 2,
        executionCount: 2,
        lastRunError: 'boom again',
      },
    });
    expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
      success: true,
      runs: [],
      unschedulable: [],
    });
    expect((await executionsOf(t().db, task.id)).map((e) => e.status)).toEqual(['failed', 'failed']);
  });
});

describe('failScheduledTaskRun retries', () => {
  const t = useTestDb();

  it('retries maxRetries times after retryDelay (a queued retry execution), then waits for the next occurrence', async () => {
    const userId = await makeUser(t().db);
    const task = await addTask(t().db, userId, { maxRetries: 2, retryDelay: 0 });
    const attempts: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const run = await claimOne(t().db, userId);
      attempts.push(run.execution.attemptNumber);
      expect(run.execution.triggerType).toBe(attempt === 1 ? 'scheduled' : 'retry');
      const r = await failScheduledTaskRun(t().db, {
        executionId: run.execution.id,
        error: `attempt ${attempt}`,
        duration: 10,
      });
      expect(r).toMatchObject({
        success: true,
        execution: { status: 'failed', error: `attempt ${attempt}`, attemptNumber: attempt },
        task: { status: 'active', lastRunStatus: 'failed', failureCount: attempt, executionCount: attempt },
      });
    }
    expect(attempts).toEqual([1, 2, 3]);
    const rows = await executionsOf(t().db, task.id);
    expect(rows.map((e) => [e.triggerType, e.attemptNumber, e.status])).toEqual([
      ['scheduled', 1, 'failed'],
      ['retry', 2, 'failed'],
      ['retry', 3, 'failed'],
    ]);
    // Out of retries: the next occurrence, not another retry.
    const row = await taskRow(t().db, task.id);
    const next = nextScheduledRun(
      { scheduleType: 'cron', cronExpression: YEARLY, timezone: 'UTC' },
      row.lastRun!,
    );
    expect(next.success && next.nextRun).toEqual(row.nextRun);
    expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
      success: true,
      runs: [],
      unschedulable: [],
    });
  });

  it('the retry is due retryDelay seconds later; a timeout is recorded as such', async () => {
    const userId = await makeUser(t().db);
    const task = await addTask(t().db, userId, { retryDelay: 90 });
    const run = await claimOne(t().db, userId);
    const before = await dbNow(t().db);
    const r = await failScheduledTaskRun(t().db, {
      executionId: run.execution.id,
      error: 'slow',
      status: 'timeout',
    });
    const after = await dbNow(t().db);
    expect(r).toMatchObject({
      success: true,
      execution: { status: 'timeout' },
      task: { lastRunStatus: 'timeout' },
    });
    const next = (await taskRow(t().db, task.id)).nextRun!.getTime();
    expect(next).toBeGreaterThanOrEqual(before.getTime() + 90_000);
    expect(next).toBeLessThanOrEqual(after.getTime() + 90_000);
    expect(
      (await executionsOf(t().db, task.id)).map((e) => [e.status, e.triggerType, e.attemptNumber]),
    ).toEqual([
      ['timeout', 'scheduled', 1],
      ['queued', 'retry', 2],
    ]);
    expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
      success: true,
      runs: [],
      unschedulable: [],
    });
  });

  it('no retry when retryOnFailure is off or maxRetries is 0', async () => {
    const userId = await makeUser(t().db);
    for (const extra of [{ retryOnFailure: false }, { maxRetries: 0 }]) {
      const task = await addTask(t().db, userId, { retryDelay: 0, ...extra });
      const run = await claimOne(t().db, userId);
      expect(
        await failScheduledTaskRun(t().db, { executionId: run.execution.id, error: 'no' }),
      ).toMatchObject({
        success: true,
      });
      expect((await executionsOf(t().db, task.id)).map((e) => e.status)).toEqual(['failed']);
      expect(await claimDueScheduledTasks(t().db, { userId })).toEqual({
        success: true,
        runs: [],
        unschedulable: [],
      });
    }
  });
});

describe('timeOutScheduledTaskRuns', () => {
  const t = useTestDb();

  const startedAgo = (db: Database, executionId: number, seconds: number) =>
    db
      .update(scheduledTaskExecutions)
      .set({ startedAt: sql`now() - make_interval(secs => ${seconds})` as never })
      .where(eq(scheduledTaskExecutions.id, executionId));

  it('fails runs older than their task’s timeout as timeout (then retried), leaves the others, and the late worker gets LOCK_LOST', async () => {
    const userId = await makeUser(t().db);
    const overdue = await addTask(t().db, userId, { timeout: 300, retryDelay: 60 });
    const fresh = await addTask(t().db, userId, { timeout: 300 });
    const claimed = await claimDueScheduledTasks(t().db, { userId });
    expect(claimed.success && claimed.runs.length).toBe(2);
    if (!claimed.success) return;
    const byTask = new Map(claimed.runs.map((r) => [r.task.id, r.execution.id]));
    await startedAgo(t().db, byTask.get(overdue.id)!, 301);
    await startedAgo(t().db, byTask.get(fresh.id)!, 299);
    const before = await dbNow(t().db);
    const r = await timeOutScheduledTaskRuns(t().db, { userId });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.timedOut).toHaveLength(1);
    expect(r.timedOut[0]!.execution).toMatchObject({
      id: byTask.get(overdue.id),
      status: 'timeout',
      error: "timed out: no result within the task's timeout",
    });
    expect(r.timedOut[0]!.execution.duration).toBeGreaterThanOrEqual(301_000);
    expect(r.timedOut[0]!.task).toMatchObject({
      id: overdue.id,
      status: 'active',
      lastRunStatus: 'timeout',
      failureCount: 1,
      executionCount: 1,
    });
    expect(r.timedOut[0]!.task.nextRun!.getTime()).toBeGreaterThanOrEqual(before.getTime() + 60_000);
    expect(
      (await executionsOf(t().db, overdue.id)).map((e) => [e.status, e.triggerType, e.attemptNumber]),
    ).toEqual([
      ['timeout', 'scheduled', 1],
      ['queued', 'retry', 2],
    ]);
    expect(await completeScheduledTaskRun(t().db, { executionId: byTask.get(overdue.id)! })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect((await executionsOf(t().db, fresh.id)).map((e) => e.status)).toEqual(['running']);
    expect(await completeScheduledTaskRun(t().db, { executionId: byTask.get(fresh.id)! })).toMatchObject({
      success: true,
    });
  });

  it('graceSeconds extends the timeout; userId scopes the sweep', async () => {
    const a = await makeUser(t().db);
    const b = await makeUser(t().db);
    const mine = await addTask(t().db, a, { timeout: 10 });
    const theirs = await addTask(t().db, b, { timeout: 10 });
    const runA = await claimOne(t().db, a);
    const runB = await claimOne(t().db, b);
    await startedAgo(t().db, runA.execution.id, 20);
    await startedAgo(t().db, runB.execution.id, 20);
    expect(await timeOutScheduledTaskRuns(t().db, { userId: a, graceSeconds: 15 })).toEqual({
      success: true,
      timedOut: [],
    });
    const r = await timeOutScheduledTaskRuns(t().db, { userId: a, graceSeconds: 5 });
    expect(r.success && r.timedOut.map((x) => x.task.id)).toEqual([mine.id]);
    expect((await executionsOf(t().db, theirs.id)).map((e) => e.status)).toEqual(['running']);
  });
});
