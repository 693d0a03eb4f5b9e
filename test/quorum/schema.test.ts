import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import {
  couponRedemptions,
  coupons,
  insertCouponRedemptionSchema,
  insertCouponSchema,
  insertLlmMasterSchema,
  insertMarketingChannelSchema,
  insertOrchConfigVersionSchema,
  insertProfileSchema,
  insertReferralConversionSchema,
  insertSessionSchema,
  insertSessionTurnSchema,
  insertUserPreferenceSchema,
  llmMaster,
  marketingChannels,
  orchConfigVersions,
  profiles,
  referralConversions,
  schema,
  selectCouponAttributionSchema,
  selectCouponRedemptionSchema,
  selectCouponSchema,
  selectLlmMasterSchema,
  selectMarketingChannelSchema,
  selectOrchConfigVersionSchema,
  selectProfileSchema,
  selectReferralConversionSchema,
  selectSessionSchema,
  selectSessionTurnSchema,
  selectUserPreferenceSchema,
  sessions,
  sessionTurns,
  userPreferences,
  vCouponAttribution,
} from '../../src/quorum';
import { expectPgError, useRollbackDb, useTestDb } from '../support';
import { makeChannel, makeCoupon, makeUser } from './fixtures';

// One database for the file: each test runs in a transaction rolled back after it.
const t = useRollbackDb();

describe('quorum tables: round trips through the validators', () => {
  it('consensus: sessions, session_turns, user_preferences', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    const s = insertSessionSchema.parse({
      userId,
      title: 'Is Rust faster?',
      initialQuery: 'rust vs go',
      totalCost: '0.0125',
      attachmentsMeta: [{ name: 'a.pdf', tokens: 10 }],
    });
    const [session] = await db.insert(sessions).values(s).returning();
    const [readSession] = await db.select().from(sessions).where(eq(sessions.id, session!.id));
    expect(selectSessionSchema.parse(readSession)).toMatchObject({
      userId,
      state: 'active',
      turnCount: 0,
      totalCost: '0.0125',
      totalCostCents: 0,
      attachmentsMeta: [{ name: 'a.pdf', tokens: 10 }],
    });

    const turn = insertSessionTurnSchema.parse({
      sessionId: session!.id,
      turnNumber: 1,
      query: 'q',
      stage1Responses: { gpt4o: 'yes' },
      dissentTriggered: true,
      cost: '0.5',
      tokensUsed: 42,
      timeSeconds: '3.25',
    });
    await db.insert(sessionTurns).values(turn);
    const [readTurn] = await db.select().from(sessionTurns).where(eq(sessionTurns.sessionId, session!.id));
    expect(selectSessionTurnSchema.parse(readTurn)).toMatchObject({
      turnNumber: 1,
      stage1Responses: { gpt4o: 'yes' },
      dissentTriggered: true,
      cost: '0.5',
      timeSeconds: '3.25',
    });

    const prefs = insertUserPreferenceSchema.parse({
      userId,
      defaultMode: 'deep',
      preferredModels: ['gpt4o'],
    });
    await db.insert(userPreferences).values(prefs);
    const [readPrefs] = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
    expect(selectUserPreferenceSchema.parse(readPrefs)).toMatchObject({ preferredModels: ['gpt4o'] });
  });

  it('models: llm_master, orch_config_versions', async () => {
    const db = t().db;
    const m = insertLlmMasterSchema.parse({
      modelCode: 'gpt4o',
      modelName: 'GPT-4o',
      contextLength: 128000,
      inputCostPerMtok: '2.5',
      s1Rank: 1,
      s1AccuracyPct: '93.5',
      s1LastTestedAt: new Date('2026-01-02T03:04:05Z'),
    });
    const [model] = await db.insert(llmMaster).values(m).returning();
    expect(selectLlmMasterSchema.parse(model)).toMatchObject({
      modelCode: 'gpt4o',
      isAvailable: true,
      s1AccuracyPct: '93.5',
      s1LastTestedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(insertLlmMasterSchema.safeParse({ modelCode: 'x'.repeat(21) }).success).toBe(false);

    const v = insertOrchConfigVersionSchema.parse({ versionNumber: 1, versionName: 'v1' });
    const [version] = await db.insert(orchConfigVersions).values(v).returning();
    expect(selectOrchConfigVersionSchema.parse(version)).toMatchObject({ status: 'draft', versionNumber: 1 });
    expect(insertOrchConfigVersionSchema.safeParse({ versionNumber: 2, status: 'live' }).success).toBe(false);
  });

  it('coupons: marketing_channels, coupons, coupon_redemptions, referral_conversions, profiles', async () => {
    const db = t().db;
    const [referrer, user] = [await makeUser(db, 10), await makeUser(db, 0, false)];
    const ch = insertMarketingChannelSchema.parse({ name: 'Podcast', slug: 'podcast' });
    const [channel] = await db.insert(marketingChannels).values(ch).returning();
    expect(selectMarketingChannelSchema.parse(channel)).toMatchObject({ isActive: true, slug: 'podcast' });
    expect(insertMarketingChannelSchema.safeParse({ name: 'P', slug: 'Pod Cast' }).success).toBe(false);

    const c = insertCouponSchema.parse({
      code: 'PODCAST10',
      channelId: channel!.id,
      source: 'referral',
      referrerUserId: referrer,
      referrerBonusCredits: 50,
      maxUses: 10,
    });
    const [coupon] = await db.insert(coupons).values(c).returning();
    expect(selectCouponSchema.parse(coupon)).toMatchObject({
      code: 'PODCAST10',
      creditsAmount: 500,
      status: 'draft',
      currentUses: 0,
      validUntil: null,
    });
    expect(insertCouponSchema.safeParse({ code: 'lower' }).success).toBe(false);
    expect(insertCouponSchema.safeParse({ code: 'X', status: 'live' }).success).toBe(false);

    const p = insertProfileSchema.parse({ id: user, creditsRemaining: 5 });
    await db.insert(profiles).values(p);
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, user));
    expect(selectProfileSchema.parse(profile)).toMatchObject({ creditsRemaining: 5 });

    const r = insertCouponRedemptionSchema.parse({ couponId: coupon!.id, userId: user, creditsAwarded: 500 });
    await db.insert(couponRedemptions).values(r);
    const [redemption] = await db.select().from(couponRedemptions).where(eq(couponRedemptions.userId, user));
    expect(selectCouponRedemptionSchema.parse(redemption)).toMatchObject({ creditsAwarded: 500 });

    const rc = insertReferralConversionSchema.parse({
      referralCouponId: coupon!.id,
      referredUserId: user,
      referrerUserId: referrer,
    });
    await db.insert(referralConversions).values(rc);
    const [conversion] = await db
      .select()
      .from(referralConversions)
      .where(eq(referralConversions.referredUserId, user));
    expect(selectReferralConversionSchema.parse(conversion)).toMatchObject({
      conversionType: 'signup',
      bonusCreditsAwarded: 0,
    });

    const [attr] = await db.select().from(vCouponAttribution).where(eq(vCouponAttribution.id, coupon!.id));
    expect(selectCouponAttributionSchema.parse(attr)).toMatchObject({
      code: 'PODCAST10',
      channelName: 'Podcast',
      channelSlug: 'podcast',
      redemptionCount: 1,
      totalCreditsAwarded: 500,
    });
  });
});

// A second driver instance reads the rows: they must be committed (a file-level database).
describe('quorum relational queries', () => {
  const t = useTestDb();

  it('relational queries work with the exported schema object (on either driver)', async () => {
    expect(Object.keys(schema)).toContain('couponsRelations');
    const test = t();
    let close = async () => {};
    let rdb: import('drizzle-orm/pg-core').PgDatabase<
      import('drizzle-orm/pg-core').PgQueryResultHKT,
      typeof schema
    >;
    if (test.backend === 'pglite') {
      const { drizzle } = await import('drizzle-orm/pglite');
      rdb = drizzle(test.pglite!, { schema });
    } else {
      const { drizzle } = await import('drizzle-orm/postgres-js');
      const { default: postgres } = await import('postgres');
      const client = postgres(test.url!, { max: 1, onnotice: () => {} });
      close = () => client.end();
      rdb = drizzle(client, { schema });
    }
    try {
      const channel = await makeChannel(test.db);
      await makeCoupon(test.db, { channelId: channel.id });
      const found = await rdb.query.marketingChannels.findFirst({
        where: eq(marketingChannels.id, channel.id),
        with: { coupons: true },
      });
      expect(found?.coupons).toHaveLength(1);
    } finally {
      await close();
    }
  });
});

describe('quorum constraints', () => {
  it('coupons: unique code, upper-case code, uses within max_uses, one referral coupon per referrer', async () => {
    const db = t().db;
    await makeCoupon(db, { code: 'DUP' });
    await expectPgError(makeCoupon(db, { code: 'DUP' }), '23505', 'coupons_code_key');
    await expectPgError(makeCoupon(db, { code: 'lower' }), '23514', 'coupons_code_check');
    await expectPgError(
      makeCoupon(db, { maxUses: 2, currentUses: 3 }),
      '23514',
      'coupons_current_uses_check',
    );
    await expectPgError(makeCoupon(db, { currentUses: -1 }), '23514', 'coupons_current_uses_check');
    await expectPgError(makeCoupon(db, { maxUses: 0 }), '23514', 'coupons_max_uses_check');
    await expectPgError(makeCoupon(db, { creditsAmount: -5 }), '23514', 'coupons_credits_amount_check');
    await expectPgError(
      makeCoupon(db, { referrerBonusCredits: -1 }),
      '23514',
      'coupons_referrer_bonus_credits_check',
    );
    const referrer = await makeUser(db);
    await makeCoupon(db, { source: 'referral', referrerUserId: referrer });
    await expectPgError(
      makeCoupon(db, { source: 'referral', referrerUserId: referrer }),
      '23505',
      'coupons_referrer_user_id_referral_key',
    );
    // A campaign coupon may still name the same user.
    await makeCoupon(db, { source: 'campaign', referrerUserId: referrer });
    await expectPgError(
      makeCoupon(db, { referrerUserId: randomUUID() }),
      '23503',
      'coupons_referrer_user_id_fkey',
    );
    await expectPgError(makeCoupon(db, { channelId: randomUUID() }), '23503', 'coupons_channel_id_fkey');
  });

  it('coupon_redemptions: one per user per coupon, known users and coupons only', async () => {
    const db = t().db;
    const coupon = await makeCoupon(db);
    const user = await makeUser(db);
    await db.insert(couponRedemptions).values({ couponId: coupon.id, userId: user, creditsAwarded: 1 });
    await expectPgError(
      db.insert(couponRedemptions).values({ couponId: coupon.id, userId: user, creditsAwarded: 1 }),
      '23505',
      'coupon_redemptions_coupon_id_user_id_key',
    );
    await expectPgError(
      db.insert(couponRedemptions).values({ couponId: coupon.id, userId: randomUUID(), creditsAwarded: 1 }),
      '23503',
      'coupon_redemptions_user_id_fkey',
    );
    await expectPgError(
      db.insert(couponRedemptions).values({ couponId: randomUUID(), userId: user, creditsAwarded: 1 }),
      '23503',
      'coupon_redemptions_coupon_id_fkey',
    );
    await expectPgError(
      db
        .insert(couponRedemptions)
        .values({ couponId: coupon.id, userId: await makeUser(db), creditsAwarded: -1 }),
      '23514',
      'coupon_redemptions_credits_awarded_check',
    );
  });

  it('marketing_channels: unique name and slug', async () => {
    const db = t().db;
    await db.insert(marketingChannels).values({ name: 'A', slug: 'a' });
    await expectPgError(
      db.insert(marketingChannels).values({ name: 'A', slug: 'a2' }),
      '23505',
      'marketing_channels_name_key',
    );
    await expectPgError(
      db.insert(marketingChannels).values({ name: 'A2', slug: 'a' }),
      '23505',
      'marketing_channels_slug_key',
    );
  });

  it('profiles and user-owned rows reference auth.users', async () => {
    const db = t().db;
    await expectPgError(db.insert(profiles).values({ id: randomUUID() }), '23503', 'profiles_id_fkey');
    await expectPgError(
      db.insert(sessions).values({ userId: randomUUID() }),
      '23503',
      'sessions_user_id_fkey',
    );
    const user = await makeUser(db);
    await db.insert(userPreferences).values({ userId: user });
    await expectPgError(
      db.insert(userPreferences).values({ userId: user }),
      '23505',
      'user_preferences_user_id_key',
    );
    const referrer = await makeUser(db);
    const coupon = await makeCoupon(db);
    await expectPgError(
      db
        .insert(referralConversions)
        .values({ referralCouponId: coupon.id, referredUserId: user, referrerUserId: randomUUID() }),
      '23503',
      'referral_conversions_referrer_user_id_fkey',
    );
    await db
      .insert(referralConversions)
      .values({ referralCouponId: coupon.id, referredUserId: user, referrerUserId: referrer });
  });

  it('session_turns: unique turn number per session; orch_config_versions: unique number, one active', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db) })
      .returning();
    await db.insert(sessionTurns).values({ sessionId: s!.id, turnNumber: 1 });
    await expectPgError(
      db.insert(sessionTurns).values({ sessionId: s!.id, turnNumber: 1 }),
      '23505',
      'session_turns_session_id_turn_number_key',
    );
    await expectPgError(
      db.insert(sessionTurns).values({ sessionId: randomUUID(), turnNumber: 1 }),
      '23503',
      'session_turns_session_id_fkey',
    );
    await db.insert(orchConfigVersions).values({ versionNumber: 100, status: 'active' });
    await expectPgError(
      db.insert(orchConfigVersions).values({ versionNumber: 100 }),
      '23505',
      'orch_config_versions_version_number_key',
    );
    await expectPgError(
      db.insert(orchConfigVersions).values({ versionNumber: 101, status: 'active' }),
      '23505',
      'orch_config_versions_one_active_key',
    );
  });

  it('deleting a user cascades to their profile, sessions and redemptions', async () => {
    const db = t().db;
    const user = await makeUser(db, 5);
    const coupon = await makeCoupon(db);
    await db.insert(couponRedemptions).values({ couponId: coupon.id, userId: user, creditsAwarded: 1 });
    await db.insert(sessions).values({ userId: user });
    await db.execute(sql`delete from auth.users where id = ${user}`);
    expect(await db.select().from(profiles).where(eq(profiles.id, user))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user))).toEqual([]);
    expect(await db.select().from(couponRedemptions).where(eq(couponRedemptions.userId, user))).toEqual([]);
  });

  it('updated_at is set by the database on update', async () => {
    const db = t().db;
    const coupon = await makeCoupon(db);
    await db.execute(
      sql`update quorum.coupons set updated_at = '2000-01-01', notes = 'x' where id = ${coupon.id}`,
    );
    const [row] = await db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row!.updatedAt.getTime()).toBeGreaterThan(new Date('2020-01-01').getTime());
  });
});

describe('coupons row-level security', () => {
  /** Runs a count of visible coupons as a Supabase API role. */
  async function visibleCodes(role: 'anon' | 'authenticated' | 'service_role', from = 'quorum.coupons') {
    return t().db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${role}`));
      return rowsOf<{ code: string }>(
        await tx.execute(sql.raw(`select code from ${from} order by code`)),
      ).map((r) => r.code);
    });
  }

  it('authenticated sees published coupons only, anon none, service_role all', async () => {
    const db = t().db;
    await makeCoupon(db, { code: 'RLS-PUBLISHED' });
    await makeCoupon(db, { code: 'RLS-DRAFT', status: 'draft' });
    await makeCoupon(db, { code: 'RLS-EXPIRED', status: 'expired' });
    expect(await visibleCodes('authenticated')).toEqual(['RLS-PUBLISHED']);
    expect(await visibleCodes('anon')).toEqual([]);
    expect(await visibleCodes('service_role')).toEqual(['RLS-DRAFT', 'RLS-EXPIRED', 'RLS-PUBLISHED']);
    expect(await visibleCodes('service_role', 'quorum.v_coupon_attribution')).toEqual([
      'RLS-DRAFT',
      'RLS-EXPIRED',
      'RLS-PUBLISHED',
    ]);
  });

  it('authenticated and anon cannot write coupons', async () => {
    for (const role of ['authenticated', 'anon']) {
      await expectPgError(
        t().db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role ${role}`));
          await tx.execute(sql`update quorum.coupons set credits_amount = 1`);
        }),
        '42501',
      );
    }
  });

  it('the attribution view is not readable by authenticated users (it would bypass nothing, but it is admin-only)', async () => {
    await expectPgError(visibleCodes('authenticated', 'quorum.v_coupon_attribution'), '42501');
  });
});
