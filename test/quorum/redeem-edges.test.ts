// redeemCoupon's rarer paths: the exact failure messages, the diagnosis order for draft and
// deactivated coupons, who is credited for referral-like coupons, the RETRY loop (three attempts at
// most) and the constraint errors the catch turns into documented codes (or rethrows).
// The races are made deterministic with a plpgsql trigger installed for one call and dropped after;
// a sequence (not rolled back with the attempt) counts how often the trigger fired.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { INT4 } from '../../src/input';
import { couponRedemptions, coupons, profiles, redeemCoupon, referralConversions } from '../../src/quorum';
import { withTrigger } from '../fixtures/triggers';
import { expectPgError, useRollbackDb } from '../support';
import { makeCoupon, makeUser } from './fixtures';

const t = useRollbackDb();

const balance = async (id: string) =>
  (await t().db.select().from(profiles).where(eq(profiles.id, id)))[0]?.creditsRemaining;
const couponRow = async (id: string) => (await t().db.select().from(coupons).where(eq(coupons.id, id)))[0]!;
const redemptionsOf = async (couponId: string) =>
  t().db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, couponId));
const conversionsOf = async (couponId: string) =>
  t().db.select().from(referralConversions).where(eq(referralConversions.referralCouponId, couponId));

const notActive = {
  success: false,
  error: 'COUPON_NOT_ACTIVE',
  message: 'the coupon is not published',
} as const;

describe('redeemCoupon: messages and the diagnosis order', () => {
  it('a balance past int4: INVALID_INPUT with the exact message, nothing written', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 10 });
    const user = await makeUser(db, INT4.max - 5);
    expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual({
      success: false,
      error: 'INVALID_INPUT',
      message:
        "the user's balance would exceed 2147483647 credits (profiles.credits_remaining is an integer)",
    });
    expect(await balance(user)).toBe(INT4.max - 5);
    expect((await couponRow(c.id)).currentUses).toBe(0);
    expect(await redemptionsOf(c.id)).toEqual([]);
  });

  it('a draft coupon past valid_until is COUPON_NOT_ACTIVE (draft is diagnosed before expiry)', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { status: 'draft', validUntil: new Date(Date.now() - 3_600_000) });
    const user = await makeUser(db, 3);
    expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual(notActive);
    expect(await balance(user)).toBe(3);
    expect((await couponRow(c.id)).currentUses).toBe(0);
  });

  it('a deactivated coupon the user already redeemed is COUPON_NOT_ACTIVE, not ALREADY_REDEEMED', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 20 });
    const user = await makeUser(db);
    expect(await redeemCoupon(db, { code: c.code, userId: user })).toMatchObject({ success: true });
    await db.update(coupons).set({ status: 'deactivated' }).where(eq(coupons.id, c.id));
    expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual(notActive);
    expect(await balance(user)).toBe(20);
    expect((await couponRow(c.id)).currentUses).toBe(1);
  });
});

describe('redeemCoupon: who is credited', () => {
  it('a campaign coupon carrying a referrer_user_id credits only the redeemer, no conversion', async () => {
    const db = t().db;
    const other = await makeUser(db, 40);
    const c = await makeCoupon(db, { creditsAmount: 25, referrerUserId: other, referrerBonusCredits: 50 });
    const user = await makeUser(db, 1);
    expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual({
      success: true,
      creditsAwarded: 25,
      newBalance: 26,
      couponId: c.id,
      redemptionId: expect.any(String),
    });
    expect(await balance(other)).toBe(40);
    expect(await conversionsOf(c.id)).toEqual([]);
    // The referrer of a campaign coupon may redeem it (the own-referral rule is for referral coupons).
    expect(await redeemCoupon(db, { code: c.code, userId: other })).toMatchObject({
      success: true,
      newBalance: 65,
    });
  });

  it("a referral coupon without bonus does not touch the referrer's profile row", async () => {
    const db = t().db;
    const referrer = await makeUser(db, 0, false);
    const stamp = new Date('2000-01-01T00:00:00Z');
    // Inserted directly: the update trigger would overwrite updated_at.
    await db.insert(profiles).values({ id: referrer, creditsRemaining: 9, updatedAt: stamp });
    const c = await makeCoupon(db, { source: 'referral', referrerUserId: referrer, creditsAmount: 30 });
    const friend = await makeUser(db);
    expect(await redeemCoupon(db, { code: c.code, userId: friend })).toMatchObject({
      success: true,
      newBalance: 30,
    });
    const [row] = await db.select().from(profiles).where(eq(profiles.id, referrer));
    expect(row).toMatchObject({ creditsRemaining: 9, updatedAt: stamp });
    expect(await conversionsOf(c.id)).toEqual([
      expect.objectContaining({ referredUserId: friend, referrerUserId: referrer, bonusCreditsAwarded: 0 }),
    ]);
  });

  it('PROFILE_NOT_FOUND when only the referrer has a profile; the referrer gets nothing', async () => {
    const db = t().db;
    const referrer = await makeUser(db, 100);
    const c = await makeCoupon(db, {
      source: 'referral',
      referrerUserId: referrer,
      referrerBonusCredits: 50,
    });
    const friend = await makeUser(db, 0, false);
    expect(await redeemCoupon(db, { code: c.code, userId: friend })).toEqual({
      success: false,
      error: 'PROFILE_NOT_FOUND',
      message: 'the user has no profile',
    });
    expect(await balance(referrer)).toBe(100);
    expect((await couponRow(c.id)).currentUses).toBe(0);
    expect(await redemptionsOf(c.id)).toEqual([]);
    expect(await conversionsOf(c.id)).toEqual([]);
  });
});

// A BEFORE UPDATE trigger returning NULL skips the claim of a coupon that is redeemable: the
// diagnosis then finds nothing wrong, which is the RETRY case (as if an admin had just published it).
const skipClaim = (code: string, skips: string) => ({
  schema: 'quorum',
  table: 'coupons' as const,
  timing: 'before' as const,
  event: 'update' as const,
  body: `if new.code <> '${code}' then return new; end if;
    declare n bigint := nextval('quorum.test_edge_seq'); begin
      if n > 6 then raise exception 'runaway retry loop'; end if;
      if ${skips} then return null; end if;
      return new;
    end;`,
});

describe('redeemCoupon: the RETRY loop', () => {
  it('one skipped claim: the second attempt succeeds', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 15 });
    const user = await makeUser(db, 5);
    await withTrigger(db, skipClaim(c.code, 'n = 1'), async (calls) => {
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual({
        success: true,
        creditsAwarded: 15,
        newBalance: 20,
        couponId: c.id,
        redemptionId: expect.any(String),
      });
      expect(await calls()).toBe(2);
    });
    expect((await couponRow(c.id)).currentUses).toBe(1);
    expect(await redemptionsOf(c.id)).toEqual([
      expect.objectContaining({ userId: user, creditsAwarded: 15 }),
    ]);
  });

  it('two skipped claims: the third (last) attempt succeeds', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 15 });
    const user = await makeUser(db);
    await withTrigger(db, skipClaim(c.code, 'n <= 2'), async (calls) => {
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toMatchObject({
        success: true,
        newBalance: 15,
      });
      expect(await calls()).toBe(3);
    });
    expect((await couponRow(c.id)).currentUses).toBe(1);
  });

  it('every claim skipped: COUPON_NOT_ACTIVE after exactly three attempts, nothing written', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 15 });
    const user = await makeUser(db, 2);
    await withTrigger(db, skipClaim(c.code, 'true'), async (calls) => {
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual(notActive);
      expect(await calls()).toBe(3);
    });
    expect(await balance(user)).toBe(2);
    expect((await couponRow(c.id)).currentUses).toBe(0);
    expect(await redemptionsOf(c.id)).toEqual([]);
  });

  it('a documented failure is not retried: one claim UPDATE per call', async () => {
    const db = t().db;
    const exhausted = await makeCoupon(db, { status: 'exhausted' });
    const user = await makeUser(db);
    const countStatements = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'after' as const,
      event: 'update' as const,
      level: 'statement' as const,
      body: `perform nextval('quorum.test_edge_seq'); return null;`,
    };
    await withTrigger(db, countStatements, async (calls) => {
      expect(await redeemCoupon(db, { code: 'NO-SUCH-COUPON-EDGE', userId: user })).toEqual({
        success: false,
        error: 'COUPON_NOT_FOUND',
        message: 'no coupon has this code',
      });
      expect(await calls()).toBe(1);
      expect(await redeemCoupon(db, { code: exhausted.code, userId: user })).toEqual({
        success: false,
        error: 'COUPON_EXHAUSTED',
        message: 'the coupon has reached its maximum number of uses',
      });
      expect(await calls()).toBe(2);
    });
  });
});

describe('redeemCoupon: constraint errors raised by the database', () => {
  it('a unique violation on (coupon_id, user_id) becomes ALREADY_REDEEMED; everything rolled back', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 12 });
    const user = await makeUser(db, 4);
    // A second redemption row for the same user appears during the insert (a plain insert, no
    // ON CONFLICT), so the statement fails on the unique constraint itself.
    const duplicate = {
      schema: 'quorum',
      table: 'coupon_redemptions' as const,
      timing: 'after' as const,
      event: 'insert' as const,
      body: `if pg_trigger_depth() = 1 then
          insert into quorum.coupon_redemptions (coupon_id, user_id, credits_awarded)
          values (new.coupon_id, new.user_id, new.credits_awarded);
        end if;
        return null;`,
    };
    await withTrigger(db, duplicate, async () => {
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual({
        success: false,
        error: 'ALREADY_REDEEMED',
        message: 'this user has already redeemed the coupon',
      });
    });
    expect(await balance(user)).toBe(4);
    expect((await couponRow(c.id)).currentUses).toBe(0);
    expect(await redemptionsOf(c.id)).toEqual([]);
  });

  it('coupons_current_uses_check violated by the claim becomes COUPON_EXHAUSTED', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { maxUses: 3, currentUses: 1 });
    const user = await makeUser(db, 6);
    // max_uses lowered to the current count under the claim: current_uses + 1 breaks the CHECK.
    const lowerMax = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'update' as const,
      body: `if new.code = '${c.code}' then new.max_uses := old.current_uses; end if; return new;`,
    };
    await withTrigger(db, lowerMax, async () => {
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toEqual({
        success: false,
        error: 'COUPON_EXHAUSTED',
        message: 'the coupon has reached its maximum number of uses',
      });
    });
    expect(await balance(user)).toBe(6);
    expect(await couponRow(c.id)).toMatchObject({ currentUses: 1, maxUses: 3, status: 'published' });
    expect(await redemptionsOf(c.id)).toEqual([]);
  });

  it('another CHECK violation (coupons_credits_amount_check) is rethrown', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 8 });
    const user = await makeUser(db);
    const negativeCredits = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'update' as const,
      body: `if new.code = '${c.code}' then new.credits_amount := -1; end if; return new;`,
    };
    await withTrigger(db, negativeCredits, async () => {
      await expectPgError(
        redeemCoupon(db, { code: c.code, userId: user }),
        '23514',
        'coupons_credits_amount_check',
      );
    });
    expect(await balance(user)).toBe(0);
    expect((await couponRow(c.id)).currentUses).toBe(0);
  });

  it('a primary-key conflict on the redemption insert is rethrown, not taken for ALREADY_REDEEMED', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 11 });
    const first = await makeUser(db);
    const firstRedemption = await redeemCoupon(db, { code: c.code, userId: first });
    if (!firstRedemption.success) throw new Error(firstRedemption.message);
    const second = await makeUser(db, 1);
    // ON CONFLICT names (coupon_id, user_id): a clash on another unique key must still fail.
    const reuseId = {
      schema: 'quorum',
      table: 'coupon_redemptions' as const,
      timing: 'before' as const,
      event: 'insert' as const,
      body: `new.id := '${firstRedemption.redemptionId}'::uuid; return new;`,
    };
    await withTrigger(db, reuseId, async () => {
      await expectPgError(
        redeemCoupon(db, { code: c.code, userId: second }),
        '23505',
        'coupon_redemptions_pkey',
      );
    });
    expect(await balance(second)).toBe(1);
    expect((await couponRow(c.id)).currentUses).toBe(1);
    expect((await redemptionsOf(c.id)).map((r) => [r.id, r.userId])).toEqual([
      [firstRedemption.redemptionId, first],
    ]);
  });
});
