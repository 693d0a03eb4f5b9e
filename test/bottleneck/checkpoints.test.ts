import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionApprovals,
  decideApproval,
  executionCheckpoints,
  expireApprovals,
  latestResumableCheckpoint,
  requestApproval,
  resumeFromCheckpoint,
  saveCheckpoint,
} from '../../src/bottleneck';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';

describe('execution checkpoints', () => {
  const t = useTestDb();

  it('saves, finds the latest resumable one, and counts resumes', async () => {
    const userId = await makeUser(t().db);
    const first = await saveCheckpoint(t().db, {
      executionId: 7,
      userId,
      stepIndex: 1,
      checkpointReason: 'auto',
    });
    expect(first).toMatchObject({
      success: true,
      checkpoint: { completedSteps: [], partialResults: {}, canResume: true, resumeCount: 0 },
    });
    const second = await saveCheckpoint(t().db, {
      executionId: 7,
      userId,
      checkpointId: 'cp-2',
      stepIndex: 2,
      partialResults: { a: 1 },
    });
    await saveCheckpoint(t().db, {
      executionId: 7,
      userId,
      checkpointId: 'cp-3',
      stepIndex: 3,
      canResume: false,
    });
    await saveCheckpoint(t().db, { executionId: 8, userId, checkpointId: 'cp-other', stepIndex: 9 });
    expect(await latestResumableCheckpoint(t().db, { executionId: 7 })).toMatchObject({
      success: true,
      checkpoint: { checkpointId: 'cp-2', stepIndex: 2 },
    });
    expect(await resumeFromCheckpoint(t().db, { checkpointId: 'cp-2' })).toMatchObject({
      success: true,
      checkpoint: { resumeCount: 1 },
    });
    expect(await resumeFromCheckpoint(t().db, { checkpointId: 'cp-2' })).toMatchObject({
      success: true,
      checkpoint: { resumeCount: 2 },
    });
    expect(await resumeFromCheckpoint(t().db, { checkpointId: 'cp-3' })).toMatchObject({
      success: false,
      error: 'NOT_RESUMABLE',
    });
    expect(await resumeFromCheckpoint(t().db, { checkpointId: 'missing' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    // expiry hides a checkpoint
    await t()
      .db.update(executionCheckpoints)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(executionCheckpoints.checkpointId, 'cp-2'));
    expect(await latestResumableCheckpoint(t().db, { executionId: 7 })).toMatchObject({
      success: true,
      checkpoint: { stepIndex: 1 },
    });
    expect(await resumeFromCheckpoint(t().db, { checkpointId: 'cp-2' })).toMatchObject({
      success: false,
      error: 'NOT_RESUMABLE',
    });
    expect(await latestResumableCheckpoint(t().db, { executionId: 99 })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(second.success).toBe(true);
  });

  it('maps duplicate ids, missing users and bad input', async () => {
    const userId = await makeUser(t().db);
    await saveCheckpoint(t().db, { executionId: 1, userId, checkpointId: 'dup' });
    expect(await saveCheckpoint(t().db, { executionId: 1, userId, checkpointId: 'dup' })).toMatchObject({
      success: false,
      error: 'DUPLICATE_CHECKPOINT',
    });
    expect(await saveCheckpoint(t().db, { executionId: 1, userId: 999999 })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
    expect(
      await saveCheckpoint(t().db, { executionId: 1, userId, checkpointReason: 'whim' as never }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    const ttl = await saveCheckpoint(t().db, { executionId: 1, userId, ttlMinutes: 60 });
    if (!ttl.success) throw new Error();
    expect(ttl.checkpoint.expiresAt!.getTime() - ttl.checkpoint.createdAt.getTime()).toBe(3_600_000);
  });
});

describe('action approvals', () => {
  const t = useTestDb();
  const base = {
    executionId: 5,
    actionType: 'delete_contacts',
    actionDescription: 'Delete 500 contacts',
    actionParams: { n: 500 },
    riskLevel: 'high' as const,
  };

  it('decides a pending approval once', async () => {
    const userId = await makeUser(t().db);
    const r = await requestApproval(t().db, { ...base, userId, timeoutMinutes: 10 });
    if (!r.success) throw new Error(r.message);
    expect(r.approval).toMatchObject({ status: 'pending', timeoutAction: 'reject' });
    expect(
      await decideApproval(t().db, { id: r.approval.id, decision: 'reject', reason: 'too risky' }),
    ).toMatchObject({
      success: true,
      approval: { status: 'rejected', rejectionReason: 'too risky', approvedAt: null },
    });
    expect(await decideApproval(t().db, { id: r.approval.id, decision: 'approve' })).toMatchObject({
      success: false,
      error: 'ALREADY_DECIDED',
    });
    expect(await decideApproval(t().db, { id: 999999, decision: 'approve' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(
      await requestApproval(t().db, { ...base, userId, riskLevel: 'extreme' as never, timeoutMinutes: 1 }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await requestApproval(t().db, { ...base, userId: 999999, timeoutMinutes: 1 })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
  });

  it('expires pending approvals by their timeoutAction, leaving decided and unexpired ones', async () => {
    const userId = await makeUser(t().db);
    const mk = async (timeoutAction: 'approve' | 'reject') => {
      const r = await requestApproval(t().db, { ...base, userId, timeoutMinutes: 5, timeoutAction });
      if (!r.success) throw new Error(r.message);
      return r.approval.id;
    };
    const autoApprove = await mk('approve');
    const autoReject = await mk('reject');
    const decided = await mk('approve');
    const open = await mk('reject');
    await decideApproval(t().db, { id: decided, decision: 'reject' });
    await t()
      .db.update(actionApprovals)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${actionApprovals.id} in (${autoApprove}, ${autoReject}, ${decided})`);
    expect(await decideApproval(t().db, { id: autoApprove, decision: 'reject' })).toMatchObject({
      success: false,
      error: 'EXPIRED',
    });
    expect(await expireApprovals(t().db)).toEqual({
      success: true,
      approved: [autoApprove],
      rejected: [autoReject],
    });
    expect(await expireApprovals(t().db)).toEqual({ success: true, approved: [], rejected: [] });
    const rows = await t().db.select().from(actionApprovals).where(eq(actionApprovals.userId, userId));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [autoApprove]: 'approved',
      [autoReject]: 'rejected',
      [decided]: 'rejected',
      [open]: 'pending',
    });
  });
});
