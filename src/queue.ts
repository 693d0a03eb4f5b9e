import { and, eq, getTableColumns, inArray, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './db';

/**
 * A small job-queue engine over any queue-shaped table: claim with one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`, fenced completion and
 * failure (only a claimed job — and with a lockedBy column, only its lock holder — may be finished),
 * exponential jittered backoff, stale-lock reclaim. Systems describe their table with `QueueSpec`
 * and wrap the engine in typed functions.
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
  /** Extra filter, e.g. on job type. */
  where?: SQL;
  /** Extra columns to set on claim, e.g. started_at. */
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
    opts: { ids: unknown[]; workerId?: string; set?: Record<string, unknown> },
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

  const limitOf = (max: number | string | undefined): SQL => {
    const m = max ?? spec.maxAttempts;
    if (m === undefined) throw new Error('defineQueue: no maxAttempts given');
    return typeof m === 'number' ? sql`${m}` : sql`${col(m)}`;
  };
  /** True when this failure uses up the last try; without a counter every failure is final. */
  const exhausted = (max?: number): SQL =>
    attempts
      ? sql`${attempts} >= ${limitOf(max)}`
      : failures
        ? sql`${failures} + 1 >= ${limitOf(max)}`
        : sql`true`;
  /** The try being failed, 1-based: the backoff exponent. */
  const tryNo = attempts ? sql`${attempts}` : failures ? sql`${failures} + 1` : sql`1`;

  /** Columns set when a job fails or its lock expires: retry (ready) or final (failed). */
  const failValues = (max?: number): Record<string, unknown> => {
    const done = exhausted(max);
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

  const finish = async (db: DbOrTx, jobId: unknown, workerId: string | undefined, values: object) => {
    const rows = await db
      .update(t)
      .set(values)
      .where(and(eq(id, jobId), eq(status, spec.states.claimed), fence(workerId)))
      .returning();
    return rows[0] ? { success: true as const, job: rows[0] as T['$inferSelect'] } : whyNot(db, jobId);
  };

  return {
    spec,
    claimQuery(db, { workerId, limit, where, set }) {
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
      const pick = db
        .select({ id })
        .from(t)
        .where(and(eq(status, spec.states.ready), ready, underLimit, spec.claimable, where))
        .orderBy(
          ...orders.map(({ column, desc, nulls, rank }) => {
            const v = rank ? rankOf(col(column), rank) : col(column);
            return sql`${v} ${sql.raw(desc ? 'desc' : 'asc')}${sql.raw(nulls ? ` nulls ${nulls}` : '')}`;
          }),
        )
        .limit(limit)
        .for('update', { skipLocked: true });
      const values: Record<string, unknown> = { ...set, [c.status]: spec.states.claimed };
      if (attempts && c.attempts) values[c.attempts] = sql`${attempts} + 1`;
      if (c.lockedAt) values[c.lockedAt] = sql`now()`;
      if (c.lockedBy) values[c.lockedBy] = workerId ?? null;
      return db.update(t).set(values).where(inArray(id, pick)).returning();
    },

    async claim(db, opts) {
      const rows = (await this.claimQuery(db, opts)) as unknown as T['$inferSelect'][];
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
      return finish(db, jobId, workerId, doneValues(set));
    },

    async completeMany(db, { ids, workerId, set }) {
      if (ids.length === 0) return { jobs: [], notCompleted: [] };
      const jobs = (await db
        .update(t)
        .set(doneValues(set))
        .where(and(inArray(id, ids), eq(status, spec.states.claimed), fence(workerId)))
        .returning()) as T['$inferSelect'][];
      const completed = new Set(jobs.map((j: any) => String(j[c.id])));
      return { jobs, notCompleted: ids.filter((x) => !completed.has(String(x))) };
    },

    fail(db, { id: jobId, workerId, error, maxAttempts, set }) {
      const values = { ...set, ...failValues(maxAttempts) };
      if (c.lastError) values[c.lastError] = error.slice(0, maxErr);
      return finish(db, jobId, workerId, values);
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

  function fence(workerId?: string): SQL | undefined {
    return c.lockedBy && workerId !== undefined ? eq(col(c.lockedBy), workerId) : undefined;
  }
}
