/**
 * A small job-queue engine over any queue-shaped table: claim with one
 * `UPDATE … WHERE id = ANY(ARRAY(SELECT … FOR UPDATE SKIP LOCKED)) RETURNING`, fenced completion and
 * failure (only a claimed job — and with a lockedBy column, only its lock holder — may be finished;
 * otherwise LOCK_LOST), exponential jittered backoff, stale-lock reclaim, and a polling worker.
 * Systems describe their table with `QueueSpec` and wrap the engine in typed functions.
 *
 * The hot statements (claim with `filters`, complete, completeMany, fail without `set`) are prepared
 * once per database handle (prepared.ts); calls with `where` or `set` build their statement each time.
 *
 * Every method is total over the values it is given: a number, id or filter value outside what its
 * column can hold is answered as what it means (an id no row can have: JOB_NOT_FOUND; a filter no
 * row can match: nothing claimed; a limit or attempt count past the column's range: clamped to an
 * equivalent one), never sent to PostgreSQL to fail there. Only NaN limits are refused (RangeError).
 *
 * Modules: spec.ts (the types), context.ts (a spec resolved to its columns), values.ts (what a
 * column can hold, clamps), filters.ts (filter checks and encoding), prepared.ts (statement cache
 * and names), statements.ts (the SQL), claim.ts and finish.ts (the calls), define-queue.ts (the
 * factory), worker.ts (createQueueWorker).
 */
export { defineQueue } from './define-queue';
export type {
  ClaimOptions,
  FinishError,
  FinishOutcome,
  Queue,
  QueueColumns,
  QueueOrder,
  QueueSpec,
  Scope,
} from './spec';
export {
  createQueueWorker,
  type QueueJobHandler,
  type QueueWorker,
  type QueueWorkerOptions,
} from './worker';
