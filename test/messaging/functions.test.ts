import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import {
  claimJobs,
  closeConversation,
  completeJob,
  completeJobs,
  conversations,
  createWorker,
  enqueueJob,
  failJob,
  ingestInboundEvent,
  jobQueue,
  jobQueueEngine,
  openConversation,
  reclaimStaleJobs,
  recordMessage,
  upsertContact,
} from '../../src/messaging';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';
import { makeContact, makeTenant } from './fixtures';

const delivery = (tenantId: string, dedupeKey: string) => ({
  tenantId,
  provider: 'ghl',
  eventType: 'inbound_message',
  dedupeKey,
  providerMsgId: dedupeKey,
  channel: 'sms',
  channelAddress: '+15550100',
  payload: { body: 'hello' },
});

describe('ingestInboundEvent', () => {
  const t = useTestDb();

  it('stores the event and enqueues its job with the same trace_id; a redelivery returns the originals', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const first = await ingestInboundEvent(db, delivery(tenant.tenantId, 'evt-1'));
    if (!first.success) throw new Error(first.message);
    expect(first.created).toBe(true);
    expect(first.job).toMatchObject({
      jobType: 'process_inbound_message',
      status: 'queued',
      traceId: first.event.traceId,
      inboundEventId: first.event.inboundEventId,
    });
    const again = await ingestInboundEvent(db, delivery(tenant.tenantId, 'evt-1'));
    expect(again).toMatchObject({
      success: true,
      created: false,
      event: { inboundEventId: first.event.inboundEventId, traceId: first.event.traceId },
      job: { jobId: first.job.jobId },
    });
    expect(await countRows(db, 'bot.inbound_events')).toBe(1);
    expect(await countRows(db, 'bot.job_queue')).toBe(1);
  });

  it('refuses unknown and disabled tenants and writes nothing', async () => {
    const db = t().db;
    const before = await countRows(db, 'bot.inbound_events');
    expect(await ingestInboundEvent(db, delivery(randomUUID(), 'x'))).toMatchObject({
      success: false,
      error: 'TENANT_NOT_FOUND',
    });
    const off = await makeTenant(db, { isEnabled: false });
    expect(await ingestInboundEvent(db, delivery(off.tenantId, 'x'))).toMatchObject({
      success: false,
      error: 'TENANT_DISABLED',
    });
    expect(await countRows(db, 'bot.inbound_events')).toBe(before);
  });

  it('bad input is INVALID_INPUT with no rows written', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const before = await countRows(db, 'bot.inbound_events');
    for (const bad of [
      { ...delivery(tenant.tenantId, 'k'), tenantId: 'not-a-uuid' },
      { ...delivery(tenant.tenantId, 'k'), dedupeKey: 'x'.repeat(501) },
      { ...delivery(tenant.tenantId, 'k'), payload: 'nope' },
      { ...delivery(tenant.tenantId, 'k'), provider: 42 },
    ]) {
      const r = await ingestInboundEvent(db, bad as never);
      expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
      if (!r.success) expect(r.message.length).toBeGreaterThan(0);
    }
    expect(await countRows(db, 'bot.inbound_events')).toBe(before);
  });
});

describe('job queue', () => {
  const t = useTestDb();

  it('enqueueJob is idempotent on (job_type, inbound_event_id)', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const ev = await ingestInboundEvent(db, delivery(tenant.tenantId, 'q-1'));
    if (!ev.success) throw new Error(ev.message);
    const again = await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'process_inbound_message',
      inboundEventId: ev.event.inboundEventId,
    });
    expect(again).toMatchObject({ success: true, created: false, job: { jobId: ev.job.jobId } });
    const other = await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'send_reply',
      inboundEventId: ev.event.inboundEventId,
    });
    expect(other).toMatchObject({ success: true, created: true });
    expect(await enqueueJob(db, { tenantId: randomUUID(), jobType: 'x' })).toMatchObject({
      success: false,
      error: 'TENANT_NOT_FOUND',
    });
    expect(
      await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x', inboundEventId: randomUUID() }),
    ).toMatchObject({ success: false, error: 'EVENT_NOT_FOUND' });
    await db.delete(jobQueue);
  });

  it('claims due jobs in (run_after, created_at) order, skips future ones, and filters by type', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const past = (s: number) => new Date(Date.now() - s * 1000);
    await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'a', runAfter: past(10) });
    await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'b', runAfter: past(30) });
    await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'a',
      runAfter: new Date(Date.now() + 3600_000),
    });
    const onlyA = await claimJobs(db, { workerId: 'w1', limit: 10, jobTypes: ['a'] });
    expect(onlyA.success && onlyA.jobs.map((j) => j.jobType)).toEqual(['a']);
    const rest = await claimJobs(db, { workerId: 'w2', limit: 10 });
    if (!rest.success) throw new Error();
    expect(rest.jobs).toHaveLength(1);
    expect(rest.jobs[0]).toMatchObject({ jobType: 'b', status: 'processing', lockedBy: 'w2', attempts: 1 });
    expect(rest.jobs[0]!.lockedAt).toBeInstanceOf(Date);
    expect(await claimJobs(db, { workerId: 'w3', limit: 10 })).toEqual({ success: true, jobs: [] });
    await db.delete(jobQueue);
  });

  it('only the lock holder completes or fails; failures back off and stop at maxAttempts', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const enq = await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x' });
    if (!enq.success) throw new Error();
    await claimJobs(db, { workerId: 'w1' });
    expect(
      await completeJob(db, { tenantId: tenant.tenantId, jobId: enq.job.jobId, workerId: 'intruder' }),
    ).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(
      await completeJob(db, { tenantId: tenant.tenantId, jobId: randomUUID(), workerId: 'w1' }),
    ).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
    const failed = await failJob(db, {
      tenantId: tenant.tenantId,
      jobId: enq.job.jobId,
      workerId: 'w1',
      error: 'boom',
      maxAttempts: 2,
    });
    if (!failed.success) throw new Error();
    expect(failed.job).toMatchObject({
      status: 'queued',
      lastError: 'boom',
      lockedBy: null,
      lockedAt: null,
      attempts: 1,
    });
    const delay = failed.job.runAfter.getTime() - Date.now();
    expect(delay).toBeGreaterThan(1000); // 5 s · 2^0 · [0.5, 1]
    expect(delay).toBeLessThanOrEqual(5000);
    await db
      .update(jobQueue)
      .set({ runAfter: new Date(0) })
      .where(eq(jobQueue.jobId, enq.job.jobId));
    await claimJobs(db, { workerId: 'w1' });
    const last = await failJob(db, {
      tenantId: tenant.tenantId,
      jobId: enq.job.jobId,
      workerId: 'w1',
      error: 'boom again',
      maxAttempts: 2,
    });
    expect(last).toMatchObject({
      success: true,
      job: { status: 'failed', attempts: 2, lastError: 'boom again' },
    });
    // A finished job cannot be completed again.
    expect(
      await completeJob(db, { tenantId: tenant.tenantId, jobId: enq.job.jobId, workerId: 'w1' }),
    ).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    const ok = await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'y' });
    await claimJobs(db, { workerId: 'w9' });
    expect(
      await completeJob(db, {
        tenantId: tenant.tenantId,
        jobId: ok.success ? ok.job.jobId : '',
        workerId: 'w9',
      }),
    ).toMatchObject({
      success: true,
      job: { status: 'done', lockedBy: null, lockedAt: null },
    });
    await db.delete(jobQueue);
  });

  it('completeJobs finishes a claimed batch in one statement and reports jobs it does not hold', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    for (let i = 0; i < 4; i++) await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'batch' });
    const mine = await claimJobs(db, { workerId: 'w1', limit: 3 });
    const theirs = await claimJobs(db, { workerId: 'w2', limit: 1 });
    if (!mine.success || !theirs.success) throw new Error();
    const ids = [...mine.jobs.map((j) => j.jobId), theirs.jobs[0]!.jobId, randomUUID()];
    const r = await completeJobs(db, { tenantId: tenant.tenantId, jobIds: ids, workerId: 'w1' });
    if (!r.success) throw new Error(r.message);
    expect(r.jobs.map((j) => j.status)).toEqual(['done', 'done', 'done']);
    expect(r.lockLost.sort()).toEqual([ids[3], ids[4]].sort());
    const [other] = await db.select().from(jobQueue).where(eq(jobQueue.jobId, ids[3]!));
    expect(other).toMatchObject({ status: 'processing', lockedBy: 'w2' });
    expect(await completeJobs(db, { tenantId: tenant.tenantId, jobIds: [], workerId: 'w1' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    await db.delete(jobQueue);
  });

  it('reclaims jobs whose worker died, failing those out of attempts', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x' });
    await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x' });
    await claimJobs(db, { workerId: 'dead', limit: 2 });
    const [one] = await db.select().from(jobQueue).limit(1);
    await db.update(jobQueue).set({ attempts: 5 }).where(eq(jobQueue.jobId, one!.jobId));
    expect(await reclaimStaleJobs(db, { olderThanSeconds: 60 })).toEqual({
      success: true,
      count: 0,
      jobs: [],
    });
    await db.update(jobQueue).set({ lockedAt: sql`now() - interval '2 minutes'` });
    const reclaimed = await reclaimStaleJobs(db, { olderThanSeconds: 60 });
    expect(reclaimed.success && reclaimed.count).toBe(2);
    const statuses = (await db.select({ s: jobQueue.status, id: jobQueue.jobId }).from(jobQueue)).map((r) =>
      r.id === one!.jobId ? `x:${r.s}` : r.s,
    );
    expect(statuses.sort()).toEqual(['queued', 'x:failed']);
    await db.delete(jobQueue);
  });

  it('the claim query uses the (status, run_after, created_at) index', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await db.execute(sql`insert into bot.job_queue (tenant_id, job_type, status, run_after)
      select ${tenant.tenantId}::uuid, 'bulk', case when g % 100 = 0 then 'queued' else 'done' end, now() - (g || ' seconds')::interval
      from generate_series(1, 5000) g`);
    await db.execute(sql`analyze bot.job_queue`);
    // At 50 rows an `IN (subquery)` claim was hash-joined against a scan of the whole table.
    for (const limit of [1, 10, 50, 1000]) {
      const claim = jobQueueEngine.claimQuery(db, { workerId: 'w', limit });
      const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain ${claim.getSQL()}`))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('job_queue_status_run_after_created_at_idx');
      expect(plan).toContain('job_queue_pkey');
      expect(plan).not.toMatch(/Seq Scan|Hash/);
    }
    await db.delete(jobQueue);
  });

  it('a worker runs handlers, completes and fails jobs, and stops cleanly on abort', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    for (let i = 0; i < 6; i++)
      await enqueueJob(db, { tenantId: tenant.tenantId, jobType: i % 3 === 0 ? 'bad' : 'good' });
    const seen: string[] = [];
    const controller = new AbortController();
    const worker = createWorker(db, {
      workerId: 'w',
      concurrency: 2,
      pollIntervalMs: 20,
      signal: controller.signal,
      handlers: {
        good: async (job) => void seen.push(job.jobId),
        bad: async () => {
          throw new Error('handler failed');
        },
      },
    });
    for (let i = 0; i < 200 && worker.stats.completed + worker.stats.failed < 6; i++)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await worker.stopped;
    expect(worker.stats).toMatchObject({ completed: 4, failed: 2, lockLost: 0 });
    const rows = await db
      .select({ status: jobQueue.status, lastError: jobQueue.lastError })
      .from(jobQueue)
      .where(eq(jobQueue.jobType, 'bad'));
    expect(rows).toEqual([
      { status: 'queued', lastError: 'handler failed' },
      { status: 'queued', lastError: 'handler failed' },
    ]);
    await db.delete(jobQueue);
  });

  it('a worker with batchSize > concurrency runs at most `concurrency` handlers and stores every outcome before stopped', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    for (let i = 0; i < 25; i++) await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'slow' });
    let running = 0;
    let most = 0;
    let started = 0;
    const controller = new AbortController();
    const worker = createWorker(db, {
      workerId: 'batcher',
      concurrency: 3,
      batchSize: 10,
      prefetch: 0,
      pollIntervalMs: 20,
      signal: controller.signal,
      handlers: {
        slow: async () => {
          started++;
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          // Abort while claimed jobs are still waiting locally: they must run and be completed.
          if (started >= 12) controller.abort();
        },
      },
    });
    await worker.stopped;
    expect(most).toBe(3);
    // Aborted after the second batch of 10 was claimed: those 20 ran, the last 5 were never claimed.
    expect(worker.stats).toEqual({ claimed: 20, completed: 20, failed: 0, lockLost: 0 });
    const counts = await db
      .select({ status: jobQueue.status, n: sql<number>`count(*)::int` })
      .from(jobQueue)
      .groupBy(jobQueue.status)
      .orderBy(jobQueue.status);
    expect(counts).toEqual([
      { status: 'done', n: 20 },
      { status: 'queued', n: 5 },
    ]);
    await db.delete(jobQueue);
  });
});

describe('contacts, conversations, messages', () => {
  const t = useTestDb();

  it('upsertContact keeps one row per tenant+channel+address', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const a = await upsertContact(db, {
      tenantId: tenant.tenantId,
      channel: 'sms',
      channelAddress: '+1',
      metadata: { a: 1 },
    });
    const b = await upsertContact(db, {
      tenantId: tenant.tenantId,
      channel: 'sms',
      channelAddress: '+1',
      displayName: 'Ann',
      metadata: { b: 2 },
    });
    expect(a).toMatchObject({ success: true, created: true });
    expect(b).toMatchObject({
      success: true,
      created: false,
      contact: { displayName: 'Ann', metadata: { a: 1, b: 2 } },
    });
    expect(a.success && b.success && a.contact.contactId === b.contact.contactId).toBe(true);
    expect(
      await upsertContact(db, { tenantId: randomUUID(), channel: 'sms', channelAddress: '+1' }),
    ).toMatchObject({ success: false, error: 'TENANT_NOT_FOUND' });
  });

  it('opens one conversation, closes it, and reopens many times', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const contact = await makeContact(db, tenant.tenantId);
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const open = await openConversation(db, { tenantId: tenant.tenantId, contactId: contact.contactId });
      const same = await openConversation(db, { tenantId: tenant.tenantId, contactId: contact.contactId });
      if (!open.success || !same.success) throw new Error();
      expect(open.created).toBe(true);
      expect(same).toMatchObject({
        created: false,
        conversation: { conversationId: open.conversation.conversationId },
      });
      ids.add(open.conversation.conversationId);
      expect(
        await closeConversation(db, {
          tenantId: tenant.tenantId,
          conversationId: open.conversation.conversationId,
        }),
      ).toMatchObject({ success: true, conversation: { status: 'closed' } });
      expect(
        await closeConversation(db, {
          tenantId: tenant.tenantId,
          conversationId: open.conversation.conversationId,
        }),
      ).toMatchObject({ success: false, error: 'ALREADY_CLOSED' });
    }
    expect(ids.size).toBe(3);
    expect(
      await closeConversation(db, { tenantId: tenant.tenantId, conversationId: randomUUID() }),
    ).toMatchObject({
      success: false,
      error: 'CONVERSATION_NOT_FOUND',
    });
    const other = await makeTenant(db);
    expect(
      await openConversation(db, { tenantId: other.tenantId, contactId: contact.contactId }),
    ).toMatchObject({ success: false, error: 'CONTACT_NOT_FOUND' });
  });

  it('recordMessage is idempotent for inbound, stamps the conversation, and carries the trace_id', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const contact = await makeContact(db, tenant.tenantId);
    const conv = await openConversation(db, { tenantId: tenant.tenantId, contactId: contact.contactId });
    if (!conv.success) throw new Error();
    const base = {
      tenantId: tenant.tenantId,
      conversationId: conv.conversation.conversationId,
      contactId: contact.contactId,
      provider: 'ghl',
      channel: 'sms',
    };
    const traceId = randomUUID();
    const inbound = await recordMessage(db, {
      ...base,
      direction: 'inbound',
      providerMsgId: 'p1',
      text: 'hi',
      traceId,
    });
    const dup = await recordMessage(db, { ...base, direction: 'inbound', providerMsgId: 'p1', text: 'hi' });
    if (!inbound.success || !dup.success) throw new Error();
    expect(inbound).toMatchObject({ created: true, message: { traceId, text: 'hi' } });
    expect(dup).toMatchObject({ created: false, message: { messageId: inbound.message.messageId } });
    const out = await recordMessage(db, {
      ...base,
      direction: 'outbound',
      providerMsgId: 'p1',
      text: 'hello',
    });
    expect(out).toMatchObject({ success: true, created: true });
    const [c] = await db
      .select()
      .from(conversations)
      .where(eq(conversations.conversationId, base.conversationId));
    expect(c!.lastInboundAt?.getTime()).toBe(inbound.message.createdAt.getTime());
    expect(c!.lastOutboundAt?.getTime()).toBe(out.success ? out.message.createdAt.getTime() : -1);
    expect(await countRows(db, 'bot.messages')).toBe(2);
    const wrong = await recordMessage(db, {
      ...base,
      contactId: (await makeContact(db, tenant.tenantId)).contactId,
      direction: 'outbound',
      text: 'x',
    });
    expect(wrong).toMatchObject({ success: false, error: 'CONVERSATION_NOT_FOUND' });
    expect(await countRows(db, 'bot.messages')).toBe(2);
  });

  it('bad input writes nothing', async () => {
    const db = t().db;
    expect(await upsertContact(db, { tenantId: 'x', channel: 'sms', channelAddress: '1' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(
      await recordMessage(db, {
        tenantId: randomUUID(),
        conversationId: randomUUID(),
        contactId: randomUUID(),
        direction: 'up' as never,
      }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await claimJobs(db, { workerId: '', limit: 0 })).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await countRows(db, 'bot.inbound_events')).toBe(0);
  });
});
