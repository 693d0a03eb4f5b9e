// Real-Postgres races of credits and execution packs: each would fail a read-then-write version
// (deductions below zero, two first-credit rows, a pack counted twice, a monthly limit passed).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  addCredits,
  consumeExecution,
  creditPackages,
  deductCredits,
  executionPacks,
  purchaseCredits,
  purchaseExecutionPack,
  userExecutionPacks,
  userSubscriptions,
} from '../../src/bottleneck';
import { creditRowsOf as creditRows, makeUser, subscribedUser } from '../bottleneck/fixtures';
import { useTestDb } from '../support';

/** Runs the calls all at once, in an order shuffled by index (so kinds interleave). */
const interleaved = <T>(calls: (() => Promise<T>)[]): Promise<T[]> =>
  Promise.all(calls.map((_, i) => calls[(i * 7) % calls.length]!).map((c) => c()));

describe('bottleneck credits and packs under concurrency (real Postgres)', () => {
  const t = useTestDb({ max: 40 });

  it('50 concurrent deductions of 3 from 100 credits: exactly 33 succeed, the balance ends at exactly 1', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'enrichment', amount: 100 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        deductCredits(t().db, { userId, creditType: 'enrichment', amount: 3 }),
      ),
    );
    expect(results.filter((r) => r.success)).toHaveLength(33);
    expect(results.filter((r) => !r.success && r.error === 'INSUFFICIENT_CREDITS')).toHaveLength(17);
    const balances = results.flatMap((r) => (r.success ? [r.credits.balance] : [])).sort((a, b) => a - b);
    expect(balances).toEqual(Array.from({ length: 33 }, (_, i) => 1 + 3 * i));
    expect(await creditRows(t().db, userId)).toEqual([
      { creditType: 'enrichment', balance: 1, totalPurchased: 100, totalUsed: 99 },
    ]);
  });

  it('50 concurrent deductions of 1 from 50 credits: all succeed, the balance ends at exactly 0', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'calling', amount: 50 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => deductCredits(t().db, { userId, creditType: 'calling', amount: 1 })),
    );
    expect(results.filter((r) => r.success)).toHaveLength(50);
    expect(await creditRows(t().db, userId)).toEqual([
      { creditType: 'calling', balance: 0, totalPurchased: 50, totalUsed: 50 },
    ]);
  });

  it('30 concurrent first credits (adds and package purchases) of a fresh user: one balance row per type, sums exact', async () => {
    const userId = await makeUser(t().db);
    const [pkg] = await t()
      .db.insert(creditPackages)
      .values({ name: `P ${randomUUID()}`, creditAmount: 100, price: 1, creditType: 'scraping' })
      .returning();
    const results = await interleaved<{ success: boolean }>([
      ...Array.from(
        { length: 10 },
        (_, i) => () => addCredits(t().db, { userId, creditType: 'scraping', amount: i + 1 }),
      ),
      ...Array.from({ length: 10 }, () => () => purchaseCredits(t().db, { userId, packageId: pkg!.id })),
      ...Array.from(
        { length: 10 },
        () => () => addCredits(t().db, { userId, creditType: 'calling', amount: 2 }),
      ),
    ]);
    expect(results.every((r) => r.success)).toBe(true);
    // 1+…+10 = 55 and 10 × 100 scraping credits; 10 × 2 calling credits.
    const rows = await creditRows(t().db, userId);
    expect(rows).toHaveLength(2);
    const byType = Object.fromEntries(rows.map((r) => [r.creditType, r]));
    expect(byType).toEqual({
      scraping: { creditType: 'scraping', balance: 1055, totalPurchased: 1055, totalUsed: 0 },
      calling: { creditType: 'calling', balance: 20, totalPurchased: 20, totalUsed: 0 },
    });
  });

  it('concurrent adds, purchases and deductions: balance = totalPurchased − totalUsed, each exact', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'enrichment', amount: 10 });
    const [pkg] = await t()
      .db.insert(creditPackages)
      .values({ name: `P ${randomUUID()}`, creditAmount: 5, price: 1, creditType: 'enrichment' })
      .returning();
    const results = await interleaved<{ success: boolean; kind: string }>([
      ...Array.from({ length: 10 }, () => async () => ({
        ...(await addCredits(t().db, { userId, creditType: 'enrichment', amount: 3 })),
        kind: 'add',
      })),
      ...Array.from({ length: 10 }, () => async () => ({
        ...(await purchaseCredits(t().db, { userId, packageId: pkg!.id })),
        kind: 'buy',
      })),
      ...Array.from({ length: 30 }, () => async () => ({
        ...(await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 4 })),
        kind: 'spend',
      })),
    ]);
    expect(results.filter((r) => r.kind !== 'spend' && !r.success)).toEqual([]);
    const spent = results.filter((r) => r.kind === 'spend' && r.success).length;
    // 10 + 30 + 50 = 90 credits in, at most 22 deductions of 4 fit.
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(22);
    expect(await creditRows(t().db, userId)).toEqual([
      { creditType: 'enrichment', balance: 90 - 4 * spent, totalPurchased: 90, totalUsed: 4 * spent },
    ]);
  });

  it('concurrent consumeExecution and pack purchases: plan + packs add up exactly, nothing counted twice', async () => {
    const userId = await subscribedUser(t().db, 195); // 5 plan executions left
    const [pack] = await t()
      .db.insert(executionPacks)
      .values({ slug: `p-${randomUUID().slice(0, 8)}`, name: 'Three', executionCount: 3, priceCents: 1 })
      .returning();
    const results = await interleaved<{ success: boolean; kind: string; source?: string }>([
      ...Array.from({ length: 8 }, () => async () => ({
        ...(await purchaseExecutionPack(t().db, { userId, packSlug: pack!.slug })),
        kind: 'buy',
      })),
      ...Array.from({ length: 40 }, () => async () => ({
        ...(await consumeExecution(t().db, { userId })),
        kind: 'consume',
      })),
    ]);
    expect(results.filter((r) => r.kind === 'buy' && r.success)).toHaveLength(8);
    const consumed = results.filter((r) => r.kind === 'consume' && r.success);
    expect(consumed.filter((r) => r.source === 'plan')).toHaveLength(5);
    const packs = await t().db.select().from(userExecutionPacks).where(eq(userExecutionPacks.userId, userId));
    expect(packs).toHaveLength(8);
    const left = packs.reduce((n, p) => n + p.executionsRemaining!, 0);
    // Every execution bought is either charged once or still in its pack: 5 + 8 × 3 = 29.
    expect(consumed.length + left).toBe(29);
    // Draining what is left gives exactly the remainder, then LIMIT_REACHED.
    for (let i = 0; i < left; i++)
      expect(await consumeExecution(t().db, { userId })).toMatchObject({ success: true, source: 'pack' });
    expect(await consumeExecution(t().db, { userId })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
    const [sub] = await t().db.select().from(userSubscriptions).where(eq(userSubscriptions.userId, userId));
    expect([sub!.executionsUsedThisPeriod, sub!.additionalExecutions]).toEqual([200, 0]);
    const after = await t().db.select().from(userExecutionPacks).where(eq(userExecutionPacks.userId, userId));
    expect(after.map((p) => [p.executionsRemaining, p.status])).toEqual(Array(8).fill([0, 'depleted']));
  });

  it('20 concurrent purchases of a maxPerMonth 2 pack, and 20 with one payment id: exactly 2 and exactly 1 succeed', async () => {
    const userId = await subscribedUser(t().db, 0);
    const [pack] = await t()
      .db.insert(executionPacks)
      .values({
        slug: `m-${randomUUID().slice(0, 8)}`,
        name: 'Limited',
        executionCount: 1,
        priceCents: 1,
        maxPerMonth: 2,
      })
      .returning();
    const limited = await Promise.all(
      Array.from({ length: 20 }, () => purchaseExecutionPack(t().db, { userId, packSlug: pack!.slug })),
    );
    expect(limited.filter((r) => r.success)).toHaveLength(2);
    expect(limited.filter((r) => !r.success && r.error === 'PURCHASE_LIMIT_REACHED')).toHaveLength(18);
    const pi = `pi_${randomUUID()}`;
    const paid = await Promise.all(
      Array.from({ length: 20 }, () =>
        purchaseExecutionPack(t().db, { userId, packSlug: 'boost', stripePaymentIntentId: pi }),
      ),
    );
    expect(paid.filter((r) => r.success)).toHaveLength(1);
    expect(paid.filter((r) => !r.success && r.error === 'DUPLICATE_PAYMENT')).toHaveLength(19);
    expect(
      await t().db.select().from(userExecutionPacks).where(eq(userExecutionPacks.userId, userId)),
    ).toHaveLength(3);
  });
});
