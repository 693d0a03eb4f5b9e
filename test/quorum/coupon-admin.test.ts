import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  couponAttribution,
  coupons,
  deactivateCoupon,
  expireCoupons,
  generateReferralCoupon,
  generateWeeklyCoupons,
  isoYearWeek,
  marketingChannels,
  publishCoupon,
  redeemCoupon,
  referralCodeAlphabet,
  seedQuorum,
  weeklyCouponCode,
} from '../../src/quorum';
import { useRollbackDb } from '../support';
import { makeCoupon, makeUser } from './fixtures';

// One database for the file: each test runs in a transaction rolled back after it.
const t = useRollbackDb();

describe('seedQuorum', () => {
  it('seeds the six channels and WELCOME2026; a second run changes nothing', async () => {
    const db = t().db;
    expect(await seedQuorum(db)).toEqual({ 'quorum.marketing_channels': 6, 'quorum.coupons': 1 });
    const channels = await db.select().from(marketingChannels).orderBy(marketingChannels.name);
    expect(channels.map((c) => [c.name, c.slug])).toEqual([
      ['AI Blog', 'ai-blog'],
      ['Facebook', 'facebook'],
      ['LinkedIn', 'linkedin'],
      ['Refer a Friend', 'refer-a-friend'],
      ['SCM Blog', 'scm-blog'],
      ['X/Twitter', 'x-twitter'],
    ]);
    const [welcome] = await db.select().from(coupons).where(eq(coupons.code, 'WELCOME2026'));
    const aiBlog = channels.find((c) => c.slug === 'ai-blog')!;
    expect(welcome).toMatchObject({
      status: 'published',
      channelId: aiBlog.id,
      creditsAmount: 500,
      validUntil: null,
      maxUses: null,
    });
    expect(await seedQuorum(db)).toEqual({ 'quorum.marketing_channels': 0, 'quorum.coupons': 0 });
    // A renamed reference channel is restored (counted as changed); user channels are kept.
    await db
      .update(marketingChannels)
      .set({ name: 'Linked In' })
      .where(eq(marketingChannels.slug, 'linkedin'));
    await db.insert(marketingChannels).values({ name: 'Podcast', slug: 'podcast' });
    expect(await seedQuorum(db)).toEqual({ 'quorum.marketing_channels': 1, 'quorum.coupons': 0 });
    expect(await db.select().from(marketingChannels)).toHaveLength(7);
    // WELCOME2026 is redeemable as seeded.
    const user = await makeUser(db);
    expect(await redeemCoupon(db, { code: 'welcome2026', userId: user })).toMatchObject({
      success: true,
      creditsAwarded: 500,
      newBalance: 500,
    });
  });
});

describe('generateReferralCoupon', () => {
  it('CHANNEL_NOT_FOUND before the channels are seeded', async () => {
    expect(await generateReferralCoupon(t().db, { userId: await makeUser(t().db) })).toMatchObject({
      success: false,
      error: 'CHANNEL_NOT_FOUND',
    });
  });

  it('creates a published REFER- coupon once, then returns the same one', async () => {
    const db = t().db;
    await seedQuorum(db);
    const user = await makeUser(db);
    const first = await generateReferralCoupon(db, { userId: user, referrerBonusCredits: 100 });
    if (!first.success) throw new Error(first.message);
    expect(first.created).toBe(true);
    expect(first.coupon.code).toMatch(new RegExp(`^REFER-[${referralCodeAlphabet}]{8}$`));
    const [channel] = await db
      .select()
      .from(marketingChannels)
      .where(eq(marketingChannels.slug, 'refer-a-friend'));
    expect(first.coupon).toMatchObject({
      source: 'referral',
      status: 'published',
      channelId: channel!.id,
      referrerUserId: user,
      referrerBonusCredits: 100,
      creditsAmount: 500,
      publishedBy: expect.any(String),
      publishedAt: expect.any(Date),
    });
    const again = await generateReferralCoupon(db, { userId: user, creditsAmount: 1 });
    expect(again).toMatchObject({
      success: true,
      created: false,
      coupon: { id: first.coupon.id, creditsAmount: 500 },
    });
    // The friend can redeem it at once; the referrer gets the bonus.
    const friend = await makeUser(db);
    expect(await redeemCoupon(db, { code: first.coupon.code, userId: friend })).toMatchObject({
      success: true,
    });
  });

  it('USER_NOT_FOUND and INVALID_INPUT', async () => {
    const db = t().db;
    await seedQuorum(db);
    expect(await generateReferralCoupon(db, { userId: randomUUID() })).toMatchObject({
      error: 'USER_NOT_FOUND',
    });
    expect(await generateReferralCoupon(db, { userId: 'x' })).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await generateReferralCoupon(db, { userId: randomUUID(), creditsAmount: -1 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });
});

describe('generateWeeklyCoupons', () => {
  it('computes ISO week-numbering year and week', () => {
    expect(isoYearWeek(new Date('2026-01-01T12:00:00Z'))).toBe('202601');
    expect(isoYearWeek(new Date('2027-01-01T12:00:00Z'))).toBe('202653');
    expect(isoYearWeek(new Date('2024-12-30T00:00:00Z'))).toBe('202501');
    expect(isoYearWeek(new Date('2021-01-03T23:59:59Z'))).toBe('202053');
    expect(isoYearWeek(new Date('2026-06-15T08:00:00Z'))).toBe('202625');
    expect(weeklyCouponCode('x-twitter', new Date('2026-06-15T08:00:00Z'))).toBe('WEEKLY-X-TWITTER-202625');
    expect(weeklyCouponCode('a_b c', new Date('2026-06-15T08:00:00Z'))).toBe('WEEKLY-A-B-C-202625');
  });

  it('one draft per active channel, valid for 7 days; a rerun in the same ISO week creates nothing', async () => {
    const db = t().db;
    await seedQuorum(db);
    await db.update(marketingChannels).set({ isActive: false }).where(eq(marketingChannels.slug, 'facebook'));
    const now = new Date('2026-06-15T08:00:00Z');
    const r = await generateWeeklyCoupons(db, { now });
    if (!r.success) throw new Error(r.message);
    expect(r.coupons.map((c) => c.code)).toEqual([
      'WEEKLY-AI-BLOG-202625',
      'WEEKLY-LINKEDIN-202625',
      'WEEKLY-REFER-A-FRIEND-202625',
      'WEEKLY-SCM-BLOG-202625',
      'WEEKLY-X-TWITTER-202625',
    ]);
    for (const c of r.coupons) {
      expect(c).toMatchObject({ source: 'weekly', status: 'draft', validFrom: now });
      expect(c.validUntil!.getTime() - now.getTime()).toBe(7 * 86_400_000);
    }
    expect(await generateWeeklyCoupons(db, { now: new Date('2026-06-21T23:00:00Z') })).toEqual({
      success: true,
      coupons: [],
    });
    const next = await generateWeeklyCoupons(db, { now: new Date('2026-06-22T00:00:00Z') });
    expect(next.success && next.coupons.length).toBe(5);
    expect(await generateWeeklyCoupons(db, { now: 'monday' as never })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });
});

describe('coupon lifecycle', () => {
  it('publishCoupon: draft → published; COUPON_NOT_DRAFT, COUPON_NOT_FOUND, INVALID_INPUT', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { status: 'draft' });
    const r = await publishCoupon(db, { couponId: c.id, publishedBy: 'admin@example.com' });
    expect(r).toMatchObject({
      success: true,
      coupon: { status: 'published', publishedBy: 'admin@example.com', publishedAt: expect.any(Date) },
    });
    expect(await publishCoupon(db, { couponId: c.id, publishedBy: 'a' })).toMatchObject({
      error: 'COUPON_NOT_DRAFT',
    });
    expect(await publishCoupon(db, { couponId: randomUUID(), publishedBy: 'a' })).toMatchObject({
      error: 'COUPON_NOT_FOUND',
    });
    expect(await publishCoupon(db, { couponId: c.id, publishedBy: ' ' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  it('deactivateCoupon: stops redemptions; COUPON_ALREADY_DEACTIVATED, COUPON_NOT_FOUND, INVALID_INPUT', async () => {
    const db = t().db;
    const c = await makeCoupon(db);
    expect(await deactivateCoupon(db, { couponId: c.id })).toMatchObject({
      success: true,
      coupon: { status: 'deactivated' },
    });
    expect(await redeemCoupon(db, { code: c.code, userId: await makeUser(db) })).toMatchObject({
      error: 'COUPON_NOT_ACTIVE',
    });
    expect(await deactivateCoupon(db, { couponId: c.id })).toMatchObject({
      error: 'COUPON_ALREADY_DEACTIVATED',
    });
    expect(await deactivateCoupon(db, { couponId: randomUUID() })).toMatchObject({
      error: 'COUPON_NOT_FOUND',
    });
    expect(await deactivateCoupon(db, { couponId: '1' })).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('expireCoupons: published coupons past valid_until only', async () => {
    const db = t().db;
    const past = new Date(Date.now() - 60_000);
    const due = await makeCoupon(db, { code: 'EXP-DUE', validUntil: past });
    await makeCoupon(db, { code: 'EXP-DRAFT', validUntil: past, status: 'draft' });
    await makeCoupon(db, { code: 'EXP-FUTURE', validUntil: new Date(Date.now() + 3_600_000) });
    await makeCoupon(db, { code: 'EXP-NEVER' });
    const r = await expireCoupons(db);
    expect(r.success && r.coupons.map((c) => [c.id, c.status])).toEqual([[due.id, 'expired']]);
    expect(await expireCoupons(db)).toEqual({ success: true, coupons: [] });
    const later = await expireCoupons(db, { now: new Date(Date.now() + 7_200_000) });
    expect(later.success && later.coupons.map((c) => c.code)).toEqual(['EXP-FUTURE']);
    expect(await expireCoupons(db, { now: 'x' } as never)).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('couponAttribution: view rows with channel and redemption totals, filtered', async () => {
    const db = t().db;
    await seedQuorum(db);
    const [blog] = await db.select().from(marketingChannels).where(eq(marketingChannels.slug, 'scm-blog'));
    const c = await makeCoupon(db, { code: 'ATTR-1', channelId: blog!.id, creditsAmount: 40 });
    await makeCoupon(db, { code: 'ATTR-2', channelId: blog!.id, status: 'draft' });
    for (const u of [await makeUser(db), await makeUser(db), await makeUser(db)]) {
      await redeemCoupon(db, { code: c.code, userId: u });
    }
    const r = await couponAttribution(db, { channelSlug: 'scm-blog' });
    if (!r.success) throw new Error(r.message);
    expect(
      r.rows.map((x) => [x.code, x.channelName, x.redemptionCount, x.totalCreditsAwarded, x.currentUses]),
    ).toEqual(
      expect.arrayContaining([
        ['ATTR-1', 'SCM Blog', 3, 120, 3],
        ['ATTR-2', 'SCM Blog', 0, 0, 0],
      ]),
    );
    expect(r.rows).toHaveLength(2);
    const drafts = await couponAttribution(db, { channelSlug: 'scm-blog', status: 'draft' });
    expect(drafts.success && drafts.rows.map((x) => x.code)).toEqual(['ATTR-2']);
    const byCode = await couponAttribution(db, { code: 'attr-1 ' });
    expect(byCode.success && byCode.rows.map((x) => x.code)).toEqual(['ATTR-1']);
    const all = await couponAttribution(db);
    expect(all.success && all.rows.length).toBeGreaterThanOrEqual(3);
    expect(await couponAttribution(db, { source: 'banner' as never })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await couponAttribution(db, { limit: 0 })).toMatchObject({ error: 'INVALID_INPUT' });
  });
});
