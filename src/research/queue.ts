import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { defineQueue } from '../queue';
import { fail, ok, parseInput, type Result } from '../result';
import { jsonObject } from './validators';
import { jobs } from './workflows';

export type ResearchJob = typeof jobs.$inferSelect;

/** Longest error message stored in research.jobs.error (the document: "truncated error message"). */
export const RESEARCH_JOB_ERROR_MAX_LENGTH = 2000;

/**
 * research.jobs on the shared queue engine. The table has no run_after / locked_by / locked_at
 * columns, so a failed job is claimable again at once (no backoff), completion is not fenced by
 * worker, and stale-lock reclaim is unavailable.
 */
export const researchJobQueue = defineQueue({
  table: jobs,
  columns: { id: 'id', status: 'status', attempts: 'attempts', lastError: 'error', finishedAt: 'finishedAt' },
  states: { ready: 'queued', claimed: 'running', done: 'succeeded', failed: 'failed' },
  orderBy: ['createdAt', 'id'],
  claimSet: { startedAt: sql`now()`, finishedAt: null },
  maxErrorLength: RESEARCH_JOB_ERROR_MAX_LENGTH,
});

const uuid = z.uuid();
const jobType = z.string().trim().min(1).max(200);

export const enqueueResearchJobInput = z.object({
  orgId: uuid,
  clientId: uuid.nullish(),
  researchRunId: uuid.nullish(),
  jobType,
  subjectType: z.string().trim().min(1).max(200),
  subjectId: uuid,
  dedupeKey: z.string().min(1).max(1000).nullish(),
  input: jsonObject.default({}),
});
export type EnqueueResearchJobInput = z.input<typeof enqueueResearchJobInput>;
export const enqueueResearchJobErrors = [
  'INVALID_INPUT',
  'ORG_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'RESEARCH_RUN_NOT_FOUND',
] as const;
export type EnqueueResearchJobError = (typeof enqueueResearchJobErrors)[number];

/** Queues a job; with a dedupe key, idempotent: a repeat returns the existing job (created: false). */
export async function enqueueResearchJob(
  db: DbOrTx,
  input: z.input<typeof enqueueResearchJobInput>,
): Promise<Result<{ job: ResearchJob; created: boolean }, EnqueueResearchJobError>> {
  const parsed = parseInput(enqueueResearchJobInput, input);
  if (!parsed.success) return parsed;
  const v = parsed.data;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const [inserted] = await db
        .insert(jobs)
        .values({ ...v, status: 'queued' })
        .onConflictDoNothing({ target: jobs.dedupeKey, where: sql`dedupe_key IS NOT NULL` })
        .returning();
      if (inserted) return ok({ job: inserted, created: true });
    } catch (error) {
      if (pgErrorCode(error) === '23503') {
        const c = pgConstraint(error);
        if (c === 'jobs_client_id_fkey') return fail('CLIENT_NOT_FOUND', 'no client with this id');
        if (c === 'jobs_research_run_id_fkey')
          return fail('RESEARCH_RUN_NOT_FOUND', 'no research run with this id');
        return fail('ORG_NOT_FOUND', 'no org with this id');
      }
      throw error;
    }
    // Only a dedupe key can conflict; the winner may be deleted before we read it, then retry.
    const [existing] = await db.select().from(jobs).where(eq(jobs.dedupeKey, v.dedupeKey!));
    if (existing) return ok({ job: existing, created: false });
  }
  throw new Error('enqueueResearchJob: the conflicting job disappeared three times in a row');
}

export const claimResearchJobsInput = z.object({
  workerId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(1000),
  jobTypes: z.array(jobType).min(1).max(100).optional(),
});

/**
 * Claims up to `limit` queued jobs, oldest first, in one UPDATE … WHERE id = ANY(ARRAY(SELECT … FOR UPDATE
 * SKIP LOCKED)): status running, started_at now(), attempts + 1. Concurrent workers never get the
 * same job. `workerId` is accepted for API symmetry; research.jobs has no column to store it.
 */
export async function claimResearchJobs(
  db: DbOrTx,
  input: z.input<typeof claimResearchJobsInput>,
): Promise<Result<{ jobs: ResearchJob[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(claimResearchJobsInput, input);
  if (!parsed.success) return parsed;
  const { limit, jobTypes, workerId } = parsed.data;
  const claimed = await researchJobQueue.claim(db, {
    workerId,
    limit,
    filters: jobTypes ? { jobType: jobTypes } : undefined,
  });
  return ok({ jobs: claimed });
}

export const finishResearchJobErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'JOB_NOT_RUNNING'] as const;
export type FinishResearchJobError = (typeof finishResearchJobErrors)[number];

async function finish(
  run: () => ReturnType<typeof researchJobQueue.complete>,
): Promise<Result<{ job: ResearchJob }, FinishResearchJobError>> {
  const r = await run();
  if (r.success) return ok({ job: r.job });
  return r.error === 'JOB_NOT_FOUND'
    ? fail('JOB_NOT_FOUND', 'no research job with this id')
    : fail('JOB_NOT_RUNNING', 'the job is not running (not claimed, or already finished)');
}

export const completeResearchJobInput = z.object({
  jobId: uuid,
  output: jsonObject,
  rawOutputText: z.string().nullish(),
});

/** running → succeeded with its output and finished_at; only a running job can complete. */
export async function completeResearchJob(
  db: DbOrTx,
  input: z.input<typeof completeResearchJobInput>,
): Promise<Result<{ job: ResearchJob }, FinishResearchJobError>> {
  const parsed = parseInput(completeResearchJobInput, input);
  if (!parsed.success) return parsed;
  const { jobId, output, rawOutputText } = parsed.data;
  return finish(() =>
    researchJobQueue.complete(db, {
      id: jobId,
      set: { output, rawOutputText: rawOutputText ?? null, error: null },
    }),
  );
}

export const failResearchJobInput = z.object({
  jobId: uuid,
  error: z.string().min(1),
  maxAttempts: z.number().int().min(1).max(1000),
});

/**
 * Records a failure of a running job: the error (cut to RESEARCH_JOB_ERROR_MAX_LENGTH), then back
 * to queued while attempts < maxAttempts, else failed with finished_at.
 */
export async function failResearchJob(
  db: DbOrTx,
  input: z.input<typeof failResearchJobInput>,
): Promise<Result<{ job: ResearchJob }, FinishResearchJobError>> {
  const parsed = parseInput(failResearchJobInput, input);
  if (!parsed.success) return parsed;
  const { jobId, error, maxAttempts } = parsed.data;
  return finish(() => researchJobQueue.fail(db, { id: jobId, error, maxAttempts }));
}
