import type { DbOrTx } from '../db';
import { claimJobs, failJob, jobQueueEngine } from './queue';
import type { Job } from './validators';

export type JobHandler = (job: Job, context: { signal: AbortSignal; db: DbOrTx }) => Promise<void>;

export interface WorkerOptions {
  workerId: string;
  /** One handler per job_type; a job of another type fails with "no handler". */
  handlers: Record<string, JobHandler>;
  /** Handlers running at once (default 1). */
  concurrency?: number;
  /**
   * Jobs one claim statement takes (default: `concurrency`). A batch larger than `concurrency` is
   * held locally (locked to this worker) until a handler is free; a smaller one lets several claims
   * run at once on separate connections. A new batch is claimed once `batchSize` jobs have finished.
   */
  batchSize?: number;
  /**
   * Batches claimed ahead while handlers run (default 1, 0 = none): a worker holds at most
   * `max(concurrency, batchSize) + prefetch · batchSize` jobs. Prefetched jobs wait locked to this
   * worker, so with slow handlers and several workers set 0.
   */
  prefetch?: number;
  pollIntervalMs?: number;
  /** Tries before a job fails for good (default 5; clamped to failJob's 1–1000). */
  maxAttempts?: number;
  signal: AbortSignal;
  /** Called for errors of the worker itself (database unreachable …); the loop goes on after pollIntervalMs. */
  onError?: (error: unknown) => void;
}

export interface Worker {
  /** Resolves once the signal has aborted, every in-flight job has finished and its outcome is stored. */
  stopped: Promise<void>;
  stats: { claimed: number; completed: number; failed: number; lockLost: number };
}

/** completeJobs takes at most this many ids per statement. */
const MAX_COMPLETE_BATCH = 1000;
/** failJob's bounds: the longest error text, the attempt limits. */
const MAX_ERROR_LENGTH = 100_000;
const MAX_ATTEMPTS = { min: 1, max: 1000 };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * A handler's error message as failJob accepts it: NUL and unpaired surrogates (which PostgreSQL
 * cannot store) replaced by U+FFFD, cut to MAX_ERROR_LENGTH. Otherwise the failure could not be
 * recorded and the job would wait for reclaimStaleJobs.
 */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const cut = text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) : text;
  return cut.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Polls bot.job_queue and runs jobs by job_type with at most `concurrency` handlers at once.
 * Completions are batched: every job that finished in the same turn of the event loop is marked done
 * by one statement, and a finished job frees its slot at once, so the next claim overlaps the
 * completion. A failure is stored before its slot is freed (it decides the retry). A job whose
 * handler finished but whose completion was not stored (crash, lost connection) stays `processing`
 * until `reclaimStaleJobs` returns it: delivery is at least once. On abort the worker claims nothing
 * new, and `stopped` resolves after in-flight handlers finish and their outcomes are written.
 */
export function createWorker(db: DbOrTx, options: WorkerOptions): Worker {
  const { workerId, handlers, signal } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  /** Jobs claimed and not finished (running, waiting locally, or being claimed) at most. */
  const capacity = Math.max(concurrency, batchSize) + Math.max(0, options.prefetch ?? 1) * batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  // Clamped to failJob's bounds, so a failure is always recorded.
  const maxAttempts =
    options.maxAttempts === undefined || Number.isNaN(options.maxAttempts)
      ? 5
      : Math.min(MAX_ATTEMPTS.max, Math.max(MAX_ATTEMPTS.min, Math.floor(options.maxAttempts)));
  const stats = { claimed: 0, completed: 0, failed: 0, lockLost: 0 };
  const jobTypes = Object.keys(handlers);
  const report = (error: unknown) => options.onError?.(error);

  let held = 0;
  let slotFreed: () => void = () => {};
  let nextSlot = new Promise<void>((resolve) => {
    slotFreed = resolve;
  });
  const release = (n: number) => {
    held -= n;
    const wake = slotFreed;
    nextSlot = new Promise<void>((resolve) => {
      slotFreed = resolve;
    });
    wake();
  };

  // Completed job ids waiting for the next completion statement.
  let pending: string[] = [];
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const ids = pending.slice(0, MAX_COMPLETE_BATCH);
      pending = pending.slice(ids.length);
      try {
        // The ids come from our own claim: no input to validate, no rows to return.
        const { notCompleted } = await jobQueueEngine.completeMany(db, { ids, workerId, rows: false });
        stats.completed += ids.length - notCompleted.length;
        stats.lockLost += notCompleted.length;
      } catch (error) {
        // The jobs stay `processing` and come back through reclaimStaleJobs.
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

  const runJob = async (job: Job) => {
    const handler = handlers[job.jobType];
    try {
      if (!handler) throw new Error(`no handler for job_type ${job.jobType}`);
      await handler(job, { signal, db });
      pending.push(job.jobId);
      scheduleFlush();
    } catch (error) {
      const failed = await failJob(db, {
        tenantId: job.tenantId,
        jobId: job.jobId,
        workerId,
        error: errorText(error),
        maxAttempts,
      }).catch((e) => {
        report(e);
        return undefined;
      });
      if (failed?.success) stats.failed++;
      else if (failed) stats.lockLost++;
    }
  };

  // Claimed jobs wait here for one of the `concurrency` handler slots.
  const waiting: Job[] = [];
  const inFlight = new Set<Promise<void>>();
  const pump = () => {
    while (inFlight.size < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      const p = runJob(job).finally(() => {
        inFlight.delete(p);
        release(1);
        pump();
      });
      inFlight.add(p);
    }
  };

  // One abort listener for every sleeping fetcher (one each would trip MaxListenersExceeded).
  const sleepers = new Set<() => void>();
  signal.addEventListener(
    'abort',
    () => {
      for (const wake of sleepers) wake();
    },
    { once: true },
  );
  const sleep = (ms: number) =>
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

  const fetcher = async () => {
    while (!signal.aborted) {
      if (capacity - held < batchSize) {
        // Held jobs always finish (and free their slots), also after an abort.
        await nextSlot;
        continue;
      }
      held += batchSize;
      let jobs: Job[] = [];
      try {
        const claimed = await claimJobs(db, { workerId, limit: batchSize, jobTypes });
        if (claimed.success) jobs = claimed.jobs;
        else report(new Error(claimed.message));
      } catch (error) {
        report(error);
      }
      release(batchSize - jobs.length);
      stats.claimed += jobs.length;
      waiting.push(...jobs);
      pump();
      if (jobs.length === 0) await sleep(pollIntervalMs);
    }
  };

  const stopped = (async () => {
    await Promise.all(Array.from({ length: Math.floor(capacity / batchSize) }, fetcher));
    // Claimed jobs not started yet still run: they are locked to this worker.
    while (inFlight.size > 0) await Promise.all(inFlight);
    while (flushing) await flushing;
  })();

  return { stopped, stats };
}
