import type { PgColumn } from 'drizzle-orm/pg-core';
import { INT2, INT4, INT8, storableString } from '../input';

// What a column can hold, and numbers clamped to what they mean: no value the engine sends can
// make PostgreSQL fail the statement.

export const INTEGER_RANGES: Record<string, { min: number; max: number }> = {
  PgSmallInt: INT2,
  PgSmallSerial: INT2,
  PgInteger: INT4,
  PgSerial: INT4,
  PgBigInt53: INT8,
  PgBigSerial53: INT8,
};
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_TYPES = new Set(['PgText', 'PgVarchar', 'PgChar']);

/**
 * True when the column can hold `value`, so comparing the column with it cannot fail in the
 * driver (22003 out of range, 22P02 invalid uuid or enum label, 22021 NUL byte). Types it does not
 * know pass: their values are the caller's responsibility.
 */
export function columnAccepts(column: PgColumn, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const type = column.columnType;
  const range = INTEGER_RANGES[type];
  if (range)
    return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
  if (type === 'PgBigInt64' || type === 'PgBigSerial64')
    return (
      (typeof value === 'bigint' && value >= INT64.min && value <= INT64.max) ||
      (typeof value === 'number' && Number.isSafeInteger(value))
    );
  if (type === 'PgUUID') return typeof value === 'string' && UUID.test(value);
  if (type === 'PgEnumColumn')
    return ((column as unknown as { enumValues?: readonly unknown[] }).enumValues ?? []).includes(value);
  if (type === 'PgBoolean') return typeof value === 'boolean';
  // A Date is sent as its ISO text, which the server parses only for years 1 to 9999.
  if (type === 'PgTimestamp' || type === 'PgDate')
    return value instanceof Date && value.getUTCFullYear() >= 1 && value.getUTCFullYear() <= 9999;
  if (TEXT_TYPES.has(type)) return typeof value === 'string' && storableString(value);
  return true;
}

/** A claim limit as a row count: floored, at most int4's maximum (more rows than any claim takes). */
export function claimLimit(limit: number): number {
  if (Number.isNaN(limit)) throw new RangeError('queue claim: limit is NaN');
  return Math.max(0, Math.min(Math.floor(limit), INT4.max));
}

/**
 * An attempt limit compared with an integer counter: `n >= 1.5` is `n >= 2`, and any limit past the
 * JS safe range is equivalent to the end of that range (counters are int2/int4/int8 columns, bound
 * as int8 so that no limit overflows the counter's type).
 */
export function attemptLimit(max: number): number {
  if (Number.isNaN(max)) throw new RangeError('queue: maxAttempts is NaN');
  return Math.max(INT8.min, Math.min(Math.ceil(max), INT8.max));
}

/** Seconds the stale-lock cut-off may reach back: the whole timestamp range is shorter than this. */
export const MAX_LOCK_AGE_SECONDS = 1e12;
/** Longest backoff a spec may configure (the backoff is added to now()). */
export const MAX_BACKOFF_SECONDS = 10 * 366 * 24 * 3600;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Error text as a text column stores it: at most `max` UTF-16 units (a surrogate pair is never cut
 * in half), NUL and unpaired surrogates replaced by U+FFFD.
 */
export function storableText(text: string, max: number): string {
  let s = text;
  if (s.length > max) {
    s = s.slice(0, max);
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
  }
  return storableString(s) ? s : s.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
