// createTask / updateTask / completeTask: completed_at and commit_refs are only touched when the
// call is about them, and a missing task is named in the failure.
import { describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { useTestDb } from '../support';

const t = useTestDb();
const db = () => t().db;

async function created(input: Parameters<typeof portal.createTask>[1]) {
  const r = await portal.createTask(db(), input);
  if (!r.success) throw new Error(r.message);
  return r.task;
}

describe('createTask', () => {
  it('sets completed_at only for a task created completed', async () => {
    expect((await created({ description: 'open', status: 'pending' })).completedAt).toBeNull();
    expect((await created({ description: 'default status' })).completedAt).toBeNull();
    expect((await created({ description: 'done', status: 'completed' })).completedAt).toBeInstanceOf(Date);
  });
});

describe('updateTask', () => {
  it('an update without a status keeps completed_at', async () => {
    const task = await created({ description: 'done', status: 'completed' });
    const r = await portal.updateTask(db(), { id: task.id, description: 'renamed' });
    expect(r).toMatchObject({ success: true, task: { description: 'renamed', status: 'completed' } });
    expect(r.success && r.task.completedAt).toEqual(task.completedAt);
  });

  it('reopening clears completed_at; completing again keeps the first completion time', async () => {
    const task = await created({ description: 'done', status: 'completed' });
    const reopened = await portal.updateTask(db(), { id: task.id, status: 'pending' });
    expect(reopened).toMatchObject({ success: true, task: { status: 'pending', completedAt: null } });
    const again = await portal.updateTask(db(), { id: task.id, status: 'completed' });
    expect(again.success && again.task.completedAt).toBeInstanceOf(Date);
  });

  it('a missing task is NOT_FOUND, named in the message', async () => {
    expect(await portal.updateTask(db(), { id: 'TASK-9999', description: 'x' })).toEqual({
      success: false,
      error: 'NOT_FOUND',
      message: 'no task TASK-9999',
    });
  });
});

describe('completeTask', () => {
  it('without commit refs (absent or empty) leaves commit_refs NULL and the notes alone', async () => {
    const task = await created({ description: 'no refs', completionNotes: 'kept' });
    expect(task.commitRefs).toBeNull();
    const r = await portal.completeTask(db(), { id: task.id });
    expect(r).toMatchObject({
      success: true,
      task: { status: 'completed', commitRefs: null, completionNotes: 'kept' },
    });
    const again = await portal.completeTask(db(), { id: task.id, commitRefs: [] });
    expect(again).toMatchObject({ success: true, task: { commitRefs: null, completionNotes: 'kept' } });
  });

  it('appends new refs without duplicates, in first-seen order, and replaces notes when given', async () => {
    const task = await created({ description: 'refs', commitRefs: ['a', 'b'] });
    const r = await portal.completeTask(db(), {
      id: task.id,
      commitRefs: ['b', 'c', 'a', 'd'],
      completionNotes: 'n',
    });
    expect(r).toMatchObject({
      success: true,
      task: { commitRefs: ['a', 'b', 'c', 'd'], completionNotes: 'n' },
    });
  });

  it('a missing task is NOT_FOUND, named in the message', async () => {
    expect(await portal.completeTask(db(), { id: 'TASK-9998' })).toEqual({
      success: false,
      error: 'NOT_FOUND',
      message: 'no task TASK-9998',
    });
  });
});
