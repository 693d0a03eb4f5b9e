import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  activateConfigVersion,
  appendSessionTurn,
  couponRedemptions,
  coupons,
  generateReferralCoupon,
  generateWeeklyCoupons,
  orchConfigVersions,
  profiles,
  redeemCoupon,
  referralConversions,
  seedQuorum,
  sessions,
  sessionTurns,
} from '../../src/quorum';
import { makeCoupon, makeUser, makeUsers } from '../quorum/fixtures';
import { useTestDb } from '../support';

// Real-Postgres races (PGlite has one connection). Every call runs on its own pooled connection.
describe('quorum under concurrency', () => {
  const t = useTestDb({ max: 40 });

  it('200 users race for a coupon with max_uses 10: exactly 10 win', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { maxUses: 10, creditsAmount: 75 });
    const users = await makeUsers(db, 200, true, 5);
    const t0 = performance.now();
    const results = await Promise.all(users.map((userId) => redeemCoupon(db, { code: c.code, userId })));
    const ms = performance.now() - t0;
    console.log(
      `[quorum] 200-user race (max_uses 10): ${ms.toFixed(0)} ms, ${((200 / ms) * 1000).toFixed(0)} attempts/s`,
    );
    const wins = results.filter((r) => r.success);
    expect(wins).toHaveLength(10);
    expect(results.filter((r) => !r.success).map((r) => !r.success && r.error)).toEqual(
      Array(190).fill('COUPON_EXHAUSTED'),
    );
    const [row] = await db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row).toMatchObject({ currentUses: 10, status: 'exhausted' });
    const redemptions = await db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, c.id));
    expect(redemptions).toHaveLength(10);
    const balances = await db.select().from(profiles).where(sql`${profiles.id} in ${users}`);
    expect(
      balances
        .filter((p) => p.creditsRemaining === 80)
        .map((p) => p.id)
        .sort(),
    ).toEqual(redemptions.map((r) => r.userId).sort());
    expect(balances.filter((p) => p.creditsRemaining === 5)).toHaveLength(190);
    for (const w of wins) if (w.success) expect(w.newBalance).toBe(80);
  });

  it('200 users redeem an unlimited coupon at once: 200 wins (throughput)', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { creditsAmount: 10 });
    const users = await makeUsers(db, 200);
    const t0 = performance.now();
    const results = await Promise.all(users.map((userId) => redeemCoupon(db, { code: c.code, userId })));
    const ms = performance.now() - t0;
    console.log(
      `[quorum] 200-user race (unlimited): ${ms.toFixed(0)} ms, ${((200 / ms) * 1000).toFixed(0)} redemptions/s`,
    );
    expect(results.every((r) => r.success)).toBe(true);
    const [row] = await db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row!.currentUses).toBe(200);
  });

  for (const maxUses of [null, 1, 5]) {
    it(`one user redeems the same coupon 20 times at once (max_uses ${maxUses}): 1 success, 19 ALREADY_REDEEMED`, async () => {
      const db = t().db;
      const c = await makeCoupon(db, { maxUses, creditsAmount: 30 });
      const user = await makeUser(db, 0);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => redeemCoupon(db, { code: c.code, userId: user })),
      );
      expect(results.filter((r) => r.success)).toHaveLength(1);
      expect(results.filter((r) => !r.success).map((r) => !r.success && r.error)).toEqual(
        Array(19).fill('ALREADY_REDEEMED'),
      );
      const [p] = await db.select().from(profiles).where(eq(profiles.id, user));
      expect(p!.creditsRemaining).toBe(30);
      const [row] = await db.select().from(coupons).where(eq(coupons.id, c.id));
      expect(row!.currentUses).toBe(1);
    });
  }

  it('users redeeming each other’s referral coupons at the same time do not deadlock', async () => {
    const db = t().db;
    const users = await makeUsers(db, 20, true, 0);
    const codes = await Promise.all(
      users.map(
        async (u) =>
          (
            await makeCoupon(db, {
              source: 'referral',
              referrerUserId: u,
              referrerBonusCredits: 5,
              creditsAmount: 50,
            })
          ).code,
      ),
    );
    // User i redeems the coupon of user i+1 (a ring), all at once.
    const results = await Promise.all(
      users.map((userId, i) => redeemCoupon(db, { code: codes[(i + 1) % users.length]!, userId })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const balances = await db.select().from(profiles).where(sql`${profiles.id} in ${users}`);
    expect(balances.every((p) => p.creditsRemaining === 55)).toBe(true);
    const conv = await db
      .select()
      .from(referralConversions)
      .where(sql`${referralConversions.referrerUserId} in ${users}`);
    expect(conv).toHaveLength(20);
  });

  it('concurrent generateReferralCoupon for one user yields one coupon', async () => {
    const db = t().db;
    await seedQuorum(db);
    const user = await makeUser(db);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => generateReferralCoupon(db, { userId: user })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const ids = new Set(results.map((r) => r.success && r.coupon.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const rows = await db
      .select()
      .from(coupons)
      .where(and(eq(coupons.referrerUserId, user), eq(coupons.source, 'referral')));
    expect(rows).toHaveLength(1);
  });

  it('racing generateWeeklyCoupons runs create each weekly coupon once', async () => {
    const db = t().db;
    await seedQuorum(db);
    const now = new Date('2030-03-06T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 8 }, () => generateWeeklyCoupons(db, { now })));
    const created = results.flatMap((r) => (r.success ? r.coupons.map((c) => c.code) : []));
    expect(created.sort()).toEqual([
      'WEEKLY-AI-BLOG-203010',
      'WEEKLY-FACEBOOK-203010',
      'WEEKLY-LINKEDIN-203010',
      'WEEKLY-REFER-A-FRIEND-203010',
      'WEEKLY-SCM-BLOG-203010',
      'WEEKLY-X-TWITTER-203010',
    ]);
  });

  it('concurrent activateConfigVersion: every call succeeds, one version ends active', async () => {
    const db = t().db;
    const versions = await db
      .insert(orchConfigVersions)
      .values(Array.from({ length: 15 }, (_, i) => ({ versionNumber: 1000 + i })))
      .returning();
    const results = await Promise.all(versions.map((v) => activateConfigVersion(db, { id: v.id })));
    expect(results.every((r) => r.success)).toBe(true);
    const active = await db.select().from(orchConfigVersions).where(eq(orchConfigVersions.status, 'active'));
    expect(active).toHaveLength(1);
    // Every activation but the first deprecated exactly the version active before it.
    expect(results.reduce((n, r) => n + (r.success ? r.deprecated.length : 0), 0)).toBe(14);
  });

  it('concurrent appendSessionTurn calls get consecutive turn numbers and exact totals', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db) })
      .returning();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        appendSessionTurn(db, { sessionId: s!.id, query: `q${i}`, cost: '0.01', tokensUsed: 10 }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const turns = await db.select().from(sessionTurns).where(eq(sessionTurns.sessionId, s!.id));
    expect(turns.map((x) => x.turnNumber).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s!.id));
    expect(row).toMatchObject({ turnCount: 30, totalCost: '0.30', totalCostCents: 30, totalTokens: 300 });
  });
  it('RLS on a pool: 40 users read their own profile at once, the subject never leaks to the next transaction', async () => {
    const db = t().db;
    const users = await makeUsers(db, 40, true, 3);
    // Each transaction sets the role and the JWT subject transaction-locally (as PostgREST does),
    // on whichever pooled connection it gets; 40 run at once on 40 connections, three rounds.
    const asUser = (sub: string) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local role authenticated`);
        await tx.execute(sql`select set_config('request.jwt.claim.sub', ${sub}, true)`);
        return (await tx.select().from(profiles)).map((p) => p.id);
      });
    for (let round = 0; round < 3; round++) {
      const seen = await Promise.all(users.map((u) => asUser(u)));
      expect(seen).toEqual(users.map((u) => [u]));
    }
    // Afterwards no connection of the pool is still a user: authenticated without a subject sees nothing.
    const after = await Promise.all(
      users.map(() =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local role authenticated`);
          return (await tx.select().from(profiles)).length;
        }),
      ),
    );
    expect(after).toEqual(users.map(() => 0));
  });
});
