import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import {
  claimJobs,
  completeJob,
  completeJobs,
  createWorker,
  enqueueJob,
  failJob,
  ingestInboundEvent,
  jobQueue,
  jobQueueEngine,
  reclaimStaleJobs,
  tenants,
} from '../../src/messaging';
import { useTestDb } from '../support';
import { makeTenant } from './fixtures';

// Issue 18: a job's trace_id comes from its inbound event, is_enabled stops claims, and a job that
// succeeds after failed tries no longer shows the old error.

const delivery = (tenantId: string, dedupeKey: string, jobType = 'process_inbound_message') => ({
  tenantId,
  provider: 'ghl',
  eventType: 'inbound_message',
  dedupeKey,
  jobType,
});

const setEnabled = (db: Database, tenantId: string, on: boolean) =>
  db.update(tenants).set({ isEnabled: on }).where(eq(tenants.tenantId, tenantId));

describe('enqueueJob copies the trace_id of its inbound event', () => {
  const t = useTestDb();

  it('without a traceId the job gets its event’s, stored in the row; a given one is kept', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const ev = await ingestInboundEvent(db, delivery(tenant.tenantId, 'trace-1'));
    if (!ev.success) throw new Error(ev.message);
    const { inboundEventId, traceId } = ev.event;
    const copied = await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'send_reply', inboundEventId });
    expect(copied).toMatchObject({ success: true, created: true, job: { inboundEventId, traceId } });
    const [row] = await db
      .select({ traceId: jobQueue.traceId })
      .from(jobQueue)
      .where(eq(jobQueue.jobId, copied.success ? copied.job.jobId : ''));
    expect(row).toEqual({ traceId });

    const own = randomUUID();
    const given = await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'notify',
      inboundEventId,
      traceId: own.toUpperCase(),
    });
    expect(given).toMatchObject({ success: true, created: true, job: { traceId: own } });

    // No event: nothing to copy, the job has no trace_id unless given one.
    const bare = await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'cron' });
    expect(bare).toMatchObject({ success: true, job: { traceId: null } });
  });

  it('copies the trace_id of the event it names, not another event’s; another tenant’s event writes nothing', async () => {
    const db = t().db;
    const a = await makeTenant(db);
    const b = await makeTenant(db);
    const one = await ingestInboundEvent(db, delivery(a.tenantId, 'trace-2'));
    const two = await ingestInboundEvent(db, delivery(a.tenantId, 'trace-3'));
    const theirs = await ingestInboundEvent(db, delivery(b.tenantId, 'trace-2'));
    if (!one.success || !two.success || !theirs.success) throw new Error('ingest failed');
    expect(one.event.traceId).not.toBe(two.event.traceId);
    const job = await enqueueJob(db, {
      tenantId: a.tenantId,
      jobType: 'send_reply',
      inboundEventId: two.event.inboundEventId,
    });
    expect(job).toMatchObject({ success: true, job: { traceId: two.event.traceId } });
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(jobQueue);
    expect(
      await enqueueJob(db, {
        tenantId: a.tenantId,
        jobType: 'send_reply',
        inboundEventId: theirs.event.inboundEventId,
      }),
    ).toMatchObject({ success: false, error: 'EVENT_NOT_FOUND' });
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(jobQueue)).toEqual(before);
  });

  it('a repeated enqueue returns the stored job unchanged (its trace_id too)', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const ev = await ingestInboundEvent(db, delivery(tenant.tenantId, 'trace-4'));
    if (!ev.success) throw new Error(ev.message);
    const again = await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'process_inbound_message',
      inboundEventId: ev.event.inboundEventId,
      traceId: randomUUID(),
    });
    expect(again).toMatchObject({
      success: true,
      created: false,
      job: { jobId: ev.job.jobId, traceId: ev.event.traceId },
    });
  });
});

describe('is_enabled is a hard switch for claims', () => {
  const t = useTestDb();

  it('a disabled tenant’s queued jobs are not claimed, even when they are the oldest; enabled again, they are', async () => {
    const db = t().db;
    const on = await makeTenant(db);
    const off = await makeTenant(db);
    const past = (s: number) => new Date(Date.now() - s * 1000);
    // The disabled tenant's jobs are due first: the filter must act before the LIMIT.
    const offJobs: string[] = [];
    for (const s of [300, 200]) {
      const r = await enqueueJob(db, { tenantId: off.tenantId, jobType: 'switch', runAfter: past(s) });
      if (!r.success) throw new Error(r.message);
      offJobs.push(r.job.jobId);
    }
    await setEnabled(db, off.tenantId, false);
    // Enqueueing for a disabled tenant still works: the job waits.
    const late = await enqueueJob(db, { tenantId: off.tenantId, jobType: 'switch', runAfter: past(100) });
    if (!late.success) throw new Error(late.message);
    offJobs.push(late.job.jobId);
    const onJob = await enqueueJob(db, { tenantId: on.tenantId, jobType: 'switch', runAfter: past(10) });
    if (!onJob.success) throw new Error(onJob.message);

    const first = await claimJobs(db, { workerId: 'w1', limit: 1 });
    expect(first.success && first.jobs.map((j) => j.jobId)).toEqual([onJob.job.jobId]);
    expect(await claimJobs(db, { workerId: 'w1', limit: 10 })).toEqual({ success: true, jobs: [] });
    expect(await claimJobs(db, { workerId: 'w1', limit: 10, jobTypes: ['switch'] })).toEqual({
      success: true,
      jobs: [],
    });
    // The engine's own claim (the worker's path) applies the same condition.
    expect(await jobQueueEngine.claim(db, { workerId: 'w1', limit: 10 })).toEqual([]);
    const waiting = await db
      .select({ status: jobQueue.status, attempts: jobQueue.attempts, lockedBy: jobQueue.lockedBy })
      .from(jobQueue)
      .where(inArray(jobQueue.jobId, offJobs));
    expect(waiting).toEqual(offJobs.map(() => ({ status: 'queued', attempts: 0, lockedBy: null })));

    await setEnabled(db, off.tenantId, true);
    const after = await claimJobs(db, { workerId: 'w2', limit: 10 });
    expect(after.success && after.jobs.map((j) => j.jobId)).toEqual(offJobs);
    expect(after.success && after.jobs.every((j) => j.attempts === 1 && j.lockedBy === 'w2')).toBe(true);
    await db.delete(jobQueue);
  });

  it('jobs already claimed when the tenant is disabled finish normally; a retry or a reclaimed job waits', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const { tenantId } = tenant;
    for (let i = 0; i < 3; i++) await enqueueJob(db, { tenantId, jobType: 'running' });
    const claimed = await claimJobs(db, { workerId: 'w', limit: 3 });
    if (!claimed.success) throw new Error(claimed.message);
    const [done, retried, stale] = claimed.jobs.map((j) => j.jobId) as [string, string, string];
    await setEnabled(db, tenantId, false);

    expect(await completeJob(db, { tenantId, jobId: done, workerId: 'w' })).toMatchObject({
      success: true,
      job: { status: 'done' },
    });
    expect(await failJob(db, { tenantId, jobId: retried, workerId: 'w', error: 'boom' })).toMatchObject({
      success: true,
      job: { status: 'queued', lastError: 'boom' },
    });
    await db
      .update(jobQueue)
      .set({ runAfter: new Date(0), lockedAt: sql`now() - interval '10 minutes'` })
      .where(inArray(jobQueue.jobId, [retried, stale]));
    expect(await reclaimStaleJobs(db, { olderThanSeconds: 60 })).toMatchObject({
      success: true,
      count: 1,
      jobs: [{ jobId: stale, status: 'queued' }],
    });
    // Both are due and queued, and neither is claimed while the tenant is off.
    expect(await claimJobs(db, { workerId: 'w', limit: 10 })).toEqual({ success: true, jobs: [] });
    await setEnabled(db, tenantId, true);
    const again = await claimJobs(db, { workerId: 'w', limit: 10 });
    expect(again.success && again.jobs.map((j) => j.jobId).sort()).toEqual([retried, stale].sort());
    await db.delete(jobQueue);
  });

  it('a worker does not run a disabled tenant’s jobs', async () => {
    const db = t().db;
    const on = await makeTenant(db);
    const off = await makeTenant(db, { isEnabled: false });
    for (let i = 0; i < 3; i++) {
      await enqueueJob(db, { tenantId: off.tenantId, jobType: 'work' });
      await enqueueJob(db, { tenantId: on.tenantId, jobType: 'work' });
    }
    const ran: string[] = [];
    const controller = new AbortController();
    const worker = createWorker(db, {
      workerId: 'w',
      concurrency: 2,
      pollIntervalMs: 10,
      signal: controller.signal,
      handlers: { work: async (job) => void ran.push(job.tenantId) },
    });
    for (let i = 0; i < 200 && worker.stats.completed < 3; i++) await new Promise((r) => setTimeout(r, 10));
    // A few more polls: nothing else may be claimed.
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await worker.stopped;
    expect(worker.stats).toEqual({ claimed: 3, completed: 3, failed: 0, lockLost: 0 });
    expect(ran).toEqual([on.tenantId, on.tenantId, on.tenantId]);
    const offRows = await db
      .select({ status: jobQueue.status })
      .from(jobQueue)
      .where(eq(jobQueue.tenantId, off.tenantId));
    expect(offRows).toEqual([{ status: 'queued' }, { status: 'queued' }, { status: 'queued' }]);
    await db.delete(jobQueue);
  });
});

describe('a job that succeeds after a failed try', () => {
  const t = useTestDb();

  /** A job of the tenant that failed once with `error` and is claimed again by `workerId`. */
  async function failedOnceThenClaimed(db: Database, tenantId: string, workerId: string) {
    const enq = await enqueueJob(db, { tenantId, jobType: `retry-${workerId}` });
    if (!enq.success) throw new Error(enq.message);
    const { jobId } = enq.job;
    await claimJobs(db, { workerId, jobTypes: [`retry-${workerId}`] });
    await failJob(db, { tenantId, jobId, workerId, error: 'first try failed' });
    await db
      .update(jobQueue)
      .set({ runAfter: new Date(0) })
      .where(eq(jobQueue.jobId, jobId));
    const again = await claimJobs(db, { workerId, jobTypes: [`retry-${workerId}`] });
    // While it runs again, the previous failure stays visible.
    expect(again).toMatchObject({
      success: true,
      jobs: [{ jobId, status: 'processing', attempts: 2, lastError: 'first try failed' }],
    });
    return jobId;
  }

  it('completeJob clears last_error', async () => {
    const db = t().db;
    const { tenantId } = await makeTenant(db);
    const jobId = await failedOnceThenClaimed(db, tenantId, 'one');
    expect(await completeJob(db, { tenantId, jobId, workerId: 'one' })).toMatchObject({
      success: true,
      job: { jobId, status: 'done', attempts: 2, lastError: null },
    });
    const [row] = await db
      .select({ lastError: jobQueue.lastError })
      .from(jobQueue)
      .where(eq(jobQueue.jobId, jobId));
    expect(row).toEqual({ lastError: null });
  });

  it('completeJobs clears it for every completed job, and leaves jobs it did not complete alone', async () => {
    const db = t().db;
    const { tenantId } = await makeTenant(db);
    const mine = await failedOnceThenClaimed(db, tenantId, 'batch');
    const theirs = await failedOnceThenClaimed(db, tenantId, 'other');
    const r = await completeJobs(db, { tenantId, jobIds: [mine, theirs], workerId: 'batch' });
    expect(r).toMatchObject({
      success: true,
      jobs: [{ jobId: mine, status: 'done', lastError: null }],
      lockLost: [theirs],
    });
    const [other] = await db
      .select({ status: jobQueue.status, lastError: jobQueue.lastError })
      .from(jobQueue)
      .where(eq(jobQueue.jobId, theirs));
    expect(other).toEqual({ status: 'processing', lastError: 'first try failed' });
  });

  it('the worker’s batched completion clears it too; a final failure keeps its error', async () => {
    const db = t().db;
    const { tenantId } = await makeTenant(db);
    const flaky = await enqueueJob(db, { tenantId, jobType: 'flaky' });
    const doomed = await enqueueJob(db, { tenantId, jobType: 'doomed' });
    if (!flaky.success || !doomed.success) throw new Error('enqueue failed');
    let tries = 0;
    const controller = new AbortController();
    const worker = createWorker(db, {
      workerId: 'w',
      pollIntervalMs: 10,
      maxAttempts: 1,
      signal: controller.signal,
      handlers: {
        flaky: async () => {
          if (++tries === 1) throw new Error('flaky failed');
        },
        doomed: async () => {
          throw new Error('doomed failed');
        },
      },
    });
    // maxAttempts 1 fails both for good on their first try: give the flaky one another chance by hand.
    for (let i = 0; i < 200 && worker.stats.failed < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await db
      .update(jobQueue)
      .set({ status: 'queued', runAfter: new Date(0) })
      .where(eq(jobQueue.jobId, flaky.job.jobId));
    for (let i = 0; i < 200 && worker.stats.completed < 1; i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await worker.stopped;
    expect(worker.stats).toEqual({ claimed: 3, completed: 1, failed: 2, lockLost: 0 });
    const rows = await db
      .select({ jobType: jobQueue.jobType, status: jobQueue.status, lastError: jobQueue.lastError })
      .from(jobQueue)
      .where(inArray(jobQueue.jobId, [flaky.job.jobId, doomed.job.jobId]))
      .orderBy(jobQueue.jobType);
    expect(rows).toEqual([
      { jobType: 'doomed', status: 'failed', lastError: 'doomed failed' },
      { jobType: 'flaky', status: 'done', lastError: null },
    ]);
  });
});
