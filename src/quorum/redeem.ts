import { and, asc, eq, gt, inArray, is, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb, rowsOf } from '../db';
import { INT4, uuidInput } from '../input';
import { statementName } from '../queue/prepared';
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
 * Redeems a coupon for a user (the documented `redeem_coupon` RPC).
 *
 * The common paths are one statement without an explicit transaction (`redeemStatement`): it
 * reads the coupon, the user's profile and redemption in its snapshot, claims a use with a
 * conditional UPDATE (the row lock serialises concurrent redeemers, and the WHERE clause is
 * re-checked against the latest row), credits the profile and inserts the redemption. It writes
 * only when every check passed; a concurrent change that its snapshot could not see (the profile
 * gone or its balance raised meanwhile) aborts it with an error, so nothing it wrote remains,
 * and the transaction below (`redeemOnce`, which locks and decides step by step) runs instead; so
 * do the redemption of a referral coupon (two profiles, a conversion row) and calls inside the
 * caller's transaction.
 * A coupon that changed after the snapshot (a concurrent redeemer took the last use) is decided
 * by a new statement.
 */
export async function redeemCoupon(db: AnyDb, input: RedeemCouponInput): Promise<RedeemCouponResult> {
  narrowDb(db);
  const parsed = parseInput(redeemCouponInput, input);
  if (!parsed.success) return parsed;
  const { code, userId } = parsed.data;
  // One statement on a database; inside the caller's transaction a failing statement would abort
  // it, so there every attempt runs in a savepoint. A retry only happens when the coupon changed
  // between a snapshot and the claim (a concurrent redeemer took a use, an admin edited it):
  // three attempts are plenty.
  let statement = !is(db, PgTransaction);
  for (let attempt = 0; ; attempt++) {
    let r: Attempt | 'TRANSACTION' = 'TRANSACTION';
    try {
      if (statement) r = await redeemStatement(db, code, userId);
      if (r === 'TRANSACTION') {
        statement = false;
        // A returned failure rolls the attempt back (transactionResult): nothing is written.
        r = await transactionResult<Attempt>(db, (tx) => redeemOnce(tx, code, userId));
      }
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

/** What the statement's snapshot says about the coupon, the profile and an earlier redemption. */
interface Snapshot {
  status: string;
  not_yet_valid: boolean;
  past_valid_until: boolean;
  uses_left: boolean;
  own_referral: boolean;
  redeemed: boolean;
}

/** The statement's row: the snapshot, and what it wrote (all null unless it redeemed). */
interface StatementRow extends Snapshot {
  referral: boolean;
  has_profile: boolean;
  room: boolean;
  coupon_id: string | null;
  credits_amount: number | null;
  new_balance: number | null;
  redemption_id: string | null;
}

const param = { code: sql.placeholder('code'), userId: sql.placeholder('userId') };
const userIdParam = sql`${param.userId}::uuid`;

/**
 * The whole redemption as one statement: `s` reads (snapshot), `u` claims a use only when the
 * snapshot found no reason to refuse and the latest coupon row still qualifies, `p` credits the
 * profile, `r` inserts the redemption. `r` takes the user id from `p`'s RETURNING: if the credit
 * matched nothing (a change after the snapshot), user_id is null and the NOT NULL violation aborts
 * the statement, undoing the claim. A redemption committed after the snapshot aborts it with 23505.
 * The coupon is locked before the profile, as in `redeemOnce`.
 */
const redeemQuery = sql`
  with s as (
    select c.id, c.status, c.credits_amount,
           c.valid_from > now() as not_yet_valid,
           coalesce(c.valid_until <= now(), false) as past_valid_until,
           (c.max_uses is null or c.current_uses < c.max_uses) and c.current_uses < ${sql.raw(String(INT4.max))} as uses_left,
           c.source = 'referral' as referral,
           (c.source = 'referral' and c.referrer_user_id is not distinct from ${userIdParam}) as own_referral,
           exists (select 1 from ${couponRedemptions} r where r.coupon_id = c.id and r.user_id = ${userIdParam})
             as redeemed,
           pr.id is not null as has_profile,
           coalesce(pr.credits_remaining::bigint + c.credits_amount <= ${sql.raw(String(INT4.max))}, false) as room
    from ${coupons} c left join ${profiles} pr on pr.id = ${userIdParam}
    where c.code = ${param.code}
  ), u as (
    update ${coupons} c
       set current_uses = c.current_uses + 1,
           status = case when c.max_uses is not null and c.current_uses + 1 >= c.max_uses
                    then 'exhausted' else c.status end
      from s
     where c.id = s.id and s.has_profile and s.room and not s.redeemed and not s.referral
       and c.status = 'published' and c.source <> 'referral' and c.valid_from <= now()
       and (c.valid_until is null or c.valid_until > now())
       and (c.max_uses is null or c.current_uses < c.max_uses)
       and c.current_uses < ${sql.raw(String(INT4.max))}
    returning c.id, c.credits_amount
  ), p as (
    update ${profiles} pr
       set credits_remaining = pr.credits_remaining + u.credits_amount
      from u
     where pr.id = ${userIdParam}
       and pr.credits_remaining::bigint + u.credits_amount <= ${sql.raw(String(INT4.max))}
    returning pr.id, pr.credits_remaining
  ), r as (
    insert into ${couponRedemptions} (coupon_id, user_id, credits_awarded)
    select u.id, (select p.id from p), u.credits_amount from u
    returning id
  )
  select s.status, s.not_yet_valid, s.past_valid_until, s.uses_left, s.referral, s.own_referral,
         s.redeemed, s.has_profile, s.room, u.id as coupon_id, u.credits_amount,
         p.credits_remaining as new_balance, r.id as redemption_id
    from s left join u on true left join p on true left join r on true`;

/** Runs the statement on `db`, prepared on first use per database handle. */
async function redeemStatement(db: AnyDb, code: string, userId: string): Promise<Attempt | 'TRANSACTION'> {
  narrowDb(db);
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = prepareRedeem(db);
    preparedByDb.set(db, prepared);
  }
  let rows: StatementRow[];
  try {
    rows = rowsOf<StatementRow>(await prepared.execute({ code, userId }));
  } catch (error) {
    // The guard: the profile was not credited although the snapshot said it would be (deleted, or
    // its balance raised, meanwhile). The statement wrote nothing; the transaction decides.
    if (isConstraintViolation(error, '23502')) return 'TRANSACTION';
    throw error;
  }
  const [row] = rows;
  if (!row) return stop('COUPON_NOT_FOUND');
  if (row.redemption_id !== null) {
    return ok({
      creditsAwarded: row.credits_amount!,
      newBalance: row.new_balance!,
      couponId: row.coupon_id!,
      redemptionId: row.redemption_id,
    });
  }
  // A coupon the claim could not take anyway: the old order of refusals (an earlier redemption first).
  const claimable =
    row.status === 'published' &&
    !row.not_yet_valid &&
    !row.past_valid_until &&
    row.uses_left &&
    !row.own_referral;
  if (!claimable) return stop(verdict(row));
  // A claimable coupon: the transaction would claim it, then find the profile, then the redemption.
  if (!row.has_profile) return stop('PROFILE_NOT_FOUND');
  if (!row.room) return stop('BALANCE_LIMIT');
  if (row.redeemed) return stop('ALREADY_REDEEMED');
  // A referral coupon credits two profiles and records a conversion: the transaction does that.
  if (row.referral) return 'TRANSACTION';
  // The snapshot saw a redeemable coupon but the claim matched nothing: the coupon changed after
  // the snapshot. A new statement (a new snapshot) decides.
  return stop('RETRY');
}

interface PreparedRedeem {
  execute(values: { code: string; userId: string }): Promise<unknown>;
}
const preparedByDb = new WeakMap<object, PreparedRedeem>();

/**
 * The statement prepared with placeholders, as `db.execute()` does it but once per database handle
 * and named (drizzle's `.prepare()` is for query builders; data-modifying CTEs are raw SQL).
 */
function prepareRedeem(db: AnyDb): PreparedRedeem {
  narrowDb(db);
  const internals = db as unknown as {
    dialect: { sqlToQuery(s: typeof redeemQuery): { sql: string; params: unknown[] } };
    session: { prepareQuery(q: unknown, f: undefined, name: string, arrayMode: false): PreparedRedeem };
  };
  const query = internals.dialect.sqlToQuery(redeemQuery);
  return internals.session.prepareQuery(query, undefined, statementName(query.sql), false);
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
  const [c] = rowsOf<Snapshot>(
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
  return c ? verdict(c) : 'COUPON_NOT_FOUND';
}

/** The refusal the old RPC gives for a coupon the claim did not match, in its order; RETRY if none. */
function verdict(c: Snapshot): AttemptCode {
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
