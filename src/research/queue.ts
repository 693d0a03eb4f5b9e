import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, insertOrExisting, narrowDb } from '../db';
import { INDEX_ENTRY_BUDGET, int4, keyText, truncate, uuidInput } from '../input';
import { defineQueue } from '../queue';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { missingReference, notFoundMessage } from './owner';
import { jobs } from './tables/workflows';
import type { Job } from './validators';
import { jsonObject } from './validators';

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

const uuid = uuidInput();
const jobType = z.string().trim().min(1).max(200);

export const enqueueResearchJobInput = z.object({
  orgId: uuid,
  /** A client of the org. */
  clientId: uuid.nullish(),
  /** A research run of the org. */
  researchRunId: uuid.nullish(),
  jobType,
  subjectType: z.string().trim().min(1).max(200),
  /** A logical reference (not a foreign key, as documented): not checked. */
  subjectId: uuid,
  /** Unique across all orgs (uq_jobs_dedupe_key), so indexed: at most INDEX_ENTRY_BUDGET bytes. */
  dedupeKey: keyText(INDEX_ENTRY_BUDGET).min(1).nullish(),
  input: jsonObject.default({}),
});
export type EnqueueResearchJobInput = z.input<typeof enqueueResearchJobInput>;
export const enqueueResearchJobErrors = [
  'INVALID_INPUT',
  'ORG_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'RESEARCH_RUN_NOT_FOUND',
  'DEDUPE_KEY_TAKEN',
] as const;
export type EnqueueResearchJobError = (typeof enqueueResearchJobErrors)[number];

const notFound = {
  org: 'ORG_NOT_FOUND',
  client: 'CLIENT_NOT_FOUND',
  researchRun: 'RESEARCH_RUN_NOT_FOUND',
} as const;
const fkErrors: [string, keyof typeof notFound][] = [
  ['jobs_org_id_fkey', 'org'],
  ['jobs_client_id_fkey', 'client'],
  ['jobs_research_run_id_fkey', 'researchRun'],
];

/**
 * Queues a job; with a dedupe key, idempotent: a repeat returns the existing job (created: false).
 * The client and the research run must belong to the org (checked in the same transaction;
 * another org's id answers like a missing one). Dedupe keys are unique across orgs, as documented:
 * a key already used by another org's job is DEDUPE_KEY_TAKEN, and that job is never returned.
 */
export async function enqueueResearchJob(
  db: AnyDb,
  input: z.input<typeof enqueueResearchJobInput>,
): Promise<Result<{ job: Job; created: boolean }, EnqueueResearchJobError>> {
  narrowDb(db);
  const parsed = parseInput(enqueueResearchJobInput, input);
  if (!parsed.success) return parsed;
  const v = parsed.data;
  try {
    return await transactionResult(db, async (tx) => {
      const missing = await missingReference(tx, {
        orgId: v.orgId,
        clientId: v.clientId,
        researchRunId: v.researchRunId,
      });
      if (missing === 'org' || missing === 'client' || missing === 'researchRun')
        return fail(notFound[missing], notFoundMessage[missing]);
      // Only a dedupe key can conflict.
      const { row, created } = await insertOrExisting(
        'enqueueResearchJob',
        () =>
          tx
            .insert(jobs)
            .values({ ...v, status: 'queued' })
            .onConflictDoNothing({ target: jobs.dedupeKey, where: sql`dedupe_key IS NOT NULL` })
            .returning(),
        () => tx.select().from(jobs).where(eq(jobs.dedupeKey, v.dedupeKey!)),
      );
      if (row.orgId !== v.orgId)
        return fail('DEDUPE_KEY_TAKEN', 'the dedupe key is used by a job of another org');
      return ok({ job: row, created });
    });
  } catch (error) {
    for (const [constraint, ref] of fkErrors)
      if (isConstraintViolation(error, '23503', constraint)) return fail(notFound[ref], notFoundMessage[ref]);
    throw error;
  }
}

export const claimResearchJobsInput = z.object({
  /** A label for the caller (not stored: research.jobs has no column for it). */
  workerId: z.string().min(1).max(200).optional(),
  limit: int4({ min: 1, max: 1000 }),
  jobTypes: z.array(jobType).min(1).max(100).optional(),
});
export const claimResearchJobsErrors = ['INVALID_INPUT'] as const;
export type ClaimResearchJobsError = (typeof claimResearchJobsErrors)[number];

/**
 * Claims up to `limit` queued jobs, oldest first, in one UPDATE … WHERE id = ANY(ARRAY(SELECT … FOR UPDATE
 * SKIP LOCKED)): status running, started_at now(), attempts + 1. Concurrent workers never get the
 * same job. `workerId` is accepted for API symmetry; research.jobs has no column to store it.
 */
export async function claimResearchJobs(
  db: AnyDb,
  input: z.input<typeof claimResearchJobsInput>,
): Promise<Result<{ jobs: Job[] }, ClaimResearchJobsError>> {
  narrowDb(db);
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

/** LOCK_LOST: the job is not running (never claimed, or already finished); the engine's code. */
export const finishResearchJobErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
export type FinishResearchJobError = (typeof finishResearchJobErrors)[number];

async function finish(
  run: () => ReturnType<typeof researchJobQueue.complete>,
): Promise<Result<{ job: Job }, FinishResearchJobError>> {
  const r = await run();
  if (r.success) return ok({ job: r.job });
  return fail(
    r.error,
    r.error === 'JOB_NOT_FOUND'
      ? 'no research job with this id'
      : 'the job is not running (not claimed, or already finished)',
  );
}

export const completeResearchJobInput = z.object({
  jobId: uuid,
  output: jsonObject,
  rawOutputText: z.string().nullish(),
});
export const completeResearchJobErrors = finishResearchJobErrors;

/** running → succeeded with its output and finished_at; only a running job can complete. */
export async function completeResearchJob(
  db: AnyDb,
  input: z.input<typeof completeResearchJobInput>,
): Promise<Result<{ job: Job }, FinishResearchJobError>> {
  narrowDb(db);
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
  maxAttempts: int4({ min: 1, max: 1000 }),
});
export const failResearchJobErrors = finishResearchJobErrors;

/**
 * Records a failure of a running job: the error (cut to RESEARCH_JOB_ERROR_MAX_LENGTH), then back
 * to queued while attempts < maxAttempts, else failed with finished_at.
 */
export async function failResearchJob(
  db: AnyDb,
  input: z.input<typeof failResearchJobInput>,
): Promise<Result<{ job: Job }, FinishResearchJobError>> {
  narrowDb(db);
  const parsed = parseInput(failResearchJobInput, input);
  if (!parsed.success) return parsed;
  const { jobId, error, maxAttempts } = parsed.data;
  // Cut here, on a character boundary: a cut inside a surrogate pair would store U+FFFD.
  const message = truncate(error, RESEARCH_JOB_ERROR_MAX_LENGTH);
  return finish(() => researchJobQueue.fail(db, { id: jobId, error: message, maxAttempts }));
}
