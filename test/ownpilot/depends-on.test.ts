// dependsOn names earlier steps of the same call: a forward or self reference is INVALID_INPUT with
// one custom zod issue at the exact path, and nothing is written.
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const t = useTestDb();

describe('dependsOn validation (goals and plans)', () => {
  it('a forward reference is one custom issue at steps.i.dependsOn.j', async () => {
    const r = await op.createGoal(t().db, {
      userId: 'dep',
      title: 'g',
      steps: [{ title: 'a' }, { title: 'b', dependsOn: [0, 2] }, { title: 'c' }],
    });
    expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(!r.success && r.issues?.map((i) => ({ code: i.code, path: i.path, message: i.message }))).toEqual([
      { code: 'custom', path: ['steps', 1, 'dependsOn', 1], message: 'must be the index of an earlier step' },
    ]);
    expect(await t().db.select().from(op.goals)).toEqual([]);
  });

  it('steps without dependsOn raise no issue', async () => {
    const r = await op.createGoal(t().db, {
      userId: 'dep',
      title: 'g',
      steps: [{ title: 'a' }, { title: 'b' }],
    });
    expect(r).toMatchObject({ success: true });
  });
});
