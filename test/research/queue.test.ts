import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as r from '../../src/research';
import { useTestDb } from '../support';
import { seedWorld, uniq } from './fixtures';

describe('research job queue', () => {
  const t = useTestDb();

  const enqueue = async (
    w: Awaited<ReturnType<typeof seedWorld>>,
    extra: Partial<r.EnqueueResearchJobInput> = {},
  ) => {
    const res = await r.enqueueResearchJob(t().db, {
      orgId: w.org.id,
      clientId: w.client.id,
      researchRunId: w.run.id,
      jobType: 'add_creative_breakdown',
      subjectType: 'ad',
      subjectId: w.brand.id,
      input: { adId: 'x' },
      ...extra,
    });
    if (!res.success) throw new Error(res.message);
    return res;
  };

  it('enqueue is idempotent on dedupe_key and returns the existing job', async () => {
    const w = await seedWorld(t().db);
    const key = uniq('dk');
    const a = await enqueue(w, { dedupeKey: key });
    const b = await enqueue(w, { dedupeKey: key, input: { other: true } });
    expect(a).toMatchObject({
      created: true,
      job: { status: 'queued', attempts: 0, input: { adId: 'x' }, output: {} },
    });
    expect(b).toMatchObject({ created: false, job: { id: a.job.id, input: { adId: 'x' } } });
    const c = await enqueue(w);
    const d = await enqueue(w);
    expect(c.job.id).not.toBe(d.job.id);
  });

  it('enqueue maps bad input and missing parents', async () => {
    const w = await seedWorld(t().db);
    const base = { orgId: w.org.id, jobType: 'j', subjectType: 'ad', subjectId: w.brand.id };
    expect(await r.enqueueResearchJob(t().db, { ...base, subjectId: 'x' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await r.enqueueResearchJob(t().db, { ...base, orgId: crypto.randomUUID() })).toMatchObject({
      error: 'ORG_NOT_FOUND',
    });
    expect(await r.enqueueResearchJob(t().db, { ...base, clientId: crypto.randomUUID() })).toMatchObject({
      error: 'CLIENT_NOT_FOUND',
    });
    expect(await r.enqueueResearchJob(t().db, { ...base, researchRunId: crypto.randomUUID() })).toMatchObject(
      {
        error: 'RESEARCH_RUN_NOT_FOUND',
      },
    );
  });

  it('claims oldest first, filtered by type, then completes', async () => {
    const w = await seedWorld(t().db);
    const type = uniq('type');
    const first = await enqueue(w, { jobType: type });
    const second = await enqueue(w, { jobType: type });
    await enqueue(w, { jobType: uniq('other') });
    const claim = await r.claimResearchJobs(t().db, { limit: 1, jobTypes: [type], workerId: 'w1' });
    expect(claim).toMatchObject({
      success: true,
      jobs: [{ id: first.job.id, status: 'running', attempts: 1 }],
    });
    if (claim.success) expect(claim.jobs[0]!.startedAt).toBeInstanceOf(Date);
    const rest = await r.claimResearchJobs(t().db, { limit: 10, jobTypes: [type] });
    expect(rest).toMatchObject({ success: true, jobs: [{ id: second.job.id }] });
    expect(await r.claimResearchJobs(t().db, { limit: 10, jobTypes: [type] })).toMatchObject({ jobs: [] });

    const done = await r.completeResearchJob(t().db, {
      jobId: first.job.id,
      output: { tags: ['ugc'] },
      rawOutputText: '# md',
    });
    expect(done).toMatchObject({
      success: true,
      job: { status: 'succeeded', output: { tags: ['ugc'] }, rawOutputText: '# md' },
    });
    if (done.success) expect(done.job.finishedAt).toBeInstanceOf(Date);
    expect(await r.completeResearchJob(t().db, { jobId: first.job.id, output: {} })).toMatchObject({
      error: 'LOCK_LOST',
    });
    expect(await r.completeResearchJob(t().db, { jobId: crypto.randomUUID(), output: {} })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(await r.claimResearchJobs(t().db, { limit: 0 })).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('fail requeues until maxAttempts, then fails; the error is truncated', async () => {
    const w = await seedWorld(t().db);
    const type = uniq('flaky');
    const { job } = await enqueue(w, { jobType: type });
    const long = 'e'.repeat(r.RESEARCH_JOB_ERROR_MAX_LENGTH + 500);
    await r.claimResearchJobs(t().db, { limit: 1, jobTypes: [type] });
    const f1 = await r.failResearchJob(t().db, { jobId: job.id, error: long, maxAttempts: 2 });
    expect(f1).toMatchObject({ success: true, job: { status: 'queued', attempts: 1, finishedAt: null } });
    if (f1.success) expect(f1.job.error).toHaveLength(r.RESEARCH_JOB_ERROR_MAX_LENGTH);
    await r.claimResearchJobs(t().db, { limit: 1, jobTypes: [type] });
    const f2 = await r.failResearchJob(t().db, { jobId: job.id, error: 'again', maxAttempts: 2 });
    expect(f2).toMatchObject({ success: true, job: { status: 'failed', attempts: 2, error: 'again' } });
    if (f2.success) expect(f2.job.finishedAt).toBeInstanceOf(Date);
    expect(await r.failResearchJob(t().db, { jobId: job.id, error: 'x', maxAttempts: 2 })).toMatchObject({
      error: 'LOCK_LOST',
    });
    expect(
      await r.failResearchJob(t().db, { jobId: crypto.randomUUID(), error: 'x', maxAttempts: 2 }),
    ).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    const [row] = await t().db.select().from(r.jobs).where(eq(r.jobs.id, job.id));
    expect(row!.status).toBe('failed');
  });
});
