import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, inTransaction, narrowDb, rowsOf } from '../db';
import { INT4, int4, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import {
  subscriptionTiers,
  userExecutionPacks,
  userSubscriptions,
  userSubscriptionsPaymentFrequencyValues,
} from './tables/billing';
import type { UserSubscription } from './validators';

/** Length of one billing period per payment frequency. */
const periodInterval = (frequency: string | SQL) => sql`(case ${frequency}
  when 'weekly' then interval '7 days' when 'six_month' then interval '6 months'
  when 'annual' then interval '1 year' else interval '1 month' end)`;

/** Subscriptions that may consume executions: active, or a trial that has not ended. */
const usableSubscription = sql`(${userSubscriptions.status} = 'active' or (${userSubscriptions.status} = 'trial'
  and (${userSubscriptions.trialEndsAt} is null or ${userSubscriptions.trialEndsAt} > now())))`;
/**
 * The current billing period is still running. A period that has ended charges nothing until
 * closeBillingPeriod starts the next one (PERIOD_ENDED): renewing is the billing job's decision
 * (payment, past_due, cancelAtPeriodEnd), not a side effect of consuming.
 */
const periodRunning = sql`${userSubscriptions.currentPeriodEnd} > now()`;

export const startSubscriptionInput = z.object({
  userId: serialId(),
  tierSlug: z.string().min(1).max(50),
  paymentFrequency: z.enum(userSubscriptionsPaymentFrequencyValues),
  trialDays: int4({ min: 1, max: 365 }).optional(),
});

export const startSubscriptionErrors = [
  'INVALID_INPUT',
  'TIER_NOT_FOUND',
  'ALREADY_SUBSCRIBED',
  'USER_NOT_FOUND',
] as const;
export type StartSubscriptionError = (typeof startSubscriptionErrors)[number];

/**
 * Starts the user's subscription on an active tier: one INSERT … SELECT … ON CONFLICT ("userId").
 * A cancelled subscription row is restarted in place (userId is unique); any other existing one is
 * ALREADY_SUBSCRIBED. With trialDays the status is 'trial' until trialEndsAt.
 */
export async function startSubscription(
  db: AnyDb,
  input: z.input<typeof startSubscriptionInput>,
): Promise<Result<{ subscription: UserSubscription }, StartSubscriptionError>> {
  narrowDb(db);
  const parsed = parseInput(startSubscriptionInput, input);
  if (!parsed.success) return parsed;
  const { userId, tierSlug, paymentFrequency, trialDays } = parsed.data;
  const status = trialDays ? 'trial' : 'active';
  const trialEnd = trialDays ? sql`now() + make_interval(days => ${trialDays})` : sql`null::timestamp`;
  let ids: { id: number }[];
  try {
    ids = rowsOf<{ id: number }>(
      await inTransaction(db, (tx) =>
        tx.execute(sql`
          insert into ${userSubscriptions} ("userId", "tierId", "status", "paymentFrequency",
            "currentPeriodStart", "currentPeriodEnd", "trialEndsAt")
          select ${userId}, t."id", ${status}, ${paymentFrequency}, now(), now() + ${periodInterval(paymentFrequency)}, ${trialEnd}
          from ${subscriptionTiers} t where t."slug" = ${tierSlug} and t."isActive"
          on conflict ("userId") do update set
            "tierId" = excluded."tierId", "status" = excluded."status", "paymentFrequency" = excluded."paymentFrequency",
            "currentPeriodStart" = excluded."currentPeriodStart", "currentPeriodEnd" = excluded."currentPeriodEnd",
            "trialEndsAt" = excluded."trialEndsAt", "cancelAtPeriodEnd" = false, "cancelledAt" = null,
            "cancellationReason" = null, "executionsUsedThisPeriod" = 0, "agentsSpawnedThisPeriod" = 0,
            "additionalExecutions" = 0
          where ${userSubscriptions}."status" = 'cancelled'
          returning "id"`),
      ),
    );
  } catch (e) {
    if (isConstraintViolation(e, '23503', 'user_subscriptions_userId_fkey'))
      return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
    // The tier was deleted by another transaction between this statement's read and its FK check.
    if (isConstraintViolation(e, '23503', 'user_subscriptions_tierId_fkey'))
      return fail('TIER_NOT_FOUND', `no active tier '${tierSlug}'`);
    throw e;
  }
  if (ids.length === 0) {
    const [tier] = await db
      .select({ id: subscriptionTiers.id })
      .from(subscriptionTiers)
      .where(and(eq(subscriptionTiers.slug, tierSlug), eq(subscriptionTiers.isActive, true)));
    return tier
      ? fail('ALREADY_SUBSCRIBED', `user ${userId} already has a subscription`)
      : fail('TIER_NOT_FOUND', `no active tier '${tierSlug}'`);
  }
  const [subscription] = await db
    .select()
    .from(userSubscriptions)
    .where(eq(userSubscriptions.id, ids[0]!.id));
  return ok({ subscription: subscription! });
}

export const consumeExecutionInput = z.object({ userId: serialId() });
export const closeBillingPeriodInput = consumeExecutionInput;

export const consumeExecutionErrors = [
  'INVALID_INPUT',
  'NO_ACTIVE_SUBSCRIPTION',
  'PERIOD_ENDED',
  'LIMIT_REACHED',
] as const;
export type ConsumeExecutionError = (typeof consumeExecutionErrors)[number];

/**
 * Charges one execution. First the plan (monthlyExecutionLimit + additionalExecutions), in one
 * conditional UPDATE that Postgres re-checks after waiting on the row lock; then the earliest-expiring
 * active pack (unlimited packs count while valid), also one conditional UPDATE. `remaining` is what
 * is left in the source that was charged (null for an unlimited pack).
 *
 * Pack executions are counted only in user_execution_packs (executionsRemaining): the one source of
 * truth for them. additionalExecutions holds top-off executions granted outside packs; no pack
 * purchase writes it (purchaseExecutionPack writes the pack row only), so nothing is counted twice.
 * Nothing is charged once currentPeriodEnd has passed (PERIOD_ENDED), from the plan or from packs,
 * until closeBillingPeriod starts the next period.
 */
export async function consumeExecution(
  db: AnyDb,
  input: z.input<typeof consumeExecutionInput>,
): Promise<
  Result<
    { source: 'plan'; remaining: number } | { source: 'pack'; remaining: number | null; packId: number },
    ConsumeExecutionError
  >
> {
  narrowDb(db);
  const parsed = parseInput(consumeExecutionInput, input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  // In bigint and capped at the int4 maximum, so neither the sum nor "used + 1" can overflow.
  const limit = sql`least(${subscriptionTiers.monthlyExecutionLimit}::bigint + ${userSubscriptions.additionalExecutions}, 2147483647)`;
  const [plan] = await db
    .update(userSubscriptions)
    .set({ executionsUsedThisPeriod: sql`${userSubscriptions.executionsUsedThisPeriod} + 1` })
    .from(subscriptionTiers)
    .where(
      and(
        eq(userSubscriptions.tierId, subscriptionTiers.id),
        eq(userSubscriptions.userId, userId),
        usableSubscription,
        periodRunning,
        sql`${userSubscriptions.executionsUsedThisPeriod} < ${limit}`,
      ),
    )
    .returning({ remaining: sql<number>`(${limit} - ${userSubscriptions.executionsUsedThisPeriod})::int` });
  if (plan) return ok({ source: 'plan' as const, remaining: plan.remaining });

  const subscribed = sql`exists (select 1 from ${userSubscriptions} where ${userSubscriptions.userId} = ${userId} and ${usableSubscription})`;
  const hasSubscription = sql`exists (select 1 from ${userSubscriptions} where ${userSubscriptions.userId} = ${userId} and ${usableSubscription} and ${periodRunning})`;
  const usablePack = and(
    eq(userExecutionPacks.userId, userId),
    eq(userExecutionPacks.status, 'active'),
    sql`(${userExecutionPacks.expiresAt} is null or ${userExecutionPacks.expiresAt} > now())`,
    sql`(${userExecutionPacks.executionsRemaining} is null or ${userExecutionPacks.executionsRemaining} > 0)`,
  );
  // The picked pack can be drained by a concurrent caller while we wait for its lock; the UPDATE
  // then matches nothing, and we retry as long as some usable pack is left.
  for (let attempt = 0; attempt < 20; attempt++) {
    const picked = db
      .select({ id: userExecutionPacks.id })
      .from(userExecutionPacks)
      .where(and(usablePack, hasSubscription))
      .orderBy(
        sql`${userExecutionPacks.expiresAt} asc nulls last`,
        userExecutionPacks.purchasedAt,
        userExecutionPacks.id,
      )
      .limit(1)
      .for('update');
    const [pack] = await db
      .update(userExecutionPacks)
      .set({
        executionsRemaining: sql`${userExecutionPacks.executionsRemaining} - 1`,
        status: sql`case when ${userExecutionPacks.executionsRemaining} = 1 then 'depleted' else ${userExecutionPacks.status} end`,
      })
      .where(and(sql`${userExecutionPacks.id} = (${picked})`, usablePack))
      .returning({ id: userExecutionPacks.id, remaining: userExecutionPacks.executionsRemaining });
    if (pack) return ok({ source: 'pack' as const, remaining: pack.remaining, packId: pack.id });
    const [left] = rowsOf<{ subscribed: boolean; running: boolean; packs: boolean }>(
      await db.execute(sql`select ${subscribed} as subscribed, ${hasSubscription} as running,
        exists (select 1 from ${userExecutionPacks} where ${usablePack}) as packs`),
    );
    if (!left!.subscribed) return fail('NO_ACTIVE_SUBSCRIPTION', `user ${userId} has no active subscription`);
    if (!left!.running) {
      return fail(
        'PERIOD_ENDED',
        'the current billing period has ended; closeBillingPeriod starts the next one',
      );
    }
    if (!left!.packs) return fail('LIMIT_REACHED', 'no executions left in the plan or in execution packs');
  }
  return fail('LIMIT_REACHED', 'no execution pack could be charged');
}

export const closeBillingPeriodErrors = [
  'INVALID_INPUT',
  'NO_ACTIVE_SUBSCRIPTION',
  'PERIOD_NOT_ENDED',
] as const;
export type CloseBillingPeriodError = (typeof closeBillingPeriodErrors)[number];

/**
 * Closes an ended period in one statement: locks the subscription, writes its
 * subscription_usage_records row and starts the next period (or cancels when cancelAtPeriodEnd).
 * The "period ended" condition makes a second concurrent close a no-op (PERIOD_NOT_ENDED).
 */
export async function closeBillingPeriod(
  db: AnyDb,
  input: z.input<typeof closeBillingPeriodInput>,
): Promise<Result<{ usageRecordId: number; subscription: UserSubscription }, CloseBillingPeriodError>> {
  narrowDb(db);
  const parsed = parseInput(closeBillingPeriodInput, input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  const rows = rowsOf<{ recordId: number; subscriptionId: number }>(
    await db.execute(sql`
      with s as (
        select u.*, t."monthlyExecutionLimit", t."maxAgents"
        from ${userSubscriptions} u join ${subscriptionTiers} t on t."id" = u."tierId"
        where u."userId" = ${userId} and u."status" in ('active', 'trial', 'past_due')
          and u."currentPeriodEnd" <= now()
        for update of u
      ), rec as (
        insert into bottleneck.subscription_usage_records ("userId", "periodStart", "periodEnd", "tierId",
          "executionLimit", "agentLimit", "executionsUsed", "additionalExecutionsPurchased", "additionalExecutionsUsed")
        select "userId", "currentPeriodStart", "currentPeriodEnd", "tierId", "monthlyExecutionLimit",
          -- In bigint: both columns may hold up to 2^31-1; the snapshot saturates at the int4 range.
          least("maxAgents"::bigint + "additionalAgentSlots", ${INT4.max})::int,
          "executionsUsedThisPeriod", "additionalExecutions",
          least("additionalExecutions", greatest(0, "executionsUsedThisPeriod"::bigint - "monthlyExecutionLimit"))::int
        from s
        returning "id"
      ), upd as (
        update ${userSubscriptions} u set
          "currentPeriodStart" = case when s."cancelAtPeriodEnd" then u."currentPeriodStart" else s."currentPeriodEnd" end,
          "currentPeriodEnd" = case when s."cancelAtPeriodEnd" then u."currentPeriodEnd"
            else s."currentPeriodEnd" + ${periodInterval(sql`s."paymentFrequency"`)} end,
          "status" = case when s."cancelAtPeriodEnd" then 'cancelled' else u."status" end,
          "cancelledAt" = case when s."cancelAtPeriodEnd" then now() else u."cancelledAt" end,
          "executionsUsedThisPeriod" = 0, "agentsSpawnedThisPeriod" = 0, "additionalExecutions" = 0
        from s where u."id" = s."id"
        returning u."id"
      )
      select (select "id" from rec) as "recordId", (select "id" from upd) as "subscriptionId"`),
  );
  const row = rows[0];
  if (!row?.recordId) {
    const [sub] = await db
      .select({ id: userSubscriptions.id })
      .from(userSubscriptions)
      .where(
        and(
          eq(userSubscriptions.userId, userId),
          sql`${userSubscriptions.status} in ('active', 'trial', 'past_due')`,
        ),
      );
    return sub
      ? fail('PERIOD_NOT_ENDED', 'the current billing period has not ended yet')
      : fail('NO_ACTIVE_SUBSCRIPTION', `user ${userId} has no active subscription`);
  }
  const [subscription] = await db
    .select()
    .from(userSubscriptions)
    .where(eq(userSubscriptions.id, row.subscriptionId));
  return ok({ usageRecordId: Number(row.recordId), subscription: subscription! });
}
