// Billing periods and execution packs (issue 19): consumeExecution refuses once currentPeriodEnd has
// passed (PERIOD_ENDED) until closeBillingPeriod starts the next period; purchaseExecutionPack
// writes the pack row only, so a pack's executions are counted once. Races: test/pg/bottleneck-billing.test.ts.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  closeBillingPeriod,
  consumeExecution,
  executionPacks,
  purchaseExecutionPack,
  subscriptionTiers,
  userExecutionPacks,
  userSubscriptions,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { useTestDb } from '../support';
import { makeUser, subscribedUser } from './fixtures';

const t = useTestDb();

const subscriptionOf = async (db: Database, userId: number) =>
  (await db.select().from(userSubscriptions).where(eq(userSubscriptions.userId, userId)))[0]!;
const packsOf = (db: Database, userId: number) =>
  db
    .select()
    .from(userExecutionPacks)
    .where(eq(userExecutionPacks.userId, userId))
    .orderBy(userExecutionPacks.id);
const endPeriod = (db: Database, userId: number) =>
  db.execute(
    sql`update bottleneck.user_subscriptions set "currentPeriodEnd" = now() - interval '1 second' where "userId" = ${userId}`,
  );

/** A pack of the catalog with these columns (the seeded ones are used as they are). */
async function makePack(db: Database, values: Partial<typeof executionPacks.$inferInsert> = {}) {
  const [p] = await db
    .insert(executionPacks)
    .values({
      slug: `p-${randomUUID().slice(0, 8)}`,
      name: 'Test pack',
      executionCount: 2,
      priceCents: 500,
      ...values,
    })
    .returning();
  return p!;
}
const tierId = async (db: Database, slug: string) =>
  (await db.select().from(subscriptionTiers).where(eq(subscriptionTiers.slug, slug)))[0]!.id;

describe('consumeExecution after the billing period', () => {
  it('PERIOD_ENDED once currentPeriodEnd has passed, from the plan and from packs; nothing written; the next period charges again', async () => {
    const userId = await subscribedUser(t().db, 3);
    const pack = await makePack(t().db, { executionCount: 5, validForDays: 90 });
    const bought = await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug });
    if (!bought.success) throw new Error(bought.message);
    await endPeriod(t().db, userId);
    const before = [await subscriptionOf(t().db, userId), await packsOf(t().db, userId)];
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: false,
      error: 'PERIOD_ENDED',
      message: 'the current billing period has ended; closeBillingPeriod starts the next one',
    });
    // Plan used up: the pack would be next, and is refused all the same.
    await t()
      .db.update(userSubscriptions)
      .set({ executionsUsedThisPeriod: 200 })
      .where(eq(userSubscriptions.userId, userId));
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'PERIOD_ENDED',
    });
    expect(await packsOf(t().db, userId)).toEqual(before[1]);
    expect((await subscriptionOf(t().db, userId)).executionsUsedThisPeriod).toBe(200);
    const closed = await closeBillingPeriod(t().db, { userId });
    if (!closed.success) throw new Error(closed.message);
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 199,
    });
  });

  it('a period ending exactly now is ended; one ending a microsecond later still charges', async () => {
    const out = await t().db.transaction(async (tx) => {
      const h = tx as unknown as Database;
      const atNow = await subscribedUser(h, 0, { currentPeriodEnd: sql`now()` });
      const later = await subscribedUser(h, 0, { currentPeriodEnd: sql`now() + interval '1 microsecond'` });
      return {
        atNow: await consumeExecution(h, { userId: atNow }),
        atNowUsed: (await subscriptionOf(h, atNow)).executionsUsedThisPeriod,
        later: await consumeExecution(h, { userId: later }),
      };
    });
    expect(out.atNow).toMatchObject({ success: false, error: 'PERIOD_ENDED' });
    expect(out.atNowUsed).toBe(0);
    expect(out.later).toEqual({ success: true, source: 'plan', remaining: 199 });
  });

  it('NO_ACTIVE_SUBSCRIPTION still wins over PERIOD_ENDED (a paused subscription whose period ended)', async () => {
    const userId = await subscribedUser(t().db, 0, { status: 'paused' });
    await endPeriod(t().db, userId);
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
    });
  });
});

describe('purchaseExecutionPack', () => {
  it('writes one pack row (executions, price, expiry at the period end when validForDays is null) and leaves additionalExecutions alone', async () => {
    const userId = await subscribedUser(t().db, 0);
    const r = await purchaseExecutionPack(t().db, {
      userId,
      packSlug: 'boost',
      stripePaymentIntentId: 'pi_1',
    });
    if (!r.success) throw new Error(r.message);
    const sub = await subscriptionOf(t().db, userId);
    const [boost] = await t().db.select().from(executionPacks).where(eq(executionPacks.slug, 'boost'));
    expect(r.pack).toMatchObject({
      userId,
      packId: boost!.id,
      executionsIncluded: 100,
      executionsRemaining: 100,
      pricePaidCents: 4900,
      stripePaymentIntentId: 'pi_1',
      status: 'active',
      expiresAt: sub.currentPeriodEnd,
    });
    expect(await packsOf(t().db, userId)).toEqual([r.pack]);
    expect(sub.additionalExecutions).toBe(0);
  });

  it('a validForDays pack expires exactly that many days after the purchase; an unlimited one stays unlimited', async () => {
    const userId = await subscribedUser(t().db, 200);
    const r = await purchaseExecutionPack(t().db, { userId, packSlug: 'unlimited_month' });
    if (!r.success) throw new Error(r.message);
    expect(r.pack).toMatchObject({
      executionsIncluded: null,
      executionsRemaining: null,
      pricePaidCents: 29900,
    });
    expect(r.pack.expiresAt!.getTime() - r.pack.purchasedAt.getTime()).toBe(30 * 86_400_000);
    for (let i = 0; i < 3; i++) {
      expect(await consumeExecution(t().db, { userId })).toEqual({
        success: true,
        source: 'pack',
        remaining: null,
        packId: r.pack.id,
      });
    }
  });

  it('a bought pack is counted once: plan used up + a 2-execution pack = exactly 2 more executions', async () => {
    const userId = await subscribedUser(t().db, 200);
    const pack = await makePack(t().db, { executionCount: 2 });
    const r = await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug });
    if (!r.success) throw new Error(r.message);
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 1,
      packId: r.pack.id,
    });
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 0,
      packId: r.pack.id,
    });
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
    const sub = await subscriptionOf(t().db, userId);
    expect([sub.executionsUsedThisPeriod, sub.additionalExecutions]).toEqual([200, 0]);
    expect(await packsOf(t().db, userId)).toMatchObject([{ executionsRemaining: 0, status: 'depleted' }]);
  });

  it('TIER_TOO_LOW below the pack’s minimum tier (by sortOrder); the minimum tier and above may buy', async () => {
    const pack = await makePack(t().db, { minTierId: await tierId(t().db, 'professional') });
    const starter = await subscribedUser(t().db, 0);
    expect(await purchaseExecutionPack(t().db, { userId: starter, packSlug: pack.slug })).toEqual({
      success: false,
      error: 'TIER_TOO_LOW',
      message: `pack '${pack.slug}' needs a higher subscription tier`,
    });
    expect(await packsOf(t().db, starter)).toEqual([]);
    for (const slug of ['professional', 'enterprise']) {
      const userId = await subscribedUser(t().db, 0, { tierId: await tierId(t().db, slug) });
      expect(await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug })).toMatchObject({
        success: true,
      });
    }
  });

  it('PURCHASE_LIMIT_REACHED past maxPerMonth this calendar month; last month’s purchases do not count', async () => {
    const userId = await subscribedUser(t().db, 0);
    const pack = await makePack(t().db, { maxPerMonth: 2 });
    const first = await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug });
    if (!first.success) throw new Error(first.message);
    // Bought before this month began: not counted.
    await t()
      .db.update(userExecutionPacks)
      .set({ purchasedAt: sql`date_trunc('month', now()::timestamp) - interval '1 microsecond'` })
      .where(eq(userExecutionPacks.id, first.pack.id));
    expect(await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug })).toMatchObject({
      success: true,
    });
    expect(await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug })).toMatchObject({
      success: true,
    });
    const before = await packsOf(t().db, userId);
    expect(await purchaseExecutionPack(t().db, { userId, packSlug: pack.slug })).toEqual({
      success: false,
      error: 'PURCHASE_LIMIT_REACHED',
      message: `pack '${pack.slug}' was already bought its maximum times this month`,
    });
    expect(await packsOf(t().db, userId)).toEqual(before);
    // Another user's purchases are theirs.
    const other = await subscribedUser(t().db, 0);
    expect(await purchaseExecutionPack(t().db, { userId: other, packSlug: pack.slug })).toMatchObject({
      success: true,
    });
  });

  it('DUPLICATE_PAYMENT for a payment intent already recorded on the user’s packs (a retried webhook credits once)', async () => {
    const userId = await subscribedUser(t().db, 0);
    const pi = `pi_${randomUUID()}`;
    expect(
      await purchaseExecutionPack(t().db, { userId, packSlug: 'boost', stripePaymentIntentId: pi }),
    ).toMatchObject({
      success: true,
    });
    const before = await packsOf(t().db, userId);
    expect(
      await purchaseExecutionPack(t().db, { userId, packSlug: 'power', stripePaymentIntentId: pi }),
    ).toEqual({
      success: false,
      error: 'DUPLICATE_PAYMENT',
      message: `payment ${pi} is already recorded for user ${userId}`,
    });
    expect(await packsOf(t().db, userId)).toEqual(before);
    // Deduplicated per user: another user's packs are not looked at (and not revealed).
    const other = await subscribedUser(t().db, 0);
    expect(
      await purchaseExecutionPack(t().db, { userId: other, packSlug: 'boost', stripePaymentIntentId: pi }),
    ).toMatchObject({ success: true, pack: { userId: other, stripePaymentIntentId: pi } });
    // Without a payment id nothing is deduplicated.
    expect(await purchaseExecutionPack(t().db, { userId, packSlug: 'boost' })).toMatchObject({
      success: true,
    });
    expect(await purchaseExecutionPack(t().db, { userId, packSlug: 'boost' })).toMatchObject({
      success: true,
    });
    expect(await packsOf(t().db, userId)).toHaveLength(3);
  });

  it('PACK_NOT_FOUND, NO_ACTIVE_SUBSCRIPTION, PERIOD_ENDED, INVALID_INPUT; nothing written', async () => {
    const userId = await subscribedUser(t().db, 0);
    const inactive = await makePack(t().db, { isActive: false });
    for (const packSlug of ['nope', inactive.slug]) {
      expect(await purchaseExecutionPack(t().db, { userId, packSlug })).toEqual({
        success: false,
        error: 'PACK_NOT_FOUND',
        message: `no active execution pack '${packSlug}'`,
      });
    }
    const none = await makeUser(t().db);
    const paused = await subscribedUser(t().db, 0, { status: 'paused' });
    const trialOver = await subscribedUser(t().db, 0, {
      status: 'trial',
      trialEndsAt: new Date(Date.now() - 60_000),
    });
    for (const u of [none, paused, trialOver, 1_999_999_999]) {
      expect(await purchaseExecutionPack(t().db, { userId: u, packSlug: 'boost' })).toEqual({
        success: false,
        error: 'NO_ACTIVE_SUBSCRIPTION',
        message: `user ${u} has no active subscription`,
      });
    }
    const ended = await subscribedUser(t().db, 0);
    await endPeriod(t().db, ended);
    expect(await purchaseExecutionPack(t().db, { userId: ended, packSlug: 'boost' })).toEqual({
      success: false,
      error: 'PERIOD_ENDED',
      message: 'the current billing period has ended; closeBillingPeriod starts the next one',
    });
    for (const bad of [
      { userId, packSlug: '' },
      { userId, packSlug: 'x'.repeat(51) },
      { userId: 0, packSlug: 'boost' },
      { userId, packSlug: 'boost', stripePaymentIntentId: '' },
    ]) {
      expect(await purchaseExecutionPack(t().db, bad)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    for (const u of [userId, none, paused, trialOver, ended]) expect(await packsOf(t().db, u)).toEqual([]);
  });
});
