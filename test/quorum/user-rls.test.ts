// Row-level security for signed-in users (issue 18 §2), Supabase style: as role `authenticated` with
// a JWT subject (`request.jwt.claim.sub`, read by auth.uid()), a user reads their own profile, their
// own coupon redemptions and the referral conversions they are part of, and nothing else; `anon`
// has no grant on these tables (42501); nobody but service_role writes them.
// Every read below is unfiltered: another user's rows must be invisible, not filtered out by the test.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../src/db';
import {
  couponRedemptions,
  generateReferralCoupon,
  profiles,
  redeemCoupon,
  referralConversions,
  seedQuorum,
  vCouponAttribution,
} from '../../src/quorum';
import { expectPgError, useRollbackDb } from '../support';
import { makeCoupon, makeUsers } from './fixtures';

const t = useRollbackDb();

type Role = 'anon' | 'authenticated' | 'service_role';

/** Runs `fn` in a transaction as `role`, with `sub` as the JWT subject (transaction-local, as PostgREST sets it). */
function as<T>(role: Role, sub: string | null, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return t().db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local role ${role}`));
    if (sub !== null) await tx.execute(sql`select set_config('request.jwt.claim.sub', ${sub}, true)`);
    return fn(tx as unknown as DbOrTx);
  });
}

const profileIds = (tx: DbOrTx) =>
  tx
    .select()
    .from(profiles)
    .then((rows) => rows.map((r) => r.id));
const redemptionIds = (tx: DbOrTx) =>
  tx
    .select()
    .from(couponRedemptions)
    .then((rows) => rows.map((r) => r.id).sort());
const conversionIds = (tx: DbOrTx) =>
  tx
    .select()
    .from(referralConversions)
    .then((rows) => rows.map((r) => r.id));

/**
 * referrer owns a referral coupon that referred redeemed (one conversion, one redemption of
 * referred's); both also redeemed a campaign coupon; other redeemed the campaign coupon; idle has a
 * profile and nothing else.
 */
async function scenario() {
  const db = t().db;
  await seedQuorum(db); // the refer-a-friend channel (idempotent)
  const [referrer, referred, other, idle] = await makeUsers(db, 4, true, 10);
  const referral = await generateReferralCoupon(db, { userId: referrer!, referrerBonusCredits: 50 });
  if (!referral.success) throw new Error(referral.error);
  const campaign = await makeCoupon(db, { creditsAmount: 5 });
  const redeem = async (code: string, userId: string) => {
    const r = await redeemCoupon(db, { code, userId });
    if (!r.success) throw new Error(r.error);
    return r.redemptionId;
  };
  const referredReferral = await redeem(referral.coupon.code, referred!);
  const referredCampaign = await redeem(campaign.code, referred!);
  const referrerCampaign = await redeem(campaign.code, referrer!);
  const otherCampaign = await redeem(campaign.code, other!);
  const [conversion] = await db
    .select()
    .from(referralConversions)
    .where(eq(referralConversions.referralCouponId, referral.coupon.id));
  return {
    referrer: referrer!,
    referred: referred!,
    other: other!,
    idle: idle!,
    campaign,
    conversion: conversion!.id,
    redemptions: { referredReferral, referredCampaign, referrerCampaign, otherCampaign },
  };
}

describe('quorum RLS for signed-in users (authenticated + auth.uid())', () => {
  it('a user reads exactly their own profile; asking for another id returns no row', async () => {
    const s = await scenario();
    for (const user of [s.referrer, s.referred, s.other, s.idle]) {
      expect(await as('authenticated', user, profileIds)).toEqual([user]);
    }
    const [own] = await as('authenticated', s.idle, (tx) => tx.select().from(profiles));
    expect(own).toMatchObject({ id: s.idle, creditsRemaining: 10 });
    expect(
      await as('authenticated', s.idle, (tx) => tx.select().from(profiles).where(eq(profiles.id, s.other))),
    ).toEqual([]);
    // The subject is cast to uuid, so its letter case does not matter.
    expect(await as('authenticated', s.other.toUpperCase(), profileIds)).toEqual([s.other]);
  });

  it('a user reads their own coupon redemptions only', async () => {
    const s = await scenario();
    const r = s.redemptions;
    expect(await as('authenticated', s.referred, redemptionIds)).toEqual(
      [r.referredReferral, r.referredCampaign].sort(),
    );
    expect(await as('authenticated', s.referrer, redemptionIds)).toEqual([r.referrerCampaign]);
    expect(await as('authenticated', s.other, redemptionIds)).toEqual([r.otherCampaign]);
    expect(await as('authenticated', s.idle, redemptionIds)).toEqual([]);
    // Another user's redemption, asked for by id: no row.
    expect(
      await as('authenticated', s.other, (tx) =>
        tx.select().from(couponRedemptions).where(eq(couponRedemptions.id, r.referredCampaign)),
      ),
    ).toEqual([]);
  });

  it('a referral conversion is visible to its referrer and to the referred user, to nobody else', async () => {
    const s = await scenario();
    expect(await as('authenticated', s.referrer, conversionIds)).toEqual([s.conversion]);
    expect(await as('authenticated', s.referred, conversionIds)).toEqual([s.conversion]);
    expect(await as('authenticated', s.other, conversionIds)).toEqual([]);
    expect(await as('authenticated', s.idle, conversionIds)).toEqual([]);
    const [row] = await as('authenticated', s.referred, (tx) => tx.select().from(referralConversions));
    expect(row).toMatchObject({
      referrerUserId: s.referrer,
      referredUserId: s.referred,
      bonusCreditsAwarded: 50,
    });
  });

  it('authenticated without a subject (none, or empty) reads no row', async () => {
    await scenario();
    for (const sub of [null, '']) {
      expect(await as('authenticated', sub, profileIds)).toEqual([]);
      expect(await as('authenticated', sub, redemptionIds)).toEqual([]);
      expect(await as('authenticated', sub, conversionIds)).toEqual([]);
    }
  });

  it('anon is refused (42501) on profiles, coupon_redemptions and referral_conversions, even with a subject', async () => {
    const s = await scenario();
    for (const read of [profileIds, redemptionIds, conversionIds]) {
      await expectPgError(as('anon', null, read), '42501');
      await expectPgError(as('anon', s.referrer, read), '42501');
    }
  });

  it('authenticated cannot write its own rows (42501): credits move only through redeemCoupon', async () => {
    const s = await scenario();
    const writes = [
      sql`update quorum.profiles set credits_remaining = 1000000 where id = ${s.referred}`,
      sql`insert into quorum.profiles (id) values (${s.referred}) on conflict do nothing`,
      sql`delete from quorum.coupon_redemptions where user_id = ${s.referred}`,
      sql`insert into quorum.coupon_redemptions (coupon_id, user_id, credits_awarded)
          values (${s.campaign.id}, ${s.idle}, 1)`,
      sql`update quorum.referral_conversions set bonus_credits_awarded = 1000000`,
      sql`delete from quorum.referral_conversions where referred_user_id = ${s.referred}`,
    ];
    for (const write of writes) {
      for (const role of ['authenticated', 'anon'] as const) {
        await expectPgError(
          as(role, s.referred, (tx) => tx.execute(write)),
          '42501',
        );
      }
    }
    const [p] = await t().db.select().from(profiles).where(eq(profiles.id, s.referred));
    expect(p!.creditsRemaining).toBe(10 + 500 + 5);
  });

  it('service_role still reads and writes every row (its policies), and the attribution view still counts', async () => {
    const s = await scenario();
    const all = await t().db.select().from(couponRedemptions);
    expect(await as('service_role', null, redemptionIds)).toEqual(all.map((r) => r.id).sort());
    expect((await as('service_role', null, profileIds)).sort()).toEqual(
      (await t().db.select().from(profiles)).map((p) => p.id).sort(),
    );
    expect(await as('service_role', null, conversionIds)).toContain(s.conversion);
    const [view] = await as('service_role', null, (tx) =>
      tx.select().from(vCouponAttribution).where(eq(vCouponAttribution.id, s.campaign.id)),
    );
    expect(view).toMatchObject({ redemptionCount: 3, totalCreditsAwarded: 15 });
    await as('service_role', null, (tx) =>
      tx.update(profiles).set({ creditsRemaining: 7 }).where(eq(profiles.id, s.idle)),
    );
    const [p] = await t().db.select().from(profiles).where(eq(profiles.id, s.idle));
    expect(p!.creditsRemaining).toBe(7);
  });
});
