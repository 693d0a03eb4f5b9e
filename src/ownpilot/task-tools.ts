// The task AI tools (add_task, list_tasks, complete_task, update_task, delete_task, batch_add_tasks).
// References (parent_id → tasks, project_id → projects) must name a row of the same user: each is
// checked by a locked, owner-scoped read in the transaction that writes it (lockOwned), and the
// database refuses a cross-user parent too (composite FK through user_id, migration 0004).
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { batch } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { completedAtFor, deleteOwnedOrBusy } from './owned-rows';
import { idInput, lockOwned, pageInput, searchColumns, userIdInput } from './query';
import { projects, taskPriorityValues, taskStatusValues, tasks } from './tables/personal';
import { insertTaskSchema, type Task, updateTaskSchema } from './validators';

const taskFields = insertTaskSchema.omit({
  id: true,
  userId: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
});

type Refs = { parentId?: string | null; projectId?: string | null };
type RefError = 'PARENT_NOT_FOUND' | 'PROJECT_NOT_FOUND';
const hasRefs = (rows: Refs[]) =>
  rows.some((r) => typeof r.parentId === 'string' || typeof r.projectId === 'string');

/** Runs `fn` in a transaction (rolled back on a failure) when there are references to lock, else directly. */
const withRefs = <T extends { success: boolean }>(
  db: AnyDb,
  rows: Refs[],
  fn: (tx: DbOrTx) => Promise<T>,
) => {
  narrowDb(db);
  return hasRefs(rows) ? transactionResult(db, fn) : fn(db);
};

/**
 * Checks and locks (FOR KEY SHARE, until the transaction ends) the parents and projects the rows
 * will point at: each must be a task / project of `userId`. Another user's id answers exactly
 * like a missing one. Locks parents (tasks) first, then projects, each in id order.
 */
async function checkRefs(tx: DbOrTx, userId: string, rows: Refs[]) {
  const parents = rows.map((r) => r.parentId).filter((v): v is string => typeof v === 'string');
  const projectIds = rows.map((r) => r.projectId).filter((v): v is string => typeof v === 'string');
  const okParents = await lockOwned(tx, tasks, parents, userId);
  const missingParent = [...new Set(parents)].sort().find((p) => !okParents.has(p));
  if (missingParent !== undefined)
    return fail<RefError>('PARENT_NOT_FOUND', `parent task ${missingParent} does not exist`);
  const okProjects = await lockOwned(tx, projects, projectIds, userId);
  const missingProject = [...new Set(projectIds)].sort().find((p) => !okProjects.has(p));
  if (missingProject !== undefined)
    return fail<RefError>('PROJECT_NOT_FOUND', `project ${missingProject} does not exist`);
  return undefined;
}

export const addTaskInput = taskFields.extend({ userId: userIdInput });
export const addTaskErrors = ['INVALID_INPUT', 'PARENT_NOT_FOUND', 'PROJECT_NOT_FOUND'] as const;
export type AddTaskError = (typeof addTaskErrors)[number];

/**
 * add_task: creates a task. `parentId` / `projectId` must name a task / project of the same user
 * (PARENT_NOT_FOUND / PROJECT_NOT_FOUND otherwise, also for another user's id).
 */
export async function addTask(
  db: AnyDb,
  input: z.input<typeof addTaskInput>,
): Promise<Result<{ task: Task }, AddTaskError>> {
  narrowDb(db);
  const parsed = parseInput(addTaskInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  return withRefs(db, [data], async (tx): Promise<Result<{ task: Task }, AddTaskError>> => {
    const refused = await checkRefs(tx, data.userId, [data]);
    if (refused) return refused;
    const [task] = await tx.insert(tasks).values(data).returning();
    return ok({ task: task as Task });
  });
}

export const batchAddTasksInput = z.object({ userId: userIdInput, tasks: batch(taskFields, 100) });
export const batchAddTasksErrors = addTaskErrors;

/** batch_add_tasks: one INSERT for all tasks, so either every task is created or none. */
export async function batchAddTasks(
  db: AnyDb,
  input: z.input<typeof batchAddTasksInput>,
): Promise<Result<{ tasks: Task[] }, (typeof batchAddTasksErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(batchAddTasksInput, input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  return withRefs(db, parsed.data.tasks, async (tx): Promise<Result<{ tasks: Task[] }, AddTaskError>> => {
    const refused = await checkRefs(tx, userId, parsed.data.tasks);
    if (refused) return refused;
    const rows = await tx
      .insert(tasks)
      .values(parsed.data.tasks.map((t) => ({ ...t, userId })))
      .returning();
    return ok({ tasks: rows as Task[] });
  });
}

export const listTasksInput = z.object({
  userId: userIdInput,
  status: z.enum(taskStatusValues).optional(),
  priority: z.enum(taskPriorityValues).optional(),
  category: z.string().optional(),
  search: z.string().min(1).optional(),
  ...pageInput,
});
export const listTasksErrors = ['INVALID_INPUT'] as const;

/**
 * Rank of a priority in list_tasks (OwnPilot's order): urgent, high, normal, low. Every documented
 * value has a rank; the CHECK constraint keeps others out.
 */
const priorityRank = sql`case ${tasks.priority} when 'urgent' then 1 when 'high' then 2 when 'normal' then 3 when 'low' then 4 end`;

/**
 * list_tasks: the user's tasks, filtered; `search` matches title and description literally.
 * Ordered as OwnPilot lists them: by priority (urgent, high, normal, low), then due date
 * (earliest first, tasks without one last), then newest first; ties by id, so pages are stable.
 */
export async function listTasks(
  db: AnyDb,
  input: z.input<typeof listTasksInput>,
): Promise<Result<{ tasks: Task[] }, (typeof listTasksErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listTasksInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(tasks.userId, f.userId)];
  if (f.status) where.push(eq(tasks.status, f.status));
  if (f.priority) where.push(eq(tasks.priority, f.priority));
  if (f.category !== undefined) where.push(eq(tasks.category, f.category));
  if (f.search) where.push(searchColumns(f.search, [tasks.title, tasks.description]));
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(priorityRank, sql`${tasks.dueDate} asc nulls last`, desc(tasks.createdAt), asc(tasks.id))
    .limit(f.limit)
    .offset(f.offset);
  return ok({ tasks: rows });
}

export const taskRefInput = z.object({ userId: userIdInput, id: idInput });
export const completeTaskInput = taskRefInput;
export const completeTaskErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type CompleteTaskError = (typeof completeTaskErrors)[number];

/** complete_task: marks the task completed; completing twice keeps the first completed_at. */
export async function completeTask(
  db: AnyDb,
  input: z.input<typeof completeTaskInput>,
): Promise<Result<{ task: Task }, CompleteTaskError>> {
  narrowDb(db);
  const parsed = parseInput(completeTaskInput, input);
  if (!parsed.success) return parsed;
  const [task] = await db
    .update(tasks)
    .set({ status: 'completed', completedAt: sql`coalesce(${tasks.completedAt}, now())` })
    .where(and(eq(tasks.id, parsed.data.id), eq(tasks.userId, parsed.data.userId)))
    .returning();
  return task ? ok({ task }) : fail('NOT_FOUND', `task ${parsed.data.id} not found`);
}

export const updateTaskInput = updateTaskSchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, completedAt: true })
  .extend({ userId: userIdInput, id: idInput });
export const updateTaskErrors = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'PARENT_NOT_FOUND',
  'PROJECT_NOT_FOUND',
] as const;
export type UpdateTaskError = (typeof updateTaskErrors)[number];

/**
 * update_task: changes the given fields; a status change keeps completed_at consistent with it.
 * A new `parentId` / `projectId` must name a task / project of the same user.
 */
export async function updateTask(
  db: AnyDb,
  input: z.input<typeof updateTaskInput>,
): Promise<Result<{ task: Task }, UpdateTaskError>> {
  narrowDb(db);
  const parsed = parseInput(updateTaskInput, input);
  if (!parsed.success) return parsed;
  const { id, userId, ...fields } = parsed.data;
  const set: Record<string, unknown> = { ...fields, ...completedAtFor(fields.status, tasks.completedAt) };
  if (Object.keys(set).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  if (fields.parentId === id) return fail('INVALID_INPUT', 'parentId: a task cannot be its own parent');
  return withRefs(db, [fields], async (tx): Promise<Result<{ task: Task }, UpdateTaskError>> => {
    // Referenced rows are locked before the row being written (the order every function uses).
    const refused = await checkRefs(tx, userId, [fields]);
    if (refused) return refused;
    const [task] = await tx
      .update(tasks)
      .set(set)
      .where(and(eq(tasks.id, id), eq(tasks.userId, userId)))
      .returning();
    return task ? ok({ task }) : fail('NOT_FOUND', `task ${id} not found`);
  });
}

export const deleteTaskInput = taskRefInput;
export const deleteTaskErrors = ['INVALID_INPUT', 'NOT_FOUND', 'BUSY'] as const;

/**
 * delete_task: deletes the task (its subtasks keep existing with parent_id NULL). Two tasks can
 * be each other's parent (update_task allows it), and concurrent deletes of such a pair lock
 * their own row, then each other's (SET NULL): a deadlock by design, so the delete is retried
 * (5 attempts) and then answers BUSY.
 */
export async function deleteTask(
  db: AnyDb,
  input: z.input<typeof deleteTaskInput>,
): Promise<Result<{ id: string }, (typeof deleteTaskErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(deleteTaskInput, input);
  if (!parsed.success) return parsed;
  return deleteOwnedOrBusy(db, tasks, parsed.data.id, parsed.data.userId, 'task');
}
