import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { AnyDb } from '../db';

export type Key<T extends PgTable> = keyof T['$inferSelect'] & string;

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
  /** Extra columns every completion sets, e.g. `{ lastError: null }` (static: part of the prepared statements). */
  doneSet?: Record<string, unknown>;
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

/**
 * Why a finishing call changed nothing. JOB_NOT_FOUND: no such job (or none in the scope).
 * LOCK_LOST: this caller does not hold the job's claim any more: it was finished, reclaimed, or
 * another worker holds it (only a table with a lockedBy column can tell workers apart).
 */
export type FinishError = 'JOB_NOT_FOUND' | 'LOCK_LOST';

export type FinishOutcome<Row> =
  | { success: true; job: Row }
  | { success: false; error: FinishError; message: string };

export interface Queue<T extends PgTable, C extends QueueColumns<T> = QueueColumns<T>> {
  spec: QueueSpec<T, C>;
  claim(db: AnyDb, opts: ClaimOptions): Promise<T['$inferSelect'][]>;
  /** The claim statement, unexecuted (for EXPLAIN). */
  claimQuery(db: AnyDb, opts: ClaimOptions): SQLWrapper & { getSQL(): SQL };
  complete(
    db: AnyDb,
    opts: { id: unknown; workerId?: string; set?: Record<string, unknown>; filters?: Scope },
  ): Promise<FinishOutcome<T['$inferSelect']>>;
  /**
   * Completes many claimed jobs in one statement (same fencing as `complete`). Ids that were not
   * completed — unknown, finished, or locked by another worker — come back in `notCompleted`.
   */
  completeMany(
    db: AnyDb,
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
    db: AnyDb,
    opts: {
      id: unknown;
      workerId?: string;
      error: string;
      maxAttempts?: number;
      set?: Record<string, unknown>;
      filters?: Scope;
    },
  ): Promise<FinishOutcome<T['$inferSelect']>>;
  reclaimStale(
    db: AnyDb,
    opts: { olderThanSeconds: number; maxAttempts?: number },
  ): Promise<T['$inferSelect'][]>;
}
