// Shared mechanics of the cost operations (cost-records, daily-cost-rollup, budget-check): a cost
// row's insert with its owner checks answered as business errors, and numeric values computed and
// range-checked in SQL before anything is written. Internal: not exported from the system's index.
import { type SQL, sql } from 'drizzle-orm';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { INT4 } from '../input';
import { type Failure, fail, isConstraintViolation, ok, type Result } from '../result';
import { apiTokenUsage, browserbaseCosts, geminiTokenUsage, storageCosts } from './tables/costs';

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

/** What inserting a cost row can answer besides success (recordCostErrors without INVALID_INPUT). */
type CostRowError = 'USER_NOT_FOUND' | 'EXECUTION_NOT_FOUND' | 'DUPLICATE_SESSION';

/**
 * Inserts a cost row. The execution must be one of the same user's (its agency task's userId): a
 * trigger checks it in the statement (`<table>_executionId_owner`, 23503), so another user's
 * execution is EXECUTION_NOT_FOUND exactly like a missing one (`<table>_executionId_fkey`).
 */
export async function insertCost<T extends CostTable>(
  db: AnyDb,
  table: T,
  values: T['$inferInsert'],
): Promise<Result<{ row: T['$inferSelect'] }, CostRowError>> {
  narrowDb(db);
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

/** `round(x, scale)` fits numeric(precision, scale): fewer than precision - scale integer digits. */
export const fitsNumeric = (x: SQL, precision: number, scale: number) =>
  sql`abs(round(${x}, ${sql.raw(String(scale))})) < 1e${sql.raw(String(precision - scale))}`;
/** `x` fits an int4 column (x is a non-negative count or sum). */
export const fitsInt4 = (x: SQL) => sql`${x} <= ${sql.raw(String(INT4.max))}`;

/**
 * Values computed from the input in SQL (the same arithmetic the column assignment does), each
 * checked against its numeric(p, s) column: round to s digits, then fewer than p - s integer
 * digits. A read-only statement, so a value that does not fit is INVALID_INPUT with nothing written.
 */
export async function computed<K extends string>(
  db: AnyDb,
  values: Record<K, { expr: SQL; precision: number; scale: number }>,
): Promise<{ success: true; values: Record<K, string> } | Failure<'INVALID_INPUT'>> {
  narrowDb(db);
  const keys = Object.keys(values) as K[];
  const columns = keys.flatMap((k, i) => {
    const { expr, precision, scale } = values[k];
    const value = sql`(${expr})::numeric`;
    return [
      sql`round(${value}, ${sql.raw(String(scale))})::text as ${sql.identifier(`v${i}`)}`,
      sql`(${fitsNumeric(value, precision, scale)}) as ${sql.identifier(`f${i}`)}`,
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
