import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { batch, int4, timestampInput, uuidInput } from '../input';
import { defineQueue } from '../queue';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { insertIf } from './insert-if';
import { inboundEvents } from './tables/inbound';
import { jobQueue } from './tables/jobs';
import { tenants } from './tables/tenants';
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
  // is_enabled is a hard switch: a disabled tenant's jobs stay queued until it is enabled again
  // (a tenants primary-key probe per candidate job; jobs already claimed finish normally).
  claimable: sql`exists (select 1 from ${tenants} where ${tenants.tenantId} = ${jobQueue.tenantId} and ${tenants.isEnabled})`,
  // A job that succeeds after failed tries no longer shows the old error (as the original's mark_done).
  doneSet: { lastError: null },
});

// locked_by is not indexed; job_type is (unique (job_type, inbound_event_id)): 200 characters
// are at most 800 bytes, inside its 2,600-byte budget.
const workerId = () => z.string().min(1).max(200);
const jobType = () => z.string().min(1).max(200);
/** Attempt limits: compared with the int4 `attempts` column; 1000 is far past any useful retry count. */
const maxAttempts = () => int4({ min: 1, max: 1000 }).default(5);

export const enqueueJobInput = z.object({
  tenantId: uuidInput(),
  jobType: jobType(),
  inboundEventId: uuidInput().optional(),
  runAfter: timestampInput().optional(),
  traceId: uuidInput().optional(),
});
export const enqueueJobErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND', 'EVENT_NOT_FOUND'] as const;
export type EnqueueJobError = (typeof enqueueJobErrors)[number];

const tenantNotFound = () => fail('TENANT_NOT_FOUND', 'no tenant with this id');
const eventNotFound = () => fail('EVENT_NOT_FOUND', 'no inbound event with this id for this tenant');

/**
 * Enqueues a job; idempotent on (job_type, inbound_event_id) when an event is given. The event
 * must be the tenant's: checked in the INSERT itself (and by the (tenant_id, inbound_event_id)
 * foreign key); another tenant's event is EVENT_NOT_FOUND, like one that does not exist. Without
 * a `traceId` the job gets its event's `trace_id` (copied by the same INSERT); a given one is kept.
 * A disabled tenant's job is enqueued too: it waits until the tenant is enabled (see claimJobs).
 */
export async function enqueueJob(
  db: AnyDb,
  input: z.input<typeof enqueueJobInput>,
): Promise<Result<{ created: boolean; job: Job }, EnqueueJobError>> {
  narrowDb(db);
  const parsed = parseInput(enqueueJobInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, jobType: type, inboundEventId, runAfter, traceId } = parsed.data;
  try {
    if (inboundEventId === undefined) {
      const [inserted] = await db
        .insert(jobQueue)
        .values({ tenantId, jobType: type, runAfter, traceId })
        .returning();
      return ok({ created: true, job: inserted! });
    }
    return await transactionResult(db, async (tx) => {
      const theEvent = sql`${inboundEvents.inboundEventId} = ${inboundEventId} and ${inboundEvents.tenantId} = ${tenantId}`;
      const [inserted] = await insertIf(
        tx,
        jobQueue,
        {
          tenantId,
          jobType: type,
          inboundEventId,
          runAfter,
          // Without a traceId the job carries its event's (read in the same statement).
          traceId: traceId ?? sql`(select ${inboundEvents.traceId} from ${inboundEvents} where ${theEvent})`,
        },
        sql`exists (select 1 from ${inboundEvents} where ${theEvent})`,
      )
        // An existing job is locked, not changed (WHERE false), so the read below finds it.
        .onConflictDoUpdate({
          target: [jobQueue.jobType, jobQueue.inboundEventId],
          set: { jobType: sql`excluded.job_type` },
          setWhere: sql`false`,
        })
        .returning();
      if (inserted) return ok({ created: true, job: inserted });
      const [existing] = await tx
        .select()
        .from(jobQueue)
        .where(
          and(
            eq(jobQueue.jobType, type),
            eq(jobQueue.inboundEventId, inboundEventId),
            eq(jobQueue.tenantId, tenantId),
          ),
        );
      if (existing) return ok({ created: false, job: existing });
      const [tenant] = await tx
        .select({ id: tenants.tenantId })
        .from(tenants)
        .where(eq(tenants.tenantId, tenantId));
      return tenant ? eventNotFound() : tenantNotFound();
    });
  } catch (error) {
    if (isConstraintViolation(error, '23503', 'job_queue_tenant_id_fkey')) return tenantNotFound();
    // The event was deleted between the check and the foreign keys'.
    if (
      isConstraintViolation(error, '23503', 'job_queue_inbound_event_id_fkey') ||
      isConstraintViolation(error, '23503', 'job_queue_tenant_id_inbound_event_id_fkey')
    )
      return eventNotFound();
    throw error;
  }
}

export const claimJobsInput = z.object({
  workerId: workerId(),
  limit: int4({ min: 1, max: 1000 }).default(1),
  jobTypes: z.array(jobType()).min(1).max(100).optional(),
});
export const claimJobsErrors = ['INVALID_INPUT'] as const;

/**
 * Claims up to `limit` due jobs of any tenant in one statement (FOR UPDATE SKIP LOCKED through the
 * (status, run_after, created_at) index): status processing, locked by `workerId`, attempts + 1.
 */
export async function claimJobs(
  db: AnyDb,
  input: z.input<typeof claimJobsInput>,
): Promise<Result<{ jobs: Job[] }, (typeof claimJobsErrors)[number]>> {
  narrowDb(db);
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

export const completeJobInput = z.object({ tenantId: uuidInput(), jobId: uuidInput(), workerId: workerId() });
export const completeJobErrors = finishErrors;

/**
 * Marks a job done; only the worker holding its lock may (otherwise LOCK_LOST). Another tenant's
 * job is JOB_NOT_FOUND: the tenant is part of the UPDATE's condition.
 */
export async function completeJob(
  db: AnyDb,
  input: z.input<typeof completeJobInput>,
): Promise<Result<{ job: Job }, FinishJobError>> {
  narrowDb(db);
  const parsed = parseInput(completeJobInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, jobId, workerId: worker } = parsed.data;
  return jobQueueEngine.complete(db, { id: jobId, workerId: worker, filters: { tenantId } });
}

export const completeJobsInput = z.object({
  tenantId: uuidInput(),
  jobIds: batch(uuidInput(), 1000),
  workerId: workerId(),
});
export const completeJobsErrors = ['INVALID_INPUT'] as const;

/**
 * Completes a batch of the tenant's claimed jobs in one statement (ids in one canonical order).
 * Jobs this worker no longer holds, of another tenant, or that do not exist are listed in
 * `lockLost` and left unchanged.
 */
export async function completeJobs(
  db: AnyDb,
  input: z.input<typeof completeJobsInput>,
): Promise<Result<{ jobs: Job[]; lockLost: string[] }, (typeof completeJobsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(completeJobsInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, jobIds, workerId: worker } = parsed.data;
  const { jobs, notCompleted } = await jobQueueEngine.completeMany(db, {
    ids: jobIds,
    workerId: worker,
    filters: { tenantId },
  });
  return ok({ jobs, lockLost: notCompleted as string[] });
}

export const failJobInput = z.object({
  tenantId: uuidInput(),
  jobId: uuidInput(),
  workerId: workerId(),
  error: z.string().max(100_000),
  maxAttempts: maxAttempts(),
});
export const failJobErrors = finishErrors;

/**
 * Records a failure: back to queued with run_after = now() + jittered exponential backoff
 * (5 s · 2^(attempts−1), at most 1 h), or failed once attempts reach maxAttempts. Another
 * tenant's job is JOB_NOT_FOUND.
 */
export async function failJob(
  db: AnyDb,
  input: z.input<typeof failJobInput>,
): Promise<Result<{ job: Job }, FinishJobError>> {
  narrowDb(db);
  const parsed = parseInput(failJobInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, jobId, workerId: worker, error, maxAttempts: max } = parsed.data;
  return jobQueueEngine.fail(db, {
    id: jobId,
    workerId: worker,
    error,
    maxAttempts: max,
    filters: { tenantId },
  });
}

export const reclaimStaleJobsInput = z.object({
  /** At most a year: `now() - interval` stays far inside the timestamp range. */
  olderThanSeconds: z.number().min(0).max(31_536_000),
  maxAttempts: maxAttempts(),
});
export const reclaimStaleJobsErrors = ['INVALID_INPUT'] as const;

/** Returns jobs whose worker stopped (lock older than the limit) to the queue, or fails them when out of attempts. */
export async function reclaimStaleJobs(
  db: AnyDb,
  input: z.input<typeof reclaimStaleJobsInput>,
): Promise<Result<{ count: number; jobs: Job[] }, (typeof reclaimStaleJobsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(reclaimStaleJobsInput, input);
  if (!parsed.success) return parsed;
  const jobs = await jobQueueEngine.reclaimStale(db, parsed.data);
  return ok({ count: jobs.length, jobs });
}
