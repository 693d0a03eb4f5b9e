import { and, asc, desc, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { count4, INT4, int4, jsonValue, serialId } from '../input';
import { defineQueue } from '../queue';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { nextScheduledRun } from './schedule';
import {
  scheduledTaskExecutions as executions,
  scheduledBrowserTasksAutomationTypeValues,
  scheduledBrowserTasksScheduleTypeValues,
  scheduledBrowserTasks as tasks,
} from './tables/workflows';
import type { ScheduledBrowserTask, ScheduledTaskExecution } from './validators';

/**
 * The runner of scheduled_browser_tasks, on the shared queue engine (src/queue/).
 *
 * A task is due when it is active (`status = 'active'`, `isActive`) and `nextRun <= now()`. A claim
 * is the engine's one statement (`… FOR UPDATE SKIP LOCKED`) that clears `nextRun`: a running task
 * is not due, so of any number of concurrent claimers exactly one gets it, and it stays out of the
 * due set until its run is finished (the documented status list has no "running"; the running
 * execution row is the claim). In the same transaction the claim opens the run's execution row
 * (status 'running'): the queued retry row when one waits, else a new 'scheduled' attempt 1.
 *
 * Finishing a run (`completeScheduledTaskRun` / `failScheduledTaskRun`, by execution id) locks the
 * task, closes the execution (only a 'running' one: otherwise LOCK_LOST), updates the counters and
 * the last-run columns, and sets the next run: a retry `retryDelay` seconds later while the task
 * retries failures and attempts remain (`attemptNumber ≤ maxRetries`: maxRetries counts retries),
 * with a queued 'retry' execution row; otherwise the next occurrence of the schedule after now
 * (missed occurrences are skipped, not caught up). A once task has no next run: done, it is
 * 'completed' (or 'failed' when its last attempt failed) and is never claimed again.
 */

const MAX_RETRY_DELAY_SECONDS = 10 * 365 * 24 * 3600;
const FINISHED = ['success', 'failed', 'timeout', 'cancelled'] as const;

/** The engine over scheduled_browser_tasks: only the claim is used (see the module comment). */
const taskQueue = defineQueue({
  table: tasks,
  columns: { id: 'id', status: 'status', readyAt: 'nextRun' },
  // A task stays 'active' while it runs; claiming clears nextRun (claimSet), which is what takes it
  // out of the due set. done/failed are not used: runs are finished by this module.
  states: { ready: 'active', claimed: 'active', done: 'active', failed: 'failed' },
  // A once task that has succeeded is never claimed again, whatever its status says.
  claimable: and(
    eq(tasks.isActive, true),
    sql`(${tasks.scheduleType} <> 'once' or ${tasks.successCount} = 0)`,
  ),
  orderBy: ['nextRun', 'id'],
  claimSet: { nextRun: null },
});

/** The database's clock, as a Date (the claim compares nextRun with the same `now()`). */
async function databaseNow(db: AnyDb): Promise<Date> {
  narrowDb(db);
  const [row] = await db
    .select({ ms: sql<number>`(extract(epoch from now()) * 1000)::float8` })
    .from(sql`(select 1) as one`);
  return new Date(Number(row!.ms));
}

// ---- creation

export const createScheduledTaskInput = z.object({
  userId: serialId(),
  name: z.string().min(1).max(255),
  description: z.string().optional(),
  automationType: z.enum(scheduledBrowserTasksAutomationTypeValues),
  automationConfig: jsonValue(),
  scheduleType: z.enum(scheduledBrowserTasksScheduleTypeValues),
  cronExpression: z.string().min(1).max(255),
  timezone: z.string().min(1).max(100).default('UTC'),
  retryOnFailure: z.boolean().optional(),
  maxRetries: count4().optional(),
  retryDelay: count4().optional(),
  timeout: int4({ min: 1 }).optional(),
  notifyOnSuccess: z.boolean().optional(),
  notifyOnFailure: z.boolean().optional(),
  notificationChannels: jsonValue().optional(),
  keepExecutionHistory: z.boolean().optional(),
  maxHistoryRecords: count4().optional(),
  tags: jsonValue().optional(),
  metadata: jsonValue().optional(),
});
export const createScheduledTaskErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;

/**
 * Creates an active task of `userId` (also its createdBy and lastModifiedBy) with its first run:
 * the schedule's first occurrence after now. An invalid cron expression, an expression that does
 * not have the shape of its daily/weekly/monthly type, or an unknown time zone is INVALID_INPUT.
 */
export async function createScheduledTask(
  db: AnyDb,
  input: z.input<typeof createScheduledTaskInput>,
): Promise<Result<{ task: ScheduledBrowserTask }, (typeof createScheduledTaskErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(createScheduledTaskInput, input);
  if (!parsed.success) return parsed;
  const values = parsed.data;
  const first = nextScheduledRun(values, await databaseNow(db));
  if (!first.success) return fail('INVALID_INPUT', first.message);
  try {
    const [task] = await db
      .insert(tasks)
      .values({ ...values, createdBy: values.userId, lastModifiedBy: values.userId, nextRun: first.nextRun })
      .returning();
    return ok({ task: task! });
  } catch (e) {
    if (isConstraintViolation(e, '23503'))
      return fail('USER_NOT_FOUND', `user ${values.userId} does not exist`);
    throw e;
  }
}

// ---- claim

export const claimDueScheduledTasksInput = z.object({
  limit: int4({ min: 1, max: 1000 }).default(10),
  /** Only this user's tasks. */
  userId: serialId().optional(),
});
export const claimDueScheduledTasksErrors = ['INVALID_INPUT'] as const;

export interface ScheduledTaskRun {
  task: ScheduledBrowserTask;
  execution: ScheduledTaskExecution;
}

/**
 * Claims up to `limit` due tasks (picked earliest nextRun first, returned in id order), each exactly once across concurrent
 * claimers, and opens a 'running' execution for each (`runs`). A claimed task whose stored schedule
 * is invalid (an expression or time zone written past createScheduledTask) is not run: it is set
 * 'failed' with the reason in lastRunError and returned in `unschedulable`.
 */
export async function claimDueScheduledTasks(
  db: AnyDb,
  input: z.input<typeof claimDueScheduledTasksInput> = {},
): Promise<
  Result<
    { runs: ScheduledTaskRun[]; unschedulable: { task: ScheduledBrowserTask; message: string }[] },
    (typeof claimDueScheduledTasksErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(claimDueScheduledTasksInput, input);
  if (!parsed.success) return parsed;
  const { limit, userId } = parsed.data;
  return transactionResult(db, async (tx) => {
    const claimed = await taskQueue.claim(tx, {
      limit,
      filters: userId === undefined ? undefined : { userId },
    });
    if (claimed.length === 0) return ok({ runs: [], unschedulable: [] });
    const now = await databaseNow(tx);
    const runnable: ScheduledBrowserTask[] = [];
    const unschedulable: { task: ScheduledBrowserTask; message: string }[] = [];
    for (const task of claimed) {
      const check = nextScheduledRun(task, now);
      if (check.success) runnable.push(task);
      else unschedulable.push({ task, message: check.message });
    }
    for (const bad of unschedulable) {
      const [task] = await tx
        .update(tasks)
        .set({ status: 'failed', lastRunError: `invalid schedule: ${bad.message}` })
        .where(eq(tasks.id, bad.task.id))
        .returning();
      bad.task = task!;
    }
    const ids = runnable.map((t) => t.id);
    const byTask = new Map<number, ScheduledTaskExecution>();
    if (ids.length > 0) {
      // A waiting retry becomes this run (the newest one, should there be several).
      const retries = await tx
        .update(executions)
        .set({ status: 'running', startedAt: sql`now()` })
        .where(
          sql`${executions.id} in (select distinct on (e."taskId") e."id" from ${executions} e
                 where e."taskId" = any(${sql.param(ids)}::int4[]) and e."status" = 'queued'
                 order by e."taskId", e."id" desc)`,
        )
        .returning();
      for (const e of retries) byTask.set(e.taskId, e);
      const fresh = ids.filter((id) => !byTask.has(id));
      if (fresh.length > 0) {
        const opened = await tx
          .insert(executions)
          .values(
            fresh.map((taskId) => ({
              taskId,
              status: 'running' as const,
              triggerType: 'scheduled' as const,
              attemptNumber: 1,
              startedAt: sql`now()`,
            })),
          )
          .returning();
        for (const e of opened) byTask.set(e.taskId, e);
      }
    }
    return ok({
      runs: runnable.map((task) => ({ task, execution: byTask.get(task.id)! })),
      unschedulable,
    });
  });
}

// ---- finishing a run

const finishInput = z.object({
  executionId: serialId(),
  /** When given, an execution of another user's task is JOB_NOT_FOUND. */
  userId: serialId().optional(),
  /** The run's duration in ms; default: from the execution's startedAt to now. */
  duration: count4().optional(),
  output: jsonValue().optional(),
  logs: jsonValue().optional(),
  sessionId: z.string().max(255).optional(),
  debugUrl: z.string().optional(),
  recordingUrl: z.string().optional(),
  metadata: jsonValue().optional(),
});
const finishErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
type FinishError = (typeof finishErrors)[number];
type Finished = Promise<Result<ScheduledTaskRun, FinishError>>;

export const completeScheduledTaskRunInput = finishInput;
export const completeScheduledTaskRunErrors = finishErrors;

/** Records a successful run: execution 'success', counters, and the next run (a once task: 'completed'). */
export function completeScheduledTaskRun(
  db: AnyDb,
  input: z.input<typeof completeScheduledTaskRunInput>,
): Finished {
  narrowDb(db);
  const parsed = parseInput(completeScheduledTaskRunInput, input);
  if (!parsed.success) return Promise.resolve(parsed);
  return finishRun(db, parsed.data, 'success', null);
}

export const failScheduledTaskRunInput = finishInput.extend({
  error: z.string().min(1),
  /** 'timeout': the run overran the task's timeout (recorded as such, retried like a failure). */
  status: z.enum(['failed', 'timeout']).default('failed'),
});
export const failScheduledTaskRunErrors = finishErrors;

/**
 * Records a failed run: execution 'failed'/'timeout' with the error, counters, then a retry
 * (`retryDelay` s later, a queued 'retry' execution with the next attemptNumber) while the task
 * retries and `attemptNumber ≤ maxRetries`, else the next occurrence (a once task: 'failed').
 */
export function failScheduledTaskRun(db: AnyDb, input: z.input<typeof failScheduledTaskRunInput>): Finished {
  narrowDb(db);
  const parsed = parseInput(failScheduledTaskRunInput, input);
  if (!parsed.success) return Promise.resolve(parsed);
  const { error, status, ...rest } = parsed.data;
  return finishRun(db, rest, status, error);
}

export const timeOutScheduledTaskRunsInput = z.object({
  limit: int4({ min: 1, max: 1000 }).default(100),
  /** Only this user's tasks. */
  userId: serialId().optional(),
  /** Seconds granted past each task's `timeout` before its run is given up. */
  graceSeconds: count4().default(0),
});
export const timeOutScheduledTaskRunsErrors = ['INVALID_INPUT'] as const;

/**
 * Gives up runs whose worker never reported: each 'running' execution started more than its
 * task's `timeout` (+ `graceSeconds`) seconds ago is failed as `'timeout'`, exactly as
 * `failScheduledTaskRun` would (counters, retry or next run), in task id order. Tasks locked by a
 * claim or a finisher are skipped (SKIP LOCKED) and taken on a later call; a worker that reports
 * after this gets LOCK_LOST.
 */
export async function timeOutScheduledTaskRuns(
  db: AnyDb,
  input: z.input<typeof timeOutScheduledTaskRunsInput> = {},
): Promise<Result<{ timedOut: ScheduledTaskRun[] }, (typeof timeOutScheduledTaskRunsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(timeOutScheduledTaskRunsInput, input);
  if (!parsed.success) return parsed;
  const { limit, userId, graceSeconds } = parsed.data;
  return transactionResult(db, async (tx) => {
    // The tasks first (locked in id order, as every other path locks a task before its executions).
    // `FOR UPDATE OF` takes an unqualified name: the task table under an alias.
    const task = alias(tasks, 'task');
    const overdue = await tx
      .select({ taskId: task.id, executionId: executions.id })
      .from(task)
      .innerJoin(executions, eq(executions.taskId, task.id))
      .where(
        and(
          eq(executions.status, 'running'),
          userId === undefined ? undefined : eq(task.userId, userId),
          sql`extract(epoch from now() - ${executions.startedAt}::timestamptz)
                > greatest(${task.timeout}, 0)::float8 + ${graceSeconds}::float8`,
        ),
      )
      .orderBy(asc(task.id), asc(executions.id))
      .limit(limit)
      .for('update', { of: task, skipLocked: true });
    const timedOut: ScheduledTaskRun[] = [];
    for (const { executionId } of overdue) {
      const r = await finishRun(
        tx,
        { executionId },
        'timeout',
        "timed out: no result within the task's timeout",
      );
      if (r.success) timedOut.push({ task: r.task, execution: r.execution });
    }
    return ok({ timedOut });
  });
}

const clampInt4 = (n: SQL) => sql`least(greatest(${n}, ${INT4.min}::numeric), ${INT4.max}::numeric)::int4`;
/** counter + 1, staying at the int4 maximum. */
const increment = (column: AnyPgColumn) =>
  sql`case when ${column} < ${INT4.max} then ${column} + 1 else ${column} end`;

function finishRun(
  db: AnyDb,
  input: z.output<typeof finishInput>,
  outcome: 'success' | 'failed' | 'timeout',
  error: string | null,
): Finished {
  narrowDb(db);
  const { executionId, userId, duration, ...recorded } = input;
  const notFound = fail('JOB_NOT_FOUND', `no execution ${executionId}`);
  return transactionResult(db, async (tx): Finished => {
    const [ref] = await tx
      .select({ taskId: executions.taskId })
      .from(executions)
      .where(eq(executions.id, executionId));
    if (!ref) return notFound;
    // The task first, as the claim locks it: then its execution rows.
    const [task] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, ref.taskId), userId === undefined ? undefined : eq(tasks.userId, userId)))
      .for('update');
    if (!task) return notFound;
    const ms = duration ?? null;
    const [execution] = await tx
      .update(executions)
      .set({
        ...recorded,
        status: outcome,
        error,
        completedAt: sql`now()`,
        duration:
          ms ??
          clampInt4(
            sql`coalesce(round(extract(epoch from (now() - ${executions.startedAt}::timestamptz)) * 1000), 0)`,
          ),
      })
      .where(
        and(eq(executions.id, executionId), eq(executions.taskId, task.id), eq(executions.status, 'running')),
      )
      .returning();
    if (!execution) {
      const [still] = await tx
        .select({ id: executions.id })
        .from(executions)
        .where(and(eq(executions.id, executionId), eq(executions.taskId, task.id)));
      return still ? fail('LOCK_LOST', 'the execution is not running any more') : notFound;
    }
    const took = execution.duration ?? 0;
    const now = await databaseNow(tx);
    const retry = outcome !== 'success' && task.retryOnFailure && execution.attemptNumber <= task.maxRetries;
    let nextRun: Date | null;
    let status = task.status;
    let lastRunError = error;
    if (retry) {
      const delay = Math.min(Math.max(task.retryDelay, 0), MAX_RETRY_DELAY_SECONDS);
      nextRun = new Date(now.getTime() + delay * 1000);
      await tx.insert(executions).values({
        taskId: task.id,
        status: 'queued',
        triggerType: 'retry',
        attemptNumber: Math.min(execution.attemptNumber + 1, INT4.max),
      });
    } else {
      const next = nextScheduledRun(task, now, { hasRun: true });
      nextRun = next.success ? next.nextRun : null;
      if (!next.success) {
        lastRunError = `invalid schedule: ${next.message}`;
        if (status === 'active') status = 'failed';
      } else if (nextRun === null && (status === 'active' || status === 'paused')) {
        // No further run: a once task (or a schedule past year 9999) is finished.
        status = outcome === 'success' || task.scheduleType !== 'once' ? 'completed' : 'failed';
      }
    }
    const [updated] = await tx
      .update(tasks)
      .set({
        status,
        nextRun,
        lastRun: execution.startedAt ?? sql`now()`,
        lastRunStatus: outcome,
        lastRunError,
        lastRunDuration: took,
        executionCount: increment(tasks.executionCount),
        successCount: outcome === 'success' ? increment(tasks.successCount) : undefined,
        failureCount: outcome === 'success' ? undefined : increment(tasks.failureCount),
        averageDuration: clampInt4(
          sql`round((${tasks.averageDuration}::numeric * ${tasks.executionCount} + ${took}) / (${tasks.executionCount}::numeric + 1))`,
        ),
      })
      .where(eq(tasks.id, task.id))
      .returning();
    await pruneHistory(tx, updated!);
    return ok({ task: updated!, execution });
  });
}

/** Keeps the newest `maxHistoryRecords` finished executions of a task (none when keepExecutionHistory is off). */
async function pruneHistory(tx: DbOrTx, task: ScheduledBrowserTask): Promise<void> {
  const keep = task.keepExecutionHistory ? Math.max(task.maxHistoryRecords, 0) : 0;
  const finished = and(eq(executions.taskId, task.id), inArray(executions.status, [...FINISHED]));
  const kept = tx
    .select({ id: executions.id })
    .from(executions)
    .where(finished)
    .orderBy(desc(executions.id))
    .limit(keep);
  await tx.delete(executions).where(and(finished, notInArray(executions.id, kept)));
}
