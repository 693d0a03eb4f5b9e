import { and, eq } from 'drizzle-orm';
import { type AnyDb, narrowDb } from '../db';
import type { QueueContext } from './context';
import { filterConditions, filterShape, filterValues, scopeOf } from './filters';
import { type Bind, literal, type Preparable, type Run } from './prepared';
import type { FinishOutcome, Queue, Scope } from './spec';
import { completeManyStatement, completeStatement, failStatement, reclaimStatement } from './statements';
import { attemptLimit, columnAccepts, MAX_LOCK_AGE_SECONDS, storableText } from './values';

// The finishing calls: complete, completeMany, fail (fenced: only a claimed job, and with a
// lockedBy column only its lock holder's) and reclaimStale.

type Row = Record<string, any>;
type Outcome = FinishOutcome<Row>;
type Opts<M extends Exclude<keyof Queue<any>, 'spec'>> = Parameters<Queue<any>[M]>[1];

const notFound = { success: false, error: 'JOB_NOT_FOUND', message: 'no such job' } as const;

/** Why a finishing update changed nothing: the job is not there (in the scope), or this caller lost it. */
async function whyNot(q: QueueContext, db: AnyDb, jobId: unknown, scope: Scope): Promise<Outcome> {
  narrowDb(db);
  const { id } = q;
  const found = await db
    .select({ id })
    .from(q.t)
    .where(and(eq(id, jobId), ...filterConditions(q.col, literal, scope)))
    .limit(1);
  if (found.length === 0) return notFound;
  return {
    success: false,
    error: 'LOCK_LOST',
    message: q.c.lockedBy
      ? 'the job is not locked by this worker any more'
      : 'the job is not in the claimed state',
  };
}

/** One finishing update (complete or fail) of one job, and why not when it changed nothing. */
async function finish(
  q: QueueContext,
  run: Run,
  db: AnyDb,
  kind: 'complete' | 'fail',
  job: { id: unknown; workerId: string | undefined; filters: Scope | undefined },
  build: (bind: Bind, scope: Scope) => Preparable,
  placeholders: Record<string, unknown>,
  /** Whatever changes the statement's text besides the fence; undefined: build on each call. */
  shape: string | undefined,
): Promise<Outcome> {
  narrowDb(db);
  const { id: jobId, workerId } = job;
  const { lockedByCol } = q;
  const scope = scopeOf(q.col, job.filters);
  // An id no row can have, or a scope no row can be in: nothing to ask the database.
  if (scope === undefined || !columnAccepts(q.id, jobId)) return notFound;
  const fenced = q.c.lockedBy !== undefined && workerId !== undefined;
  // A worker id the column cannot hold holds no lock.
  if (fenced && lockedByCol && !columnAccepts(lockedByCol, workerId)) return whyNot(q, db, jobId, scope);
  const rows = await run<Row[]>(
    db,
    shape === undefined ? undefined : `${kind}:${fenced}:${filterShape(scope)}:${shape}`,
    (bind) => build(bind, scope),
    { ...placeholders, ...filterValues(q.col, scope), id: jobId, workerId },
  );
  return rows[0] ? { success: true as const, job: rows[0] } : whyNot(q, db, jobId, scope);
}

export function complete(q: QueueContext, run: Run, db: AnyDb, opts: Opts<'complete'>): Promise<Outcome> {
  narrowDb(db);
  const { id: jobId, workerId, set, filters } = opts;
  return finish(
    q,
    run,
    db,
    'complete',
    { id: jobId, workerId, filters },
    (bind, scope) =>
      completeStatement(q, db, bind, { id: jobId, workerId, set, scope }) as unknown as Preparable,
    {},
    set ? undefined : '',
  );
}

// async: a NaN maxAttempts (attemptLimit) rejects the call instead of throwing from it.
export async function fail(q: QueueContext, run: Run, db: AnyDb, opts: Opts<'fail'>): Promise<Outcome> {
  narrowDb(db);
  const { id: jobId, workerId, error, maxAttempts, set, filters } = opts;
  const max = maxAttempts ?? q.spec.maxAttempts;
  const message = storableText(String(error), q.maxErr);
  return finish(
    q,
    run,
    db,
    'fail',
    { id: jobId, workerId, filters },
    (bind, scope) =>
      failStatement(q, db, bind, {
        id: jobId,
        workerId,
        message,
        maxAttempts,
        set,
        scope,
      }) as unknown as Preparable,
    { maxAttempts: typeof max === 'number' ? attemptLimit(max) : max, error: message },
    // A per-row limit column is part of the text; a number is a placeholder.
    set ? undefined : typeof max,
  );
}

export async function completeMany(
  q: QueueContext,
  run: Run,
  db: AnyDb,
  opts: Opts<'completeMany'>,
): Promise<{ jobs: Row[]; notCompleted: unknown[] }> {
  narrowDb(db);
  const { ids, workerId, set, rows = true, filters } = opts;
  const { id, lockedByCol } = q;
  if (ids.length === 0) return { jobs: [], notCompleted: [] };
  const fenced = q.c.lockedBy !== undefined && workerId !== undefined;
  const scope = scopeOf(q.col, filters);
  /** Same key for the same id whatever its letter case (uuid columns compare case-insensitively). */
  const idKey = (x: unknown) =>
    typeof x === 'string' && id.columnType === 'PgUUID' ? x.toLowerCase() : String(x);
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
  const done = await run<Row[]>(
    db,
    set ? undefined : `completeMany:${fenced}:${rows}:${filterShape(scope)}`,
    (bind) =>
      completeManyStatement(q, db, bind, {
        ids: wanted,
        workerId,
        set,
        scope,
        rows,
      }) as unknown as Preparable,
    { ids: wanted, workerId, ...filterValues(q.col, scope) },
  );
  const completed = new Set(done.map((j) => idKey(j[q.c.id])));
  const notCompleted = ids.filter((x) => !completed.has(idKey(x)));
  return { jobs: rows ? done : [], notCompleted };
}

export async function reclaimStale(q: QueueContext, db: AnyDb, opts: Opts<'reclaimStale'>): Promise<Row[]> {
  narrowDb(db);
  const { olderThanSeconds, maxAttempts } = opts;
  const lockedAt = q.c.lockedAt;
  if (!lockedAt) throw new Error('reclaimStale needs a lockedAt column');
  if (Number.isNaN(olderThanSeconds)) throw new RangeError('queue reclaimStale: olderThanSeconds is NaN');
  const age = Math.max(-MAX_LOCK_AGE_SECONDS, Math.min(olderThanSeconds, MAX_LOCK_AGE_SECONDS));
  return await reclaimStatement(q, db, { lockedAt, age, maxAttempts });
}
