import type { PgTable } from 'drizzle-orm/pg-core';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import type { Queue, QueueColumns } from './spec';

export type QueueJobHandler<Row> = (job: Row, context: { signal: AbortSignal; db: DbOrTx }) => Promise<void>;

export interface QueueWorkerOptions<Row> {
  /** The claimer's name: stored in the queue's lockedBy column (if it has one), which then fences every finish. */
  workerId?: string;
  /** Runs one job; a throw is a failure (`fail` with its message), a return completes the job. */
  handler: QueueJobHandler<Row>;
  /** Claim filters (`ClaimOptions.filters`), e.g. `{ jobType: ['a', 'b'] }`. */
  filters?: Record<string, unknown>;
  /** Handlers running at once (default 1). */
  concurrency?: number;
  /**
   * Jobs one claim statement takes (default: `concurrency`). A batch larger than `concurrency` is
   * held locally (claimed by this worker) until a handler is free; a smaller one lets several claims
   * run at once on separate connections. A new batch is claimed once `batchSize` jobs have finished.
   */
  batchSize?: number;
  /**
   * Batches claimed ahead while handlers run (default 1, 0 = none): a worker holds at most
   * `max(concurrency, batchSize) + prefetch · batchSize` jobs. Prefetched jobs wait claimed by this
   * worker, so with slow handlers and several workers set 0.
   */
  prefetch?: number;
  /** Wait after a claim that found nothing (default 1000). */
  pollIntervalMs?: number;
  /** Attempt limit of a failure (default: the queue's `maxAttempts`). */
  maxAttempts?: number;
  /** Aborting it stops the worker: nothing new is claimed, claimed jobs still run and are stored. */
  signal: AbortSignal;
  /** Called for errors of the worker itself (database unreachable …); the loop goes on after pollIntervalMs. */
  onError?: (error: unknown) => void;
  /** Claims instead of `queue.claim` (e.g. through a function that checks its input); a throw is reported. */
  claim?: (db: DbOrTx, limit: number) => Promise<Row[]>;
  /** Records a handler's failure instead of `queue.fail`; `success: false` counts as a lost lock. */
  fail?: (db: DbOrTx, job: Row, error: unknown) => Promise<{ success: boolean }>;
}

export interface QueueWorker {
  /** Resolves once the signal has aborted, every in-flight job has finished and its outcome is stored. */
  stopped: Promise<void>;
  stats: { claimed: number; completed: number; failed: number; lockLost: number };
}

type Stats = QueueWorker['stats'];

/** completeMany takes at most this many ids per statement from the worker. */
const MAX_COMPLETE_BATCH = 1000;

/** A handler's error as text: its message, or what was thrown as a string. */
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Jobs held (claimed and not finished), and a promise that resolves when some are let go. */
function slotCounter() {
  let held = 0;
  let slotFreed: () => void = () => {};
  let nextSlot = new Promise<void>((resolve) => {
    slotFreed = resolve;
  });
  return {
    held: () => held,
    take: (n: number) => {
      held += n;
    },
    /** Lets `n` jobs go (also 0) and wakes every fetcher waiting for a slot. */
    release: (n: number) => {
      held -= n;
      const wake = slotFreed;
      nextSlot = new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
      wake();
    },
    next: () => nextSlot,
  };
}

/**
 * Batched completions: every job that finished in the same turn of the event loop is marked done
 * by one completeMany (no rows returned); ids it did not complete count as lost locks.
 */
function completions(
  db: AnyDb,
  queue: Queue<any, any>,
  workerId: string | undefined,
  stats: Stats,
  report: (error: unknown) => void,
) {
  narrowDb(db);
  let pending: unknown[] = [];
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const ids = pending.slice(0, MAX_COMPLETE_BATCH);
      pending = pending.slice(ids.length);
      try {
        // The ids come from our own claim: no input to validate, no rows to return.
        const { notCompleted } = await queue.completeMany(db, { ids, workerId, rows: false });
        stats.completed += ids.length - notCompleted.length;
        stats.lockLost += notCompleted.length;
      } catch (error) {
        // The jobs stay claimed until the queue's stale-lock reclaim (if any) returns them.
        report(error);
      }
    }
  };
  const scheduleFlush = () => {
    if (flushing) return;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(flush).finally(() => {
      flushing = undefined;
      if (pending.length > 0) scheduleFlush();
    });
  };
  return {
    add: (id: unknown) => {
      pending.push(id);
      scheduleFlush();
    },
    /** Resolves once every completion added so far is stored (or reported). */
    drained: async () => {
      while (flushing) await flushing;
    },
  };
}

/** `sleep(ms)`, cut short by the signal; one abort listener for every sleeper (one each would trip MaxListenersExceeded). */
function sleeper(signal: AbortSignal) {
  const sleepers = new Set<() => void>();
  signal.addEventListener(
    'abort',
    () => {
      for (const wake of sleepers) wake();
    },
    { once: true },
  );
  return (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
}

/** The options with their defaults, checked; the claim and fail calls the worker makes. */
function settingsOf<T extends PgTable, C extends QueueColumns<T>>(
  queue: Queue<T, C>,
  options: QueueWorkerOptions<T['$inferSelect']>,
) {
  type Row = T['$inferSelect'];
  const { workerId } = options;
  const { spec } = queue;
  if (
    !options.fail &&
    options.maxAttempts === undefined &&
    spec.maxAttempts === undefined &&
    (spec.columns.attempts || spec.columns.failures)
  )
    throw new Error(
      'createQueueWorker: the queue counts tries but neither it nor the worker has a maxAttempts',
    );
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  const idOf = (job: Row) => (job as Record<string, unknown>)[spec.columns.id];
  return {
    concurrency,
    batchSize,
    /** Jobs claimed and not finished (running, waiting locally, or being claimed) at most. */
    capacity: Math.max(concurrency, batchSize) + Math.max(0, options.prefetch ?? 1) * batchSize,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    idOf,
    claim:
      options.claim ??
      ((db: AnyDb, limit: number) => queue.claim(db, { workerId, limit, filters: options.filters })),
    fail:
      options.fail ??
      ((db: AnyDb, job: Row, error: unknown) =>
        queue.fail(db, {
          id: idOf(job),
          workerId,
          error: errorMessage(error),
          maxAttempts: options.maxAttempts,
        })),
  };
}

/**
 * Polls a queue built by defineQueue and runs its jobs with at most `concurrency` handlers at once.
 * Completions are batched (see `completions`), and a finished job frees its slot at once, so the
 * next claim overlaps the completion. A failure is stored before its slot is freed (it decides the
 * retry). A job whose handler finished but whose outcome was not stored (crash, lost connection)
 * stays claimed until the queue's `reclaimStale` returns it: delivery is at least once. On abort
 * the worker claims nothing new, and `stopped` resolves after in-flight handlers finish and their
 * outcomes are written.
 */
export function createQueueWorker<T extends PgTable, C extends QueueColumns<T>>(
  db: AnyDb,
  queue: Queue<T, C>,
  options: QueueWorkerOptions<T['$inferSelect']>,
): QueueWorker {
  narrowDb(db);
  type Row = T['$inferSelect'];
  const { workerId, handler, signal } = options;
  const { concurrency, batchSize, capacity, pollIntervalMs, idOf, claim, fail } = settingsOf(queue, options);
  const stats: Stats = { claimed: 0, completed: 0, failed: 0, lockLost: 0 };
  const report = (error: unknown) => options.onError?.(error);
  const slots = slotCounter();
  const done = completions(db, queue, workerId, stats, report);
  const sleep = sleeper(signal);

  const runJob = async (job: Row) => {
    try {
      await handler(job, { signal, db });
      done.add(idOf(job));
    } catch (error) {
      let failed: { success: boolean } | undefined;
      try {
        failed = await fail(db, job, error);
      } catch (e) {
        report(e);
      }
      if (failed?.success) stats.failed++;
      else if (failed) stats.lockLost++;
    }
  };

  // Claimed jobs wait here for one of the `concurrency` handler slots.
  const waiting: Row[] = [];
  const inFlight = new Set<Promise<void>>();
  const pump = () => {
    while (inFlight.size < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      const p = runJob(job).finally(() => {
        inFlight.delete(p);
        slots.release(1);
        pump();
      });
      inFlight.add(p);
    }
  };

  const fetcher = async () => {
    while (!signal.aborted) {
      if (capacity - slots.held() < batchSize) {
        // Held jobs always finish (and free their slots), also after an abort.
        await slots.next();
        continue;
      }
      slots.take(batchSize);
      let jobs: Row[] = [];
      try {
        jobs = await claim(db, batchSize);
      } catch (error) {
        report(error);
      }
      slots.release(batchSize - jobs.length);
      stats.claimed += jobs.length;
      waiting.push(...jobs);
      pump();
      if (jobs.length === 0) await sleep(pollIntervalMs);
    }
  };

  const stopped = (async () => {
    await Promise.all(Array.from({ length: Math.floor(capacity / batchSize) }, fetcher));
    // Claimed jobs not started yet still run: they are claimed by this worker.
    while (inFlight.size > 0) await Promise.all(inFlight);
    await done.drained();
  })();

  return { stopped, stats };
}
