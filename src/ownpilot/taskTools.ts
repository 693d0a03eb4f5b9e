// The task AI tools (add_task, list_tasks, complete_task, update_task, delete_task, batch_add_tasks).
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { taskPriorityValues, taskStatusValues, tasks } from './personal';
import { idInput, isFkViolation, pageInput, searchColumns, userIdInput } from './query';
import { type Task, tasksInsertSchema, tasksUpdateSchema } from './validators';

const taskFields = tasksInsertSchema.omit({
  id: true,
  userId: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
});

export const addTaskInput = taskFields.extend({ userId: userIdInput });
export const addTaskErrors = ['INVALID_INPUT', 'PARENT_NOT_FOUND'] as const;
export type AddTaskError = (typeof addTaskErrors)[number];

/** add_task: creates a task. A parent_id that does not exist is PARENT_NOT_FOUND. */
export async function addTask(
  db: DbOrTx,
  input: z.input<typeof addTaskInput>,
): Promise<Result<{ task: Task }, AddTaskError>> {
  const parsed = parseInput(addTaskInput, input);
  if (!parsed.success) return parsed;
  try {
    const [task] = await db.insert(tasks).values(parsed.data).returning();
    return ok({ task: task as Task });
  } catch (e) {
    if (isFkViolation(e))
      return fail('PARENT_NOT_FOUND', `parent task ${parsed.data.parentId} does not exist`);
    throw e;
  }
}

export const batchAddTasksInput = z.object({
  userId: userIdInput,
  tasks: z.array(taskFields).min(1).max(100),
});
export const batchAddTasksErrors = addTaskErrors;

/** batch_add_tasks: one INSERT for all tasks, so either every task is created or none. */
export async function batchAddTasks(
  db: DbOrTx,
  input: z.input<typeof batchAddTasksInput>,
): Promise<Result<{ tasks: Task[] }, AddTaskError>> {
  const parsed = parseInput(batchAddTasksInput, input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  try {
    const rows = await db
      .insert(tasks)
      .values(parsed.data.tasks.map((t) => ({ ...t, userId })))
      .returning();
    return ok({ tasks: rows as Task[] });
  } catch (e) {
    if (isFkViolation(e)) return fail('PARENT_NOT_FOUND', 'a parent task does not exist');
    throw e;
  }
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

/** list_tasks: the user's tasks, newest first, filtered; `search` matches title and description literally. */
export async function listTasks(
  db: DbOrTx,
  input: z.input<typeof listTasksInput>,
): Promise<Result<{ tasks: Task[] }, 'INVALID_INPUT'>> {
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
    .orderBy(desc(tasks.createdAt), tasks.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ tasks: rows });
}

export const taskRefInput = z.object({ userId: userIdInput, id: idInput });
export const completeTaskErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type CompleteTaskError = (typeof completeTaskErrors)[number];

/** complete_task: marks the task completed; completing twice keeps the first completed_at. */
export async function completeTask(
  db: DbOrTx,
  input: z.input<typeof taskRefInput>,
): Promise<Result<{ task: Task }, CompleteTaskError>> {
  const parsed = parseInput(taskRefInput, input);
  if (!parsed.success) return parsed;
  const [task] = await db
    .update(tasks)
    .set({ status: 'completed', completedAt: sql`coalesce(${tasks.completedAt}, now())` })
    .where(and(eq(tasks.id, parsed.data.id), eq(tasks.userId, parsed.data.userId)))
    .returning();
  return task ? ok({ task }) : fail('NOT_FOUND', `task ${parsed.data.id} not found`);
}

export const updateTaskInput = tasksUpdateSchema
  .omit({ id: true, userId: true, createdAt: true, updatedAt: true, completedAt: true })
  .extend({ userId: userIdInput, id: idInput });
export const updateTaskErrors = ['INVALID_INPUT', 'NOT_FOUND', 'PARENT_NOT_FOUND'] as const;
export type UpdateTaskError = (typeof updateTaskErrors)[number];

/** update_task: changes the given fields; a status change keeps completed_at consistent with it. */
export async function updateTask(
  db: DbOrTx,
  input: z.input<typeof updateTaskInput>,
): Promise<Result<{ task: Task }, UpdateTaskError>> {
  const parsed = parseInput(updateTaskInput, input);
  if (!parsed.success) return parsed;
  const { id, userId, ...fields } = parsed.data;
  const set: Record<string, unknown> = { ...fields };
  if (fields.status === 'completed') set.completedAt = sql`coalesce(${tasks.completedAt}, now())`;
  else if (fields.status) set.completedAt = null;
  if (Object.keys(set).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  if (fields.parentId === id) return fail('INVALID_INPUT', 'parentId: a task cannot be its own parent');
  try {
    const [task] = await db
      .update(tasks)
      .set(set)
      .where(and(eq(tasks.id, id), eq(tasks.userId, userId)))
      .returning();
    return task ? ok({ task }) : fail('NOT_FOUND', `task ${id} not found`);
  } catch (e) {
    if (isFkViolation(e)) return fail('PARENT_NOT_FOUND', `parent task ${fields.parentId} does not exist`);
    throw e;
  }
}

export const deleteTaskErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** delete_task: deletes the task (its subtasks keep existing with parent_id NULL). */
export async function deleteTask(
  db: DbOrTx,
  input: z.input<typeof taskRefInput>,
): Promise<Result<{ id: string }, (typeof deleteTaskErrors)[number]>> {
  const parsed = parseInput(taskRefInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db
    .delete(tasks)
    .where(and(eq(tasks.id, parsed.data.id), eq(tasks.userId, parsed.data.userId)))
    .returning({ id: tasks.id });
  return row ? ok({ id: row.id }) : fail('NOT_FOUND', `task ${parsed.data.id} not found`);
}
