// The input kit: every bound a repository function checks comes from here, derived from the
// column types, so a value that passes validation is one PostgreSQL stores without a driver error.
import { getTableColumns, getTableName, is, type Table } from 'drizzle-orm';
import { getTableConfig, IndexedColumn, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';

// ─── Limits ──────────────────────────────────────────────────────────────────────────────────

export const INT2 = { min: -32_768, max: 32_767 } as const;
export const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;
/** int8 columns read as JS numbers: the integers a double represents exactly. */
export const INT8 = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;
/**
 * Timestamps both JS and PostgreSQL represent, serialise *and read back*: years 0100–9999. Past
 * 9999 `toISOString()` writes `+010000-…`, which PostgreSQL refuses (22007/22009); before 0100
 * drizzle's `new Date(text)` reads '0050-01-01 00:00:00+00' back as 1950.
 */
export const MIN_TIMESTAMP = new Date('0100-01-01T00:00:00.000Z');
export const MAX_TIMESTAMP = new Date('9999-12-31T23:59:59.999Z');
/** Deepest nesting of arrays/objects accepted anywhere in an input (JSON values included). */
export const MAX_DEPTH = 64;
/**
 * A B-tree index entry holds at most 2,704 bytes (a third of an 8 kB page, less headers). An
 * indexed text column gets that budget split between the text columns of its widest index.
 */
export const INDEX_ENTRY_BUDGET = 2_600;

// ─── Scalars ─────────────────────────────────────────────────────────────────────────────────

/** An integer in a column's range (defaults to int4); `min`/`max` narrow it further. */
export const int = (range: { min?: number; max?: number } = {}) =>
  z
    .int()
    .min(Math.max(range.min ?? INT4.min, INT8.min))
    .max(Math.min(range.max ?? INT4.max, INT8.max));
export const int4 = (range: { min?: number; max?: number } = {}) =>
  int({ min: Math.max(range.min ?? INT4.min, INT4.min), max: Math.min(range.max ?? INT4.max, INT4.max) });
export const int2 = (range: { min?: number; max?: number } = {}) =>
  int({ min: Math.max(range.min ?? INT2.min, INT2.min), max: Math.min(range.max ?? INT2.max, INT2.max) });
export const int8 = (range: { min?: number; max?: number } = {}) =>
  int({ min: range.min ?? INT8.min, max: range.max ?? INT8.max });
/** A `serial` / `integer` primary key value: 1 … 2^31-1. */
export const serialId = () => int4({ min: 1 });
/** A `bigserial` key read as a number. */
export const bigserialId = () => int8({ min: 1 });
/** A non-negative count stored in an int4 column. */
export const count4 = () => int4({ min: 0 });

const DECIMAL = /^[+-]?(\d+)(?:\.(\d+))?$/;
/**
 * A value for a `numeric(precision, scale)` column, as a decimal string (numbers are accepted
 * and converted). At most `precision - scale` integer digits; extra fraction digits are allowed
 * (PostgreSQL rounds them), since the stored value is then still in range.
 */
export function numeric(precision: number, scale: number, opts: { min?: number } = {}) {
  const intDigits = precision - scale;
  return z.union([z.number().finite(), z.string()]).transform((v, ctx) => {
    const s = typeof v === 'number' ? numberToDecimal(v) : v.trim();
    const m = DECIMAL.exec(s);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'a decimal number' });
      return z.NEVER;
    }
    if (integerDigitsAfterRounding(m[1]!, m[2] ?? '', scale) > intDigits) {
      ctx.addIssue({
        code: 'custom',
        message: `out of range for numeric(${precision},${scale}) (at most ${intDigits} integer digits)`,
      });
      return z.NEVER;
    }
    if (opts.min !== undefined && Number(s) < opts.min) {
      ctx.addIssue({ code: 'custom', message: `must be at least ${opts.min}` });
      return z.NEVER;
    }
    return s;
  });
}
/** Integer digits of a decimal once PostgreSQL rounds it to `scale` fraction digits. */
function integerDigitsAfterRounding(intPart: string, frac: string, scale: number): number {
  const digits = intPart.replace(/^0+/, '');
  const carries = frac.length > scale && frac[scale]! >= '5' && /^9*$/.test(frac.slice(0, scale));
  return carries && /^9*$/.test(digits) ? digits.length + 1 : digits.length;
}
function numberToDecimal(n: number): string {
  // Plain notation for every finite double (no exponent, which numeric would accept but DECIMAL not).
  return Math.abs(n) < 1e21 ? n.toFixed(20).replace(/\.?0+$/, '') : BigInt(Math.trunc(n)).toString();
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const inTimestampRange = (d: Date) =>
  !Number.isNaN(d.getTime()) &&
  d.getTime() >= MIN_TIMESTAMP.getTime() &&
  d.getTime() <= MAX_TIMESTAMP.getTime();

/**
 * A `timestamp` / `timestamptz` value: a valid Date, or an ISO-8601 string with a real calendar
 * date (numeric strings such as `'5'`, which `new Date()` reads as May 2001, are refused), within
 * years 0100–9999. Parsed to a Date.
 */
export const timestampInput = () =>
  z.union([z.date(), z.string()]).transform((v, ctx) => {
    let d: Date;
    if (typeof v === 'string') {
      const m = ISO_TIMESTAMP.exec(v.trim());
      if (
        !m ||
        !isCalendarDate(+m[1]!, +m[2]!, +m[3]!) ||
        +(m[4] ?? 0) > 23 ||
        +(m[5] ?? 0) > 59 ||
        +(m[6] ?? 0) > 59
      ) {
        ctx.addIssue({ code: 'custom', message: 'an ISO-8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)' });
        return z.NEVER;
      }
      d = new Date(v.trim());
    } else {
      d = v;
    }
    if (!inTimestampRange(d)) {
      ctx.addIssue({ code: 'custom', message: 'a valid date between years 0100 and 9999' });
      return z.NEVER;
    }
    return d;
  });

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1]!;
}

/** A `date` column value: `YYYY-MM-DD`, a real calendar day in years 0001–9999. */
export const dateInput = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)')
    .refine((s) => isCalendarDate(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)), {
      error: 'a calendar date between 0001-01-01 and 9999-12-31',
    });

/** A uuid in any letter case, canonicalised to lower case (what PostgreSQL prints and compares). */
export const uuidInput = () => z.uuid().overwrite((s) => s.toLowerCase());

const FLOAT4_MAX = 3.4028234663852886e38;
/**
 * True when PostgreSQL stores `n` in a `real` column: finite within ±3.4e38 and not so small that
 * it rounds to zero (float4in refuses such underflow with 22003, e.g. `1e-50`).
 */
export const fitsReal = (n: number) =>
  Number.isFinite(n) && Math.abs(n) <= FLOAT4_MAX && (n === 0 || Math.fround(n) !== 0);
export const REAL_MESSAGE = 'a value a `real` column stores (0, or 1.5e-45 ≤ |x| ≤ 3.4e38)';
/** A `real` (float4) column value. */
export const real = () => z.number().refine(fitsReal, { error: REAL_MESSAGE });

/** Largest `bytea` value accepted (an embedding of 1,536 float32 is 6 KiB). */
export const MAX_BYTEA = 1 << 20;
/** A `bytea` value: a Buffer or Uint8Array of at most MAX_BYTEA bytes, stored as a Buffer. */
export const byteaInput = () =>
  z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { error: 'a Buffer or Uint8Array (bytea)' })
    .refine((v) => v.byteLength <= MAX_BYTEA, { error: `at most ${MAX_BYTEA} bytes` })
    .transform((v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)));

/** UTF-8 length of a string, in bytes. */
export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The first `max` UTF-16 units of `s`, never ending in half a surrogate pair (which would store U+FFFD). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Text for an indexed column: at most `maxBytes` UTF-8 bytes, so the index entry fits. */
export const keyText = (maxBytes = 1_000) =>
  z.string().refine((s) => utf8Bytes(s) <= maxBytes, {
    error: `at most ${maxBytes} bytes (UTF-8): the column is indexed`,
  });

// ─── JSON and the structural walk ─────────────────────────────────────────────────────────────

const SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** False for strings PostgreSQL cannot store: NUL (text 22021, jsonb 22P05), lone surrogates (22P02). */
export const storableString = (s: string) => !s.includes('\u0000') && !SURROGATE.test(s);

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Array.isArray(v);
};

/**
 * Why a value cannot reach PostgreSQL, or undefined when it can. Iterative (no recursion limit
 * to hit, no depth cut-off that lets a bad string through deeper down), cycle-safe. Checks every
 * string (keys included), number (finite), bigint (refused: JSON has none), Date (valid, years
 * 0100–9999) and the nesting depth (MAX_DEPTH). Class instances other than Date (Buffer, a
 * Keyring, an AbortSignal) are opaque: their own validators decide.
 */
export function unstorableReason(value: unknown, options: { json?: boolean } = {}): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  const onPath = new Set<object>();
  const exits: object[] = [];
  // Depth-first with explicit exit markers, so "seen on the current path" detects cycles while
  // shared (diamond) references stay allowed.
  const EXIT = Symbol('exit');
  const work: (readonly [unknown, number] | readonly [typeof EXIT, object])[] = stack;
  while (work.length) {
    const [v, d] = work.pop()!;
    if (v === EXIT) {
      onPath.delete(d as object);
      continue;
    }
    const depth = d as number;
    switch (typeof v) {
      case 'string':
        if (!storableString(v)) return 'contains a NUL character or an unpaired surrogate';
        continue;
      case 'number':
        if (!Number.isFinite(v)) return 'contains a non-finite number (NaN or Infinity)';
        continue;
      case 'bigint':
        return 'contains a BigInt (not representable in JSON)';
      case 'function':
      case 'symbol':
        if (options.json) return `contains a ${typeof v} (not representable in JSON)`;
        continue;
      case 'undefined':
      case 'boolean':
        continue;
    }
    if (v === null) continue;
    const o = v as object;
    if (o instanceof Date) {
      if (!inTimestampRange(o)) return 'contains a date that is invalid or outside years 0100–9999';
      continue;
    }
    if (!isPlain(o)) {
      if (options.json && !Buffer.isBuffer(o)) return 'contains a non-JSON object';
      continue;
    }
    if (depth >= MAX_DEPTH) return `nests deeper than ${MAX_DEPTH} levels`;
    if (onPath.has(o)) return 'contains a circular reference';
    onPath.add(o);
    exits.push(o);
    work.push([EXIT, o]);
    if (Array.isArray(o)) {
      for (let i = o.length - 1; i >= 0; i--) work.push([o[i], depth + 1]);
    } else {
      for (const [k, item] of Object.entries(o)) {
        if (!storableString(k)) return 'contains a key with a NUL character or an unpaired surrogate';
        work.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}

/** True when every string, number and date in `value` can be stored (see unstorableReason). */
export const pgStorable = (value: unknown): boolean => unstorableReason(value) === undefined;

/**
 * A JSON value for a `json` / `jsonb` column: null, booleans, finite numbers, storable strings,
 * arrays and plain objects, at most MAX_DEPTH deep, no cycles, no BigInt, no undefined members
 * left to JSON.stringify's discretion in arrays.
 */
export const jsonValue = () =>
  z.custom<unknown>((v) => v !== undefined && unstorableReason(v, { json: true }) === undefined, {
    error: `a JSON value (finite numbers, storable strings, at most ${MAX_DEPTH} levels deep, no cycles)`,
  });
/** A JSON object (the `{}`-default jsonb columns). */
export const jsonObject = () =>
  z
    .custom<Record<string, unknown>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && isPlain(v),
      { error: 'a JSON object' },
    )
    .refine((v) => unstorableReason(v, { json: true }) === undefined, {
      error: `a JSON object (finite numbers, storable strings, at most ${MAX_DEPTH} levels deep, no cycles)`,
    });
/** A JSON array (jsonb columns that hold lists). */
export const jsonArray = () =>
  z.array(z.unknown()).refine((v) => unstorableReason(v, { json: true }) === undefined, {
    error: `a JSON array (finite numbers, storable strings, at most ${MAX_DEPTH} levels deep, no cycles)`,
  });

// ─── Lists ────────────────────────────────────────────────────────────────────────────────────

/** Pagination: `limit` 1…max (default `dflt`), `offset` 0…int4 max. */
export const page = (max = 100, dflt = 20) => ({
  limit: int4({ min: 1, max }).default(dflt),
  offset: int4({ min: 0 }).default(0),
});
/** A batch of 1…max items. */
export const batch = <T extends z.ZodType>(item: T, max = 1_000) => z.array(item).min(1).max(max);

// ─── Column-derived schemas ───────────────────────────────────────────────────────────────────

type Refinements = Record<string, unknown>;

/**
 * For each column of a table, the bound its type implies beyond what drizzle-zod derives:
 * numeric(p,s) ranges, `real` ranges, bytea as Buffers, timestamps within 0100–9999, uuids in
 * lower case, JSON values checked
 * structurally, and the UTF-8 length of indexed text. drizzle-zod already bounds integers by
 * their column type (int2/int4/int8) and varchar/char by their length.
 */
export function columnBounds(table: Table): Record<string, (s: z.ZodType) => z.ZodType> {
  const out: Record<string, (s: z.ZodType) => z.ZodType> = {};
  const keyBytes = indexedTextBudget(table as PgTable);
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    const type = column.columnType;
    const sqlType = column.getSQLType();
    if (type === 'PgNumeric') {
      const m = /numeric\((\d+)(?:,\s*(\d+))?\)/.exec(sqlType);
      if (m) out[key] = () => numeric(+m[1]!, +(m[2] ?? 0));
    } else if (type === 'PgTimestamp') {
      out[key] = () => timestampInput();
    } else if (type === 'PgDateString' || type === 'PgDate') {
      if (type === 'PgDateString') out[key] = () => dateInput();
    } else if (type === 'PgUUID') {
      out[key] = () => uuidInput();
    } else if (type === 'PgJsonb' || type === 'PgJson') {
      out[key] = () => jsonValue();
    } else if (type === 'PgReal') {
      out[key] = (s) => (s instanceof z.ZodNumber ? s.refine(fitsReal, { error: REAL_MESSAGE }) : s);
    } else if (type === 'PgCustomColumn' && sqlType === 'bytea') {
      out[key] = () => byteaInput();
    } else if (keyBytes.has(column.name) && (column.dataType === 'string' || type === 'PgCustomColumn')) {
      const max = keyBytes.get(column.name)!;
      out[key] = (s) =>
        s instanceof z.ZodString
          ? s.refine((v) => utf8Bytes(v) <= max, {
              error: `at most ${max} bytes (UTF-8): the column is indexed`,
            })
          : s;
    }
  }
  return out;
}

/** Column name → the byte budget of its widest index (INDEX_ENTRY_BUDGET over its text columns). */
function indexedTextBudget(table: PgTable): Map<string, number> {
  const config = getTableConfig(table);
  const lists: string[][] = [];
  for (const idx of config.indexes) {
    const cols = idx.config.columns
      .filter((c): c is IndexedColumn => is(c, IndexedColumn))
      .map((c) => c.name!);
    lists.push(cols);
  }
  for (const u of config.uniqueConstraints) lists.push(u.columns.map((c) => c.name));
  for (const p of config.primaryKeys) lists.push(p.columns.map((c) => c.name));
  for (const c of config.columns) if (c.isUnique || c.primary) lists.push([c.name]);
  const textish = new Set(
    config.columns
      .filter((c) => c.dataType === 'string' && c.columnType !== 'PgUUID' && c.columnType !== 'PgEnumColumn')
      .map((c) => c.name),
  );
  const budget = new Map<string, number>();
  for (const cols of lists) {
    const text = cols.filter((c) => textish.has(c));
    for (const c of text) {
      const share = Math.floor(INDEX_ENTRY_BUDGET / text.length);
      budget.set(c, Math.min(budget.get(c) ?? Number.POSITIVE_INFINITY, share));
    }
  }
  return budget;
}

function withBounds<T extends Table>(table: T, refinements: Refinements | undefined) {
  const bounds = columnBounds(table);
  const merged: Refinements = {};
  for (const [key, bound] of Object.entries(bounds)) merged[key] = bound;
  for (const [key, r] of Object.entries(refinements ?? {})) {
    const bound = bounds[key];
    // A caller's refinement function receives the bounded schema; a caller's schema replaces it.
    merged[key] =
      typeof r === 'function' && bound ? (s: z.ZodType) => (r as (s: z.ZodType) => z.ZodType)(bound(s)) : r;
  }
  return merged;
}

/** drizzle-zod's insert schema with every column's type-derived bounds (see columnBounds). */
export const insertSchema = (<T extends Table>(table: T, refinements?: Refinements) =>
  createInsertSchema(table, withBounds(table, refinements) as never)) as typeof createInsertSchema;
/** drizzle-zod's update schema with every column's type-derived bounds. */
export const updateSchema = (<T extends Table>(table: T, refinements?: Refinements) =>
  createUpdateSchema(table, withBounds(table, refinements) as never)) as typeof createUpdateSchema;
/** drizzle-zod's select schema (rows read back need no input bounds). */
export const selectSchema = createSelectSchema;

/** The table's qualified name, for messages. */
export const tableName = (table: Table) => getTableName(table);
