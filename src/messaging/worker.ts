import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { createQueueWorker, type QueueWorker, type QueueWorkerOptions } from '../queue';
import { claimJobs, failJob, jobQueueEngine } from './queue';
import type { Job } from './validators';

export type JobHandler = (job: Job, context: { signal: AbortSignal; db: DbOrTx }) => Promise<void>;

export interface WorkerOptions
  extends Pick<
    QueueWorkerOptions<Job>,
    'concurrency' | 'batchSize' | 'prefetch' | 'pollIntervalMs' | 'signal' | 'onError'
  > {
  workerId: string;
  /** One handler per job_type; a job of another type fails with "no handler". */
  handlers: Record<string, JobHandler>;
  /** Tries before a job fails for good (default 5; clamped to failJob's 1–1000). */
  maxAttempts?: number;
}

export type Worker = QueueWorker;

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
 * Polls bot.job_queue and runs jobs by job_type: the queue engine's worker (createQueueWorker)
 * claiming through claimJobs (only the handlers' job types, locked by `workerId`) and recording
 * failures through failJob, scoped to the job's tenant. A job whose completion was not stored stays
 * `processing` until `reclaimStaleJobs` returns it: delivery is at least once.
 */
export function createWorker(db: AnyDb, options: WorkerOptions): Worker {
  narrowDb(db);
  const { workerId, handlers, signal, concurrency, batchSize, prefetch, pollIntervalMs, onError } = options;
  // Clamped to failJob's bounds, so a failure is always recorded.
  const maxAttempts =
    options.maxAttempts === undefined || Number.isNaN(options.maxAttempts)
      ? 5
      : Math.min(MAX_ATTEMPTS.max, Math.max(MAX_ATTEMPTS.min, Math.floor(options.maxAttempts)));
  const jobTypes = Object.keys(handlers);
  return createQueueWorker(db, jobQueueEngine, {
    workerId,
    signal,
    concurrency,
    batchSize,
    prefetch,
    pollIntervalMs,
    onError,
    handler: (job, context) => {
      const handler = handlers[job.jobType];
      if (!handler) throw new Error(`no handler for job_type ${job.jobType}`);
      return handler(job, context);
    },
    claim: async (on, limit) => {
      const claimed = await claimJobs(on, { workerId, limit, jobTypes });
      if (!claimed.success) throw new Error(claimed.message);
      return claimed.jobs;
    },
    fail: (on, job, error) =>
      failJob(on, {
        tenantId: job.tenantId,
        jobId: job.jobId,
        workerId,
        error: errorText(error),
        maxAttempts,
      }),
  });
}
