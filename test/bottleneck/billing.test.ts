import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  closeBillingPeriod,
  consumeExecution,
  executionPacks,
  seedBottleneck,
  startSubscription,
  subscriptionUsageRecords,
  userExecutionPacks,
  userSubscriptions,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { useTestDb } from '../support';
import { makeUser, subscribedUser } from './fixtures';

async function addPack(
  db: Database,
  userId: number,
  slug: string,
  remaining: number | null,
  expires: string | null,
) {
  const [pack] = await db.select().from(executionPacks).where(eq(executionPacks.slug, slug));
  const [row] = await db
    .insert(userExecutionPacks)
    .values({
      userId,
      packId: pack!.id,
      executionsIncluded: remaining,
      executionsRemaining: remaining,
      pricePaidCents: pack!.priceCents,
      expiresAt: expires === null ? null : sql`now() + ${expires}::interval`,
    })
    .returning();
  return row!;
}

describe('startSubscription', () => {
  const t = useTestDb();

  it('starts a monthly subscription on a seeded tier', async () => {
    await seedBottleneck(t().db);
    const userId = await makeUser(t().db);
    const r = await startSubscription(t().db, { userId, tierSlug: 'growth', paymentFrequency: 'monthly' });
    if (!r.success) throw new Error(r.message);
    expect(r.subscription).toMatchObject({
      userId,
      status: 'active',
      paymentFrequency: 'monthly',
      executionsUsedThisPeriod: 0,
      trialEndsAt: null,
    });
    const days =
      (r.subscription.currentPeriodEnd.getTime() - r.subscription.currentPeriodStart.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(31);
  });

  it('starts a trial, and a weekly period lasts 7 days', async () => {
    await seedBottleneck(t().db);
    const userId = await makeUser(t().db);
    const r = await startSubscription(t().db, {
      userId,
      tierSlug: 'starter',
      paymentFrequency: 'weekly',
      trialDays: 14,
    });
    if (!r.success) throw new Error(r.message);
    expect(r.subscription.status).toBe('trial');
    expect(r.subscription.currentPeriodEnd.getTime() - r.subscription.currentPeriodStart.getTime()).toBe(
      7 * 86_400_000,
    );
    expect(r.subscription.trialEndsAt!.getTime() - r.subscription.currentPeriodStart.getTime()).toBe(
      14 * 86_400_000,
    );
  });

  it('fails with ALREADY_SUBSCRIBED, TIER_NOT_FOUND, USER_NOT_FOUND, INVALID_INPUT; restarts a cancelled one', async () => {
    await seedBottleneck(t().db);
    const userId = await makeUser(t().db);
    expect(
      (await startSubscription(t().db, { userId, tierSlug: 'starter', paymentFrequency: 'annual' })).success,
    ).toBe(true);
    expect(
      await startSubscription(t().db, { userId, tierSlug: 'growth', paymentFrequency: 'annual' }),
    ).toMatchObject({ success: false, error: 'ALREADY_SUBSCRIBED' });
    expect(
      await startSubscription(t().db, { userId, tierSlug: 'nope', paymentFrequency: 'annual' }),
    ).toMatchObject({ success: false, error: 'TIER_NOT_FOUND' });
    expect(
      await startSubscription(t().db, { userId: 999999, tierSlug: 'starter', paymentFrequency: 'annual' }),
    ).toMatchObject({ success: false, error: 'USER_NOT_FOUND' });
    expect(
      await startSubscription(t().db, { userId, tierSlug: 'starter', paymentFrequency: 'daily' as never }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    await t()
      .db.update(userSubscriptions)
      .set({ status: 'cancelled', executionsUsedThisPeriod: 9 })
      .where(eq(userSubscriptions.userId, userId));
    const again = await startSubscription(t().db, {
      userId,
      tierSlug: 'growth',
      paymentFrequency: 'six_month',
    });
    expect(again).toMatchObject({
      success: true,
      subscription: { status: 'active', executionsUsedThisPeriod: 0, paymentFrequency: 'six_month' },
    });
  });
});

describe('consumeExecution', () => {
  const t = useTestDb();

  it('charges the plan until its limit, including additionalExecutions', async () => {
    const userId = await subscribedUser(t().db, 198, { additionalExecutions: 1 });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 2,
    });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 1,
    });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 0,
    });
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
    const [s] = await t().db.select().from(userSubscriptions).where(eq(userSubscriptions.userId, userId));
    expect(s!.executionsUsedThisPeriod).toBe(201);
  });

  it('then charges packs, earliest expiry first, skipping expired ones, and depletes them', async () => {
    const userId = await subscribedUser(t().db, 200);
    const expired = await addPack(t().db, userId, 'boost', 5, '-1 day');
    const later = await addPack(t().db, userId, 'power', 2, '20 days');
    const sooner = await addPack(t().db, userId, 'boost', 1, '2 days');
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 0,
      packId: sooner.id,
    });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 1,
      packId: later.id,
    });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 0,
      packId: later.id,
    });
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
    const packs = await t().db.select().from(userExecutionPacks).where(eq(userExecutionPacks.userId, userId));
    expect(Object.fromEntries(packs.map((p) => [p.id, [p.status, p.executionsRemaining]]))).toEqual({
      [expired.id]: ['active', 5],
      [later.id]: ['depleted', 0],
      [sooner.id]: ['depleted', 0],
    });
  });

  it('an unlimited pack counts as unlimited while valid', async () => {
    const userId = await subscribedUser(t().db, 200);
    const unlimited = await addPack(t().db, userId, 'unlimited_month', null, '30 days');
    for (let i = 0; i < 3; i++) {
      expect(await consumeExecution(t().db, { userId })).toEqual({
        success: true,
        source: 'pack',
        remaining: null,
        packId: unlimited.id,
      });
    }
    await t()
      .db.update(userExecutionPacks)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(userExecutionPacks.id, unlimited.id));
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
  });

  it('needs an active subscription (or a running trial), also for packs', async () => {
    const noSub = await makeUser(t().db);
    expect(await consumeExecution(t().db, { userId: noSub })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
    const paused = await subscribedUser(t().db, 0, { status: 'paused' });
    await addPack(t().db, paused, 'boost', 5, null);
    expect(await consumeExecution(t().db, { userId: paused })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
    const trialOver = await subscribedUser(t().db, 0, {
      status: 'trial',
      trialEndsAt: new Date(Date.now() - 86_400_000),
    });
    expect(await consumeExecution(t().db, { userId: trialOver })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
    expect(await consumeExecution(t().db, { userId: -1 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('closeBillingPeriod', () => {
  const t = useTestDb();

  it('writes the usage record and starts the next period', async () => {
    const userId = await subscribedUser(t().db, 0, { additionalExecutions: 10, additionalAgentSlots: 5 });
    for (let i = 0; i < 3; i++) await consumeExecution(t().db, { userId });
    expect(await closeBillingPeriod(t().db, { userId })).toMatchObject({
      success: false,
      error: 'PERIOD_NOT_ENDED',
    });
    await t().db.execute(sql`update bottleneck.user_subscriptions set "executionsUsedThisPeriod" = 205,
      "currentPeriodStart" = now() - interval '1 month', "currentPeriodEnd" = now() - interval '1 second' where "userId" = ${userId}`);
    const [before] = await t()
      .db.select()
      .from(userSubscriptions)
      .where(eq(userSubscriptions.userId, userId));
    const r = await closeBillingPeriod(t().db, { userId });
    if (!r.success) throw new Error(r.message);
    const [record] = await t()
      .db.select()
      .from(subscriptionUsageRecords)
      .where(eq(subscriptionUsageRecords.id, r.usageRecordId));
    expect(record).toMatchObject({
      userId,
      tierId: before!.tierId,
      periodStart: before!.currentPeriodStart,
      periodEnd: before!.currentPeriodEnd,
      executionLimit: 200,
      agentLimit: 10,
      executionsUsed: 205,
      additionalExecutionsPurchased: 10,
      additionalExecutionsUsed: 5,
    });
    expect(r.subscription).toMatchObject({
      executionsUsedThisPeriod: 0,
      additionalExecutions: 0,
      status: 'active',
      currentPeriodStart: before!.currentPeriodEnd,
    });
    expect(r.subscription.currentPeriodEnd.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect(await closeBillingPeriod(t().db, { userId })).toMatchObject({
      success: false,
      error: 'PERIOD_NOT_ENDED',
    });
  });

  it('cancels instead when cancelAtPeriodEnd; NO_ACTIVE_SUBSCRIPTION without one', async () => {
    const userId = await subscribedUser(t().db, 0, { cancelAtPeriodEnd: true });
    await t().db.execute(
      sql`update bottleneck.user_subscriptions set "currentPeriodEnd" = now() - interval '1 second' where "userId" = ${userId}`,
    );
    expect(await closeBillingPeriod(t().db, { userId })).toMatchObject({
      success: true,
      subscription: { status: 'cancelled' },
    });
    expect(await closeBillingPeriod(t().db, { userId })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
  });
});
