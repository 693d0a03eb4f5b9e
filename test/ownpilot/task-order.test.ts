// list_tasks orders as OwnPilot does: priority (urgent, high, normal, low), then due date (earliest
// first, none last), then newest first; equal rows by id. Both tiers.
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('listTasks order', () => {
  const t = useTestDb();

  it('priority, then due date (nulls last), then newest, then id', async () => {
    const db = t().db;
    type P = 'low' | 'normal' | 'high' | 'urgent';
    const row = (id: string, priority: P, dueDate: string | null, created: number, userId = 'o1') => ({
      id,
      userId,
      title: id,
      priority,
      dueDate,
      createdAt: at(created),
    });
    await db
      .insert(op.tasks)
      .values([
        row('A', 'low', null, 1),
        row('B', 'urgent', '2026-03-01', 1),
        row('C', 'urgent', null, 3),
        row('D', 'urgent', '2026-02-01', 2),
        row('E', 'high', null, 2),
        row('F', 'normal', '2026-01-01', 1),
        row('G', 'normal', '2026-01-01', 3),
        row('H', 'high', '2025-12-31', 1),
        row('I', 'normal', null, 2),
        row('J', 'low', '2026-01-15', 3),
        row('K', 'urgent', '2026-02-01', 4),
        row('M2', 'high', '2026-01-10', 5),
        row('M1', 'high', '2026-01-10', 5),
        row('X', 'urgent', '2020-01-01', 9, 'o2'),
      ]);
    const titles = async (f: Partial<Parameters<typeof op.listTasks>[1]> = {}) => {
      const r = await op.listTasks(db, { userId: 'o1', ...f });
      if (!r.success) throw new Error(r.message);
      return r.tasks.map((x) => x.title);
    };
    const all = ['K', 'D', 'B', 'C', 'H', 'M1', 'M2', 'E', 'G', 'F', 'I', 'J', 'A'];
    expect(await titles()).toEqual(all);
    expect(await titles({ limit: 4, offset: 4 })).toEqual(['H', 'M1', 'M2', 'E']);
    expect(await titles({ limit: 100, offset: 10 })).toEqual(['I', 'J', 'A']);
    expect(await titles({ priority: 'normal' })).toEqual(['G', 'F', 'I']);
    // Completing a task does not move it: status is not part of the order.
    await op.completeTask(db, { userId: 'o1', id: 'K' });
    expect(await titles({ status: 'completed' })).toEqual(['K']);
    expect(await titles()).toEqual(all);
  });
});
