import { and, asc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { dateInput, int4 } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { decisions, priorityValues, taskStatusValues, tasks, taskTypeValues } from './tables/ops';
import {
  type Decision,
  insertDecisionSchema,
  insertTaskSchema,
  type Task,
  taskIdSchema,
  updateTaskSchema,
} from './validators';

const taskFields = { id: true, createdAt: true, updatedAt: true, completedAt: true } as const;

export const createTaskInput = insertTaskSchema.omit(taskFields);
export const createTaskErrors = ['INVALID_INPUT', 'BUSY'] as const;

/**
 * How often createTask / recordDecision take a new id when the one they got was inserted meanwhile
 * by another connection (a concurrent import: the id function cannot see uncommitted rows).
 */
const MAX_ID_ATTEMPTS = 3;

/**
 * Inserts a task; its id (TASK-001, …, TASK-1000) comes from `portal.next_task_id()`: the sequence,
 * continued after the highest TASK-number already in the table (imports, restores), so concurrent
 * creates never collide. The INSERT is `ON CONFLICT (id) DO NOTHING`: an id committed by another
 * connection meanwhile means a new id (up to 3 attempts, then BUSY), never a duplicate-key error.
 */
export async function createTask(
  db: AnyDb,
  input: z.input<typeof createTaskInput>,
): Promise<Result<{ task: Task }, (typeof createTaskErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(createTaskInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const [task] = await db
      .insert(tasks)
      .values({ ...data, completedAt: data.status === 'completed' ? sql`now()` : undefined })
      .onConflictDoNothing({ target: tasks.id })
      .returning();
    if (task) return ok({ task });
  }
  return fail(
    'BUSY',
    `every task id taken was inserted concurrently (${MAX_ID_ATTEMPTS} attempts); try again`,
  );
}

export const updateTaskInput = updateTaskSchema
  .omit(taskFields)
  .extend({ id: taskIdSchema })
  // A field given as `undefined` is not an update: UPDATE … SET needs at least one value.
  .refine((v) => Object.entries(v).some(([k, x]) => k !== 'id' && x !== undefined), 'nothing to update');
export const updateTaskErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/**
 * Updates the given fields in one statement. A status change keeps `completed_at` consistent:
 * set (once) when the status becomes completed, cleared when a task is reopened.
 */
export async function updateTask(
  db: AnyDb,
  input: z.input<typeof updateTaskInput>,
): Promise<Result<{ task: Task }, (typeof updateTaskErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(updateTaskInput, input);
  if (!parsed.success) return parsed;
  const { id, ...patch } = parsed.data;
  const completedAt =
    patch.status === undefined
      ? undefined
      : patch.status === 'completed'
        ? sql`coalesce(${tasks.completedAt}, now())`
        : null;
  const [task] = await db
    .update(tasks)
    .set({ ...patch, ...(completedAt === undefined ? {} : { completedAt }) })
    .where(eq(tasks.id, id))
    .returning();
  return task ? ok({ task }) : fail('NOT_FOUND', `no task ${id}`);
}

export const completeTaskInput = z.object({
  id: taskIdSchema,
  completionNotes: z.string().max(200_000).optional(),
  commitRefs: z.array(z.string().min(1).max(200)).optional(),
});
export const completeTaskErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/**
 * Marks a task completed. `completed_at` is set by the first completion only; commit refs are
 * appended without duplicates; notes replace the stored ones when given. One statement.
 */
export async function completeTask(
  db: AnyDb,
  input: z.input<typeof completeTaskInput>,
): Promise<Result<{ task: Task }, (typeof completeTaskErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(completeTaskInput, input);
  if (!parsed.success) return parsed;
  const { id, completionNotes, commitRefs } = parsed.data;
  const refs =
    commitRefs && commitRefs.length > 0
      ? sql`array(
          select r from unnest(coalesce(${tasks.commitRefs}, '{}'::text[]) || ${sql.param(commitRefs)}::text[])
            with ordinality as u(r, i)
          group by r order by min(i))`
      : undefined;
  const [task] = await db
    .update(tasks)
    .set({
      status: 'completed',
      completedAt: sql`coalesce(${tasks.completedAt}, now())`,
      ...(completionNotes !== undefined ? { completionNotes } : {}),
      ...(refs ? { commitRefs: refs } : {}),
    })
    .where(eq(tasks.id, id))
    .returning();
  return task ? ok({ task }) : fail('NOT_FOUND', `no task ${id}`);
}

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)]);
export const listTasksInput = z
  .object({
    company: z.string().min(1).max(200).optional(),
    status: oneOrMany(z.enum(taskStatusValues)).optional(),
    priority: oneOrMany(z.enum(priorityValues)).optional(),
    owner: z.string().min(1).max(200).optional(),
    /** Tasks due strictly before this date (YYYY-MM-DD, years 0001–9999). */
    dueBefore: dateInput().optional(),
    taskType: oneOrMany(z.enum(taskTypeValues)).optional(),
    limit: int4({ min: 1, max: 1000 }).default(100),
  })
  .default({ limit: 100 });
export const listTasksErrors = ['INVALID_INPUT'] as const;

/** Tasks matching every given filter, by due date (undated last), then creation order. */
export async function listTasks(
  db: AnyDb,
  input: z.input<typeof listTasksInput> = {},
): Promise<Result<{ tasks: Task[] }, (typeof listTasksErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listTasksInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const anyOf = <V extends string>(
    col: typeof tasks.status | typeof tasks.priority | typeof tasks.taskType,
    v: V | V[],
  ) => (Array.isArray(v) ? inArray(col, v as never[]) : eq(col, v as never));
  const where: (SQL | undefined)[] = [
    f.company !== undefined ? eq(tasks.company, f.company as never) : undefined,
    f.status !== undefined ? anyOf(tasks.status, f.status) : undefined,
    f.priority !== undefined ? anyOf(tasks.priority, f.priority) : undefined,
    f.owner !== undefined ? eq(tasks.owner, f.owner) : undefined,
    f.dueBefore !== undefined ? lt(tasks.due, f.dueBefore) : undefined,
    f.taskType !== undefined ? anyOf(tasks.taskType, f.taskType) : undefined,
  ];
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(sql`${tasks.due} asc nulls last`, asc(tasks.createdAt), asc(tasks.id))
    .limit(f.limit);
  return ok({ tasks: rows });
}

export const decisionKindValues = ['TECH', 'BIZ'] as const;
export const recordDecisionInput = insertDecisionSchema
  .omit({ id: true, createdAt: true, updatedAt: true })
  .extend({ kind: z.enum(decisionKindValues) });
export const recordDecisionErrors = ['INVALID_INPUT', 'BUSY'] as const;

/**
 * Records a decision as TECH-001… or BIZ-001…, numbered per prefix by its own sequence and
 * continued after the highest number of that prefix already in the table; a concurrent insert of
 * the same id means a new id (ON CONFLICT DO NOTHING, up to 3 attempts, then BUSY), as in createTask.
 */
export async function recordDecision(
  db: AnyDb,
  input: z.input<typeof recordDecisionInput>,
): Promise<Result<{ decision: Decision }, (typeof recordDecisionErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordDecisionInput, input);
  if (!parsed.success) return parsed;
  const { kind, ...data } = parsed.data;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const [decision] = await db
      .insert(decisions)
      .values({ ...data, id: sql`portal.next_decision_id(${kind})` })
      .onConflictDoNothing({ target: decisions.id })
      .returning();
    if (decision) return ok({ decision });
  }
  return fail(
    'BUSY',
    `every ${kind} id taken was inserted concurrently (${MAX_ID_ATTEMPTS} attempts); try again`,
  );
}
