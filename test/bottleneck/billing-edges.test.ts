// billing-usage.ts paths the main billing tests leave loose: the exact failure messages, errors
// that are not "user does not exist" (rethrown), the pack retry loop running out, invalid input to
// closeBillingPeriod, and a close statement whose result carries no row. Races are made
// deterministic with triggers installed by one test and dropped afterwards.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  closeBillingPeriod,
  consumeExecution,
  executionPacks,
  seedBottleneck,
  startSubscription,
  subscriptionTiers,
  subscriptionUsageRecords,
  userExecutionPacks,
  userSubscriptions,
} from '../../src/bottleneck';
import { type Database, rowsOf } from '../../src/db';
import { withTrigger as withTableTrigger } from '../fixtures/triggers';
import { useTestDb } from '../support';
import { makeUser, subscribedUser } from './fixtures';

const t = useTestDb();

/** Runs `fn` with a row trigger `timing` on bottleneck.<table> whose plpgsql body is `body`; drops it after. */
const withTrigger = <T>(
  db: Database,
  table: 'user_subscriptions' | 'user_execution_packs',
  timing: 'before insert' | 'before update',
  body: string,
  fn: () => Promise<T>,
): Promise<T> =>
  withTableTrigger(
    db,
    {
      schema: 'bottleneck',
      table,
      timing: 'before',
      event: timing === 'before insert' ? 'insert' : 'update',
      body,
    },
    fn,
  );

const subscriptionOf = async (db: Database, userId: number) =>
  db.select().from(userSubscriptions).where(eq(userSubscriptions.userId, userId));
const packsOf = async (db: Database, userId: number) =>
  db
    .select()
    .from(userExecutionPacks)
    .where(eq(userExecutionPacks.userId, userId))
    .orderBy(userExecutionPacks.id);

async function addBoostPack(db: Database, userId: number, remaining: number) {
  const [pack] = await db.select().from(executionPacks).where(eq(executionPacks.slug, 'boost'));
  const [row] = await db
    .insert(userExecutionPacks)
    .values({
      userId,
      packId: pack!.id,
      executionsIncluded: remaining,
      executionsRemaining: remaining,
      pricePaidCents: pack!.priceCents,
    })
    .returning();
  return row!;
}

/** A database handle on which any use fails the test: proves a call never reached the database. */
const untouchable = new Proxy({} as Database, {
  get(_target, prop) {
    throw new Error(`the database was used (${String(prop)})`);
  },
});

describe('startSubscription failures', () => {
  it('USER_NOT_FOUND names the user', async () => {
    await seedBottleneck(t().db);
    expect(
      await startSubscription(t().db, { userId: 987654, tierSlug: 'starter', paymentFrequency: 'monthly' }),
    ).toEqual({ success: false, error: 'USER_NOT_FOUND', message: 'user 987654 does not exist' });
    expect(await subscriptionOf(t().db, 987654)).toEqual([]);
  });

  it('ALREADY_SUBSCRIBED names the user; TIER_NOT_FOUND names the tier (also an inactive one)', async () => {
    await seedBottleneck(t().db);
    const userId = await makeUser(t().db);
    const first = await startSubscription(t().db, {
      userId,
      tierSlug: 'starter',
      paymentFrequency: 'monthly',
    });
    if (!first.success) throw new Error(first.message);
    expect(
      await startSubscription(t().db, { userId, tierSlug: 'growth', paymentFrequency: 'annual' }),
    ).toEqual({
      success: false,
      error: 'ALREADY_SUBSCRIBED',
      message: `user ${userId} already has a subscription`,
    });
    const other = await makeUser(t().db);
    expect(
      await startSubscription(t().db, { userId: other, tierSlug: 'nope', paymentFrequency: 'annual' }),
    ).toEqual({ success: false, error: 'TIER_NOT_FOUND', message: "no active tier 'nope'" });
    const slug = `off-${randomUUID().slice(0, 8)}`;
    await t().db.insert(subscriptionTiers).values({
      slug,
      name: 'Off',
      monthlyPriceCents: 1,
      maxAgents: 1,
      maxConcurrentAgents: 1,
      monthlyExecutionLimit: 1,
      isActive: false,
    });
    expect(
      await startSubscription(t().db, { userId: other, tierSlug: slug, paymentFrequency: 'annual' }),
    ).toEqual({ success: false, error: 'TIER_NOT_FOUND', message: `no active tier '${slug}'` });
    // The refused calls changed nothing.
    expect(await subscriptionOf(t().db, userId)).toEqual([first.subscription]);
    expect(await subscriptionOf(t().db, other)).toEqual([]);
  });

  it('a tier deleted between the read and the insert: TIER_NOT_FOUND, not USER_NOT_FOUND or a driver error', async () => {
    await seedBottleneck(t().db);
    const userId = await makeUser(t().db);
    const slug = `gone-${randomUUID().slice(0, 8)}`;
    await t().db.insert(subscriptionTiers).values({
      slug,
      name: 'Gone',
      monthlyPriceCents: 1,
      maxAgents: 1,
      maxConcurrentAgents: 1,
      monthlyExecutionLimit: 1,
    });
    // The "concurrent" delete: the tier row the INSERT … SELECT read disappears before the FK check.
    const r = await withTrigger(
      t().db,
      'user_subscriptions',
      'before insert',
      'delete from bottleneck.subscription_tiers where "id" = new."tierId"; return new;',
      () => startSubscription(t().db, { userId, tierSlug: slug, paymentFrequency: 'monthly' }),
    );
    expect(r).toEqual({ success: false, error: 'TIER_NOT_FOUND', message: `no active tier '${slug}'` });
    // The whole statement was rolled back: no subscription, and the tier (deleted by the trigger) is back.
    expect(await subscriptionOf(t().db, userId)).toEqual([]);
    expect(
      await t()
        .db.select({ slug: subscriptionTiers.slug })
        .from(subscriptionTiers)
        .where(eq(subscriptionTiers.slug, slug)),
    ).toEqual([{ slug }]);
  });
});

describe('consumeExecution failures', () => {
  it('NO_ACTIVE_SUBSCRIPTION names the user', async () => {
    const userId = await makeUser(t().db);
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
      message: `user ${userId} has no active subscription`,
    });
  });

  it('plan used up and no usable pack: LIMIT_REACHED "no executions left …", nothing written', async () => {
    const userId = await subscribedUser(t().db, 200);
    await addBoostPack(t().db, userId, 0); // active but empty: not usable
    const before = [await subscriptionOf(t().db, userId), await packsOf(t().db, userId)];
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: false,
      error: 'LIMIT_REACHED',
      message: 'no executions left in the plan or in execution packs',
    });
    expect([await subscriptionOf(t().db, userId), await packsOf(t().db, userId)]).toEqual(before);
  });

  it('plan used up, a usable pack left, but every charge loses the race: 20 attempts, then LIMIT_REACHED "no execution pack could be charged"', async () => {
    const userId = await subscribedUser(t().db, 200);
    const pack = await addBoostPack(t().db, userId, 5);
    const before = [await subscriptionOf(t().db, userId), await packsOf(t().db, userId)];
    // Each pack UPDATE is skipped, as when a concurrent caller took the row first, while the pack still
    // looks usable afterwards. A sequence (not rolled back) counts the attempts; past 25 the trigger
    // fails the statement, so a loop that never ends fails the test instead of hanging it.
    await t().db.execute(sql.raw('create sequence bottleneck.test_pack_attempts'));
    try {
      const result = await withTrigger(
        t().db,
        'user_execution_packs',
        'before update',
        `if old."userId" <> ${userId} then return new; end if;
         if nextval('bottleneck.test_pack_attempts') > 25 then raise exception 'runaway retry loop'; end if;
         return null;`,
        () => consumeExecution(t().db, { userId }),
      );
      expect(result).toEqual({
        success: false,
        error: 'LIMIT_REACHED',
        message: 'no execution pack could be charged',
      });
      const [seq] = rowsOf<{ attempts: number }>(
        await t().db.execute(
          sql.raw('select last_value::int as attempts from bottleneck.test_pack_attempts'),
        ),
      );
      expect(seq).toEqual({ attempts: 20 });
    } finally {
      await t().db.execute(sql.raw('drop sequence bottleneck.test_pack_attempts'));
    }
    expect([await subscriptionOf(t().db, userId), await packsOf(t().db, userId)]).toEqual(before);
    // Without the race the same pack is charged.
    expect(await consumeExecution(t().db, { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 4,
      packId: pack.id,
    });
  });
});

describe('closeBillingPeriod failures', () => {
  it.each([
    [{ userId: 0 }, 'too_small', 'Too small: expected number to be >=1'],
    [{ userId: 'x' }, 'invalid_type', 'Invalid input: expected number, received string'],
    [{}, 'invalid_type', 'Invalid input: expected number, received undefined'],
  ])('invalid input %j: INVALID_INPUT (%s) without touching the database', async (input, code, issue) => {
    expect(await closeBillingPeriod(untouchable, input as never)).toEqual({
      success: false,
      error: 'INVALID_INPUT',
      message: `userId: ${issue}`,
      issues: [expect.objectContaining({ code, path: ['userId'], message: issue })],
    });
  });

  it('PERIOD_NOT_ENDED and NO_ACTIVE_SUBSCRIPTION carry their messages; nothing is recorded', async () => {
    const running = await subscribedUser(t().db, 3);
    const before = await subscriptionOf(t().db, running);
    expect(await closeBillingPeriod(t().db, { userId: running })).toEqual({
      success: false,
      error: 'PERIOD_NOT_ENDED',
      message: 'the current billing period has not ended yet',
    });
    expect(await subscriptionOf(t().db, running)).toEqual(before);
    const none = await makeUser(t().db);
    expect(await closeBillingPeriod(t().db, { userId: none })).toEqual({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
      message: `user ${none} has no active subscription`,
    });
    const cancelled = await subscribedUser(t().db, 0, {
      status: 'cancelled',
      currentPeriodEnd: new Date(Date.now() - 60_000),
    });
    expect(await closeBillingPeriod(t().db, { userId: cancelled })).toEqual({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
      message: `user ${cancelled} has no active subscription`,
    });
    expect(
      await t()
        .db.select()
        .from(subscriptionUsageRecords)
        .where(sql`${subscriptionUsageRecords.userId} in (${running}, ${none}, ${cancelled})`),
    ).toEqual([]);
  });

  it('a close statement whose result carries no row falls back to the documented failures, never a TypeError', async () => {
    // A driver result without rows (rowsOf gives []): the function must still answer with a Result.
    const noRows = Object.assign(Object.create(t().db) as Database, {
      execute: async () => ({ rows: [] }),
    });
    const running = await subscribedUser(t().db, 0);
    expect(await closeBillingPeriod(noRows, { userId: running })).toEqual({
      success: false,
      error: 'PERIOD_NOT_ENDED',
      message: 'the current billing period has not ended yet',
    });
    const none = await makeUser(t().db);
    expect(await closeBillingPeriod(noRows, { userId: none })).toEqual({
      success: false,
      error: 'NO_ACTIVE_SUBSCRIPTION',
      message: `user ${none} has no active subscription`,
    });
  });
});
