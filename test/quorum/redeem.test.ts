import { randomUUID } from 'node:crypto';
import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  couponRedemptions,
  coupons,
  profiles,
  type RedeemCouponResult,
  redeemCoupon,
  referralConversions,
  toRpcJson,
} from '../../src/quorum';
import { countRows } from '../../src/testing';
import { useRollbackDb } from '../support';
import { makeCoupon, makeUser } from './fixtures';

const hour = 3_600_000;

// One database for the file: each test runs in a transaction rolled back after it.
const t = useRollbackDb();

describe('redeemCoupon', () => {
  const balance = async (id: string) =>
    (await t().db.select().from(profiles).where(eq(profiles.id, id)))[0]?.creditsRemaining;
  const coupon = async (id: string) => (await t().db.select().from(coupons).where(eq(coupons.id, id)))[0]!;

  it('credits the user, records the redemption and counts the use; code is trimmed and upper-cased', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { code: 'SPRING-25', creditsAmount: 250, maxUses: 5 });
    const user = await makeUser(db, 100);
    const r = await redeemCoupon(db, { code: '  spring-25 ', userId: user });
    expect(r).toEqual({
      success: true,
      creditsAwarded: 250,
      newBalance: 350,
      couponId: c.id,
      redemptionId: expect.any(String),
    });
    expect(await balance(user)).toBe(350);
    expect(await coupon(c.id)).toMatchObject({ currentUses: 1, status: 'published' });
    const rows = await db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, c.id));
    expect(rows).toEqual([expect.objectContaining({ userId: user, creditsAwarded: 250 })]);
    expect(toRpcJson(r)).toEqual({ success: true, credits_awarded: 250, new_balance: 350 });
  });

  it('marks the coupon exhausted at max_uses, then answers COUPON_EXHAUSTED', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { maxUses: 2 });
    const [a, b, d] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    expect((await redeemCoupon(db, { code: c.code, userId: a })).success).toBe(true);
    expect(await coupon(c.id)).toMatchObject({ currentUses: 1, status: 'published' });
    expect((await redeemCoupon(db, { code: c.code, userId: b })).success).toBe(true);
    expect(await coupon(c.id)).toMatchObject({ currentUses: 2, status: 'exhausted' });
    const r = await redeemCoupon(db, { code: c.code, userId: d });
    expect(r).toMatchObject({ success: false, error: 'COUPON_EXHAUSTED' });
    expect(toRpcJson(r)).toEqual({ success: false, error: 'COUPON_EXHAUSTED' });
    // An earlier redeemer is told they already redeemed it, not that it is exhausted.
    expect(await redeemCoupon(db, { code: c.code, userId: a })).toMatchObject({ error: 'ALREADY_REDEEMED' });
    expect(await balance(d)).toBe(0);
  });

  it('a status of exhausted is honoured even below max_uses', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { status: 'exhausted' });
    expect(await redeemCoupon(db, { code: c.code, userId: await makeUser(db) })).toMatchObject({
      error: 'COUPON_EXHAUSTED',
    });
  });

  it('ALREADY_REDEEMED for a second redemption by the same user; nothing changes', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 10 });
    const user = await makeUser(db);
    await redeemCoupon(db, { code: c.code, userId: user });
    const r = await redeemCoupon(db, { code: c.code.toLowerCase(), userId: user });
    expect(r).toMatchObject({ success: false, error: 'ALREADY_REDEEMED', message: expect.any(String) });
    expect(await balance(user)).toBe(10);
    expect((await coupon(c.id)).currentUses).toBe(1);
  });

  const failures: [string, () => Promise<{ code: string }>][] = [
    ['COUPON_NOT_FOUND', async () => ({ code: 'NO-SUCH-CODE' })],
    ['COUPON_NOT_ACTIVE', async () => makeCoupon(t().db, { status: 'draft' })],
    ['COUPON_NOT_ACTIVE', async () => makeCoupon(t().db, { status: 'deactivated' })],
    ['COUPON_EXPIRED', async () => makeCoupon(t().db, { status: 'expired' })],
    ['COUPON_EXPIRED', async () => makeCoupon(t().db, { validUntil: new Date(Date.now() - hour) })],
    ['COUPON_NOT_YET_VALID', async () => makeCoupon(t().db, { validFrom: new Date(Date.now() + hour) })],
  ];
  for (const [error, make] of failures) {
    it(`${error} changes nothing`, async () => {
      const db = t().db;
      const c = await make();
      const user = await makeUser(db, 7);
      const before = await countRows(db, 'quorum.coupon_redemptions');
      expect(await redeemCoupon(db, { code: c.code, userId: user })).toMatchObject({ success: false, error });
      expect(await balance(user)).toBe(7);
      expect(await countRows(db, 'quorum.coupon_redemptions')).toBe(before);
      const [row] = await db.select().from(coupons).where(eq(coupons.code, c.code));
      if (row) expect(row.currentUses).toBe(0);
    });
  }

  it('PROFILE_NOT_FOUND for a user without a profile (also an unknown user); nothing changes', async () => {
    const db = t().db;
    const c = await makeCoupon(db);
    const noProfile = await makeUser(db, 0, false);
    expect(await redeemCoupon(db, { code: c.code, userId: noProfile })).toMatchObject({
      error: 'PROFILE_NOT_FOUND',
    });
    expect(await redeemCoupon(db, { code: c.code, userId: randomUUID() })).toMatchObject({
      error: 'PROFILE_NOT_FOUND',
    });
    expect((await coupon(c.id)).currentUses).toBe(0);
    expect(await db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, c.id))).toEqual([]);
  });

  it('INVALID_INPUT for a bad user id or empty code, before touching the database', async () => {
    const db = t().db;
    const r = await redeemCoupon(db, { code: 'X', userId: 'nope' });
    expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await redeemCoupon(db, { code: '   ', userId: randomUUID() })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await redeemCoupon(db, {} as never)).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('referral coupon: credits the referrer bonus and records the conversion; the referrer cannot redeem it', async () => {
    const db = t().db;
    const referrer = await makeUser(db, 1000);
    const friend = await makeUser(db, 0);
    const c = await makeCoupon(db, {
      source: 'referral',
      referrerUserId: referrer,
      referrerBonusCredits: 200,
      creditsAmount: 300,
    });
    expect(await redeemCoupon(db, { code: c.code, userId: referrer })).toMatchObject({
      error: 'OWN_REFERRAL_COUPON',
    });
    expect(await balance(referrer)).toBe(1000);
    const r = await redeemCoupon(db, { code: c.code, userId: friend });
    expect(r).toMatchObject({ success: true, creditsAwarded: 300, newBalance: 300 });
    expect(await balance(referrer)).toBe(1200);
    const conv = await db
      .select()
      .from(referralConversions)
      .where(eq(referralConversions.referralCouponId, c.id));
    expect(conv).toEqual([
      expect.objectContaining({
        referredUserId: friend,
        referrerUserId: referrer,
        conversionType: 'signup',
        bonusCreditsAwarded: 200,
      }),
    ]);
  });

  it('referral coupon without bonus: conversion recorded with 0, referrer balance unchanged', async () => {
    const db = t().db;
    const referrer = await makeUser(db, 5);
    const c = await makeCoupon(db, { source: 'referral', referrerUserId: referrer });
    const friend = await makeUser(db);
    expect((await redeemCoupon(db, { code: c.code, userId: friend })).success).toBe(true);
    expect(await balance(referrer)).toBe(5);
    const [conv] = await db
      .select()
      .from(referralConversions)
      .where(eq(referralConversions.referralCouponId, c.id));
    expect(conv?.bonusCreditsAwarded).toBe(0);
  });

  it('runs inside a caller transaction and rolls back with it', async () => {
    const db = t().db;
    const c = await makeCoupon(db);
    const user = await makeUser(db);
    let inner: RedeemCouponResult | undefined;
    let second: RedeemCouponResult | undefined;
    let usable = false;
    // Only the deliberate rollback may end the transaction: any other error (an assertion
    // included) is returned and fails the test below instead of being swallowed.
    const outcome = await db
      .transaction(async (tx) => {
        inner = await redeemCoupon(tx, { code: c.code, userId: user });
        // A failure inside the caller's transaction leaves it usable.
        second = await redeemCoupon(tx, { code: c.code, userId: user });
        await tx.execute(sql`select 1`);
        usable = true;
        tx.rollback();
      })
      .then(
        () => 'committed',
        (error: unknown) => error,
      );
    expect(outcome).toBeInstanceOf(TransactionRollbackError);
    expect(inner?.success).toBe(true);
    expect(second).toMatchObject({ error: 'ALREADY_REDEEMED' });
    expect(usable).toBe(true);
    expect(await balance(user)).toBe(0);
    expect((await coupon(c.id)).currentUses).toBe(0);
  });
});
