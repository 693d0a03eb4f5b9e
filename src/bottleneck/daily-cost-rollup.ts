// The daily cost summary: one row per user and day, recomputed from the four cost tables.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { dateInput, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { fitsInt4, fitsNumeric } from './cost-rows';
import {
  apiTokenUsage,
  browserbaseCosts,
  dailyCostSummaries,
  geminiTokenUsage,
  storageCosts,
} from './tables/costs';
import type { DailyCostSummary } from './validators';

export const rollupDailyCostsInput = z.object({ userId: serialId(), date: dateInput() });

export const rollupDailyCostsErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'TOTALS_OUT_OF_RANGE'] as const;

/**
 * Recomputes the user's daily_cost_summaries row for one day from the four cost tables, in one
 * INSERT … ON CONFLICT ("userId", "date") DO UPDATE, so reruns and concurrent rollups converge.
 * Sums are taken in bigint / numeric and written only when every one fits its column; otherwise
 * TOTALS_OUT_OF_RANGE and nothing is written.
 */
export async function rollupDailyCosts(
  db: AnyDb,
  input: z.input<typeof rollupDailyCostsInput>,
): Promise<Result<{ summary: DailyCostSummary }, (typeof rollupDailyCostsErrors)[number]>> {
  narrowDb(db);
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
