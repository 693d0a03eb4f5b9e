import { and, asc, eq, getTableColumns, inArray, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './db';

/**
 * A small job-queue engine over any queue-shaped table: claim with one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`, fenced completion and
 * failure (only the lock holder may finish a job), exponential jittered backoff, stale-lock
 * reclaim. Systems describe their table with `QueueSpec` and wrap the engine in typed functions.
 */
export interface QueueSpec<T extends PgTable> {
  table: T;
  /** TS keys of the table's columns. */
  columns: {
    id: keyof T['$inferSelect'] & string;
    status: keyof T['$inferSelect'] & string;
    attempts: keyof T['$inferSelect'] & string;
    /** Claimable when `<= now()`; `readyWhenNull` makes NULL claimable too. */
    readyAt?: keyof T['$inferSelect'] & string;
    lockedAt?: keyof T['$inferSelect'] & string;
    lockedBy?: keyof T['$inferSelect'] & string;
    lastError?: keyof T['$inferSelect'] & string;
    /** Set to now() when a job reaches done or failed. */
    finishedAt?: keyof T['$inferSelect'] & string;
  };
  states: { ready: string; claimed: string; done: string; failed: string };
  /** Claim order (should match an index whose leading column is the status). */
  orderBy: (keyof T['$inferSelect'] & string)[];
  readyWhenNull?: boolean;
  /** Backoff after a failure: min(cap, base · 2^(attempts−1)), scaled by a random factor in [0.5, 1]. */
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

export type FinishOutcome<Row> =
  | { success: true; job: Row }
  | { success: false; error: 'JOB_NOT_FOUND' | 'LOCK_LOST'; message: string };

export interface Queue<T extends PgTable> {
  spec: QueueSpec<T>;
  claim(db: DbOrTx, opts: ClaimOptions): Promise<T['$inferSelect'][]>;
  /** The claim statement, unexecuted (for EXPLAIN). */
  claimQuery(db: DbOrTx, opts: ClaimOptions): SQLWrapper & { getSQL(): SQL };
  complete(
    db: DbOrTx,
    opts: { id: unknown; workerId?: string; set?: Record<string, unknown> },
  ): Promise<FinishOutcome<T['$inferSelect']>>;
  fail(
    db: DbOrTx,
    opts: {
      id: unknown;
      workerId?: string;
      error: string;
      maxAttempts: number;
      set?: Record<string, unknown>;
    },
  ): Promise<FinishOutcome<T['$inferSelect']>>;
  reclaimStale(
    db: DbOrTx,
    opts: { olderThanSeconds: number; maxAttempts: number },
  ): Promise<T['$inferSelect'][]>;
}

export function defineQueue<T extends PgTable>(spec: QueueSpec<T>): Queue<T> {
  const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
  const col = (key: string): PgColumn => {
    const c = cols[key];
    if (!c) throw new Error(`defineQueue: ${key} is not a column of the table`);
    return c;
  };
  const c = spec.columns;
  const id = col(c.id);
  const status = col(c.status);
  const attempts = col(c.attempts);
  const { baseSeconds, capSeconds } = spec.backoff ?? { baseSeconds: 5, capSeconds: 3600 };
  const maxErr = spec.maxErrorLength ?? 4000;
  const t = spec.table as any;

  const whyNot = async (db: DbOrTx, jobId: unknown) => {
    const found = await db.select({ id }).from(t).where(eq(id, jobId)).limit(1);
    return found.length === 0
      ? ({ success: false, error: 'JOB_NOT_FOUND', message: 'no such job' } as const)
      : ({
          success: false,
          error: 'LOCK_LOST',
          message: 'the job is not locked by this worker any more',
        } as const);
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
      const pick = db
        .select({ id })
        .from(t)
        .where(and(eq(status, spec.states.ready), ready, where))
        .orderBy(...spec.orderBy.map((k) => asc(col(k))))
        .limit(limit)
        .for('update', { skipLocked: true });
      const values: Record<string, unknown> = {
        ...set,
        [c.status]: spec.states.claimed,
        [c.attempts]: sql`${attempts} + 1`,
      };
      if (c.lockedAt) values[c.lockedAt] = sql`now()`;
      if (c.lockedBy) values[c.lockedBy] = workerId ?? null;
      return db.update(t).set(values).where(inArray(id, pick)).returning();
    },

    async claim(db, opts) {
      const rows = (await this.claimQuery(db, opts)) as unknown as T['$inferSelect'][];
      const order = spec.orderBy;
      return rows.sort((a: any, b: any) => {
        for (const k of order) {
          const x = a[k];
          const y = b[k];
          if (x < y) return -1;
          if (x > y) return 1;
        }
        return 0;
      });
    },

    async complete(db, { id: jobId, workerId, set }) {
      const values: Record<string, unknown> = { ...set, [c.status]: spec.states.done };
      if (c.lockedAt) values[c.lockedAt] = null;
      if (c.lockedBy) values[c.lockedBy] = null;
      if (c.finishedAt) values[c.finishedAt] = sql`now()`;
      const rows = await db
        .update(t)
        .set(values)
        .where(and(eq(id, jobId), eq(status, spec.states.claimed), fence(workerId)))
        .returning();
      return rows[0] ? { success: true, job: rows[0] as T['$inferSelect'] } : whyNot(db, jobId);
    },

    async fail(db, { id: jobId, workerId, error, maxAttempts, set }) {
      const exhausted = sql`${attempts} >= ${maxAttempts}`;
      const values: Record<string, unknown> = {
        ...set,
        [c.status]: sql`case when ${exhausted} then ${spec.states.failed} else ${spec.states.ready} end`,
      };
      if (c.lastError) values[c.lastError] = error.slice(0, maxErr);
      if (c.lockedAt) values[c.lockedAt] = null;
      if (c.lockedBy) values[c.lockedBy] = null;
      if (c.readyAt) {
        values[c.readyAt] =
          sql`case when ${exhausted} then ${col(c.readyAt)} else now() + make_interval(secs =>
          least(${capSeconds}::float8, ${baseSeconds}::float8 * power(2, greatest(${attempts} - 1, 0)))
          * (0.5 + random() / 2)) end`;
      }
      if (c.finishedAt) values[c.finishedAt] = sql`case when ${exhausted} then now() else null end`;
      const rows = await db
        .update(t)
        .set(values)
        .where(and(eq(id, jobId), eq(status, spec.states.claimed), fence(workerId)))
        .returning();
      return rows[0] ? { success: true, job: rows[0] as T['$inferSelect'] } : whyNot(db, jobId);
    },

    async reclaimStale(db, { olderThanSeconds, maxAttempts }) {
      if (!c.lockedAt) throw new Error('reclaimStale needs a lockedAt column');
      const lockedAt = col(c.lockedAt);
      const exhausted = sql`${attempts} >= ${maxAttempts}`;
      const values: Record<string, unknown> = {
        [c.status]: sql`case when ${exhausted} then ${spec.states.failed} else ${spec.states.ready} end`,
        [c.lockedAt]: null,
      };
      if (c.lockedBy) values[c.lockedBy] = null;
      if (c.lastError) values[c.lastError] = 'lock expired: the worker stopped before finishing';
      if (c.finishedAt) values[c.finishedAt] = sql`case when ${exhausted} then now() else null end`;
      return (await db
        .update(t)
        .set(values)
        .where(
          and(
            eq(status, spec.states.claimed),
            sql`${lockedAt} < now() - make_interval(secs => ${olderThanSeconds}::float8)`,
          ),
        )
        .returning()) as T['$inferSelect'][];
    },
  };

  function fence(workerId?: string): SQL | undefined {
    return c.lockedBy && workerId !== undefined ? eq(col(c.lockedBy), workerId) : undefined;
  }
}
