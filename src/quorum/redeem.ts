import { and, asc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, rowsOf } from '../db';
import { INT4, uuidInput } from '../input';
import {
  type Failure,
  fail,
  isConstraintViolation,
  ok,
  parseInput,
  type Result,
  transactionResult,
} from '../result';
import { couponRedemptions, coupons, profiles, referralConversions } from './tables/coupons';
import { couponCodeSchema } from './validators';

export const redeemCouponErrors = [
  'INVALID_INPUT',
  'COUPON_NOT_FOUND',
  'COUPON_NOT_ACTIVE',
  'COUPON_NOT_YET_VALID',
  'COUPON_EXPIRED',
  'COUPON_EXHAUSTED',
  'ALREADY_REDEEMED',
  'OWN_REFERRAL_COUPON',
  'PROFILE_NOT_FOUND',
] as const;
export type RedeemCouponError = (typeof redeemCouponErrors)[number];

/** `code` is normalised (couponCodeSchema: NFKC, invisible characters removed, trimmed, Turkish i folded, upper-cased). */
export const redeemCouponInput = z.object({ code: couponCodeSchema, userId: uuidInput() });
export type RedeemCouponInput = z.input<typeof redeemCouponInput>;

export type RedeemCouponResult = Result<
  { creditsAwarded: number; newBalance: number; couponId: string; redemptionId: string },
  RedeemCouponError
>;

const messages: Record<Exclude<RedeemCouponError, 'INVALID_INPUT'>, string> = {
  COUPON_NOT_FOUND: 'no coupon has this code',
  COUPON_NOT_ACTIVE: 'the coupon is not published',
  COUPON_NOT_YET_VALID: 'the coupon is not valid yet',
  COUPON_EXPIRED: 'the coupon has expired',
  COUPON_EXHAUSTED: 'the coupon has reached its maximum number of uses',
  ALREADY_REDEEMED: 'this user has already redeemed the coupon',
  OWN_REFERRAL_COUPON: 'a referrer cannot redeem their own referral coupon',
  PROFILE_NOT_FOUND: 'the user has no profile',
};

/** What one attempt can end with besides the documented codes: retry, or a balance past int4. */
type AttemptCode = Exclude<RedeemCouponError, 'INVALID_INPUT'> | 'RETRY' | 'BALANCE_LIMIT';
type Attempt = RedeemCouponResult | Failure<AttemptCode>;
const stop = (code: AttemptCode): Failure<AttemptCode> => fail(code, code);

/**
 * Redeems a coupon for a user (the documented `redeem_coupon` RPC). One transaction: a single
 * conditional UPDATE claims a use (the row lock serialises concurrent redeemers, and the WHERE
 * clause is re-checked against the latest row), the unique (coupon_id, user_id) redemption insert
 * rejects a second redemption, the profile is credited; any failure rolls everything back.
 */
export async function redeemCoupon(db: DbOrTx, input: RedeemCouponInput): Promise<RedeemCouponResult> {
  const parsed = parseInput(redeemCouponInput, input);
  if (!parsed.success) return parsed;
  const { code, userId } = parsed.data;
  // A retry only happens when the coupon changed between the claim and the diagnosis (e.g. an
  // admin published it meanwhile); three attempts are plenty.
  for (let attempt = 0; ; attempt++) {
    let r: Attempt;
    try {
      // A returned failure rolls the attempt back (transactionResult): nothing is written.
      r = await transactionResult<Attempt>(db, (tx) => redeemOnce(tx, code, userId));
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'coupon_redemptions_coupon_id_user_id_key')) {
        return fail('ALREADY_REDEEMED', messages.ALREADY_REDEEMED);
      }
      // The CHECK behind the conditional UPDATE: a use past max_uses is refused by the database too.
      if (isConstraintViolation(error, '23514', 'coupons_current_uses_check')) {
        return fail('COUPON_EXHAUSTED', messages.COUPON_EXHAUSTED);
      }
      throw error;
    }
    if (r.success) return r;
    if (r.error === 'RETRY' && attempt < 2) continue;
    if (r.error === 'BALANCE_LIMIT') {
      return fail(
        'INVALID_INPUT',
        `the user's balance would exceed ${INT4.max} credits (profiles.credits_remaining is an integer)`,
      );
    }
    const failure =
      r.error === 'RETRY' ? 'COUPON_NOT_ACTIVE' : (r.error as Exclude<RedeemCouponError, 'INVALID_INPUT'>);
    return fail(failure, messages[failure]);
  }
}

async function redeemOnce(tx: DbOrTx, code: string, userId: string): Promise<Attempt> {
  const now = sql`now()`;
  const [coupon] = await tx
    .update(coupons)
    .set({
      currentUses: sql`${coupons.currentUses} + 1`,
      status: sql`case when ${coupons.maxUses} is not null and ${coupons.currentUses} + 1 >= ${coupons.maxUses}
        then 'exhausted' else ${coupons.status} end`,
    })
    .where(
      and(
        eq(coupons.code, code),
        eq(coupons.status, 'published'),
        lte(coupons.validFrom, now),
        or(isNull(coupons.validUntil), gt(coupons.validUntil, now)),
        or(isNull(coupons.maxUses), lt(coupons.currentUses, coupons.maxUses)),
        // current_uses is an int4: a coupon without max_uses is exhausted at its range's end.
        lt(coupons.currentUses, INT4.max),
        sql`not (${coupons.source} = 'referral' and ${coupons.referrerUserId} is not distinct from ${userId}::uuid)`,
      ),
    )
    .returning({
      id: coupons.id,
      creditsAmount: coupons.creditsAmount,
      source: coupons.source,
      referrerUserId: coupons.referrerUserId,
      referrerBonusCredits: coupons.referrerBonusCredits,
    });
  if (!coupon) return stop(await diagnose(tx, code, userId));

  const referrer = coupon.source === 'referral' ? coupon.referrerUserId : null;
  const bonus = referrer ? coupon.referrerBonusCredits : 0;
  const ids = referrer && bonus > 0 ? [userId, referrer] : [userId];
  // Both profiles are locked in one canonical order (by id), so two users redeeming each other's
  // referral codes queue behind each other instead of deadlocking.
  const locked = await tx
    .select({ id: profiles.id })
    .from(profiles)
    .where(inArray(profiles.id, ids))
    .orderBy(asc(profiles.id))
    .for('update');
  if (!locked.some((p) => p.id === userId)) return stop('PROFILE_NOT_FOUND');
  // A balance past the int4 column's range is not credited: the redeemer's call fails (nothing
  // written); a referrer at the limit just gets no bonus (recorded as 0 below).
  const increment = sql`case when ${profiles.id} = ${userId}::uuid
    then ${coupon.creditsAmount}::int else ${bonus}::int end`;
  const credited = await tx
    .update(profiles)
    .set({ creditsRemaining: sql`${profiles.creditsRemaining} + ${increment}` })
    .where(
      and(
        inArray(profiles.id, ids),
        sql`${profiles.creditsRemaining}::bigint + ${increment} <= ${INT4.max}::bigint`,
      ),
    )
    .returning({ id: profiles.id, creditsRemaining: profiles.creditsRemaining });
  const profile = credited.find((p) => p.id === userId);
  if (!profile) return stop('BALANCE_LIMIT');

  const [redemption] = await tx
    .insert(couponRedemptions)
    .values({ couponId: coupon.id, userId, creditsAwarded: coupon.creditsAmount })
    .onConflictDoNothing({ target: [couponRedemptions.couponId, couponRedemptions.userId] })
    .returning({ id: couponRedemptions.id });
  if (!redemption) return stop('ALREADY_REDEEMED');

  if (referrer) {
    await tx.insert(referralConversions).values({
      referralCouponId: coupon.id,
      referredUserId: userId,
      referrerUserId: referrer,
      // Only what was actually credited: a referrer without a profile gets nothing.
      bonusCreditsAwarded: credited.some((p) => p.id === referrer) ? bonus : 0,
    });
  }
  return ok({
    creditsAwarded: coupon.creditsAmount,
    newBalance: profile.creditsRemaining,
    couponId: coupon.id,
    redemptionId: redemption.id,
  });
}

/** Why the conditional UPDATE matched nothing (read only, inside the same transaction). */
async function diagnose(tx: DbOrTx, code: string, userId: string): Promise<AttemptCode> {
  const [c] = rowsOf<{
    status: string;
    not_yet_valid: boolean;
    past_valid_until: boolean;
    uses_left: boolean;
    own_referral: boolean;
    redeemed: boolean;
  }>(
    await tx.execute(sql`
      select c.status,
             c.valid_from > now() as not_yet_valid,
             coalesce(c.valid_until <= now(), false) as past_valid_until,
             (c.max_uses is null or c.current_uses < c.max_uses) and c.current_uses < ${INT4.max} as uses_left,
             (c.source = 'referral' and c.referrer_user_id is not distinct from ${userId}::uuid) as own_referral,
             exists (select 1 from ${couponRedemptions} r where r.coupon_id = c.id and r.user_id = ${userId}::uuid)
               as redeemed
      from ${coupons} c where c.code = ${code}`),
  );
  if (!c) return 'COUPON_NOT_FOUND';
  if (c.status === 'draft' || c.status === 'deactivated') return 'COUPON_NOT_ACTIVE';
  if (c.redeemed) return 'ALREADY_REDEEMED';
  if (c.status === 'expired' || c.past_valid_until) return 'COUPON_EXPIRED';
  if (c.status === 'exhausted' || !c.uses_left) return 'COUPON_EXHAUSTED';
  if (c.not_yet_valid) return 'COUPON_NOT_YET_VALID';
  if (c.own_referral) return 'OWN_REFERRAL_COUPON';
  return 'RETRY';
}

/** The documented JSON of the old `redeem_coupon` RPC. */
export function toRpcJson(
  result: RedeemCouponResult,
):
  | { success: true; credits_awarded: number; new_balance: number }
  | { success: false; error: RedeemCouponError } {
  return result.success
    ? { success: true, credits_awarded: result.creditsAwarded, new_balance: result.newBalance }
    : { success: false, error: result.error };
}
