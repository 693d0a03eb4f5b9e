import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  agencyTasks,
  approveAgencyTask,
  claimAgencyTasks,
  completeAgencyTask,
  failAgencyTask,
  users,
} from '../../src/bottleneck';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';
import { addTasks } from './queue-fixtures';

const ids = (r: { success: boolean; jobs?: { id: unknown }[] }) => (r.success ? r.jobs!.map((j) => j.id) : r);

describe('agency_tasks.requiresHumanReview: the bot runs such a task only after a recorded approval', () => {
  const t = useTestDb();
  const taskRow = async (id: number) =>
    (await t().db.select().from(agencyTasks).where(eq(agencyTasks.id, id)))[0]!;

  it('an unapproved review task is never claimed and takes no slot of the batch; once approved it is', async () => {
    const userId = await makeUser(t().db);
    const [review, plain] = await addTasks(t().db, userId, [
      { priority: 'critical', requiresHumanReview: true },
      { priority: 'low' },
    ]);
    // the review task ranks first, yet with limit 1 the batch holds the plain task
    expect(ids(await claimAgencyTasks(t().db, { limit: 1 }))).toEqual([plain!.id]);
    expect(ids(await claimAgencyTasks(t().db, { limit: 10 }))).toEqual([]);
    expect(await taskRow(review!.id)).toMatchObject({
      status: 'pending',
      humanReviewedAt: null,
      humanReviewedBy: null,
    });

    const approved = await approveAgencyTask(t().db, { userId, taskId: review!.id });
    expect(approved).toMatchObject({
      success: true,
      task: { id: review!.id, humanReviewedBy: userId, status: 'pending' },
    });
    if (!approved.success) throw new Error(approved.message);
    expect(approved.task.humanReviewedAt).toBeInstanceOf(Date);
    expect(await taskRow(review!.id)).toEqual(approved.task);

    const claimed = await claimAgencyTasks(t().db, { limit: 10 });
    expect(ids(claimed)).toEqual([review!.id]);
    expect(claimed).toMatchObject({ jobs: [{ status: 'in_progress', humanReviewedBy: userId }] });
  });

  it('an approval outlives a retry and the reviewer row (humanReviewedAt is the mark)', async () => {
    const userId = await makeUser(t().db);
    const [task] = await addTasks(t().db, userId, [{ requiresHumanReview: true }]);
    expect((await approveAgencyTask(t().db, { userId, taskId: task!.id })).success).toBe(true);
    expect(ids(await claimAgencyTasks(t().db))).toEqual([task!.id]);
    expect(await failAgencyTask(t().db, { id: task!.id, error: 'timeout' })).toMatchObject({
      success: true,
      job: { status: 'pending', errorCount: 1 },
    });
    await t().db.update(agencyTasks).set({ scheduledFor: sql`now()` }).where(eq(agencyTasks.id, task!.id));
    // the retry is claimable again without a second approval
    expect(ids(await claimAgencyTasks(t().db))).toEqual([task!.id]);
    expect(await failAgencyTask(t().db, { id: task!.id, error: 'timeout' })).toMatchObject({ success: true });

    // the reviewer's user row deleted: humanReviewedBy is SET NULL, the approval stands
    const other = await makeUser(t().db);
    const [second] = await addTasks(t().db, other, [{ requiresHumanReview: true }]);
    expect((await approveAgencyTask(t().db, { userId: other, taskId: second!.id })).success).toBe(true);
    await t().db.update(agencyTasks).set({ userId }).where(eq(agencyTasks.id, second!.id));
    await t().db.delete(users).where(eq(users.id, other));
    expect(await taskRow(second!.id)).toMatchObject({ humanReviewedBy: null, status: 'pending' });
    expect((await taskRow(second!.id)).humanReviewedAt).toBeInstanceOf(Date);
    // (the first task's second failure pushed its scheduledFor out: only the second is due)
    expect(ids(await claimAgencyTasks(t().db, { limit: 10 }))).toEqual([second!.id]);
  });

  it("refusals: TASK_NOT_FOUND (missing or another user's), REVIEW_NOT_REQUIRED, ALREADY_APPROVED, TASK_NOT_PENDING; nothing written", async () => {
    const owner = await makeUser(t().db);
    const stranger = await makeUser(t().db);
    const [review, plain, running, done] = await addTasks(t().db, owner, [
      { requiresHumanReview: true },
      {},
      { requiresHumanReview: true, status: 'in_progress' },
      { requiresHumanReview: true, status: 'completed' },
    ]);
    const before = await t().db.select().from(agencyTasks).orderBy(agencyTasks.id);
    const refused = async (input: { userId: number; taskId: number }, error: string) =>
      expect(await approveAgencyTask(t().db, input)).toMatchObject({ success: false, error });
    await refused({ userId: stranger, taskId: review!.id }, 'TASK_NOT_FOUND');
    const missing = await approveAgencyTask(t().db, { userId: owner, taskId: 2_147_483_647 });
    const foreign = await approveAgencyTask(t().db, { userId: stranger, taskId: review!.id });
    // another user's task answers exactly like a missing one, apart from the id in the message
    expect({ ...foreign, message: '' }).toEqual({ ...missing, message: '' });
    await refused({ userId: owner, taskId: plain!.id }, 'REVIEW_NOT_REQUIRED');
    await refused({ userId: owner, taskId: running!.id }, 'TASK_NOT_PENDING');
    await refused({ userId: owner, taskId: done!.id }, 'TASK_NOT_PENDING');
    await refused({ userId: 0, taskId: review!.id }, 'INVALID_INPUT');
    expect(await t().db.select().from(agencyTasks).orderBy(agencyTasks.id)).toEqual(before);

    const first = await approveAgencyTask(t().db, { userId: owner, taskId: review!.id });
    expect(first.success).toBe(true);
    await refused({ userId: owner, taskId: review!.id }, 'ALREADY_APPROVED');
    // the first approval's time stays
    expect(await taskRow(review!.id)).toEqual(first.success ? first.task : null);
    // a completed task stays completed; approving it later changes nothing
    expect(await completeAgencyTask(t().db, { id: done!.id })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
  });
});
