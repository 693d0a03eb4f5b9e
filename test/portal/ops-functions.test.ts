import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';

const t = useTestDb();

describe('tasks', () => {
  it('createTask numbers TASK-001, TASK-002, … and never truncates past 999', async () => {
    const a = await portal.createTask(t().db, { description: 'first' });
    const b = await portal.createTask(t().db, { description: 'second', status: 'completed' });
    expect(a).toMatchObject({
      success: true,
      task: { id: 'TASK-001', status: 'pending', taskType: 'manual' },
    });
    expect(b).toMatchObject({ success: true, task: { id: 'TASK-002', status: 'completed' } });
    expect(b.success && b.task.completedAt).toBeInstanceOf(Date);
    await t().db.execute(sql`select setval('portal.tasks_id_seq', 998)`);
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const r = await portal.createTask(t().db, { description: `n${i}` });
      ids.push(r.success && r.task.id);
    }
    expect(ids).toEqual(['TASK-999', 'TASK-1000', 'TASK-1001']);
    // Raw SQL inserts get the same ids from the column default.
    const raw = await t().db.execute(sql`insert into portal.tasks (description) values ('raw') returning id`);
    expect(JSON.stringify(raw)).toContain('TASK-1002');
  });

  it('createTask rejects bad input without writing', async () => {
    const before = await countRows(t().db, 'portal.tasks');
    for (const input of [
      {},
      { description: '' },
      { description: 'x', priority: 'Urgent' },
      { description: 'x', due: '03/01/2026' },
    ]) {
      const r = await portal.createTask(t().db, input as never);
      expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    }
    expect(await countRows(t().db, 'portal.tasks')).toBe(before);
  });

  it('updateTask changes fields, keeps completed_at consistent, reports NOT_FOUND', async () => {
    const c = await portal.createTask(t().db, { description: 'to update' });
    const id = c.success ? c.task.id : '';
    const u = await portal.updateTask(t().db, { id, priority: 'Low', owner: 'Sumedha', status: 'completed' });
    expect(u).toMatchObject({
      success: true,
      task: { priority: 'Low', owner: 'Sumedha', status: 'completed' },
    });
    const completedAt = u.success ? u.task.completedAt : null;
    expect(completedAt).toBeInstanceOf(Date);
    const again = await portal.updateTask(t().db, { id, status: 'completed', notes: 'n' });
    expect(again.success && again.task.completedAt).toEqual(completedAt);
    const reopened = await portal.updateTask(t().db, { id, status: 'in_progress' });
    expect(reopened).toMatchObject({ success: true, task: { status: 'in_progress', completedAt: null } });
    expect(await portal.updateTask(t().db, { id: 'TASK-9999', notes: 'x' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(await portal.updateTask(t().db, { id })).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await portal.updateTask(t().db, { id, status: 'done' } as never)).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('completeTask sets completed_at once and merges commit refs', async () => {
    const c = await portal.createTask(t().db, { description: 'to complete', commitRefs: ['a1'] });
    const id = c.success ? c.task.id : '';
    const first = await portal.completeTask(t().db, {
      id,
      completionNotes: 'done',
      commitRefs: ['b2', 'a1'],
    });
    expect(first).toMatchObject({
      success: true,
      task: { status: 'completed', completionNotes: 'done', commitRefs: ['a1', 'b2'] },
    });
    const second = await portal.completeTask(t().db, { id, commitRefs: ['c3'] });
    expect(second).toMatchObject({
      success: true,
      task: { completionNotes: 'done', commitRefs: ['a1', 'b2', 'c3'] },
    });
    expect(second.success && second.task.completedAt).toEqual(first.success && first.task.completedAt);
    expect(await portal.completeTask(t().db, { id: 'TASK-4242' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(await portal.completeTask(t().db, { id: 'task-1' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('listTasks filters by company, status, priority, owner, due date and task type', async () => {
    await t().db.delete(portal.tasks);
    const mk = (v: Parameters<typeof portal.createTask>[1]) => portal.createTask(t().db, v);
    await mk({
      description: 'a',
      company: 'Om AI Solutions',
      priority: 'High',
      owner: 'Claude',
      due: '2026-03-01',
      taskType: 'dev',
    });
    await mk({
      description: 'b',
      company: 'Om AI Solutions',
      priority: 'Low',
      owner: 'Nishad',
      due: '2026-01-01',
    });
    await mk({
      description: 'c',
      company: 'Om Luxe Properties',
      priority: 'High',
      status: 'completed',
      taskType: 'issue',
    });
    const list = async (f: Parameters<typeof portal.listTasks>[1]) => {
      const r = await portal.listTasks(t().db, f);
      if (!r.success) throw new Error(r.message);
      return r.tasks.map((x) => x.description);
    };
    expect(await list({})).toEqual(['b', 'a', 'c']);
    expect(await list({ company: 'Om AI Solutions' })).toEqual(['b', 'a']);
    expect(await list({ status: 'completed' })).toEqual(['c']);
    expect(await list({ status: ['pending', 'in_progress'] })).toEqual(['b', 'a']);
    expect(await list({ priority: 'High' })).toEqual(['a', 'c']);
    expect(await list({ owner: 'Claude' })).toEqual(['a']);
    expect(await list({ dueBefore: '2026-02-01' })).toEqual(['b']);
    expect(await list({ taskType: 'manual' })).toEqual(['b']);
    expect(await list({ company: 'Om AI Solutions', priority: 'High', taskType: 'dev' })).toEqual(['a']);
    expect(await list({ limit: 1 })).toEqual(['b']);
    expect(await portal.listTasks(t().db, { dueBefore: 'tomorrow' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('recordDecision', () => {
  it('numbers TECH and BIZ independently', async () => {
    const ids = [];
    for (const kind of ['TECH', 'BIZ', 'TECH', 'TECH', 'BIZ'] as const) {
      const r = await portal.recordDecision(t().db, {
        kind,
        decision: `${kind} decision`,
        area: 'Auth',
        confidence: 'Medium',
      });
      ids.push(r.success && r.decision.id);
    }
    expect(ids).toEqual(['TECH-001', 'BIZ-001', 'TECH-002', 'TECH-003', 'BIZ-002']);
  });

  it('rejects an unknown kind or a missing decision', async () => {
    expect(await portal.recordDecision(t().db, { kind: 'OPS', decision: 'x' } as never)).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await portal.recordDecision(t().db, { kind: 'BIZ' } as never)).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('handoff', () => {
  it('getHandoff before any save is NOT_FOUND; history is empty', async () => {
    expect(await portal.getHandoff(t().db)).toMatchObject({ success: false, error: 'NOT_FOUND' });
    expect(await portal.listHandoffHistory(t().db)).toEqual({ success: true, history: [] });
  });

  it('saveHandoff archives the previous handoff with its session date, unless checkpoint', async () => {
    const first = await portal.saveHandoff(t().db, {
      content: 'one',
      createdBy: 'Nishad',
      interface: 'code',
    });
    expect(first).toMatchObject({ success: true, archived: null, handoff: { id: 1, content: 'one' } });
    // Backdate the last save; the updated_at trigger is bypassed with session_replication_role.
    await t().db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update portal.session_handoff set updated_at = '2026-02-20T23:30:00Z'`);
    });
    const second = await portal.saveHandoff(t().db, {
      content: 'two',
      createdBy: 'Sumedha',
      interface: 'chat',
    });
    expect(second).toMatchObject({
      success: true,
      handoff: { content: 'two', createdBy: 'Sumedha', interface: 'chat' },
      archived: { content: 'one', createdBy: 'Nishad', interface: 'code', sessionDate: '2026-02-20' },
    });
    const cp = await portal.saveHandoff(t().db, {
      content: 'two+',
      createdBy: 'Sumedha',
      interface: 'chat',
      checkpoint: true,
    });
    expect(cp).toMatchObject({ success: true, archived: null, handoff: { content: 'two+' } });
    await portal.saveHandoff(t().db, { content: 'three', createdBy: 'Nishad', interface: 'cowork' });
    expect(await portal.getHandoff(t().db)).toMatchObject({ success: true, handoff: { content: 'three' } });
    const h = await portal.listHandoffHistory(t().db, { limit: 10 });
    expect(h.success && h.history.map((x) => x.content)).toEqual(['two+', 'one']);
    const one = await portal.listHandoffHistory(t().db, { limit: 1 });
    expect(one.success && one.history.map((x) => x.content)).toEqual(['two+']);
    expect(await countRows(t().db, 'portal.session_handoff')).toBe(1);
  });

  it('rejects bad input', async () => {
    for (const input of [
      { content: '', createdBy: 'N', interface: 'code' },
      { content: 'x', createdBy: 'N', interface: 'email' },
      { content: 'x', interface: 'code' },
    ]) {
      expect(await portal.saveHandoff(t().db, input as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await portal.listHandoffHistory(t().db, { limit: 0 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    const [row] = await t().db.select().from(portal.sessionHandoff).where(eq(portal.sessionHandoff.id, 1));
    expect(row!.content).toBe('three');
  });
});
