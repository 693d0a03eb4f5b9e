import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  checkBudget,
  costBudgets,
  dailyCostSummaries,
  recordApiTokenUsage,
  recordBrowserbaseCost,
  recordGeminiTokenUsage,
  recordStorageCost,
  rollupDailyCosts,
} from '../../src/bottleneck';
import { rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';

describe('cost recording', () => {
  const t = useTestDb();

  it('computes token and cost totals instead of trusting input', async () => {
    const userId = await makeUser(t().db);
    const api = await recordApiTokenUsage(t().db, {
      userId,
      model: 'claude-sonnet',
      inputTokens: 1000,
      outputTokens: 200,
      cacheCreationTokens: 30,
      cacheReadTokens: 4,
      inputCost: '0.0030',
      outputCost: 0.003,
      cacheCost: '0.0001',
      promptType: 'task',
      totalCost: '99', // ignored
    } as never);
    expect(api).toMatchObject({ success: true, row: { totalTokens: 1234, totalCost: '0.0061' } });
    const gem = await recordGeminiTokenUsage(t().db, {
      userId,
      model: 'gemini-pro',
      inputTokens: 10,
      outputTokens: 5,
      inputCost: '0.000001',
      outputCost: '0.000002',
    });
    expect(gem).toMatchObject({ success: true, row: { totalTokens: 15, totalCost: '0.000003' } });
    const bb = await recordBrowserbaseCost(t().db, {
      userId,
      sessionId: 'bb-1',
      durationMs: 150_000,
      status: 'completed',
      startedAt: new Date(),
      recordingCost: '0.5',
      screenshotCost: '0.01',
    });
    expect(bb).toMatchObject({
      success: true,
      row: { durationMinutes: '2.50', costPerMinute: '0.0100', totalCost: '0.5350' },
    });
    expect(
      await recordBrowserbaseCost(t().db, {
        userId,
        sessionId: 'bb-1',
        durationMs: 1,
        status: 'completed',
        startedAt: new Date(),
      }),
    ).toMatchObject({
      success: false,
      error: 'DUPLICATE_SESSION',
    });
    const up = await recordStorageCost(t().db, {
      userId,
      provider: 'r2',
      bucket: 'b',
      operationType: 'upload',
      sizeBytes: 1073741824,
      status: 'success',
      requestCost: '0.000005',
    });
    expect(up).toMatchObject({ success: true, row: { sizeMb: '1024.0000', totalCost: '0.023005' } });
    const down = await recordStorageCost(t().db, {
      userId,
      provider: 's3',
      bucket: 'b',
      operationType: 'download',
      sizeBytes: 536870912,
      status: 'success',
    });
    expect(down).toMatchObject({ success: true, row: { sizeMb: '512.0000', totalCost: '0.045000' } });
  });

  it('maps missing users and executions, and rejects bad input', async () => {
    const userId = await makeUser(t().db);
    const base = { model: 'm', inputTokens: 1, outputTokens: 1, inputCost: '0', outputCost: '0' };
    expect(await recordApiTokenUsage(t().db, { ...base, userId: 999999 })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
    expect(await recordGeminiTokenUsage(t().db, { ...base, userId, executionId: 999999 })).toMatchObject({
      success: false,
      error: 'EXECUTION_NOT_FOUND',
    });
    expect(await recordApiTokenUsage(t().db, { ...base, userId, inputCost: '-1' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(
      await recordStorageCost(t().db, {
        userId,
        provider: 'ftp' as never,
        bucket: 'b',
        operationType: 'list',
        sizeBytes: 0,
        status: 'success',
      }),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('rolls the four sources up into one daily summary, idempotently', async () => {
    const userId = await makeUser(t().db);
    const [{ today }] = rowsOf<{ today: string }>(
      await t().db.execute(sql`select current_date::text as today`),
    ) as [{ today: string }];
    await recordApiTokenUsage(t().db, {
      userId,
      model: 'claude',
      inputTokens: 100,
      outputTokens: 10,
      cacheReadTokens: 5,
      inputCost: '1.0',
      outputCost: '0.5',
    });
    await recordApiTokenUsage(t().db, {
      userId,
      model: 'claude',
      inputTokens: 1,
      outputTokens: 1,
      inputCost: '0.25',
      outputCost: '0',
    });
    await recordGeminiTokenUsage(t().db, {
      userId,
      model: 'gemini',
      inputTokens: 7,
      outputTokens: 3,
      inputCost: '0.1',
      outputCost: '0.1',
    });
    await recordBrowserbaseCost(t().db, {
      userId,
      sessionId: 'roll-1',
      durationMs: 60_000,
      status: 'completed',
      startedAt: new Date(),
    });
    await recordStorageCost(t().db, {
      userId,
      provider: 'r2',
      bucket: 'b',
      operationType: 'delete',
      sizeBytes: 1048576,
      status: 'success',
      requestCost: '0.001',
    });
    const r = await rollupDailyCosts(t().db, { userId, date: today });
    expect(r).toMatchObject({
      success: true,
      summary: {
        totalApiCalls: 2,
        totalInputTokens: 101,
        totalOutputTokens: 11,
        totalCacheTokens: 5,
        apiCostUsd: '1.7500',
        totalGeminiCalls: 1,
        totalGeminiInputTokens: 7,
        totalGeminiOutputTokens: 3,
        geminiCostUsd: '0.200000',
        totalSessions: 1,
        totalSessionMinutes: '1.00',
        browserbaseCostUsd: '0.0100',
        totalStorageOperations: 1,
        totalStorageMb: '1.0000',
        storageCostUsd: '0.001000',
        totalCostUsd: '1.9610',
        costByModel: { claude: 1.75, gemini: 0.2 },
        costByProvider: { anthropic: 1.75, gemini: 0.2, browserbase: 0.01, storage: 0.001 },
      },
    });
    await recordGeminiTokenUsage(t().db, {
      userId,
      model: 'gemini',
      inputTokens: 1,
      outputTokens: 1,
      inputCost: '0.3',
      outputCost: '0',
    });
    const again = await rollupDailyCosts(t().db, { userId, date: today });
    expect(again).toMatchObject({ success: true, summary: { totalGeminiCalls: 2, totalCostUsd: '2.2610' } });
    expect(await t().db.$count(dailyCostSummaries, eq(dailyCostSummaries.userId, userId))).toBe(1);
    const empty = await rollupDailyCosts(t().db, { userId, date: '2001-02-03' });
    expect(empty).toMatchObject({ success: true, summary: { totalCostUsd: '0.0000', totalApiCalls: 0 } });
    expect(await rollupDailyCosts(t().db, { userId: 999999, date: today })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
    expect(await rollupDailyCosts(t().db, { userId, date: 'yesterday' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('checks spend against daily/weekly/monthly budgets', async () => {
    const userId = await makeUser(t().db);
    expect(await checkBudget(t().db, { userId })).toMatchObject({
      success: false,
      error: 'NO_ACTIVE_BUDGET',
    });
    await t().db.insert(costBudgets).values({
      userId,
      dailyBudget: '10.00',
      monthlyBudget: '100.00',
      alertThreshold: 80,
      autoStopOnLimit: true,
    });
    await recordApiTokenUsage(t().db, {
      userId,
      model: 'claude',
      inputTokens: 1,
      outputTokens: 1,
      inputCost: '8.5',
      outputCost: '0',
    });
    const r = await checkBudget(t().db, { userId });
    expect(r).toMatchObject({
      success: true,
      daily: { spend: '8.5000', budget: '10.00', percent: 85, alert: true, exceeded: false },
      weekly: { spend: '8.5000', budget: null, percent: null, alert: false, exceeded: false },
      monthly: { spend: '8.5000', budget: '100.00', alert: false, exceeded: false },
      alert: true,
      exceeded: false,
      shouldStop: false,
    });
    await recordBrowserbaseCost(t().db, {
      userId,
      sessionId: 'budget-1',
      durationMs: 60_000,
      costPerMinute: '2',
      status: 'completed',
      startedAt: new Date(),
    });
    expect(await checkBudget(t().db, { userId })).toMatchObject({
      success: true,
      daily: { exceeded: true },
      exceeded: true,
      shouldStop: true,
    });
    const [b] = await t().db.select().from(costBudgets).where(eq(costBudgets.userId, userId));
    expect(b!.currentDailySpend).toBe('10.5000');
  });
});
