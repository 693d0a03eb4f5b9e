import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode, rowsOf } from '../db';
import { fail, ok, parseInput } from '../result';
import {
  apiTokenUsage,
  apiTokenUsagePromptTypeValues,
  browserbaseCosts,
  browserbaseCostsStatusValues,
  costBudgets,
  dailyCostSummaries,
  geminiTokenUsage,
  storageCosts,
  storageCostsOperationTypeValues,
  storageCostsProviderValues,
  storageCostsStatusValues,
} from './costs';

/** Money in: a non-negative decimal as number or string; stored as numeric, summed in SQL. */
const money = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]).transform(String);
const count = z.number().int().nonnegative();
const id = z.number().int().positive();

export const recordCostErrors = [
  'INVALID_INPUT',
  'USER_NOT_FOUND',
  'EXECUTION_NOT_FOUND',
  'DUPLICATE_SESSION',
] as const;
export type RecordCostError = (typeof recordCostErrors)[number];

async function insertCost<T>(run: () => Promise<T>) {
  try {
    return ok({ row: await run() });
  } catch (e) {
    const code = pgErrorCode(e);
    const constraint = pgConstraint(e) ?? '';
    if (code === '23503' && constraint.endsWith('_userId_fkey'))
      return fail('USER_NOT_FOUND', 'no such user');
    if (code === '23503' && constraint.endsWith('_executionId_fkey'))
      return fail('EXECUTION_NOT_FOUND', 'no such task execution');
    if (code === '23505' && constraint === 'browserbase_costs_sessionId_key') {
      return fail('DUPLICATE_SESSION', 'this Browserbase session is already recorded');
    }
    throw e;
  }
}

const apiUsageInput = z.object({
  userId: id,
  executionId: id.optional(),
  requestId: z.string().max(255).optional(),
  model: z.string().min(1).max(100),
  inputTokens: count,
  outputTokens: count,
  cacheCreationTokens: count.default(0),
  cacheReadTokens: count.default(0),
  inputCost: money,
  outputCost: money,
  cacheCost: money.default('0'),
  promptType: z.enum(apiTokenUsagePromptTypeValues).optional(),
  toolsUsed: z.array(z.string()).optional(),
  responseTime: count.optional(),
  stopReason: z.string().max(50).optional(),
});

/** Claude usage; totalTokens and totalCost are computed here, never taken from input. */
export async function recordApiTokenUsage(db: DbOrTx, input: z.input<typeof apiUsageInput>) {
  const parsed = parseInput(apiUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  return insertCost(async () => {
    const [row] = await db
      .insert(apiTokenUsage)
      .values({
        ...d,
        totalTokens: d.inputTokens + d.outputTokens + d.cacheCreationTokens + d.cacheReadTokens,
        totalCost: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric + ${d.cacheCost}::numeric`,
      })
      .returning();
    return row!;
  });
}

const geminiUsageInput = apiUsageInput
  .omit({
    cacheCreationTokens: true,
    cacheReadTokens: true,
    cacheCost: true,
    stopReason: true,
  })
  .extend({ promptType: z.string().max(100).optional(), finishReason: z.string().max(50).optional() });

/** Gemini usage; totalTokens and totalCost are computed here. */
export async function recordGeminiTokenUsage(db: DbOrTx, input: z.input<typeof geminiUsageInput>) {
  const parsed = parseInput(geminiUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  return insertCost(async () => {
    const [row] = await db
      .insert(geminiTokenUsage)
      .values({
        ...d,
        totalTokens: d.inputTokens + d.outputTokens,
        totalCost: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric`,
      })
      .returning();
    return row!;
  });
}

const browserbaseInput = z.object({
  userId: id,
  executionId: id.optional(),
  sessionId: z.string().min(1).max(255),
  projectId: z.string().max(255).optional(),
  durationMs: count,
  costPerMinute: money.default('0.01'),
  debugUrl: z.string().max(500).optional(),
  recordingUrl: z.string().max(500).optional(),
  hasRecording: z.boolean().default(false),
  recordingCost: money.default('0'),
  screenshotCount: count.default(0),
  screenshotCost: money.default('0'),
  status: z.enum(browserbaseCostsStatusValues),
  startedAt: z.date(),
  completedAt: z.date().optional(),
});

/** A Browserbase session: durationMinutes = durationMs / 60000; totalCost = minutes × rate + recording + screenshots. */
export async function recordBrowserbaseCost(db: DbOrTx, input: z.input<typeof browserbaseInput>) {
  const parsed = parseInput(browserbaseInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const minutes = sql`round(${d.durationMs}::numeric / 60000, 2)`;
  return insertCost(async () => {
    const [row] = await db
      .insert(browserbaseCosts)
      .values({
        ...d,
        durationMinutes: minutes,
        totalCost: sql`${minutes} * ${d.costPerMinute}::numeric + ${d.recordingCost}::numeric + ${d.screenshotCost}::numeric`,
      })
      .returning();
    return row!;
  });
}

const storageInput = z.object({
  userId: id,
  executionId: id.optional(),
  operationId: z.string().max(255).optional(),
  provider: z.enum(storageCostsProviderValues),
  bucket: z.string().min(1).max(255),
  operationType: z.enum(storageCostsOperationTypeValues),
  objectKey: z.string().max(1000).optional(),
  sizeBytes: count.max(2_147_483_647),
  storageCostPerGb: money.default('0.023'),
  transferCostPerGb: money.default('0.09'),
  requestCost: money.default('0'),
  contentType: z.string().max(255).optional(),
  status: z.enum(storageCostsStatusValues),
});

/**
 * A storage operation: sizeMb = bytes / 2^20; uploads pay storage per GB, downloads pay transfer per GB,
 * every operation pays requestCost.
 */
export async function recordStorageCost(db: DbOrTx, input: z.input<typeof storageInput>) {
  const parsed = parseInput(storageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const gb = sql`(${d.sizeBytes}::numeric / 1073741824)`;
  const perGb =
    d.operationType === 'upload'
      ? d.storageCostPerGb
      : d.operationType === 'download'
        ? d.transferCostPerGb
        : '0';
  return insertCost(async () => {
    const [row] = await db
      .insert(storageCosts)
      .values({
        ...d,
        sizeMb: sql`round(${d.sizeBytes}::numeric / 1048576, 4)`,
        totalCost: sql`round(${gb} * ${perGb}::numeric + ${d.requestCost}::numeric, 6)`,
      })
      .returning();
    return row!;
  });
}

const rollupInput = z.object({ userId: id, date: z.iso.date() });

export const rollupDailyCostsErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;

/**
 * Recomputes the user's daily_cost_summaries row for one day from the four cost tables, in one
 * INSERT … ON CONFLICT ("userId", "date") DO UPDATE, so reruns and concurrent rollups converge.
 */
export async function rollupDailyCosts(db: DbOrTx, input: z.input<typeof rollupInput>) {
  const parsed = parseInput(rollupInput, input);
  if (!parsed.success) return parsed;
  const { userId, date } = parsed.data;
  const day = sql`${date}::timestamp`;
  const inDay = sql`"userId" = ${userId} and "createdAt" >= ${day} and "createdAt" < ${day} + interval '1 day'`;
  try {
    const rows = rowsOf<{ id: number }>(
      await db.execute(sql`
        with api as (select count(*)::int n, coalesce(sum("inputTokens"), 0)::int i, coalesce(sum("outputTokens"), 0)::int o,
                       coalesce(sum("cacheCreationTokens" + "cacheReadTokens"), 0)::int c, coalesce(sum("totalCost"), 0) cost
                     from ${apiTokenUsage} where ${inDay}),
        gem as (select count(*)::int n, coalesce(sum("inputTokens"), 0)::int i, coalesce(sum("outputTokens"), 0)::int o,
                       coalesce(sum("totalCost"), 0) cost from ${geminiTokenUsage} where ${inDay}),
        bb as (select count(*)::int n, coalesce(sum("durationMinutes"), 0) m, coalesce(sum("totalCost"), 0) cost
               from ${browserbaseCosts} where ${inDay}),
        st as (select count(*)::int n, coalesce(sum("sizeMb"), 0) mb, coalesce(sum("totalCost"), 0) cost
               from ${storageCosts} where ${inDay}),
        models as (select coalesce(jsonb_object_agg(model, cost), '{}'::jsonb) j from (
                     select model, sum("totalCost") cost from (
                       select model, "totalCost" from ${apiTokenUsage} where ${inDay}
                       union all select model, "totalCost" from ${geminiTokenUsage} where ${inDay}) u
                     group by model) m)
        insert into ${dailyCostSummaries} ("userId", "date", "totalApiCalls", "totalInputTokens", "totalOutputTokens",
          "totalCacheTokens", "apiCostUsd", "totalGeminiCalls", "totalGeminiInputTokens", "totalGeminiOutputTokens",
          "geminiCostUsd", "totalSessions", "totalSessionMinutes", "browserbaseCostUsd", "totalStorageOperations",
          "totalStorageMb", "storageCostUsd", "totalCostUsd", "costByModel", "costByProvider")
        select ${userId}, ${day}, api.n, api.i, api.o, api.c, api.cost, gem.n, gem.i, gem.o, gem.cost, bb.n, bb.m, bb.cost,
          st.n, st.mb, st.cost, api.cost + gem.cost + bb.cost + st.cost, models.j,
          jsonb_build_object('anthropic', api.cost, 'gemini', gem.cost, 'browserbase', bb.cost, 'storage', st.cost)
        from api, gem, bb, st, models
        on conflict ("userId", "date") do update set
          "totalApiCalls" = excluded."totalApiCalls", "totalInputTokens" = excluded."totalInputTokens",
          "totalOutputTokens" = excluded."totalOutputTokens", "totalCacheTokens" = excluded."totalCacheTokens",
          "apiCostUsd" = excluded."apiCostUsd", "totalGeminiCalls" = excluded."totalGeminiCalls",
          "totalGeminiInputTokens" = excluded."totalGeminiInputTokens", "totalGeminiOutputTokens" = excluded."totalGeminiOutputTokens",
          "geminiCostUsd" = excluded."geminiCostUsd", "totalSessions" = excluded."totalSessions",
          "totalSessionMinutes" = excluded."totalSessionMinutes", "browserbaseCostUsd" = excluded."browserbaseCostUsd",
          "totalStorageOperations" = excluded."totalStorageOperations", "totalStorageMb" = excluded."totalStorageMb",
          "storageCostUsd" = excluded."storageCostUsd", "totalCostUsd" = excluded."totalCostUsd",
          "costByModel" = excluded."costByModel", "costByProvider" = excluded."costByProvider"
        returning "id"`),
    );
    const [summary] = await db
      .select()
      .from(dailyCostSummaries)
      .where(eq(dailyCostSummaries.id, rows[0]!.id));
    return ok({ summary: summary! });
  } catch (e) {
    if (pgErrorCode(e) === '23503') return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
    throw e;
  }
}

export const checkBudgetErrors = ['INVALID_INPUT', 'NO_ACTIVE_BUDGET'] as const;

export interface BudgetPeriodStatus {
  spend: string;
  budget: string | null;
  /** Spend as a percentage of the budget; null without a budget. */
  percent: number | null;
  alert: boolean;
  exceeded: boolean;
}

/**
 * Spend today, this week and this month (from the four cost tables, calendar periods in the database's
 * time zone) against the user's budgets. Refreshes the budget's current*Spend and *PeriodStart columns
 * in the same statement. `alert` = spend ≥ alertThreshold % of the budget; `exceeded` = spend ≥ budget.
 */
export async function checkBudget(db: DbOrTx, input: { userId: number }) {
  const parsed = parseInput(z.object({ userId: id }), input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  const spendSince = (start: string) => sql`(select coalesce(sum(c), 0) from (
      select "totalCost" c from ${apiTokenUsage} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${geminiTokenUsage} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${browserbaseCosts} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${storageCosts} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)) s)`;
  const [b] = await db
    .update(costBudgets)
    .set({
      currentDailySpend: spendSince('day'),
      currentWeeklySpend: spendSince('week'),
      currentMonthlySpend: spendSince('month'),
      dailyPeriodStart: sql`date_trunc('day', now()::timestamp)`,
      weeklyPeriodStart: sql`date_trunc('week', now()::timestamp)`,
      monthlyPeriodStart: sql`date_trunc('month', now()::timestamp)`,
    })
    .where(and(eq(costBudgets.userId, userId), eq(costBudgets.isActive, true)))
    .returning();
  if (!b) return fail('NO_ACTIVE_BUDGET', `user ${userId} has no active cost budget`);
  const period = (spend: string, budget: string | null): BudgetPeriodStatus => {
    if (budget === null) return { spend, budget, percent: null, alert: false, exceeded: false };
    const percent =
      Number(budget) > 0 ? (Number(spend) / Number(budget)) * 100 : Number(spend) > 0 ? Infinity : 0;
    return {
      spend,
      budget,
      percent,
      alert: percent >= b.alertThreshold,
      exceeded: Number(spend) >= Number(budget),
    };
  };
  const daily = period(b.currentDailySpend, b.dailyBudget);
  const weekly = period(b.currentWeeklySpend, b.weeklyBudget);
  const monthly = period(b.currentMonthlySpend, b.monthlyBudget);
  const exceeded = daily.exceeded || weekly.exceeded || monthly.exceeded;
  return ok({
    daily,
    weekly,
    monthly,
    alert: daily.alert || weekly.alert || monthly.alert,
    exceeded,
    /** The budget asks to stop work once a limit is crossed. */
    shouldStop: exceeded && b.autoStopOnLimit,
  });
}
