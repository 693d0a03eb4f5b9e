// A user's spend against their cost budget: today, this week and this month.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { serialId } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { fitsNumeric } from './cost-rows';
import { apiTokenUsage, browserbaseCosts, costBudgets, geminiTokenUsage, storageCosts } from './tables/costs';

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
  db: AnyDb,
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
  narrowDb(db);
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
