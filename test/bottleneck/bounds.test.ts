// Issue 14's findings for bottleneck, each a documented failure now (never a driver error), and
// the largest values that fit still succeed. Also issue 15's pack that must not be charged.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  apiTokenUsage,
  checkBudget,
  completeAgencyTask,
  completeWebhookRetry,
  consumeExecution,
  costBudgets,
  createPasswordResetToken,
  dailyCostSummaries,
  executionPacks,
  expireApprovals,
  getCredential,
  isLoginThrottled,
  putCredential,
  putEmailConnectionTokens,
  recordApiTokenUsage,
  recordBrowserbaseCost,
  recordGeminiTokenUsage,
  recordStorageCost,
  requestApproval,
  rollupDailyCosts,
  rotateCredentials,
  saveCheckpoint,
  userExecutionPacks,
} from '../../src/bottleneck';
import { Keyring } from '../../src/crypto';
import { rowCounts } from '../contract/contract';
import { useTestDb } from '../support';
import { makeUser, subscribedUser } from './fixtures';
import { addWebhookLogs } from './queue-fixtures';

const keyring = new Keyring([[1, randomBytes(32)]]);
const INVALID = { success: false, error: 'INVALID_INPUT' };
const INT4_MAX = 2_147_483_647;

describe('bottleneck bounds (issue 14)', () => {
  const t = useTestDb();

  it('integers beyond the column range are INVALID_INPUT', async () => {
    const db = t().db;
    expect(await consumeExecution(db, { userId: 2 ** 31 })).toMatchObject(INVALID);
    expect(await createPasswordResetToken(db, { userId: 2 ** 31, ttlMinutes: 5 })).toMatchObject(INVALID);
    expect(await getCredential(db, { id: 2 ** 31, userId: 1 }, keyring)).toMatchObject(INVALID);
    expect(await completeAgencyTask(db, { id: 2 ** 31 })).toMatchObject(INVALID);
    const email = { email: 'x@example.com', ipAddress: '10.0.0.1', maxPairFailures: 3 };
    expect(await isLoginThrottled(db, { ...email, windowMinutes: 2 ** 40 })).toMatchObject(INVALID);
    expect(await isLoginThrottled(db, { ...email, windowMinutes: INT4_MAX })).toMatchObject({
      success: true,
      throttled: false,
    });
  });

  it('timeoutMinutes / ttlMinutes: beyond int4 refused, the int4 maximum ends before year 9999', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    const approval = {
      executionId: 1,
      userId,
      actionType: 'a',
      actionDescription: 'd',
      actionParams: {},
      riskLevel: 'low' as const,
    };
    expect(await requestApproval(db, { ...approval, timeoutMinutes: 2 ** 40 })).toMatchObject(INVALID);
    const far = await requestApproval(db, { ...approval, timeoutMinutes: INT4_MAX });
    if (!far.success) throw new Error(far.message);
    expect(far.approval.expiresAt.getUTCFullYear()).toBeLessThan(9999);
    expect(await saveCheckpoint(db, { executionId: 1, userId, ttlMinutes: 2 ** 40 })).toMatchObject(INVALID);
    expect(await saveCheckpoint(db, { executionId: 1, userId, ttlMinutes: INT4_MAX })).toMatchObject({
      success: true,
    });
  });

  it('costs: column ranges and computed totals (tokens, numeric) must fit', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    const base = { userId, model: 'm', inputTokens: 1, outputTokens: 1, inputCost: '0', outputCost: '0' };
    expect(await recordApiTokenUsage(db, { ...base, inputCost: 1e7 })).toMatchObject(INVALID);
    // 999999.9999 + 0.0001 = 1000000.0000 does not fit numeric(10,4), though each part does
    expect(
      await recordApiTokenUsage(db, { ...base, inputCost: '999999.9999', outputCost: '0.0001' }),
    ).toMatchObject(INVALID);
    expect(await recordApiTokenUsage(db, { ...base, inputCost: '999999.9999' })).toMatchObject({
      success: true,
      row: { totalCost: '999999.9999' },
    });
    expect(await recordApiTokenUsage(db, { ...base, inputTokens: INT4_MAX, outputTokens: 1 })).toMatchObject(
      INVALID,
    );
    expect(
      await recordApiTokenUsage(db, {
        ...base,
        inputTokens: INT4_MAX - 3,
        outputTokens: 1,
        cacheCreationTokens: 1,
        cacheReadTokens: 1,
      }),
    ).toMatchObject({ success: true, row: { totalTokens: INT4_MAX } });
    expect(await recordGeminiTokenUsage(db, { ...base, inputTokens: INT4_MAX })).toMatchObject(INVALID);
    expect(
      await recordGeminiTokenUsage(db, { ...base, inputCost: '9999.999999', outputCost: '0.000001' }),
    ).toMatchObject(INVALID);
    const session = { userId, durationMs: 60_000, status: 'completed' as const };
    for (const startedAt of [
      new Date('+010000-01-01T00:00:00Z'),
      new Date(-62_198_755_200_000),
      '5',
      '2026-13-45',
    ]) {
      expect(await recordBrowserbaseCost(db, { ...session, sessionId: 's', startedAt })).toMatchObject(
        INVALID,
      );
    }
    // 35,791.39 minutes × 999,999.9999 per minute does not fit numeric(10,4)
    expect(
      await recordBrowserbaseCost(db, {
        ...session,
        sessionId: 'big',
        durationMs: INT4_MAX,
        costPerMinute: '999999.9999',
        startedAt: new Date(),
      }),
    ).toMatchObject(INVALID);
    expect(
      await recordBrowserbaseCost(db, {
        ...session,
        sessionId: 'long',
        durationMs: INT4_MAX,
        startedAt: '2026-01-01T00:00:00Z',
      }),
    ).toMatchObject({ success: true, row: { durationMinutes: '35791.39', totalCost: '357.9139' } });
    const upload = {
      userId,
      provider: 's3' as const,
      bucket: 'b',
      operationType: 'upload' as const,
      status: 'success' as const,
    };
    // ~2 GB × 9999.999999 per GB does not fit numeric(10,6)
    expect(
      await recordStorageCost(db, { ...upload, sizeBytes: INT4_MAX, storageCostPerGb: '9999.999999' }),
    ).toMatchObject(INVALID);
    expect(await recordStorageCost(db, { ...upload, sizeBytes: INT4_MAX })).toMatchObject({
      success: true,
      row: { sizeMb: '2048.0000' },
    });
  });

  it('rollupDailyCosts: TOTALS_OUT_OF_RANGE when a day exceeds the summary columns, nothing written', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    expect(await rollupDailyCosts(db, { userId, date: '2026-02-30' })).toMatchObject(INVALID);
    expect(await rollupDailyCosts(db, { userId, date: '99999-01-01' })).toMatchObject(INVALID);
    const row = {
      userId,
      model: 'm',
      inputCost: '0',
      outputCost: '0',
      createdAt: new Date('2026-05-05T10:00:00Z'),
    };
    // token sums past int4 (each row fits)
    await db.insert(apiTokenUsage).values([
      { ...row, inputTokens: 2_000_000_000, totalTokens: 2_000_000_000, totalCost: '1' },
      { ...row, inputTokens: 2_000_000_000, totalTokens: 2_000_000_000, totalCost: '1' },
    ]);
    expect(await rollupDailyCosts(db, { userId, date: '2026-05-05' })).toMatchObject({
      success: false,
      error: 'TOTALS_OUT_OF_RANGE',
    });
    // cost sums past numeric(10,4)
    const day2 = { ...row, createdAt: new Date('2026-05-06T10:00:00Z'), totalTokens: 0 };
    await db.insert(apiTokenUsage).values([
      { ...day2, totalCost: '999999' },
      { ...day2, totalCost: '999999' },
    ]);
    expect(await rollupDailyCosts(db, { userId, date: '2026-05-06' })).toMatchObject({
      success: false,
      error: 'TOTALS_OUT_OF_RANGE',
    });
    expect(await db.select().from(dailyCostSummaries).where(eq(dailyCostSummaries.userId, userId))).toEqual(
      [],
    );
    expect(await rollupDailyCosts(db, { userId, date: '2026-05-07' })).toMatchObject({ success: true });
  });

  it('checkBudget: TOTALS_OUT_OF_RANGE when a period spend exceeds numeric(10,4), budget unchanged', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    await db.insert(costBudgets).values({ userId, dailyBudget: '10' });
    expect(await checkBudget(db, { userId })).toMatchObject({ success: true });
    const [before] = await db.select().from(costBudgets).where(eq(costBudgets.userId, userId));
    const row = { userId, model: 'm', inputCost: '0', outputCost: '0', totalTokens: 0 };
    await db.insert(apiTokenUsage).values([
      { ...row, totalCost: '999999' },
      { ...row, totalCost: '999999' },
    ]);
    expect(await checkBudget(db, { userId })).toMatchObject({ success: false, error: 'TOTALS_OUT_OF_RANGE' });
    const [after] = await db.select().from(costBudgets).where(eq(costBudgets.userId, userId));
    expect(after).toEqual(before);
  });

  it('secrets: a missing keyring or a bad date is INVALID_INPUT, nothing written', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    const before = await rowCounts(db, ['bottleneck']);
    const cred = { userId, name: 'n', service: 's', type: 't', data: { a: 1 } };
    expect(await putCredential(db, cred, undefined as never)).toMatchObject(INVALID);
    expect(await putCredential(db, cred, {} as never)).toMatchObject(INVALID);
    expect(await rotateCredentials(db, { batchSize: 5 }, undefined as never)).toMatchObject(INVALID);
    const conn = {
      userId,
      provider: 'gmail' as const,
      email: 'a@example.com',
      scope: 's',
      accessToken: 'a',
      refreshToken: 'r',
    };
    for (const expiresAt of ['5', '2026-13-45', new Date('+010000-01-01T00:00:00Z')])
      expect(await putEmailConnectionTokens(db, { ...conn, expiresAt }, keyring)).toMatchObject(INVALID);
    expect(await rowCounts(db, ['bottleneck'])).toEqual(before);
    expect(await rotateCredentials(db, {}, keyring)).toMatchObject({ success: true });
  });

  it('upper-case uuids find the lower-case row', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    const [log] = await addWebhookLogs(db, userId, 1, { status: 'success' });
    const upper = await completeWebhookRetry(db, { id: log!.id.toUpperCase() });
    const lower = await completeWebhookRetry(db, { id: log!.id });
    expect(upper).toMatchObject({ success: false, error: 'LOCK_LOST' });
    expect(lower).toMatchObject({ success: false, error: 'LOCK_LOST' });
  });

  it('expireApprovals takes an optional empty input', async () => {
    expect(await expireApprovals(t().db)).toMatchObject({ success: true });
    expect(await expireApprovals(t().db, {})).toMatchObject({ success: true });
  });
});

describe('consumeExecution (issue 15)', () => {
  const t = useTestDb();

  it('never charges an active pack with executionsRemaining = 0', async () => {
    const db = t().db;
    const userId = await subscribedUser(db, 200); // starter: 200 of 200 used
    const [pack] = await db.select().from(executionPacks).where(eq(executionPacks.slug, 'boost'));
    const [drained] = await db
      .insert(userExecutionPacks)
      .values({
        userId,
        packId: pack!.id,
        executionsIncluded: 100,
        executionsRemaining: 0,
        status: 'active',
        pricePaidCents: pack!.priceCents,
        expiresAt: sql`now() + interval '10 days'`,
      })
      .returning();
    expect(await consumeExecution(db, { userId })).toMatchObject({ success: false, error: 'LIMIT_REACHED' });
    const [after] = await db.select().from(userExecutionPacks).where(eq(userExecutionPacks.id, drained!.id));
    expect(after).toEqual(drained);
  });

  it('a limit at the int4 maximum neither overflows nor charges past it', async () => {
    const db = t().db;
    const userId = await subscribedUser(db, 0, { additionalExecutions: INT4_MAX });
    expect(await consumeExecution(db, { userId })).toMatchObject({
      success: true,
      source: 'plan',
      remaining: INT4_MAX - 1,
    });
    const full = await subscribedUser(db, INT4_MAX, { additionalExecutions: INT4_MAX });
    expect(await consumeExecution(db, { userId: full })).toMatchObject({
      success: false,
      error: 'LIMIT_REACHED',
    });
  });
});
