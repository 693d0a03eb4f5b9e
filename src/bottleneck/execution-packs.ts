// Buying an execution top-off pack: the user_execution_packs row is the only place a pack's
// executions are counted (consumeExecution charges them from executionsRemaining).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { executionPacks, subscriptionTiers, userExecutionPacks, userSubscriptions } from './tables/billing';
import type { UserExecutionPack } from './validators';

export const purchaseExecutionPackInput = z.object({
  userId: serialId(),
  packSlug: z.string().min(1).max(50),
  stripePaymentIntentId: z.string().min(1).max(255).optional(),
});

export const purchaseExecutionPackErrors = [
  'INVALID_INPUT',
  'NO_ACTIVE_SUBSCRIPTION',
  'PERIOD_ENDED',
  'PACK_NOT_FOUND',
  'TIER_TOO_LOW',
  'PURCHASE_LIMIT_REACHED',
  'DUPLICATE_PAYMENT',
] as const;
export type PurchaseExecutionPackError = (typeof purchaseExecutionPackErrors)[number];

/** The latest expiry written: the end of year 9999 (the timestamp range the library reads and writes). */
const MAX_EXPIRY = sql`'9999-12-31 23:59:59.999'::timestamp`;

/**
 * Records the purchase of an active execution pack (by slug) for a user with a usable subscription
 * (active, or a trial that has not ended) whose billing period is still running. The new
 * user_execution_packs row holds the pack's executions (executionCount; null = unlimited) and
 * expires after validForDays, or at the end of the current billing period when validForDays is null.
 * user_subscriptions.additionalExecutions is not touched: a pack's executions are counted in its
 * row only, so a purchase is never credited twice.
 *
 * Refused: a pack whose minTierId ranks above the user's tier (tiers rank by sortOrder, the
 * documented Starter → Enterprise order) is TIER_TOO_LOW; a pack with maxPerMonth already bought that
 * many times this calendar month (database time zone) is PURCHASE_LIMIT_REACHED; a
 * stripePaymentIntentId already recorded on one of the user's packs is DUPLICATE_PAYMENT (a retried
 * webhook credits once). The user's subscription row is locked first, so concurrent purchases of one
 * user are serialised and the per-month and payment checks hold under concurrency.
 */
export async function purchaseExecutionPack(
  db: AnyDb,
  input: z.input<typeof purchaseExecutionPackInput>,
): Promise<Result<{ pack: UserExecutionPack }, PurchaseExecutionPackError>> {
  narrowDb(db);
  const parsed = parseInput(purchaseExecutionPackInput, input);
  if (!parsed.success) return parsed;
  const { userId, packSlug, stripePaymentIntentId } = parsed.data;
  const paymentId = stripePaymentIntentId ?? null;
  try {
    return await transactionResult(db, async (tx) => {
      const [sub] = rowsOf<{ id: number; running: boolean }>(
        await tx.execute(sql`
          select s."id", s."currentPeriodEnd" > now() as "running"
          from ${userSubscriptions} s
          where s."userId" = ${userId} and (s."status" = 'active' or (s."status" = 'trial'
            and (s."trialEndsAt" is null or s."trialEndsAt" > now())))
          for no key update of s`),
      );
      if (!sub) return fail('NO_ACTIVE_SUBSCRIPTION', `user ${userId} has no active subscription`);
      if (!sub.running) {
        return fail(
          'PERIOD_ENDED',
          'the current billing period has ended; closeBillingPeriod starts the next one',
        );
      }
      // Each refusal is a condition of the one INSERT … SELECT; the flags say which one held.
      const checks = sql`
        select p."id", p."executionCount", p."validForDays", p."priceCents", s."currentPeriodEnd",
          (p."minTierId" is null or exists (select 1 from ${subscriptionTiers} m, ${subscriptionTiers} mine
            where m."id" = p."minTierId" and mine."id" = s."tierId" and mine."sortOrder" >= m."sortOrder")) as "tierOk",
          (p."maxPerMonth" is null or (select count(*) from ${userExecutionPacks} b
            where b."userId" = ${userId} and b."packId" = p."id"
              and b."purchasedAt" >= date_trunc('month', now()::timestamp)) < p."maxPerMonth") as "underLimit",
          (${paymentId}::varchar is null or not exists (select 1 from ${userExecutionPacks} b
            where b."userId" = ${userId} and b."stripePaymentIntentId" = ${paymentId}::varchar)) as "newPayment"
        from ${executionPacks} p, ${userSubscriptions} s
        where p."slug" = ${packSlug} and p."isActive" and s."id" = ${sub.id}`;
      const inserted = rowsOf<{ id: number }>(
        await tx.execute(sql`
          with c as (${checks})
          insert into ${userExecutionPacks} ("userId", "packId", "executionsIncluded", "executionsRemaining",
            "expiresAt", "pricePaidCents", "stripePaymentIntentId", "status")
          select ${userId}, c."id", c."executionCount", c."executionCount",
            case when c."validForDays" is null then c."currentPeriodEnd"
              -- Clamped so that no validForDays (up to 2^31-1 days) overflows the timestamp range.
              else least(now()::timestamp + make_interval(days => least(greatest(c."validForDays", 0), 3000000)), ${MAX_EXPIRY})
            end,
            c."priceCents", ${paymentId}::varchar, 'active'
          from c where c."tierOk" and c."underLimit" and c."newPayment"
          returning "id"`),
      );
      if (inserted[0]) {
        const [pack] = await tx
          .select()
          .from(userExecutionPacks)
          .where(sql`${userExecutionPacks.id} = ${inserted[0].id}`);
        return ok({ pack: pack! });
      }
      const [why] = rowsOf<{ tierOk: boolean; underLimit: boolean; newPayment: boolean }>(
        await tx.execute(checks),
      );
      if (!why) return fail('PACK_NOT_FOUND', `no active execution pack '${packSlug}'`);
      if (!why.tierOk) return fail('TIER_TOO_LOW', `pack '${packSlug}' needs a higher subscription tier`);
      if (!why.underLimit) {
        return fail(
          'PURCHASE_LIMIT_REACHED',
          `pack '${packSlug}' was already bought its maximum times this month`,
        );
      }
      return fail('DUPLICATE_PAYMENT', `payment ${paymentId} is already recorded for user ${userId}`);
    });
  } catch (e) {
    // The pack (or the user) was deleted by another transaction between the read and the FK check.
    if (isConstraintViolation(e, '23503', 'user_execution_packs_packId_fkey'))
      return fail('PACK_NOT_FOUND', `no active execution pack '${packSlug}'`);
    if (isConstraintViolation(e, '23503', 'user_execution_packs_userId_fkey'))
      return fail('NO_ACTIVE_SUBSCRIPTION', `user ${userId} has no active subscription`);
    throw e;
  }
}
