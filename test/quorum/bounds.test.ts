// Total functions at the boundaries: values past a column's range, dates outside the kit's timestamp range,
// upper-case uuids, over-long keys, computed totals past int4, and the coupon-code normal form.
// Each failure is a documented code and writes nothing.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { INT4, MIN_TIMESTAMP } from '../../src/input';
import {
  activateConfigVersion,
  appendSessionTurn,
  couponAttribution,
  couponCodeSchema,
  coupons,
  deactivateCoupon,
  expireCoupons,
  generateReferralCoupon,
  generateWeeklyCoupons,
  insertCouponSchema,
  isoYearWeek,
  orchConfigVersions,
  profiles,
  publishCoupon,
  redeemCoupon,
  referralConversions,
  seedQuorum,
  sessions,
  sessionTurns,
  weeklyCouponCode,
} from '../../src/quorum';
import { rowCounts, systemSchemas } from '../contract/contract';
import { useRollbackDb } from '../support';
import { makeCoupon, makeUser } from './fixtures';

const t = useRollbackDb();
const counts = () => rowCounts(t().db, systemSchemas.quorum);
/** Runs `fn`, expects INVALID_INPUT (or `code`) and no row written anywhere in quorum/auth. */
async function refused(fn: () => Promise<unknown>, code = 'INVALID_INPUT') {
  const before = await counts();
  expect(await fn()).toMatchObject({ success: false, error: code });
  expect(await counts()).toEqual(before);
}
const balance = async (id: string) =>
  (await t().db.select().from(profiles).where(eq(profiles.id, id)))[0]?.creditsRemaining;

describe('integers past int4', () => {
  it('generateReferralCoupon: creditsAmount 3e9 / referrerBonusCredits 2^31 → INVALID_INPUT', async () => {
    await seedQuorum(t().db);
    const user = await makeUser(t().db);
    await refused(() => generateReferralCoupon(t().db, { userId: user, creditsAmount: 3e9 }));
    await refused(() => generateReferralCoupon(t().db, { userId: user, referrerBonusCredits: 2 ** 31 }));
    expect(
      await generateReferralCoupon(t().db, {
        userId: user,
        creditsAmount: INT4.max,
        referrerBonusCredits: INT4.max,
      }),
    ).toMatchObject({ success: true, coupon: { creditsAmount: INT4.max } });
  });

  it('appendSessionTurn: tokensUsed 3e9, cost 99999999999 (cents past int4) → INVALID_INPUT', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db) })
      .returning();
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, tokensUsed: 3e9, cost: '99999999999' }));
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, tokensUsed: 3e9 }));
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, cost: '99999999999' }));
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, cost: '1e400' }));
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, timeSeconds: `1.${'0'.repeat(200)}` }));
    // The largest cost whose cents still fit: accepted.
    expect(await appendSessionTurn(db, { sessionId: s!.id, cost: '21474836.47' })).toMatchObject({
      success: true,
      session: { totalCostCents: INT4.max },
    });
    // Now any further cost would overflow total_cost_cents.
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, cost: '0.01' }));
  });

  it('appendSessionTurn: a token total past int4 → INVALID_INPUT, the session unchanged', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db), totalTokens: INT4.max - 5 })
      .returning();
    await refused(() => appendSessionTurn(db, { sessionId: s!.id, tokensUsed: 10 }));
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s!.id));
    expect(row).toMatchObject({ turnCount: 0, totalTokens: INT4.max - 5 });
    expect(await db.select().from(sessionTurns).where(eq(sessionTurns.sessionId, s!.id))).toEqual([]);
    expect(await appendSessionTurn(db, { sessionId: s!.id, tokensUsed: 5 })).toMatchObject({
      success: true,
      session: { totalTokens: INT4.max },
    });
  });

  it('couponAttribution: total credits past int4 are read as a number (the view sums in bigint)', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { code: 'BIG-CREDITS', creditsAmount: INT4.max });
    for (let i = 0; i < 2; i++)
      expect(await redeemCoupon(db, { code: c.code, userId: await makeUser(db) })).toMatchObject({
        success: true,
      });
    const r = await couponAttribution(db, { code: 'big-credits' });
    expect(r.success && r.rows.map((x) => [x.redemptionCount, x.totalCreditsAwarded])).toEqual([
      [2, 2 * INT4.max],
    ]);
  });

  it('couponAttribution: limit / offset past int4 → INVALID_INPUT', async () => {
    await refused(() => couponAttribution(t().db, { limit: 2 ** 31 }));
    await refused(() => couponAttribution(t().db, { offset: 2 ** 31 }));
  });
});

describe("dates outside the kit's timestamp range (MIN_TIMESTAMP … 9999)", () => {
  it('generateWeeklyCoupons { now } with year ≥ 10000, before MIN_TIMESTAMP, or valid_until past 9999 → INVALID_INPUT', async () => {
    const db = t().db;
    await seedQuorum(db);
    for (const now of [
      new Date('+010000-01-01T00:00:00Z'),
      new Date('-000001-06-01T00:00:00Z'),
      new Date('0000-12-31T00:00:00Z'),
      new Date('9999-12-30T00:00:00Z'),
      new Date(MIN_TIMESTAMP.getTime() - 1),
      new Date(Number.NaN),
      '5' as never,
      '2026-13-45' as never,
    ]) {
      await refused(() => generateWeeklyCoupons(db, { now }));
    }
    // The first representable instant works, with a 4-digit year in the code.
    const first = await generateWeeklyCoupons(db, { now: MIN_TIMESTAMP });
    const firstCode = weeklyCouponCode('linkedin', MIN_TIMESTAMP);
    expect(firstCode).toMatch(/^WEEKLY-LINKEDIN-\d{6}$/);
    expect(first.success && first.coupons.map((c) => c.code)).toContain(firstCode);
    const last = await generateWeeklyCoupons(db, { now: new Date('9999-12-24T23:59:59.999Z') });
    expect(last.success && last.coupons.map((c) => c.code)).toContain('WEEKLY-LINKEDIN-999951');
    // ISO strings are accepted too.
    const iso = await generateWeeklyCoupons(db, { now: '2031-03-05T10:00:00Z' as never });
    expect(iso.success && iso.coupons.map((c) => c.code)).toContain('WEEKLY-LINKEDIN-203110');
  });

  it('isoYearWeek: years below 100 are not read as 19xx', () => {
    expect(isoYearWeek(new Date('0001-01-01T00:00:00Z'))).toBe('000101');
    expect(isoYearWeek(new Date('0050-06-15T00:00:00Z'))).toBe('005024');
    expect(isoYearWeek(new Date('9999-12-31T00:00:00Z'))).toBe('999952');
  });

  it('expireCoupons { now } with year ≥ 10000 → INVALID_INPUT', async () => {
    await refused(() => expireCoupons(t().db, { now: new Date('+010000-01-01T00:00:00Z') }));
    await refused(() => expireCoupons(t().db, { now: '5' as never }));
  });
});

describe('upper-case uuids are the same ids', () => {
  it('redeemCoupon({ userId: UPPER }) credits the existing profile', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 7 });
    const user = await makeUser(db, 1);
    expect(await redeemCoupon(db, { code: c.code, userId: user.toUpperCase() })).toMatchObject({
      success: true,
      newBalance: 8,
    });
    expect(await redeemCoupon(db, { code: c.code, userId: user.toUpperCase() })).toMatchObject({
      error: 'ALREADY_REDEEMED',
    });
  });

  it('publishCoupon, deactivateCoupon, activateConfigVersion, generateReferralCoupon, appendSessionTurn', async () => {
    const db = t().db;
    await seedQuorum(db);
    const c = await makeCoupon(db, { status: 'draft' });
    expect(await publishCoupon(db, { couponId: c.id.toUpperCase(), publishedBy: 'a' })).toMatchObject({
      success: true,
    });
    expect(await deactivateCoupon(db, { couponId: c.id.toUpperCase() })).toMatchObject({ success: true });
    const [v] = await db.insert(orchConfigVersions).values({ versionNumber: 901 }).returning();
    expect(await activateConfigVersion(db, { id: v!.id.toUpperCase() })).toMatchObject({ success: true });
    const user = await makeUser(db);
    const a = await generateReferralCoupon(db, { userId: user.toUpperCase() });
    const b = await generateReferralCoupon(db, { userId: user });
    expect(a).toMatchObject({ success: true, created: true, coupon: { referrerUserId: user } });
    expect(b).toMatchObject({ success: true, created: false });
    const [s] = await db.insert(sessions).values({ userId: user }).returning();
    expect(
      await appendSessionTurn(db, { sessionId: s!.id.toUpperCase(), userId: user.toUpperCase(), query: 'q' }),
    ).toMatchObject({ success: true, turn: { turnNumber: 1 } });
  });
});

describe('over-long values for indexed columns', () => {
  it('a 10 MB code or channel slug → INVALID_INPUT (no "index row requires … bytes")', async () => {
    const db = t().db;
    const huge = 'A'.repeat(10_000_000);
    await refused(() => redeemCoupon(db, { code: huge, userId: randomUUID() }));
    await refused(() => couponAttribution(db, { channelSlug: huge }));
    await refused(() => couponAttribution(db, { code: huge }));
  });
});

describe('redeemCoupon: computed balances past int4', () => {
  it('a balance that would pass int4 → INVALID_INPUT, nothing written', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 100 });
    const user = await makeUser(db, INT4.max - 10);
    await refused(() => redeemCoupon(db, { code: c.code, userId: user }));
    expect(await balance(user)).toBe(INT4.max - 10);
    const [row] = await db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row!.currentUses).toBe(0);
  });

  it('a referrer at the limit gets no bonus (recorded as 0); the redemption succeeds', async () => {
    const db = t().db;
    const referrer = await makeUser(db, INT4.max);
    const c = await makeCoupon(db, { source: 'referral', referrerUserId: referrer, referrerBonusCredits: 5 });
    const friend = await makeUser(db);
    expect(await redeemCoupon(db, { code: c.code, userId: friend })).toMatchObject({ success: true });
    expect(await balance(referrer)).toBe(INT4.max);
    const [conv] = await db
      .select()
      .from(referralConversions)
      .where(eq(referralConversions.referralCouponId, c.id));
    expect(conv).toMatchObject({ referrerUserId: referrer, bonusCreditsAwarded: 0 });
  });
});

describe('coupon codes: which inputs match a code', () => {
  it("'ｗｅｌｃｏｍｅ２０２６', 'welcome\\u200b2026', ' welcome2026 ' and other spellings match WELCOME2026", async () => {
    const db = t().db;
    await seedQuorum(db);
    const spellings = [
      'ｗｅｌｃｏｍｅ２０２６', // full-width (NFKC)
      'welcome\u200b2026', // zero-width space
      ' welcome2026 ', // surrounding white space
      '\ufeffWel\u200ccome\u200d2026\u2060', // BOM, ZWNJ, ZWJ, word joiner
      'WEL\u00adCOME2026', // soft hyphen
      '\u3000welcome2026\t', // ideographic space, tab
    ];
    for (const code of spellings) expect(couponCodeSchema.parse(code)).toBe('WELCOME2026');
    for (const code of spellings) {
      const user = await makeUser(db);
      expect(await redeemCoupon(db, { code, userId: user })).toMatchObject({
        success: true,
        creditsAwarded: 500,
      });
    }
    // Inner white space and look-alike letters from other scripts are other codes.
    for (const code of ['WELCOME 2026', 'WELCOME-2026', 'WЕLCOME2026' /* Cyrillic Е */]) {
      expect(couponCodeSchema.parse(code)).not.toBe('WELCOME2026');
      await refused(() => redeemCoupon(db, { code, userId: randomUUID() }), 'COUPON_NOT_FOUND');
    }
  });

  it("Turkish i: 'ı' (U+0131), 'İ' (U+0130) and 'i̇' (i + U+0307) all fold to I (issue 18: no locale decides)", async () => {
    expect(couponCodeSchema.parse('frıends')).toBe('FRIENDS');
    expect(couponCodeSchema.parse('friends')).toBe('FRIENDS');
    expect(couponCodeSchema.parse('frİends')).toBe('FRIENDS');
    expect(couponCodeSchema.parse('fri\u0307ends')).toBe('FRIENDS');
    expect(couponCodeSchema.parse('friends'.toLocaleUpperCase('tr-TR'))).toBe('FRIENDS');
    expect(couponCodeSchema.parse('straße')).toBe('STRASSE');
    const db = t().db;
    const friends = await makeCoupon(db, { code: 'FRIENDS' });
    const redeemed = async (code: string) => {
      const r = await redeemCoupon(db, { code, userId: await makeUser(db) });
      return r.success ? r.couponId : r.error;
    };
    expect(await redeemed('frıends')).toBe(friends.id);
    expect(await redeemed('FRIENDS')).toBe(friends.id);
    expect(await redeemed('frİends')).toBe(friends.id);
    expect(await redeemed('fri\u0307ends')).toBe(friends.id);
  });

  it('codes are stored in normal form: the insert schema refuses others; couponAttribution normalises', async () => {
    expect(insertCouponSchema.safeParse({ code: 'WELCOME\u200b2026' }).success).toBe(false);
    expect(insertCouponSchema.safeParse({ code: 'ＷＥＬＣＯＭＥ' }).success).toBe(false);
    // İ is not a normal form any more (issue 18: it folds to I).
    expect(insertCouponSchema.safeParse({ code: 'FR\u0130ENDS' }).success).toBe(false);
    expect(insertCouponSchema.safeParse({ code: 'FRIENDS' }).success).toBe(true);
    expect(insertCouponSchema.safeParse({ code: 'X'.repeat(65) }).success).toBe(false);
    const db = t().db;
    await seedQuorum(db);
    const r = await couponAttribution(db, { code: 'ｗｅｌｃｏｍｅ\u200b2026' });
    expect(r.success && r.rows.map((x) => x.code)).toEqual(['WELCOME2026']);
  });
});

describe('COUPON_EXHAUSTED at exactly max_uses while still published', () => {
  it('answers COUPON_EXHAUSTED (never a raw 23514), nothing changes', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { maxUses: 3, currentUses: 3, status: 'published' });
    const user = await makeUser(db, 9);
    await refused(() => redeemCoupon(db, { code: c.code, userId: user }), 'COUPON_EXHAUSTED');
    const [row] = await db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row).toMatchObject({ currentUses: 3, status: 'published' });
    expect(await balance(user)).toBe(9);
    // The CHECK behind it: the database refuses a use past max_uses whatever a client does.
    await expect(
      db.execute(sql`update quorum.coupons set current_uses = current_uses + 1 where id = ${c.id}`),
    ).rejects.toThrow();
  });
});
