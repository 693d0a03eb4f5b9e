import type { DbOrTx } from '../db';
import { claimJobs, completeJob, failJob } from './queue';
import type { Job } from './validators';

export type JobHandler = (job: Job, context: { signal: AbortSignal; db: DbOrTx }) => Promise<void>;

export interface WorkerOptions {
  workerId: string;
  /** One handler per job_type; a job of another type fails with "no handler". */
  handlers: Record<string, JobHandler>;
  concurrency?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  signal: AbortSignal;
  /** Called for errors of the worker itself (database unreachable …); the loop goes on after pollIntervalMs. */
  onError?: (error: unknown) => void;
}

export interface Worker {
  /** Resolves once the signal has aborted and every in-flight job has finished. */
  stopped: Promise<void>;
  stats: { claimed: number; completed: number; failed: number; lockLost: number };
}

/**
 * Polls bot.job_queue and runs jobs by job_type with at most `concurrency` in flight; completes or
 * fails each one. On abort it claims nothing new and resolves `stopped` after in-flight jobs finish.
 */
export function createWorker(db: DbOrTx, options: WorkerOptions): Worker {
  const { workerId, handlers, signal } = options;
  const concurrency = options.concurrency ?? 1;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 5;
  const stats = { claimed: 0, completed: 0, failed: 0, lockLost: 0 };
  const inFlight = new Set<Promise<void>>();
  const jobTypes = Object.keys(handlers);

  const run = async (job: Job) => {
    const handler = handlers[job.jobType];
    try {
      if (!handler) throw new Error(`no handler for job_type ${job.jobType}`);
      await handler(job, { signal, db });
      const done = await completeJob(db, { jobId: job.jobId, workerId });
      if (done.success) stats.completed++;
      else stats.lockLost++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = await failJob(db, { jobId: job.jobId, workerId, error: message, maxAttempts }).catch(
        (e) => {
          options.onError?.(e);
          return undefined;
        },
      );
      if (failed?.success) stats.failed++;
      else if (failed) stats.lockLost++;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  const loop = async () => {
    while (!signal.aborted) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let jobs: Job[] = [];
      try {
        const claimed = await claimJobs(db, { workerId, limit: free, jobTypes });
        if (claimed.success) jobs = claimed.jobs;
      } catch (error) {
        options.onError?.(error);
      }
      stats.claimed += jobs.length;
      for (const job of jobs) {
        const p = run(job).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (jobs.length === 0) {
        await (inFlight.size > 0
          ? Promise.race([sleep(pollIntervalMs), ...inFlight])
          : sleep(pollIntervalMs));
      }
    }
    await Promise.all(inFlight);
  };

  return { stopped: loop(), stats };
}
