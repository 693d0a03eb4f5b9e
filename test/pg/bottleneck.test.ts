// Real-Postgres races: each would fail a read-then-write implementation.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionApprovals,
  agencyTasks,
  approveAgencyTask,
  claimAgencyTasks,
  claimAlertDeliveries,
  claimOutboundMessages,
  claimWebhookRetries,
  consumeExecution,
  consumePasswordResetToken,
  createPasswordResetToken,
  decideApproval,
  executionPacks,
  expireApprovals,
  requestApproval,
  userExecutionPacks,
  userSubscriptions,
} from '../../src/bottleneck';
import { makeUser, subscribedUser } from '../bottleneck/fixtures';
import {
  addAlertDeliveries,
  addOutbound,
  addTasks,
  addWebhookLogs,
  queueParents,
} from '../bottleneck/queue-fixtures';
import { useTestDb } from '../support';

/** 12 workers claim 5 at a time until empty: every job claimed exactly once. */
async function drain(claim: () => Promise<{ success: boolean; jobs?: { id: unknown }[] }>, total: number) {
  const seen: unknown[] = [];
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      for (;;) {
        const r = await claim();
        if (!r.success) throw new Error('claim failed');
        if (r.jobs!.length === 0) return;
        seen.push(...r.jobs!.map((j) => j.id));
      }
    }),
  );
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
}

describe('bottleneck concurrency (real Postgres)', () => {
  const t = useTestDb({ max: 40 });

  it('50 concurrent consumeExecution with 10 executions left: exactly 10 succeed', async () => {
    const userId = await subscribedUser(t().db, 190);
    const results = await Promise.all(Array.from({ length: 50 }, () => consumeExecution(t().db, { userId })));
    const wins = results.filter((r) => r.success);
    expect(wins).toHaveLength(10);
    expect(wins.map((r) => (r.success ? r.remaining : -1)).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(results.filter((r) => !r.success && r.error === 'LIMIT_REACHED')).toHaveLength(40);
    const [s] = await t().db.select().from(userSubscriptions).where(eq(userSubscriptions.userId, userId));
    expect(s!.executionsUsedThisPeriod).toBe(200);
  });

  it('40 concurrent calls over plan (3 left) and two packs (4 + 5): exactly 12 succeed', async () => {
    const userId = await subscribedUser(t().db, 197);
    const [boost] = await t().db.select().from(executionPacks).where(eq(executionPacks.slug, 'boost'));
    for (const [n, days] of [
      [4, 3],
      [5, 9],
    ] as const) {
      await t()
        .db.insert(userExecutionPacks)
        .values({
          userId,
          packId: boost!.id,
          executionsIncluded: n,
          executionsRemaining: n,
          pricePaidCents: 1,
          expiresAt: new Date(Date.now() + days * 86_400_000),
        });
    }
    const results = await Promise.all(Array.from({ length: 40 }, () => consumeExecution(t().db, { userId })));
    const wins = results.filter((r) => r.success);
    expect(wins).toHaveLength(12);
    expect(wins.filter((r) => r.success && r.source === 'plan')).toHaveLength(3);
    expect(wins.filter((r) => r.success && r.source === 'pack')).toHaveLength(9);
    const packs = await t().db.select().from(userExecutionPacks).where(eq(userExecutionPacks.userId, userId));
    expect(packs.map((p) => [p.executionsRemaining, p.status])).toEqual([
      [0, 'depleted'],
      [0, 'depleted'],
    ]);
  });

  it('concurrent consumers of one password reset token: exactly one wins', async () => {
    const userId = await makeUser(t().db);
    const r = await createPasswordResetToken(t().db, { userId, ttlMinutes: 10 });
    if (!r.success) throw new Error(r.message);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumePasswordResetToken(t().db, { token: r.token })),
    );
    expect(results.filter((x) => x.success)).toHaveLength(1);
    expect(results.filter((x) => !x.success && x.error === 'TOKEN_USED')).toHaveLength(19);
  });

  it('concurrent claims never hand out a queue row twice (all four queues)', async () => {
    const p = await queueParents(t().db);
    await addAlertDeliveries(
      t().db,
      p.alertHistoryId,
      Array.from({ length: 60 }, (_, i) => ({ priority: i % 3 })),
    );
    await drain(() => claimAlertDeliveries(t().db, { limit: 5 }), 60);
    await addWebhookLogs(t().db, p.userId, 60);
    await drain(() => claimWebhookRetries(t().db, { limit: 5 }), 60);
    await addOutbound(t().db, p, 60);
    await drain(() => claimOutboundMessages(t().db, { limit: 5 }), 60);
    await addTasks(
      t().db,
      p.userId,
      Array.from({ length: 60 }, (_, i) => ({ priority: (['low', 'high', 'critical'] as const)[i % 3] })),
    );
    await drain(() => claimAgencyTasks(t().db, { limit: 5 }), 60);
  });

  it('claimers racing approvers: only approved review tasks are claimed, each once; one approval per task', async () => {
    const userId = await makeUser(t().db);
    const plain = await addTasks(
      t().db,
      userId,
      Array.from({ length: 30 }, () => ({ priority: 'low' })),
    );
    const review = await addTasks(
      t().db,
      userId,
      Array.from({ length: 30 }, () => ({ priority: 'critical', requiresHumanReview: true })),
    );
    const toApprove = review.filter((_, i) => i % 2 === 0).map((r) => r.id);
    const claimed: { id: number; requiresHumanReview: boolean; humanReviewedAt: Date | null }[] = [];
    const claimer = async () => {
      for (let round = 0; round < 40; round++) {
        const r = await claimAgencyTasks(t().db, { userId, limit: 3 });
        if (!r.success) throw new Error(r.message);
        claimed.push(...r.jobs);
      }
    };
    // every task to approve gets two concurrent approvals, interleaved with 8 claimers
    const approvals = await Promise.all([
      ...toApprove.flatMap((taskId) => [
        approveAgencyTask(t().db, { userId, taskId }),
        approveAgencyTask(t().db, { userId, taskId }),
      ]),
      ...Array.from({ length: 8 }, () => claimer().then(() => null)),
    ]);
    const outcomes = approvals.filter((a) => a !== null);
    expect(outcomes.filter((a) => a.success)).toHaveLength(15);
    expect(outcomes.filter((a) => !a.success && a.error === 'ALREADY_APPROVED')).toHaveLength(15);
    // drain what the racing claimers left (an approval may land after their last round)
    for (;;) {
      const r = await claimAgencyTasks(t().db, { userId, limit: 10 });
      if (!r.success) throw new Error(r.message);
      if (r.jobs.length === 0) break;
      claimed.push(...r.jobs);
    }
    const claimedIds = claimed.map((j) => j.id);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect([...claimedIds].sort((a, b) => a - b)).toEqual(
      [...plain.map((p) => p.id), ...toApprove].sort((a, b) => a - b),
    );
    // every review task was claimed only with its approval recorded
    expect(claimed.filter((j) => j.requiresHumanReview && j.humanReviewedAt === null)).toEqual([]);
    const left = await t()
      .db.select({ id: agencyTasks.id, status: agencyTasks.status })
      .from(agencyTasks)
      .where(
        inArray(
          agencyTasks.id,
          review.map((r) => r.id),
        ),
      );
    expect(
      left
        .filter((r) => r.status === 'pending')
        .map((r) => r.id)
        .sort((a, b) => a - b),
    ).toEqual(review.filter((_, i) => i % 2 === 1).map((r) => r.id));
  });

  it('concurrent decisions on one approval: exactly one wins', async () => {
    const userId = await makeUser(t().db);
    const r = await requestApproval(t().db, {
      executionId: 1,
      userId,
      actionType: 'send',
      actionDescription: 'send',
      actionParams: {},
      riskLevel: 'critical',
      timeoutMinutes: 5,
    });
    if (!r.success) throw new Error(r.message);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        decideApproval(t().db, { id: r.approval.id, decision: i % 2 ? 'approve' : 'reject' }),
      ),
    );
    expect(results.filter((x) => x.success)).toHaveLength(1);
    expect(results.filter((x) => !x.success && x.error === 'ALREADY_DECIDED')).toHaveLength(19);
  });

  it('concurrent expireApprovals runs and decisions: no deadlock, every approval decided exactly once', async () => {
    const userId = await makeUser(t().db);
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const r = await requestApproval(t().db, {
        executionId: i,
        userId,
        actionType: 'send',
        actionDescription: 'send',
        actionParams: {},
        riskLevel: 'low',
        timeoutMinutes: 5,
        timeoutAction: i % 2 ? 'approve' : 'reject',
      });
      if (!r.success) throw new Error(r.message);
      ids.push(r.approval.id);
    }
    // Expire half of them; the others stay decidable.
    await t()
      .db.update(actionApprovals)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(inArray(actionApprovals.id, ids.slice(0, 60)));
    const runs = await Promise.all([
      ...Array.from({ length: 6 }, () => expireApprovals(t().db)),
      ...ids
        .slice(50, 80)
        .reverse()
        .map((id) => decideApproval(t().db, { id, userId, decision: 'approve' })),
    ]);
    const expired = runs
      .slice(0, 6)
      .flatMap((r) => (r.success && 'approved' in r ? [...r.approved, ...r.rejected] : []));
    expect(expired.sort((a, b) => a - b)).toEqual(ids.slice(0, 60));
    const decided = runs.slice(6).filter((r) => r.success);
    expect(decided).toHaveLength(20);
    const rows = await t().db.select().from(actionApprovals).where(inArray(actionApprovals.id, ids));
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(40);
  });
});
