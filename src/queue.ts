import { and, eq, getTableColumns, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './db';

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
    opts: { id: unknown; workerId?: string; set?: Record<string, unknown> },
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
    return typeof m === 'number' ? sql`${bind('maxAttempts', m)}` : sql`${col(m)}`;
  };
  /** True when this failure uses up the last try; without a counter every failure is final. */
  const exhausted = (max: number | undefined, bind: Bind): SQL =>
    attempts
      ? sql`${attempts} >= ${limitOf(max, bind)}`
      : failures
        ? sql`${failures} + 1 >= ${limitOf(max, bind)}`
        : sql`true`;
  /** The try being failed, 1-based: the backoff exponent. */
  const tryNo = attempts ? sql`${attempts}` : failures ? sql`${failures} + 1` : sql`1`;

  /** Columns set when a job fails or its lock expires: retry (ready) or final (failed). */
  const failValues = (max: number | undefined, bind: Bind = literal): Record<string, unknown> => {
    const done = exhausted(max, bind);
    const values: Record<string, unknown> = {
      [c.status]: sql`case when ${done} then ${spec.states.failed} else ${spec.states.ready} end`,
    };
    if (failures && c.failures) values[c.failures] = sql`${failures} + 1`;
    if (c.lockedAt) values[c.lockedAt] = null;
    if (c.lockedBy) values[c.lockedBy] = null;
    if (c.readyAt) {
      values[c.readyAt] = sql`case when ${done} then ${col(c.readyAt)} else now() + make_interval(secs =>
        least(${capSeconds}::float8, ${baseSeconds}::float8 * power(2, greatest(${tryNo} - 1, 0)))
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

  const whyNot = async (db: DbOrTx, jobId: unknown) => {
    const found = await db.select({ id }).from(t).where(eq(id, jobId)).limit(1);
    if (found.length === 0)
      return { success: false, error: 'JOB_NOT_FOUND', message: 'no such job' } as const;
    return (
      c.lockedBy
        ? { success: false, error: 'LOCK_LOST', message: 'the job is not locked by this worker any more' }
        : { success: false, error: 'NOT_CLAIMED', message: 'the job is not in the claimed state' }
    ) as { success: false; error: FenceError<C>; message: string };
  };

  /** `id` is the job, or `= any(ids)` when `many`; fenced by status and (given a worker) lock holder. */
  const finishWhere = (bind: Bind, jobId: unknown, workerId: string | undefined, many: boolean) =>
    and(
      many ? sql`${id} = any(${arrayParam(bind, 'ids', jobId as unknown[])})` : eq(id, bind('id', jobId)),
      eq(status, spec.states.claimed),
      c.lockedBy && workerId !== undefined ? eq(col(c.lockedBy), bind('workerId', workerId)) : undefined,
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
  ) => {
    const fenced = c.lockedBy !== undefined && workerId !== undefined;
    const rows = await run<T['$inferSelect'][]>(
      db,
      shape === undefined ? undefined : `${kind}:${fenced}:${shape}`,
      (bind) =>
        db
          .update(t)
          .set(values(bind))
          .where(finishWhere(bind, jobId, workerId, false))
          .returning() as unknown as Preparable,
      { ...placeholders, id: jobId, workerId },
    );
    return rows[0] ? { success: true as const, job: rows[0] as T['$inferSelect'] } : whyNot(db, jobId);
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
    const filtered = Object.entries(filters ?? {}).map(([key, value]) =>
      Array.isArray(value)
        ? sql`${col(key)} = any(${arrayParam(bind, `f_${key}`, value)})`
        : eq(col(key), bind(`f_${key}`, value)),
    );
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
      .limit(bind('limit', limit) as number)
      .for('update', { skipLocked: true });
    const values: Record<string, unknown> = { ...spec.claimSet, ...set, [c.status]: spec.states.claimed };
    if (attempts && c.attempts) values[c.attempts] = sql`${attempts} + 1`;
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
      const { filters = {}, where, set } = opts;
      const shape =
        where || set
          ? undefined
          : `claim:${Object.keys(filters)
              .sort()
              .map((k) => `${k}${Array.isArray(filters[k]) ? '[]' : ''}`)
              .join(',')}`;
      const values: Record<string, unknown> = { workerId: opts.workerId ?? null, limit: opts.limit };
      for (const [key, value] of Object.entries(filters)) values[`f_${key}`] = value;
      const rows = await run<T['$inferSelect'][]>(
        db,
        shape,
        (bind) => claimStatement(db, bind, opts) as unknown as Preparable,
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

    complete(db, { id: jobId, workerId, set }) {
      return finish(db, 'complete', jobId, workerId, () => doneValues(set), {}, set ? undefined : '');
    },

    async completeMany(db, { ids, workerId, set, rows = true }) {
      if (ids.length === 0) return { jobs: [], notCompleted: [] };
      const fenced = c.lockedBy !== undefined && workerId !== undefined;
      const done = await run<Record<string, unknown>[]>(
        db,
        set ? undefined : `completeMany:${fenced}:${rows}`,
        (bind) => {
          const update = db
            .update(t)
            .set(doneValues(set))
            .where(finishWhere(bind, ids, workerId, true));
          return (rows ? update.returning() : update.returning({ [c.id]: id })) as unknown as Preparable;
        },
        { ids, workerId },
      );
      const completed = new Set(done.map((j) => String(j[c.id])));
      const notCompleted = ids.filter((x) => !completed.has(String(x)));
      return { jobs: rows ? (done as T['$inferSelect'][]) : [], notCompleted };
    },

    fail(db, { id: jobId, workerId, error, maxAttempts, set }) {
      const max = maxAttempts ?? spec.maxAttempts;
      const message = error.slice(0, maxErr);
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
        { maxAttempts: max, error: message },
        // A per-row limit column is part of the text; a number is a placeholder.
        set ? undefined : typeof max,
      );
    },

    async reclaimStale(db, { olderThanSeconds, maxAttempts }) {
      if (!c.lockedAt) throw new Error('reclaimStale needs a lockedAt column');
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
            sql`${col(c.lockedAt)} < now() - make_interval(secs => ${olderThanSeconds}::float8)`,
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
