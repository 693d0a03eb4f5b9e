// Lead-management credits (user_credits, credit_packages): add, deduct, purchase, per credit type,
// with balance = totalPurchased − totalUsed after every call. Races are in test/pg/bottleneck-billing.test.ts.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  addCredits,
  creditPackages,
  deductCredits,
  purchaseCredits,
  userCredits,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { INT4 } from '../../src/input';
import { useTestDb } from '../support';
import { makeUser, creditRowsOf as rowsOf } from './fixtures';

const t = useTestDb();

async function makePackage(
  db: Database,
  values: Partial<typeof creditPackages.$inferInsert> = {},
): Promise<number> {
  const [p] = await db
    .insert(creditPackages)
    .values({ name: 'Pack', creditAmount: 100, price: 1000, creditType: 'enrichment', ...values })
    .returning({ id: creditPackages.id });
  return p!.id;
}

describe('addCredits', () => {
  it('creates the balance row of a type on the first credit, then adds to the same row; types are separate', async () => {
    const userId = await makeUser(t().db);
    const first = await addCredits(t().db, { userId, creditType: 'enrichment', amount: 5 });
    expect(first).toMatchObject({
      success: true,
      credits: { userId, creditType: 'enrichment', balance: 5, totalPurchased: 5, totalUsed: 0 },
    });
    const second = await addCredits(t().db, { userId, creditType: 'enrichment', amount: 7 });
    expect(second).toMatchObject({
      success: true,
      credits: { balance: 12, totalPurchased: 12, totalUsed: 0 },
    });
    if (!first.success || !second.success) throw new Error('unreachable');
    expect(second.credits.id).toBe(first.credits.id);
    await addCredits(t().db, { userId, creditType: 'calling', amount: 3 });
    expect(await rowsOf(t().db, userId)).toEqual([
      { creditType: 'enrichment', balance: 12, totalPurchased: 12, totalUsed: 0 },
      { creditType: 'calling', balance: 3, totalPurchased: 3, totalUsed: 0 },
    ]);
  });

  it('USER_NOT_FOUND for a user that does not exist; INVALID_INPUT for a bad type or amount; nothing written', async () => {
    expect(await addCredits(t().db, { userId: 1_999_999_999, creditType: 'calling', amount: 1 })).toEqual({
      success: false,
      error: 'USER_NOT_FOUND',
      message: 'user 1999999999 does not exist',
    });
    expect(await rowsOf(t().db, 1_999_999_999)).toEqual([]);
    const userId = await makeUser(t().db);
    for (const bad of [
      { userId, creditType: 'gold', amount: 1 },
      { userId, creditType: 'calling', amount: 0 },
      { userId, creditType: 'calling', amount: -5 },
      { userId, creditType: 'calling', amount: 1.5 },
      { userId, creditType: 'calling', amount: INT4.max + 1 },
    ]) {
      expect(await addCredits(t().db, bad as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await rowsOf(t().db, userId)).toEqual([]);
  });

  it('fills the balance to exactly 2^31-1; one more is TOTALS_OUT_OF_RANGE and writes nothing', async () => {
    const userId = await makeUser(t().db);
    expect(await addCredits(t().db, { userId, creditType: 'scraping', amount: INT4.max - 1 })).toMatchObject({
      success: true,
      credits: { balance: INT4.max - 1 },
    });
    expect(await addCredits(t().db, { userId, creditType: 'scraping', amount: 1 })).toMatchObject({
      success: true,
      credits: { balance: INT4.max, totalPurchased: INT4.max },
    });
    expect(await addCredits(t().db, { userId, creditType: 'scraping', amount: 1 })).toEqual({
      success: false,
      error: 'TOTALS_OUT_OF_RANGE',
      message: 'adding 1 scraping credits would take the balance or totalPurchased past 2^31-1',
    });
    expect(await rowsOf(t().db, userId)).toEqual([
      { creditType: 'scraping', balance: INT4.max, totalPurchased: INT4.max, totalUsed: 0 },
    ]);
  });

  it('with two balance rows of one type (written by another client), the lowest id is the balance', async () => {
    const userId = await makeUser(t().db);
    const [low] = await t()
      .db.insert(userCredits)
      .values({ userId, creditType: 'calling', balance: 1, totalPurchased: 1 })
      .returning();
    const [high] = await t()
      .db.insert(userCredits)
      .values({ userId, creditType: 'calling', balance: 50, totalPurchased: 50 })
      .returning();
    expect(await addCredits(t().db, { userId, creditType: 'calling', amount: 2 })).toMatchObject({
      success: true,
      credits: { id: low!.id, balance: 3 },
    });
    expect(await deductCredits(t().db, { userId, creditType: 'calling', amount: 4 })).toMatchObject({
      success: false,
      error: 'INSUFFICIENT_CREDITS',
    });
    const [untouched] = await t().db.select().from(userCredits).where(eq(userCredits.id, high!.id));
    expect(untouched).toEqual(high);
  });
});

describe('deductCredits', () => {
  it('spends down to exactly zero, never below; totalUsed grows by what was spent', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'enrichment', amount: 10 });
    expect(await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 4 })).toMatchObject({
      success: true,
      credits: { balance: 6, totalPurchased: 10, totalUsed: 4 },
    });
    expect(await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 7 })).toEqual({
      success: false,
      error: 'INSUFFICIENT_CREDITS',
      message: `user ${userId} has 6 enrichment credits, 7 needed`,
    });
    expect(await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 6 })).toMatchObject({
      success: true,
      credits: { balance: 0, totalPurchased: 10, totalUsed: 10 },
    });
    expect(await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 1 })).toMatchObject({
      success: false,
      error: 'INSUFFICIENT_CREDITS',
    });
    expect(await rowsOf(t().db, userId)).toEqual([
      { creditType: 'enrichment', balance: 0, totalPurchased: 10, totalUsed: 10 },
    ]);
  });

  it('another type’s balance does not pay; without a row the balance is 0; nothing is written', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'calling', amount: 10 });
    expect(await deductCredits(t().db, { userId, creditType: 'scraping', amount: 1 })).toEqual({
      success: false,
      error: 'INSUFFICIENT_CREDITS',
      message: `user ${userId} has 0 scraping credits, 1 needed`,
    });
    expect(
      await deductCredits(t().db, { userId: 1_999_999_999, creditType: 'calling', amount: 1 }),
    ).toMatchObject({ success: false, error: 'INSUFFICIENT_CREDITS' });
    expect(await rowsOf(t().db, userId)).toEqual([
      { creditType: 'calling', balance: 10, totalPurchased: 10, totalUsed: 0 },
    ]);
  });

  it('TOTALS_OUT_OF_RANGE when totalUsed would pass 2^31-1 (a row another writer left inconsistent); nothing written', async () => {
    const userId = await makeUser(t().db);
    await t()
      .db.insert(userCredits)
      .values({ userId, creditType: 'calling', balance: 10, totalPurchased: 10, totalUsed: INT4.max - 2 });
    expect(await deductCredits(t().db, { userId, creditType: 'calling', amount: 3 })).toEqual({
      success: false,
      error: 'TOTALS_OUT_OF_RANGE',
      message: `totalUsed of user ${userId}'s calling credits would pass 2^31-1`,
    });
    expect(await deductCredits(t().db, { userId, creditType: 'calling', amount: 2 })).toMatchObject({
      success: true,
      credits: { balance: 8, totalUsed: INT4.max },
    });
  });
});

describe('purchaseCredits', () => {
  it('adds the package’s creditAmount of its creditType, counted in totalPurchased', async () => {
    const userId = await makeUser(t().db);
    const enrichment = await makePackage(t().db, { creditAmount: 100, creditType: 'enrichment' });
    const calling = await makePackage(t().db, { creditAmount: 25, creditType: 'calling' });
    expect(await purchaseCredits(t().db, { userId, packageId: enrichment })).toMatchObject({
      success: true,
      creditsAdded: 100,
      credits: { userId, creditType: 'enrichment', balance: 100, totalPurchased: 100, totalUsed: 0 },
    });
    await deductCredits(t().db, { userId, creditType: 'enrichment', amount: 30 });
    expect(await purchaseCredits(t().db, { userId, packageId: enrichment })).toMatchObject({
      success: true,
      creditsAdded: 100,
      credits: { balance: 170, totalPurchased: 200, totalUsed: 30 },
    });
    expect(await purchaseCredits(t().db, { userId, packageId: calling })).toMatchObject({
      success: true,
      creditsAdded: 25,
      credits: { creditType: 'calling', balance: 25 },
    });
    const rows = await rowsOf(t().db, userId);
    expect(rows).toEqual([
      { creditType: 'enrichment', balance: 170, totalPurchased: 200, totalUsed: 30 },
      { creditType: 'calling', balance: 25, totalPurchased: 25, totalUsed: 0 },
    ]);
    for (const r of rows) expect(r.balance).toBe(r.totalPurchased - r.totalUsed);
  });

  it('PACKAGE_NOT_FOUND for a missing, inactive, empty or undocumented-type package (also when a balance row exists); nothing written', async () => {
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'enrichment', amount: 1 });
    const fresh = await makeUser(t().db);
    const packages = [
      1_999_999_999,
      await makePackage(t().db, { isActive: false }),
      await makePackage(t().db, { creditAmount: 0 }),
      await makePackage(t().db, { creditAmount: -10 }),
      await makePackage(t().db, { creditType: 'gold' }),
    ];
    for (const packageId of packages) {
      for (const u of [userId, fresh]) {
        expect(await purchaseCredits(t().db, { userId: u, packageId })).toEqual({
          success: false,
          error: 'PACKAGE_NOT_FOUND',
          message: `no active credit package ${packageId}`,
        });
      }
    }
    expect(await rowsOf(t().db, userId)).toEqual([
      { creditType: 'enrichment', balance: 1, totalPurchased: 1, totalUsed: 0 },
    ]);
    expect(await rowsOf(t().db, fresh)).toEqual([]);
  });

  it('USER_NOT_FOUND for a missing user; TOTALS_OUT_OF_RANGE past 2^31-1; nothing written', async () => {
    const packageId = await makePackage(t().db, { creditAmount: 10, creditType: 'scraping' });
    expect(await purchaseCredits(t().db, { userId: 1_999_999_999, packageId })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
    const userId = await makeUser(t().db);
    await addCredits(t().db, { userId, creditType: 'scraping', amount: INT4.max - 10 });
    expect(await purchaseCredits(t().db, { userId, packageId })).toMatchObject({
      success: true,
      credits: { balance: INT4.max },
    });
    expect(await purchaseCredits(t().db, { userId, packageId })).toMatchObject({
      success: false,
      error: 'TOTALS_OUT_OF_RANGE',
    });
    const [row] = await t()
      .db.select({ balance: userCredits.balance })
      .from(userCredits)
      .where(and(eq(userCredits.userId, userId), sql`${userCredits.creditType} = 'scraping'`));
    expect(row).toEqual({ balance: INT4.max });
  });
});
