import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { defineQueue } from '../queue';
import { fail, ok, parseInput, type Result } from '../result';
import { jobQueue } from './jobs';
import type { Job } from './validators';

export const jobQueueEngine = defineQueue({
  table: jobQueue,
  columns: {
    id: 'jobId',
    status: 'status',
    attempts: 'attempts',
    readyAt: 'runAfter',
    lockedAt: 'lockedAt',
    lockedBy: 'lockedBy',
    lastError: 'lastError',
  },
  states: { ready: 'queued', claimed: 'processing', done: 'done', failed: 'failed' },
  orderBy: ['runAfter', 'createdAt'],
});

const uuid = z.uuid();
const workerId = z.string().min(1).max(200);
const jobType = z.string().min(1).max(200);

export const enqueueJobInput = z.object({
  tenantId: uuid,
  jobType,
  inboundEventId: uuid.optional(),
  runAfter: z.coerce.date().optional(),
  traceId: uuid.optional(),
});
export const enqueueJobErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND', 'EVENT_NOT_FOUND'] as const;
export type EnqueueJobError = (typeof enqueueJobErrors)[number];

/** Enqueues a job; idempotent on (job_type, inbound_event_id) when an event is given. */
export async function enqueueJob(
  db: DbOrTx,
  input: z.input<typeof enqueueJobInput>,
): Promise<Result<{ created: boolean; job: Job }, EnqueueJobError>> {
  const parsed = parseInput(enqueueJobInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, jobType: type, inboundEventId, runAfter, traceId } = parsed.data;
  try {
    const [inserted] = await db
      .insert(jobQueue)
      .values({ tenantId, jobType: type, inboundEventId, runAfter, traceId })
      .onConflictDoNothing({ target: [jobQueue.jobType, jobQueue.inboundEventId] })
      .returning();
    if (inserted) return ok({ created: true, job: inserted });
  } catch (error) {
    if (pgErrorCode(error) === '23503') {
      return pgConstraint(error) === 'job_queue_tenant_id_fkey'
        ? fail('TENANT_NOT_FOUND', 'no tenant with this id')
        : fail('EVENT_NOT_FOUND', 'no inbound event with this id');
    }
    throw error;
  }
  const [existing] = await db
    .select()
    .from(jobQueue)
    .where(and(eq(jobQueue.jobType, type), eq(jobQueue.inboundEventId, inboundEventId!)));
  return ok({ created: false, job: existing! });
}

export const claimJobsInput = z.object({
  workerId,
  limit: z.number().int().min(1).max(1000).default(1),
  jobTypes: z.array(jobType).min(1).max(100).optional(),
});

/**
 * Claims up to `limit` due jobs in one statement (FOR UPDATE SKIP LOCKED through the
 * (status, run_after, created_at) index): status processing, locked by `workerId`, attempts + 1.
 */
export async function claimJobs(
  db: DbOrTx,
  input: z.input<typeof claimJobsInput>,
): Promise<Result<{ jobs: Job[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(claimJobsInput, input);
  if (!parsed.success) return parsed;
  const { workerId: worker, limit, jobTypes } = parsed.data;
  const jobs = await jobQueueEngine.claim(db, {
    workerId: worker,
    limit,
    filters: jobTypes ? { jobType: jobTypes } : undefined,
  });
  return ok({ jobs });
}

export const finishErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
export type FinishJobError = (typeof finishErrors)[number];

export const completeJobInput = z.object({ jobId: uuid, workerId });

/** Marks a job done; only the worker holding its lock may (otherwise LOCK_LOST). */
export async function completeJob(
  db: DbOrTx,
  input: z.input<typeof completeJobInput>,
): Promise<Result<{ job: Job }, FinishJobError>> {
  const parsed = parseInput(completeJobInput, input);
  if (!parsed.success) return parsed;
  return jobQueueEngine.complete(db, { id: parsed.data.jobId, workerId: parsed.data.workerId });
}

export const completeJobsInput = z.object({ jobIds: z.array(uuid).min(1).max(1000), workerId });

/**
 * Completes a batch of claimed jobs in one statement. Jobs this worker no longer holds (or that do
 * not exist) are listed in `lockLost` and left unchanged.
 */
export async function completeJobs(
  db: DbOrTx,
  input: z.input<typeof completeJobsInput>,
): Promise<Result<{ jobs: Job[]; lockLost: string[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(completeJobsInput, input);
  if (!parsed.success) return parsed;
  const { jobs, notCompleted } = await jobQueueEngine.completeMany(db, {
    ids: parsed.data.jobIds,
    workerId: parsed.data.workerId,
  });
  return ok({ jobs, lockLost: notCompleted as string[] });
}

export const failJobInput = z.object({
  jobId: uuid,
  workerId,
  error: z.string().max(100_000),
  maxAttempts: z.number().int().min(1).max(1000).default(5),
});

/**
 * Records a failure: back to queued with run_after = now() + jittered exponential backoff
 * (5 s · 2^(attempts−1), at most 1 h), or failed once attempts reach maxAttempts.
 */
export async function failJob(
  db: DbOrTx,
  input: z.input<typeof failJobInput>,
): Promise<Result<{ job: Job }, FinishJobError>> {
  const parsed = parseInput(failJobInput, input);
  if (!parsed.success) return parsed;
  const { jobId, workerId: worker, error, maxAttempts } = parsed.data;
  return jobQueueEngine.fail(db, { id: jobId, workerId: worker, error, maxAttempts });
}

export const reclaimStaleJobsInput = z.object({
  olderThanSeconds: z.number().min(0).max(31_536_000),
  maxAttempts: z.number().int().min(1).max(1000).default(5),
});

/** Returns jobs whose worker stopped (lock older than the limit) to the queue, or fails them when out of attempts. */
export async function reclaimStaleJobs(
  db: DbOrTx,
  input: z.input<typeof reclaimStaleJobsInput>,
): Promise<Result<{ count: number; jobs: Job[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(reclaimStaleJobsInput, input);
  if (!parsed.success) return parsed;
  const jobs = await jobQueueEngine.reclaimStale(db, parsed.data);
  return ok({ count: jobs.length, jobs });
}
