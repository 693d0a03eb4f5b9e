import { and, eq, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type AnyDb, narrowDb } from '../db';
import type { QueueContext } from './context';
import { filterConditions } from './filters';
import { arrayParam, type Bind, literal } from './prepared';
import type { ClaimOptions, Scope } from './spec';
import { attemptLimit, claimLimit, INTEGER_RANGES } from './values';

// The engine's statements, built from a queue's context. `bind` decides whether a value is a
// placeholder (a prepared statement) or the value itself (a statement built per call).

/** The attempt limit: a number (bound as int8), a per-row column, or the spec's. */
function limitOf(q: QueueContext, max: number | string | undefined, bind: Bind = literal): SQL {
  const m = max ?? q.spec.maxAttempts;
  if (m === undefined) throw new Error('defineQueue: no maxAttempts given');
  return typeof m === 'number' ? sql`${bind('maxAttempts', attemptLimit(m))}::int8` : sql`${q.col(m)}`;
}

/** counter + 1, staying at the column's maximum (a counter there must not make every update fail). */
function increment(counter: PgColumn): SQL {
  const range = INTEGER_RANGES[counter.columnType];
  return range
    ? sql`case when ${counter} < ${sql.raw(String(range.max))} then ${counter} + 1 else ${counter} end`
    : sql`${counter} + 1`;
}

/** True when this failure uses up the last try; without a counter every failure is final. */
function exhausted(q: QueueContext, max: number | undefined, bind: Bind): SQL {
  const { attempts, failures } = q;
  return attempts
    ? sql`${attempts} >= ${limitOf(q, max, bind)}`
    : failures
      ? sql`${failures}::int8 + 1 >= ${limitOf(q, max, bind)}`
      : sql`true`;
}

/** The try being failed, 1-based: the backoff exponent (int8: counting on cannot overflow). */
function tryNo({ attempts, failures }: QueueContext): SQL {
  return attempts ? sql`${attempts}::int8` : failures ? sql`${failures}::int8 + 1` : sql`1`;
}

/** Columns set when a job fails or its lock expires: retry (ready) or final (failed). */
function failValues(q: QueueContext, max: number | undefined, bind: Bind = literal): Record<string, unknown> {
  const { c, col, spec, failures, baseSeconds, capSeconds } = q;
  const done = exhausted(q, max, bind);
  const values: Record<string, unknown> = {
    [c.status]: sql`case when ${done} then ${spec.states.failed} else ${spec.states.ready} end`,
  };
  if (failures && c.failures) values[c.failures] = increment(failures);
  if (c.lockedAt) values[c.lockedAt] = null;
  if (c.lockedBy) values[c.lockedBy] = null;
  if (c.readyAt) {
    values[c.readyAt] = sql`case when ${done} then ${col(c.readyAt)} else now() + make_interval(secs =>
        least(${capSeconds}::float8, ${baseSeconds}::float8 * power(2::float8, least(greatest(${tryNo(q)} - 1, 0), 60)))
        * (0.5 + random() / 2)) end`;
  }
  if (c.finishedAt) values[c.finishedAt] = sql`case when ${done} then now() else null end`;
  if (c.failedAt) values[c.failedAt] = sql`case when ${done} then now() else null end`;
  return values;
}

/** Columns set when a job is done: `doneSet` and `set` first, so they never override the status or the lock. */
function doneValues({ c, spec }: QueueContext, set?: Record<string, unknown>) {
  const values: Record<string, unknown> = { ...spec.doneSet, ...set, [c.status]: spec.states.done };
  if (c.lockedAt) values[c.lockedAt] = null;
  if (c.lockedBy) values[c.lockedBy] = null;
  if (c.finishedAt) values[c.finishedAt] = sql`now()`;
  if (c.doneAt) values[c.doneAt] = sql`now()`;
  return values;
}

/** `id` is the job, or `= any(ids)` when `many`; fenced by status and (given a worker) lock holder; scoped by the filters. */
function finishWhere(
  q: QueueContext,
  bind: Bind,
  jobId: unknown,
  workerId: string | undefined,
  many: boolean,
  scope: Scope,
) {
  const { c, col, id, status, spec } = q;
  return and(
    many ? sql`${id} = any(${arrayParam(bind, 'ids', jobId as unknown[])})` : eq(id, bind('id', jobId)),
    eq(status, spec.states.claimed),
    c.lockedBy && workerId !== undefined ? eq(col(c.lockedBy), bind('workerId', workerId)) : undefined,
    ...filterConditions(col, bind, scope),
  );
}

/** 0, 1, … by position in `rank`; NULL for other values. */
function rankOf(column: PgColumn, rank: readonly unknown[]): SQL {
  return sql`case ${column} ${sql.join(
    rank.map((r, i) => sql`when ${r} then ${sql.raw(String(i))}`),
    sql` `,
  )} end`;
}

/** The ids a claim takes: ready, due, under the attempt limit, filtered, in claim order, SKIP LOCKED. */
function claimPick(q: QueueContext, db: AnyDb, bind: Bind, opts: ClaimOptions) {
  narrowDb(db);
  const { spec, c, col, id, status, attempts, failures, t, orders } = q;
  const readyAt = c.readyAt ? col(c.readyAt) : undefined;
  const ready = readyAt
    ? spec.readyWhenNull
      ? or(sql`${readyAt} is null`, lte(readyAt, sql`now()`))
      : lte(readyAt, sql`now()`)
    : undefined;
  const underLimit =
    spec.maxAttempts === undefined || (!attempts && !failures)
      ? undefined
      : sql`${attempts ?? failures} < ${limitOf(q, undefined)}`;
  const filtered = filterConditions(col, bind, opts.filters ?? {});
  return db
    .select({ id })
    .from(t)
    .where(and(eq(status, spec.states.ready), ready, underLimit, spec.claimable, ...filtered, opts.where))
    .orderBy(
      ...orders.map(({ column, desc, nulls, rank }) => {
        const v = rank ? rankOf(col(column), rank) : col(column);
        return sql`${v} ${sql.raw(desc ? 'desc' : 'asc')}${sql.raw(nulls ? ` nulls ${nulls}` : '')}`;
      }),
    )
    .limit(bind('limit', claimLimit(opts.limit)) as number)
    .for('update', { skipLocked: true });
}

/**
 * The claim: `UPDATE … SET status = claimed, attempts + 1, lock, claimSet, set WHERE id = any(array(
 * <claimPick>)) RETURNING *`.
 */
export function claimStatement(q: QueueContext, db: AnyDb, bind: Bind, opts: ClaimOptions) {
  narrowDb(db);
  const { spec, c, id, attempts, t } = q;
  const values: Record<string, unknown> = { ...spec.claimSet, ...opts.set, [c.status]: spec.states.claimed };
  if (attempts && c.attempts) values[c.attempts] = increment(attempts);
  if (c.lockedAt) values[c.lockedAt] = sql`now()`;
  if (c.lockedBy) values[c.lockedBy] = sql`${bind('workerId', opts.workerId ?? null)}`;
  // `= any(array(…))`, not `in (…)`: the picked ids become one InitPlan array probed through the
  // primary key. With `in`, the planner may hash-join the subquery against a scan of the whole table.
  return db
    .update(t)
    .set(values)
    .where(sql`${id} = any(array(${claimPick(q, db, bind, opts)}))`)
    .returning();
}

/** Marks one claimed job done: `set` and the done columns, fenced and scoped. */
export function completeStatement(
  q: QueueContext,
  db: AnyDb,
  bind: Bind,
  job: { id: unknown; workerId: string | undefined; set?: Record<string, unknown>; scope: Scope },
) {
  narrowDb(db);
  return db
    .update(q.t)
    .set(doneValues(q, job.set))
    .where(finishWhere(q, bind, job.id, job.workerId, false, job.scope))
    .returning();
}

/** Marks many claimed jobs done in one statement; returns their rows, or only their ids. */
export function completeManyStatement(
  q: QueueContext,
  db: AnyDb,
  bind: Bind,
  jobs: {
    ids: unknown[];
    workerId: string | undefined;
    set?: Record<string, unknown>;
    scope: Scope;
    rows: boolean;
  },
) {
  narrowDb(db);
  const update = db
    .update(q.t)
    .set(doneValues(q, jobs.set))
    .where(finishWhere(q, bind, jobs.ids, jobs.workerId, true, jobs.scope));
  return jobs.rows ? update.returning() : update.returning({ [q.c.id]: q.id });
}

/** Records one failure of a claimed job: retry with backoff or final, with the error text; fenced and scoped. */
export function failStatement(
  q: QueueContext,
  db: AnyDb,
  bind: Bind,
  job: {
    id: unknown;
    workerId: string | undefined;
    message: string;
    maxAttempts?: number;
    set?: Record<string, unknown>;
    scope: Scope;
  },
) {
  narrowDb(db);
  const values = { ...job.set, ...failValues(q, job.maxAttempts, bind) };
  if (q.c.lastError) values[q.c.lastError] = sql`${bind('error', job.message)}`;
  return db
    .update(q.t)
    .set(values)
    .where(finishWhere(q, bind, job.id, job.workerId, false, job.scope))
    .returning();
}

/** Fails every claimed job locked longer than `age` seconds: back to ready at once, or failed when out of tries. */
export function reclaimStatement(
  q: QueueContext,
  db: AnyDb,
  stale: { lockedAt: string; age: number; maxAttempts: number | undefined },
) {
  narrowDb(db);
  const { c, col, status, spec } = q;
  const values = failValues(q, stale.maxAttempts);
  // A stale lock is retried at once, not after a backoff.
  if (c.readyAt) delete values[c.readyAt];
  if (c.lastError) values[c.lastError] = 'lock expired: the worker stopped before finishing';
  return db
    .update(q.t)
    .set(values)
    .where(
      and(
        eq(status, spec.states.claimed),
        // The lock's age as a number: `locked_at < now() - interval` overflows for ages past
        // the timestamp range, this comparison never does.
        sql`extract(epoch from now() - ${col(stale.lockedAt)}) > ${stale.age}::float8`,
      ),
    )
    .returning();
}
