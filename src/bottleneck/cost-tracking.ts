import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, rowsOf } from '../db';
import { count4, dateInput, INT4, numeric, serialId, timestampInput } from '../input';
import { type Failure, fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
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
} from './tables/costs';
import type {
  ApiTokenUsage,
  BrowserbaseCost,
  DailyCostSummary,
  GeminiTokenUsage,
  StorageCost,
} from './validators';

/** Money in: a non-negative decimal (number or string) within its numeric(p, s) column; summed in SQL. */
const money = (precision: number, scale: number) => numeric(precision, scale, { min: 0 });
const count = count4();

export const recordCostErrors = [
  'INVALID_INPUT',
  'USER_NOT_FOUND',
  'EXECUTION_NOT_FOUND',
  'DUPLICATE_SESSION',
] as const;
export type RecordCostError = (typeof recordCostErrors)[number];
export const recordApiTokenUsageErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'EXECUTION_NOT_FOUND'] as const;
export const recordGeminiTokenUsageErrors = recordApiTokenUsageErrors;
export const recordStorageCostErrors = recordApiTokenUsageErrors;
export const recordBrowserbaseCostErrors = recordCostErrors;

type CostTable =
  | typeof apiTokenUsage
  | typeof geminiTokenUsage
  | typeof browserbaseCosts
  | typeof storageCosts;
const costTableNames = new Map<CostTable, string>([
  [apiTokenUsage, 'api_token_usage'],
  [geminiTokenUsage, 'gemini_token_usage'],
  [browserbaseCosts, 'browserbase_costs'],
  [storageCosts, 'storage_costs'],
]);

/**
 * Inserts a cost row. The execution must be one of the same user's (its agency task's userId): a
 * trigger checks it in the statement (`<table>_executionId_owner`, 23503), so another user's
 * execution is EXECUTION_NOT_FOUND exactly like a missing one (`<table>_executionId_fkey`).
 */
async function insertCost<T extends CostTable>(
  db: DbOrTx,
  table: T,
  values: T['$inferInsert'],
): Promise<Result<{ row: T['$inferSelect'] }, RecordCostError>> {
  const name = costTableNames.get(table)!;
  try {
    const [row] = await db
      .insert(table)
      .values(values as never)
      .returning();
    return ok({ row: row as T['$inferSelect'] });
  } catch (e) {
    if (isConstraintViolation(e, '23503', `${name}_userId_fkey`))
      return fail('USER_NOT_FOUND', 'no such user');
    if (
      isConstraintViolation(e, '23503', `${name}_executionId_fkey`) ||
      isConstraintViolation(e, '23503', `${name}_executionId_owner`)
    )
      return fail('EXECUTION_NOT_FOUND', 'no such task execution');
    if (isConstraintViolation(e, '23505', 'browserbase_costs_sessionId_key')) {
      return fail('DUPLICATE_SESSION', 'this Browserbase session is already recorded');
    }
    throw e;
  }
}

/**
 * Values computed from the input in SQL (the same arithmetic the column assignment does), each
 * checked against its numeric(p, s) column: round to s digits, then fewer than p - s integer
 * digits. A read-only statement, so a value that does not fit is INVALID_INPUT with nothing written.
 */
async function computed<K extends string>(
  db: DbOrTx,
  values: Record<K, { expr: SQL; precision: number; scale: number }>,
): Promise<{ success: true; values: Record<K, string> } | Failure<'INVALID_INPUT'>> {
  const keys = Object.keys(values) as K[];
  const columns = keys.flatMap((k, i) => {
    const { expr, precision, scale } = values[k];
    const rounded = sql`round((${expr})::numeric, ${sql.raw(String(scale))})`;
    return [
      sql`${rounded}::text as ${sql.identifier(`v${i}`)}`,
      sql`(abs(${rounded}) < 1e${sql.raw(String(precision - scale))}) as ${sql.identifier(`f${i}`)}`,
    ];
  });
  const [row] = rowsOf<Record<string, string | boolean>>(
    await db.execute(sql`select ${sql.join(columns, sql`, `)}`),
  );
  const out = {} as Record<K, string>;
  for (const [i, k] of keys.entries()) {
    if (row![`f${i}`] !== true) {
      const { precision, scale } = values[k];
      return fail('INVALID_INPUT', `${k}: the computed value does not fit numeric(${precision},${scale})`);
    }
    out[k] = String(row![`v${i}`]);
  }
  return { success: true, values: out };
}

/** The sum of token counts stored in an int4 total column must fit it too. */
const tokenSumFits =
  (keys: readonly string[]) =>
  (d: Record<string, unknown>): boolean =>
    keys.reduce((n, k) => n + ((d[k] as number | undefined) ?? 0), 0) <= INT4.max;

export const recordApiTokenUsageInput = z
  .object({
    userId: serialId(),
    /** A task execution of the same user (task_executions → agency_tasks.userId). */
    executionId: serialId().optional(),
    requestId: z.string().max(255).optional(),
    model: z.string().min(1).max(100),
    inputTokens: count,
    outputTokens: count,
    cacheCreationTokens: count.default(0),
    cacheReadTokens: count.default(0),
    inputCost: money(10, 4),
    outputCost: money(10, 4),
    cacheCost: money(10, 4).default('0'),
    promptType: z.enum(apiTokenUsagePromptTypeValues).optional(),
    toolsUsed: z.array(z.string()).optional(),
    responseTime: count.optional(),
    stopReason: z.string().max(50).optional(),
  })
  .refine(tokenSumFits(['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens']), {
    error: 'totalTokens (the sum of the token counts) must fit an integer column (at most 2147483647)',
    path: ['totalTokens'],
  });

/** Claude usage; totalTokens and totalCost are computed here, never taken from input. */
export async function recordApiTokenUsage(
  db: DbOrTx,
  input: z.input<typeof recordApiTokenUsageInput>,
): Promise<Result<{ row: ApiTokenUsage }, (typeof recordApiTokenUsageErrors)[number]>> {
  const parsed = parseInput(recordApiTokenUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const totals = await computed(db, {
    totalCost: {
      expr: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric + ${d.cacheCost}::numeric`,
      precision: 10,
      scale: 4,
    },
  });
  if (!totals.success) return totals;
  return insertCost(db, apiTokenUsage, {
    ...d,
    totalTokens: d.inputTokens + d.outputTokens + d.cacheCreationTokens + d.cacheReadTokens,
    totalCost: totals.values.totalCost,
  }) as Promise<Result<{ row: ApiTokenUsage }, (typeof recordApiTokenUsageErrors)[number]>>;
}

export const recordGeminiTokenUsageInput = z
  .object({
    userId: serialId(),
    /** A task execution of the same user (task_executions → agency_tasks.userId). */
    executionId: serialId().optional(),
    requestId: z.string().max(255).optional(),
    model: z.string().min(1).max(100),
    inputTokens: count,
    outputTokens: count,
    inputCost: money(10, 6),
    outputCost: money(10, 6),
    promptType: z.string().max(100).optional(),
    toolsUsed: z.array(z.string()).optional(),
    responseTime: count.optional(),
    finishReason: z.string().max(50).optional(),
  })
  .refine(tokenSumFits(['inputTokens', 'outputTokens']), {
    error: 'totalTokens (inputTokens + outputTokens) must fit an integer column (at most 2147483647)',
    path: ['totalTokens'],
  });

/** Gemini usage; totalTokens and totalCost are computed here. */
export async function recordGeminiTokenUsage(
  db: DbOrTx,
  input: z.input<typeof recordGeminiTokenUsageInput>,
): Promise<Result<{ row: GeminiTokenUsage }, (typeof recordGeminiTokenUsageErrors)[number]>> {
  const parsed = parseInput(recordGeminiTokenUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const totals = await computed(db, {
    totalCost: { expr: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric`, precision: 10, scale: 6 },
  });
  if (!totals.success) return totals;
  return insertCost(db, geminiTokenUsage, {
    ...d,
    totalTokens: d.inputTokens + d.outputTokens,
    totalCost: totals.values.totalCost,
  }) as Promise<Result<{ row: GeminiTokenUsage }, (typeof recordGeminiTokenUsageErrors)[number]>>;
}

export const recordBrowserbaseCostInput = z.object({
  userId: serialId(),
  /** A task execution of the same user (task_executions → agency_tasks.userId). */
  executionId: serialId().optional(),
  sessionId: z.string().min(1).max(255),
  projectId: z.string().max(255).optional(),
  durationMs: count,
  costPerMinute: money(10, 4).default('0.01'),
  debugUrl: z.string().max(500).optional(),
  recordingUrl: z.string().max(500).optional(),
  hasRecording: z.boolean().default(false),
  recordingCost: money(10, 4).default('0'),
  screenshotCount: count.default(0),
  screenshotCost: money(10, 4).default('0'),
  status: z.enum(browserbaseCostsStatusValues),
  startedAt: timestampInput(),
  completedAt: timestampInput().optional(),
});

/** A Browserbase session: durationMinutes = durationMs / 60000; totalCost = minutes × rate + recording + screenshots. */
export async function recordBrowserbaseCost(
  db: DbOrTx,
  input: z.input<typeof recordBrowserbaseCostInput>,
): Promise<Result<{ row: BrowserbaseCost }, (typeof recordBrowserbaseCostErrors)[number]>> {
  const parsed = parseInput(recordBrowserbaseCostInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const minutes = sql`round(${d.durationMs}::numeric / 60000, 2)`;
  const totals = await computed(db, {
    durationMinutes: { expr: minutes, precision: 10, scale: 2 },
    totalCost: {
      expr: sql`${minutes} * ${d.costPerMinute}::numeric + ${d.recordingCost}::numeric + ${d.screenshotCost}::numeric`,
      precision: 10,
      scale: 4,
    },
  });
  if (!totals.success) return totals;
  return insertCost(db, browserbaseCosts, { ...d, ...totals.values });
}

export const recordStorageCostInput = z.object({
  userId: serialId(),
  /** A task execution of the same user (task_executions → agency_tasks.userId). */
  executionId: serialId().optional(),
  operationId: z.string().max(255).optional(),
  provider: z.enum(storageCostsProviderValues),
  bucket: z.string().min(1).max(255),
  operationType: z.enum(storageCostsOperationTypeValues),
  objectKey: z.string().max(1000).optional(),
  sizeBytes: count,
  storageCostPerGb: money(10, 6).default('0.023'),
  transferCostPerGb: money(10, 6).default('0.09'),
  requestCost: money(10, 8).default('0'),
  contentType: z.string().max(255).optional(),
  status: z.enum(storageCostsStatusValues),
});

/**
 * A storage operation: sizeMb = bytes / 2^20; uploads pay storage per GB, downloads pay transfer per GB,
 * every operation pays requestCost.
 */
export async function recordStorageCost(
  db: DbOrTx,
  input: z.input<typeof recordStorageCostInput>,
): Promise<Result<{ row: StorageCost }, (typeof recordStorageCostErrors)[number]>> {
  const parsed = parseInput(recordStorageCostInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const gb = sql`(${d.sizeBytes}::numeric / 1073741824)`;
  const perGb =
    d.operationType === 'upload'
      ? d.storageCostPerGb
      : d.operationType === 'download'
        ? d.transferCostPerGb
        : '0';
  const totals = await computed(db, {
    sizeMb: { expr: sql`${d.sizeBytes}::numeric / 1048576`, precision: 10, scale: 4 },
    totalCost: { expr: sql`${gb} * ${perGb}::numeric + ${d.requestCost}::numeric`, precision: 10, scale: 6 },
  });
  if (!totals.success) return totals;
  return insertCost(db, storageCosts, { ...d, ...totals.values }) as Promise<
    Result<{ row: StorageCost }, (typeof recordStorageCostErrors)[number]>
  >;
}

export const rollupDailyCostsInput = z.object({ userId: serialId(), date: dateInput() });

export const rollupDailyCostsErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'TOTALS_OUT_OF_RANGE'] as const;

/** `round(x, scale)` fits numeric(precision, scale). */
const fitsNumeric = (x: SQL, precision: number, scale: number) =>
  sql`abs(round(${x}, ${sql.raw(String(scale))})) < 1e${sql.raw(String(precision - scale))}`;
const fitsInt4 = (x: SQL) => sql`${x} <= ${sql.raw(String(INT4.max))}`;

/**
 * Recomputes the user's daily_cost_summaries row for one day from the four cost tables, in one
 * INSERT … ON CONFLICT ("userId", "date") DO UPDATE, so reruns and concurrent rollups converge.
 * Sums are taken in bigint / numeric and written only when every one fits its column; otherwise
 * TOTALS_OUT_OF_RANGE and nothing is written.
 */
export async function rollupDailyCosts(
  db: DbOrTx,
  input: z.input<typeof rollupDailyCostsInput>,
): Promise<Result<{ summary: DailyCostSummary }, (typeof rollupDailyCostsErrors)[number]>> {
  const parsed = parseInput(rollupDailyCostsInput, input);
  if (!parsed.success) return parsed;
  const { userId, date } = parsed.data;
  const day = sql`${date}::timestamp`;
  const inDay = sql`"userId" = ${userId} and "createdAt" >= ${day} and "createdAt" < ${day} + interval '1 day'`;
  const c = (x: string) => sql.raw(x);
  const fits = sql.join(
    [
      ...['api.n', 'api.i', 'api.o', 'api.c', 'gem.n', 'gem.i', 'gem.o', 'bb.n', 'st.n'].map((x) =>
        fitsInt4(c(x)),
      ),
      fitsNumeric(c('api.cost'), 10, 4),
      fitsNumeric(c('gem.cost'), 10, 6),
      fitsNumeric(c('bb.m'), 10, 2),
      fitsNumeric(c('bb.cost'), 10, 4),
      fitsNumeric(c('st.mb'), 10, 4),
      fitsNumeric(c('st.cost'), 10, 6),
      fitsNumeric(c('(api.cost + gem.cost + bb.cost + st.cost)'), 10, 4),
    ],
    sql` and `,
  );
  let rows: { id: number | null; fits: boolean }[];
  try {
    rows = rowsOf<{ id: number | null; fits: boolean }>(
      await db.execute(sql`
        with api as (select count(*) n, coalesce(sum("inputTokens"), 0) i, coalesce(sum("outputTokens"), 0) o,
                       coalesce(sum("cacheCreationTokens"::bigint + "cacheReadTokens"), 0) c, coalesce(sum("totalCost"), 0) cost
                     from ${apiTokenUsage} where ${inDay}),
        gem as (select count(*) n, coalesce(sum("inputTokens"), 0) i, coalesce(sum("outputTokens"), 0) o,
                       coalesce(sum("totalCost"), 0) cost from ${geminiTokenUsage} where ${inDay}),
        bb as (select count(*) n, coalesce(sum("durationMinutes"), 0) m, coalesce(sum("totalCost"), 0) cost
               from ${browserbaseCosts} where ${inDay}),
        st as (select count(*) n, coalesce(sum("sizeMb"), 0) mb, coalesce(sum("totalCost"), 0) cost
               from ${storageCosts} where ${inDay}),
        models as (select coalesce(jsonb_object_agg(model, cost), '{}'::jsonb) j from (
                     select model, sum("totalCost") cost from (
                       select model, "totalCost" from ${apiTokenUsage} where ${inDay}
                       union all select model, "totalCost" from ${geminiTokenUsage} where ${inDay}) u
                     group by model) m),
        checked as (select (${fits}) as fits from api, gem, bb, st),
        upserted as (
          insert into ${dailyCostSummaries} ("userId", "date", "totalApiCalls", "totalInputTokens", "totalOutputTokens",
            "totalCacheTokens", "apiCostUsd", "totalGeminiCalls", "totalGeminiInputTokens", "totalGeminiOutputTokens",
            "geminiCostUsd", "totalSessions", "totalSessionMinutes", "browserbaseCostUsd", "totalStorageOperations",
            "totalStorageMb", "storageCostUsd", "totalCostUsd", "costByModel", "costByProvider")
          select ${userId}, ${day}, api.n, api.i, api.o, api.c, api.cost, gem.n, gem.i, gem.o, gem.cost, bb.n, bb.m, bb.cost,
            st.n, st.mb, st.cost, api.cost + gem.cost + bb.cost + st.cost, models.j,
            jsonb_build_object('anthropic', api.cost, 'gemini', gem.cost, 'browserbase', bb.cost, 'storage', st.cost)
          from api, gem, bb, st, models, checked
          where checked.fits
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
          returning "id")
        select (select "id" from upserted) as "id", (select fits from checked) as fits`),
    );
  } catch (e) {
    if (isConstraintViolation(e, '23503', 'daily_cost_summaries_userId_fkey'))
      return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
    throw e;
  }
  const row = rows[0]!;
  if (row.id === null) {
    return fail('TOTALS_OUT_OF_RANGE', `the totals of ${date} exceed the daily summary columns`);
  }
  const [summary] = await db
    .select()
    .from(dailyCostSummaries)
    .where(eq(dailyCostSummaries.id, Number(row.id)));
  return ok({ summary: summary! });
}

export const checkBudgetInput = z.object({ userId: serialId() });
export const checkBudgetErrors = ['INVALID_INPUT', 'NO_ACTIVE_BUDGET', 'TOTALS_OUT_OF_RANGE'] as const;

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
export async function checkBudget(
  db: DbOrTx,
  input: z.input<typeof checkBudgetInput>,
): Promise<
  Result<
    {
      daily: BudgetPeriodStatus;
      weekly: BudgetPeriodStatus;
      monthly: BudgetPeriodStatus;
      alert: boolean;
      exceeded: boolean;
      shouldStop: boolean;
    },
    (typeof checkBudgetErrors)[number]
  >
> {
  const parsed = parseInput(checkBudgetInput, input);
  if (!parsed.success) return parsed;
  const { userId } = parsed.data;
  const spendSince = (start: string) => sql`(select coalesce(sum(c), 0) from (
      select "totalCost" c from ${apiTokenUsage} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${geminiTokenUsage} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${browserbaseCosts} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)
      union all select "totalCost" from ${storageCosts} where "userId" = ${userId} and "createdAt" >= date_trunc(${start}, now()::timestamp)) s)`;
  // One UPDATE; it writes only when each period's spend fits its numeric(10,4) column.
  const updated = rowsOf<{ id: number }>(
    await db.execute(sql`
      update ${costBudgets} set "currentDailySpend" = s.d, "currentWeeklySpend" = s.w, "currentMonthlySpend" = s.m,
        "dailyPeriodStart" = date_trunc('day', now()::timestamp),
        "weeklyPeriodStart" = date_trunc('week', now()::timestamp),
        "monthlyPeriodStart" = date_trunc('month', now()::timestamp)
      from (select ${spendSince('day')} d, ${spendSince('week')} w, ${spendSince('month')} m) s
      where ${costBudgets.userId} = ${userId} and ${costBudgets.isActive}
        and ${fitsNumeric(sql`s.d`, 10, 4)} and ${fitsNumeric(sql`s.w`, 10, 4)} and ${fitsNumeric(sql`s.m`, 10, 4)}
      returning ${costBudgets.id} as "id"`),
  );
  const active = and(eq(costBudgets.userId, userId), eq(costBudgets.isActive, true));
  const [b] = await db.select().from(costBudgets).where(active);
  if (!b) return fail('NO_ACTIVE_BUDGET', `user ${userId} has no active cost budget`);
  if (updated.length === 0) {
    return fail('TOTALS_OUT_OF_RANGE', 'the spend of a period exceeds the budget columns');
  }
  const period = (spend: string, budget: string | null): BudgetPeriodStatus => {
    if (budget === null) return { spend, budget, percent: null, alert: false, exceeded: false };
    // Compared in exact 1/10,000 units (the columns are numeric(10,4)): in binary floating point
    // 0.29 / 1 * 100 is 28.999…, which would miss an alert threshold of 29 %.
    const s = numericUnits(spend);
    const d = numericUnits(budget);
    const percent = d > 0n ? Number(s * 100n) / Number(d) : s > 0n ? Infinity : 0;
    return {
      spend,
      budget,
      percent,
      alert: d > 0n ? s * 100n >= d * BigInt(b.alertThreshold) : s > 0n || b.alertThreshold <= 0,
      exceeded: s >= d,
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

/** A numeric(p, 4) value as an exact count of 1/10,000 units. */
function numericUnits(text: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new TypeError(`not a numeric value: ${text}`);
  const units = BigInt(m[2] || '0') * 10_000n + BigInt((m[3] ?? '').padEnd(4, '0').slice(0, 4) || '0');
  return m[1] ? -units : units;
}
