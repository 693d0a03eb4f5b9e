import { and, eq, getTableColumns, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './db';
import { INT2, INT4, INT8, storableString } from './input';

/**
 * A small job-queue engine over any queue-shaped table: claim with one
 * `UPDATE … WHERE id = ANY(ARRAY(SELECT … FOR UPDATE SKIP LOCKED)) RETURNING`, fenced completion and
 * failure (only a claimed job — and with a lockedBy column, only its lock holder — may be finished),
 * exponential jittered backoff, stale-lock reclaim. Systems describe their table with `QueueSpec`
 * and wrap the engine in typed functions.
 *
 * The hot statements (claim with `filters`, complete, completeMany, fail without `set`) are built once
 * per database handle with placeholders and run as prepared statements: building a drizzle query
 * costs more CPU than the database spends on the statement, and an unprepared parameterised query
 * costs postgres.js a second round trip (describe, then execute). Calls with `where` or `set` build
 * their statement each time.
 *
 * Every method is total over the values it is given: a number, id or filter value outside what its
 * column can hold is answered as what it means (an id no row can have: JOB_NOT_FOUND; a filter no
 * row can match: nothing claimed; a limit or attempt count past the column's range: clamped to an
 * equivalent one), never sent to PostgreSQL to fail there. Only NaN limits are refused (RangeError).
 */
type Key<T extends PgTable> = keyof T['$inferSelect'] & string;

export interface QueueColumns<T extends PgTable> {
  /** TS keys of the table's columns. */
  id: Key<T>;
  status: Key<T>;
  /** Tries so far, + 1 on each claim. Without it (and without `failures`) every failure is final. */
  attempts?: Key<T>;
  /** Failures so far, + 1 on each failure (for tables that count errors rather than claims). */
  failures?: Key<T>;
  /** Claimable when `<= now()`; `readyWhenNull` makes NULL claimable too. Pushed out by the backoff. */
  readyAt?: Key<T>;
  lockedAt?: Key<T>;
  lockedBy?: Key<T>;
  lastError?: Key<T>;
  /** Set to now() when a job reaches done or failed (cleared on retry). */
  finishedAt?: Key<T>;
  /** Set to now() only on done / only on final failure. */
  doneAt?: Key<T>;
  failedAt?: Key<T>;
}

/** A column in ascending order (NULLs last, as Postgres), or with direction, NULL placement, value rank. */
export type QueueOrder<T extends PgTable> =
  | Key<T>
  | {
      column: Key<T>;
      desc?: boolean;
      nulls?: 'first' | 'last';
      /** Order by position in this list (e.g. ['critical', 'high', 'medium', 'low']); others last. */
      rank?: readonly unknown[];
    };

export interface QueueSpec<T extends PgTable, C extends QueueColumns<T> = QueueColumns<T>> {
  table: T;
  columns: C;
  states: { ready: string; claimed: string; done: string; failed: string };
  /** Claim order (should match an index whose leading column is the status). */
  orderBy: QueueOrder<T>[];
  readyWhenNull?: boolean;
  /** Extra condition for every claim, e.g. "assigned to the bot and not blocked". */
  claimable?: SQL;
  /** Extra columns every claim sets, e.g. `{ startedAt: sql\`now()\` }` (static: part of the prepared claim). */
  claimSet?: Record<string, unknown>;
  /**
   * Attempt limit: a number or the key of a per-row column. When set, claims skip exhausted rows
   * and `fail`/`reclaimStale` use it unless given their own.
   */
  maxAttempts?: number | Key<T>;
  /** Backoff after a failure: min(cap, base · 2^(n−1)) for the n-th try, scaled by a random factor in [0.5, 1]. */
  backoff?: { baseSeconds: number; capSeconds: number };
  /** Longest stored error message. */
  maxErrorLength?: number;
}

export interface ClaimOptions {
  workerId?: string;
  limit: number;
  /**
   * Equality filters by column key, an array meaning "any of": `{ jobType: ['a', 'b'] }`. Prepared
   * once per shape, unlike `where`.
   */
  filters?: Record<string, unknown>;
  /** Extra filter of any shape (statement built on each call). */
  where?: SQL;
  /** Extra columns to set on this claim (statement built on each call; see `QueueSpec.claimSet`). */
  set?: Record<string, unknown>;
}

/**
 * Equality filters by column key (an array: "any of") that scope a finishing call, e.g. the owner:
 * `{ tenantId }`. A job outside the scope is JOB_NOT_FOUND, exactly like a job that does not exist.
 */
export type Scope = Record<string, unknown>;

/** With a lockedBy column a fencing failure is LOCK_LOST; without one the job was simply NOT_CLAIMED. */
export type FenceError<C> = C extends { lockedBy: string } ? 'LOCK_LOST' : 'NOT_CLAIMED';

export type FinishOutcome<Row, Lost extends string = 'LOCK_LOST' | 'NOT_CLAIMED'> =
  | { success: true; job: Row }
  | { success: false; error: 'JOB_NOT_FOUND' | Lost; message: string };

export interface Queue<T extends PgTable, C extends QueueColumns<T> = QueueColumns<T>> {
  spec: QueueSpec<T, C>;
  claim(db: DbOrTx, opts: ClaimOptions): Promise<T['$inferSelect'][]>;
  /** The claim statement, unexecuted (for EXPLAIN). */
  claimQuery(db: DbOrTx, opts: ClaimOptions): SQLWrapper & { getSQL(): SQL };
  complete(
    db: DbOrTx,
    opts: { id: unknown; workerId?: string; set?: Record<string, unknown>; filters?: Scope },
  ): Promise<FinishOutcome<T['$inferSelect'], FenceError<C>>>;
  /**
   * Completes many claimed jobs in one statement (same fencing as `complete`). Ids that were not
   * completed — unknown, finished, or locked by another worker — come back in `notCompleted`.
   */
  completeMany(
    db: DbOrTx,
    opts: {
      ids: unknown[];
      workerId?: string;
      set?: Record<string, unknown>;
      filters?: Scope;
      /** false: return no rows (`jobs` is empty), only which ids were not completed. */
      rows?: boolean;
    },
  ): Promise<{ jobs: T['$inferSelect'][]; notCompleted: unknown[] }>;
  fail(
    db: DbOrTx,
    opts: {
      id: unknown;
      workerId?: string;
      error: string;
      maxAttempts?: number;
      set?: Record<string, unknown>;
      filters?: Scope;
    },
  ): Promise<FinishOutcome<T['$inferSelect'], FenceError<C>>>;
  reclaimStale(
    db: DbOrTx,
    opts: { olderThanSeconds: number; maxAttempts?: number },
  ): Promise<T['$inferSelect'][]>;
}

/** Something `.prepare(name)` can be called on: a drizzle query builder. */
interface Preparable {
  toSQL(): { sql: string };
  prepare(name: string): Prepared;
}
interface Prepared {
  execute(values?: Record<string, unknown>): Promise<unknown>;
}
/** A value in a statement: a placeholder when the statement is prepared, else the value itself. */
type Bind = (name: string, value: unknown) => unknown;
const literal: Bind = (_name, value) => value;
const placeholder: Bind = (name) => sql.placeholder(name);
/** An array bound as one parameter (a literal array in a sql`` template would become a list). */
const arrayParam = (bind: Bind, name: string, value: unknown[]) =>
  bind === placeholder ? sql.placeholder(name) : sql.param(value);

/** A one-dimensional Postgres array literal: strings quoted and escaped, null as NULL. */
function pgArrayLiteral(values: unknown[]): string {
  const item = (v: unknown) =>
    v === null
      ? 'NULL'
      : typeof v === 'string'
        ? `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
        : String(v);
  return `{${values.map(item).join(',')}}`;
}

/**
 * 64-bit FNV-1a of the statement text: the prepared statement's name. node-postgres refuses one name
 * for two texts, so the name follows the text.
 */
function statementName(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x01000193 ^ 0x2c);
  }
  return `org_schema_q_${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

const INTEGER_RANGES: Record<string, { min: number; max: number }> = {
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
function columnAccepts(column: PgColumn, value: unknown): boolean {
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
function claimLimit(limit: number): number {
  if (Number.isNaN(limit)) throw new RangeError('queue claim: limit is NaN');
  return Math.max(0, Math.min(Math.floor(limit), INT4.max));
}

/**
 * An attempt limit compared with an integer counter: `n >= 1.5` is `n >= 2`, and any limit past the
 * JS safe range is equivalent to the end of that range (counters are int2/int4/int8 columns, bound
 * as int8 so that no limit overflows the counter's type).
 */
function attemptLimit(max: number): number {
  if (Number.isNaN(max)) throw new RangeError('queue: maxAttempts is NaN');
  return Math.max(INT8.min, Math.min(Math.ceil(max), INT8.max));
}

/** Seconds the stale-lock cut-off may reach back: the whole timestamp range is shorter than this. */
const MAX_LOCK_AGE_SECONDS = 1e12;
/** Longest backoff a spec may configure (the backoff is added to now()). */
const MAX_BACKOFF_SECONDS = 10 * 366 * 24 * 3600;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Error text as a text column stores it: at most `max` UTF-16 units (a surrogate pair is never cut
 * in half), NUL and unpaired surrogates replaced by U+FFFD.
 */
function storableText(text: string, max: number): string {
  let s = text;
  if (s.length > max) {
    s = s.slice(0, max);
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
  }
  return storableString(s) ? s : s.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

export function defineQueue<T extends PgTable, C extends QueueColumns<T>>(
  spec: QueueSpec<T, C>,
): Queue<T, C> {
  const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
  const col = (key: string): PgColumn => {
    const c = cols[key];
    if (!c) throw new Error(`defineQueue: ${key} is not a column of the table`);
    return c;
  };
  const c: QueueColumns<T> = spec.columns;
  const id = col(c.id);
  const status = col(c.status);
  const attempts = c.attempts ? col(c.attempts) : undefined;
  const failures = c.failures ? col(c.failures) : undefined;
  const { baseSeconds, capSeconds } = spec.backoff ?? { baseSeconds: 5, capSeconds: 3600 };
  if (
    !(Number.isFinite(baseSeconds) && baseSeconds >= 0) ||
    !(Number.isFinite(capSeconds) && capSeconds >= 0 && capSeconds <= MAX_BACKOFF_SECONDS)
  ) {
    throw new Error(
      `defineQueue: backoff needs 0 ≤ baseSeconds and 0 ≤ capSeconds ≤ ${MAX_BACKOFF_SECONDS} (ten years)`,
    );
  }
  const maxErr = spec.maxErrorLength ?? 4000;
  const t = spec.table as any;
  const orders = spec.orderBy.map((o) => (typeof o === 'string' ? { column: o } : o));
  if (spec.claimSet) for (const key of Object.keys(spec.claimSet)) col(key);

  // Prepared statements per database handle (a transaction is its own handle) and statement shape.
  const preparedByDb = new WeakMap<object, Map<string, Prepared>>();
  const run = <R>(
    db: DbOrTx,
    shape: string | undefined,
    build: (bind: Bind) => Preparable,
    values: Record<string, unknown>,
  ): Promise<R> => {
    if (shape === undefined) return build(literal) as unknown as Promise<R>;
    let byShape = preparedByDb.get(db);
    if (!byShape) {
      byShape = new Map();
      preparedByDb.set(db, byShape);
    }
    let prepared = byShape.get(shape);
    if (!prepared) {
      const query = build(placeholder);
      prepared = query.prepare(statementName(query.toSQL().sql));
      byShape.set(shape, prepared);
    }
    return prepared.execute(values) as Promise<R>;
  };

  const limitOf = (max: number | string | undefined, bind: Bind = literal): SQL => {
    const m = max ?? spec.maxAttempts;
    if (m === undefined) throw new Error('defineQueue: no maxAttempts given');
    return typeof m === 'number' ? sql`${bind('maxAttempts', attemptLimit(m))}::int8` : sql`${col(m)}`;
  };
  /** counter + 1, staying at the column's maximum (a counter there must not make every update fail). */
  const increment = (counter: PgColumn): SQL => {
    const range = INTEGER_RANGES[counter.columnType];
    return range
      ? sql`case when ${counter} < ${sql.raw(String(range.max))} then ${counter} + 1 else ${counter} end`
      : sql`${counter} + 1`;
  };
  /** True when this failure uses up the last try; without a counter every failure is final. */
  const exhausted = (max: number | undefined, bind: Bind): SQL =>
    attempts
      ? sql`${attempts} >= ${limitOf(max, bind)}`
      : failures
        ? sql`${failures}::int8 + 1 >= ${limitOf(max, bind)}`
        : sql`true`;
  /** The try being failed, 1-based: the backoff exponent (int8: counting on cannot overflow). */
  const tryNo = attempts ? sql`${attempts}::int8` : failures ? sql`${failures}::int8 + 1` : sql`1`;

  /** Columns set when a job fails or its lock expires: retry (ready) or final (failed). */
  const failValues = (max: number | undefined, bind: Bind = literal): Record<string, unknown> => {
    const done = exhausted(max, bind);
    const values: Record<string, unknown> = {
      [c.status]: sql`case when ${done} then ${spec.states.failed} else ${spec.states.ready} end`,
    };
    if (failures && c.failures) values[c.failures] = increment(failures);
    if (c.lockedAt) values[c.lockedAt] = null;
    if (c.lockedBy) values[c.lockedBy] = null;
    if (c.readyAt) {
      values[c.readyAt] = sql`case when ${done} then ${col(c.readyAt)} else now() + make_interval(secs =>
        least(${capSeconds}::float8, ${baseSeconds}::float8 * power(2::float8, least(greatest(${tryNo} - 1, 0), 60)))
        * (0.5 + random() / 2)) end`;
    }
    if (c.finishedAt) values[c.finishedAt] = sql`case when ${done} then now() else null end`;
    if (c.failedAt) values[c.failedAt] = sql`case when ${done} then now() else null end`;
    return values;
  };

  const doneValues = (set?: Record<string, unknown>) => {
    const values: Record<string, unknown> = { ...set, [c.status]: spec.states.done };
    if (c.lockedAt) values[c.lockedAt] = null;
    if (c.lockedBy) values[c.lockedBy] = null;
    if (c.finishedAt) values[c.finishedAt] = sql`now()`;
    if (c.doneAt) values[c.doneAt] = sql`now()`;
    return values;
  };

  const notFound = { success: false, error: 'JOB_NOT_FOUND', message: 'no such job' } as const;

  /**
   * The filters with only values their columns can hold; undefined when they can match no row (a
   * scalar the column cannot hold, or a list left empty).
   */
  const scopeOf = (filters: Scope | undefined): Scope | undefined => {
    const out: Scope = {};
    for (const [key, value] of Object.entries(filters ?? {})) {
      const column = col(key);
      if (Array.isArray(value)) {
        const held = value.filter((v) => columnAccepts(column, v));
        if (held.length === 0) return undefined;
        out[key] = held;
      } else if (columnAccepts(column, value)) {
        out[key] = value;
      } else {
        return undefined;
      }
    }
    return out;
  };
  /** The text-shaping part of filters (which keys, scalar or list): part of a prepared statement's key. */
  const filterShape = (filters: Scope) =>
    Object.keys(filters)
      .sort()
      .map((k) => `${k}${Array.isArray(filters[k]) ? '[]' : ''}`)
      .join(',');
  const filterConditions = (bind: Bind, filters: Scope) =>
    Object.entries(filters).map(([key, value]) =>
      Array.isArray(value)
        ? sql`${col(key)} = any(${bind === placeholder ? sql.placeholder(`f_${key}`) : sql.param(filterValue(key, value))})`
        : eq(col(key), bind(`f_${key}`, value)),
    );
  /**
   * A filter value as the driver takes it. A placeholder skips the column's encoder, and drizzle
   * turns off postgres-js's serialisers for dates, numerics and JSON: a Date would reach the driver
   * as an object. A list is one array literal, which every driver passes as text and the server
   * parses as the column's array type (enum labels included).
   */
  const filterValue = (key: string, value: unknown): unknown => {
    const column = col(key);
    const driver = (v: unknown) => (v === null || v === undefined ? null : column.mapToDriverValue(v));
    return Array.isArray(value) ? pgArrayLiteral(value.map(driver)) : driver(value);
  };
  const filterValues = (filters: Scope) =>
    Object.fromEntries(Object.entries(filters).map(([key, value]) => [`f_${key}`, filterValue(key, value)]));
  const lockedByCol = c.lockedBy ? col(c.lockedBy) : undefined;
  /** Same key for the same id whatever its letter case (uuid columns compare case-insensitively). */
  const idKey = (x: unknown) =>
    typeof x === 'string' && id.columnType === 'PgUUID' ? x.toLowerCase() : String(x);

  const whyNot = async (db: DbOrTx, jobId: unknown, scope: Scope) => {
    const found = await db
      .select({ id })
      .from(t)
      .where(and(eq(id, jobId), ...filterConditions(literal, scope)))
      .limit(1);
    if (found.length === 0) return notFound;
    return (
      c.lockedBy
        ? { success: false, error: 'LOCK_LOST', message: 'the job is not locked by this worker any more' }
        : { success: false, error: 'NOT_CLAIMED', message: 'the job is not in the claimed state' }
    ) as { success: false; error: FenceError<C>; message: string };
  };

  /** `id` is the job, or `= any(ids)` when `many`; fenced by status and (given a worker) lock holder; scoped by the filters. */
  const finishWhere = (
    bind: Bind,
    jobId: unknown,
    workerId: string | undefined,
    many: boolean,
    scope: Scope,
  ) =>
    and(
      many ? sql`${id} = any(${arrayParam(bind, 'ids', jobId as unknown[])})` : eq(id, bind('id', jobId)),
      eq(status, spec.states.claimed),
      c.lockedBy && workerId !== undefined ? eq(col(c.lockedBy), bind('workerId', workerId)) : undefined,
      ...filterConditions(bind, scope),
    );

  const finish = async (
    db: DbOrTx,
    kind: 'complete' | 'fail',
    jobId: unknown,
    workerId: string | undefined,
    values: (bind: Bind) => object,
    placeholders: Record<string, unknown>,
    /** Whatever changes the statement's text besides the fence; undefined: build on each call. */
    shape: string | undefined,
    filters: Scope | undefined,
  ) => {
    const scope = scopeOf(filters);
    // An id no row can have, or a scope no row can be in: nothing to ask the database.
    if (scope === undefined || !columnAccepts(id, jobId)) return notFound;
    const fenced = c.lockedBy !== undefined && workerId !== undefined;
    // A worker id the column cannot hold holds no lock.
    if (fenced && lockedByCol && !columnAccepts(lockedByCol, workerId)) return whyNot(db, jobId, scope);
    const rows = await run<T['$inferSelect'][]>(
      db,
      shape === undefined ? undefined : `${kind}:${fenced}:${filterShape(scope)}:${shape}`,
      (bind) =>
        db
          .update(t)
          .set(values(bind))
          .where(finishWhere(bind, jobId, workerId, false, scope))
          .returning() as unknown as Preparable,
      { ...placeholders, ...filterValues(scope), id: jobId, workerId },
    );
    return rows[0] ? { success: true as const, job: rows[0] as T['$inferSelect'] } : whyNot(db, jobId, scope);
  };

  const claimStatement = (db: DbOrTx, bind: Bind, opts: ClaimOptions) => {
    const { workerId, limit, filters, where, set } = opts;
    const readyAt = c.readyAt ? col(c.readyAt) : undefined;
    const ready = readyAt
      ? spec.readyWhenNull
        ? or(sql`${readyAt} is null`, lte(readyAt, sql`now()`))
        : lte(readyAt, sql`now()`)
      : undefined;
    const underLimit =
      spec.maxAttempts === undefined || (!attempts && !failures)
        ? undefined
        : sql`${attempts ?? failures} < ${limitOf(undefined)}`;
    const filtered = filterConditions(bind, filters ?? {});
    const pick = db
      .select({ id })
      .from(t)
      .where(and(eq(status, spec.states.ready), ready, underLimit, spec.claimable, ...filtered, where))
      .orderBy(
        ...orders.map(({ column, desc, nulls, rank }) => {
          const v = rank ? rankOf(col(column), rank) : col(column);
          return sql`${v} ${sql.raw(desc ? 'desc' : 'asc')}${sql.raw(nulls ? ` nulls ${nulls}` : '')}`;
        }),
      )
      .limit(bind('limit', claimLimit(limit)) as number)
      .for('update', { skipLocked: true });
    const values: Record<string, unknown> = { ...spec.claimSet, ...set, [c.status]: spec.states.claimed };
    if (attempts && c.attempts) values[c.attempts] = increment(attempts);
    if (c.lockedAt) values[c.lockedAt] = sql`now()`;
    if (c.lockedBy) values[c.lockedBy] = sql`${bind('workerId', workerId ?? null)}`;
    // `= any(array(…))`, not `in (…)`: the picked ids become one InitPlan array probed through the
    // primary key. With `in`, the planner may hash-join the subquery against a scan of the whole table.
    return db.update(t).set(values).where(sql`${id} = any(array(${pick}))`).returning();
  };

  return {
    spec,
    claimQuery(db, opts) {
      return claimStatement(db, literal, opts);
    },

    async claim(db, opts) {
      const { where, set } = opts;
      const filters = scopeOf(opts.filters);
      const limit = claimLimit(opts.limit);
      // Filters no row can match, or nothing asked for: nothing to claim.
      if (filters === undefined || limit === 0) return [];
      if (lockedByCol && opts.workerId !== undefined && !columnAccepts(lockedByCol, opts.workerId)) {
        throw new RangeError('queue claim: the workerId cannot be stored (NUL or an unpaired surrogate)');
      }
      const scoped = { ...opts, filters, limit };
      const shape = where || set ? undefined : `claim:${filterShape(filters)}`;
      const values: Record<string, unknown> = {
        workerId: opts.workerId ?? null,
        limit,
        ...filterValues(filters),
      };
      const rows = await run<T['$inferSelect'][]>(
        db,
        shape,
        (bind) => claimStatement(db, bind, scoped) as unknown as Preparable,
        values,
      );
      // RETURNING has no order: sort the same way the claim did.
      return rows.sort((a: any, b: any) => {
        for (const { column, desc, nulls, rank } of orders) {
          let x = a[column];
          let y = b[column];
          if (rank) [x, y] = [rank.indexOf(x), rank.indexOf(y)].map((i) => (i < 0 ? null : i));
          const nullsFirst = nulls ? nulls === 'first' : !!desc;
          if (x == null || y == null) {
            if (x == null && y == null) continue;
            return (x == null) === nullsFirst ? -1 : 1;
          }
          if (x < y) return desc ? 1 : -1;
          if (x > y) return desc ? -1 : 1;
        }
        return 0;
      });
    },

    complete(db, { id: jobId, workerId, set, filters }) {
      return finish(
        db,
        'complete',
        jobId,
        workerId,
        () => doneValues(set),
        {},
        set ? undefined : '',
        filters,
      );
    },

    async completeMany(db, { ids, workerId, set, rows = true, filters }) {
      if (ids.length === 0) return { jobs: [], notCompleted: [] };
      const fenced = c.lockedBy !== undefined && workerId !== undefined;
      const scope = scopeOf(filters);
      // Ids a row can have, once each, in one canonical order.
      const wanted = [...new Map(ids.filter((x) => columnAccepts(id, x)).map((x) => [idKey(x), x])).values()];
      wanted.sort((a, b) =>
        typeof a === 'number' && typeof b === 'number'
          ? a - b
          : idKey(a) < idKey(b)
            ? -1
            : idKey(a) > idKey(b)
              ? 1
              : 0,
      );
      if (
        scope === undefined ||
        wanted.length === 0 ||
        (fenced && lockedByCol && !columnAccepts(lockedByCol, workerId))
      ) {
        return { jobs: [], notCompleted: [...ids] };
      }
      const done = await run<Record<string, unknown>[]>(
        db,
        set ? undefined : `completeMany:${fenced}:${rows}:${filterShape(scope)}`,
        (bind) => {
          const update = db
            .update(t)
            .set(doneValues(set))
            .where(finishWhere(bind, wanted, workerId, true, scope));
          return (rows ? update.returning() : update.returning({ [c.id]: id })) as unknown as Preparable;
        },
        { ids: wanted, workerId, ...filterValues(scope) },
      );
      const completed = new Set(done.map((j) => idKey(j[c.id])));
      const notCompleted = ids.filter((x) => !completed.has(idKey(x)));
      return { jobs: rows ? (done as T['$inferSelect'][]) : [], notCompleted };
    },

    async fail(db, { id: jobId, workerId, error, maxAttempts, set, filters }) {
      const max = maxAttempts ?? spec.maxAttempts;
      const message = storableText(String(error), maxErr);
      return finish(
        db,
        'fail',
        jobId,
        workerId,
        (bind) => {
          const values = { ...set, ...failValues(maxAttempts, bind) };
          if (c.lastError) values[c.lastError] = sql`${bind('error', message)}`;
          return values;
        },
        { maxAttempts: typeof max === 'number' ? attemptLimit(max) : max, error: message },
        // A per-row limit column is part of the text; a number is a placeholder.
        set ? undefined : typeof max,
        filters,
      );
    },

    async reclaimStale(db, { olderThanSeconds, maxAttempts }) {
      if (!c.lockedAt) throw new Error('reclaimStale needs a lockedAt column');
      if (Number.isNaN(olderThanSeconds)) throw new RangeError('queue reclaimStale: olderThanSeconds is NaN');
      const age = Math.max(-MAX_LOCK_AGE_SECONDS, Math.min(olderThanSeconds, MAX_LOCK_AGE_SECONDS));
      const values = failValues(maxAttempts);
      // A stale lock is retried at once, not after a backoff.
      if (c.readyAt) delete values[c.readyAt];
      if (c.lastError) values[c.lastError] = 'lock expired: the worker stopped before finishing';
      return (await db
        .update(t)
        .set(values)
        .where(
          and(
            eq(status, spec.states.claimed),
            // The lock's age as a number: `locked_at < now() - interval` overflows for ages past
            // the timestamp range, this comparison never does.
            sql`extract(epoch from now() - ${col(c.lockedAt)}) > ${age}::float8`,
          ),
        )
        .returning()) as T['$inferSelect'][];
    },
  };

  /** 0, 1, … by position in `rank`; NULL for other values. */
  function rankOf(column: PgColumn, rank: readonly unknown[]): SQL {
    return sql`case ${column} ${sql.join(
      rank.map((r, i) => sql`when ${r} then ${sql.raw(String(i))}`),
      sql` `,
    )} end`;
  }
}
