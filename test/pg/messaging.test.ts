import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import {
  claimJobs,
  closeConversation,
  completeJob,
  conversations,
  inboundEvents,
  ingestInboundEvent,
  jobQueue,
  openConversation,
  reclaimStaleJobs,
  tenants,
  upsertContact,
} from '../../src/messaging';
import { countRows } from '../../src/testing';
import { makeContact, makeTenant } from '../messaging/fixtures';
import { useTestDb } from '../support';

// Real-server races: each "worker" has its own connection, so these interleave for real.
describe('messaging under concurrency (real PostgreSQL)', () => {
  const t = useTestDb();
  const pools: { db: Database; close(): Promise<void> }[] = [];
  const connections = async (n: number) => {
    const made = await Promise.all(Array.from({ length: n }, () => t().connect({ max: 1 })));
    pools.push(...made);
    return made.map((c) => c.db);
  };
  let tenantId = '';
  beforeAll(async () => {
    tenantId = (await makeTenant(t().db)).tenantId;
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('a claim skips a job another open transaction holds: it returns the next job at once, never waits', async () => {
    const db = t().db;
    await db.execute(
      sql`insert into bot.job_queue (tenant_id, job_type) select ${tenantId}::uuid, 'held' from generate_series(1, 2)`,
    );
    const [a, b] = await connections(2);
    // Waiting on a row lock would fail B's claim with 55P03 after 1 s instead of blocking.
    await b!.execute(sql`set lock_timeout = '1s'`);
    let held = '';
    let other = '';
    await a!.transaction(async (tx) => {
      const first = await claimJobs(tx as unknown as Database, {
        workerId: 'A',
        limit: 1,
        jobTypes: ['held'],
      });
      expect(first.success && first.jobs).toHaveLength(1);
      held = first.success ? first.jobs[0]!.jobId : '';
      // A's transaction is still open and holds the claimed row's lock.
      const second = await claimJobs(b!, { workerId: 'B', limit: 1, jobTypes: ['held'] });
      expect(second.success && second.jobs).toHaveLength(1);
      other = second.success ? second.jobs[0]!.jobId : '';
    });
    expect(other).not.toBe(held);
    expect(other).not.toBe('');
  });

  it('16 workers × 5,000 jobs: every job claimed and completed exactly once', async () => {
    const db = t().db;
    await db.execute(
      sql`insert into bot.job_queue (tenant_id, job_type) select ${tenantId}::uuid, 'race' from generate_series(1, 5000)`,
    );
    const workers = await connections(16);
    const claimLog: { jobId: string; worker: string; attempts: number }[] = [];
    const completions = new Map<string, number>();
    const started = performance.now();
    await Promise.all(
      workers.map(async (wdb, i) => {
        const workerId = `w${i}`;
        for (;;) {
          const claimed = await claimJobs(wdb, { workerId, limit: 10, jobTypes: ['race'] });
          if (!claimed.success) throw new Error(claimed.message);
          if (claimed.jobs.length === 0) return;
          for (const job of claimed.jobs) {
            claimLog.push({ jobId: job.jobId, worker: workerId, attempts: job.attempts });
            const done = await completeJob(wdb, { tenantId, jobId: job.jobId, workerId });
            if (!done.success) throw new Error(`${done.error} for ${job.jobId}`);
            completions.set(job.jobId, (completions.get(job.jobId) ?? 0) + 1);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[queue] 16 workers × 5,000 jobs: ${seconds.toFixed(2)} s (${Math.round(5000 / seconds)} jobs/s)`,
    );
    expect(claimLog).toHaveLength(5000);
    expect(new Set(claimLog.map((c) => c.jobId)).size).toBe(5000);
    expect(claimLog.every((c) => c.attempts === 1)).toBe(true);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
    expect(completions.size).toBe(5000);
    const left = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobQueue)
      .where(sql`${jobQueue.jobType} = 'race' and ${jobQueue.status} <> 'done'`);
    expect(left[0]!.n).toBe(0);
    // More than one worker really took part.
    expect(new Set(claimLog.map((c) => c.worker)).size).toBeGreaterThan(1);
  });

  it('32 concurrent deliveries of one event → one event, one job, identical ids for all', async () => {
    const conns = await connections(32);
    const results = await Promise.all(
      conns.map((cdb) =>
        ingestInboundEvent(cdb, {
          tenantId,
          provider: 'ghl',
          eventType: 'inbound_message',
          dedupeKey: 'storm',
          payload: {},
        }),
      ),
    );
    const ok = results.filter((r) => r.success);
    expect(ok).toHaveLength(32);
    expect(ok.filter((r) => r.success && r.created)).toHaveLength(1);
    const eventIds = new Set(ok.map((r) => (r.success ? r.event.inboundEventId : '')));
    const jobIds = new Set(ok.map((r) => (r.success ? r.job.jobId : '')));
    const traces = new Set(ok.map((r) => (r.success ? `${r.event.traceId}/${r.job.traceId}` : '')));
    expect([eventIds.size, jobIds.size, traces.size]).toEqual([1, 1, 1]);
    const db = t().db;
    expect(await db.select().from(inboundEvents).where(eq(inboundEvents.dedupeKey, 'storm'))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(jobQueue)
        .where(eq(jobQueue.inboundEventId, [...eventIds][0]!)),
    ).toHaveLength(1);
  });

  it('concurrent openConversation for one contact → one open conversation', async () => {
    const contact = await makeContact(t().db, tenantId);
    const conns = await connections(20);
    const results = await Promise.all(
      conns.map((cdb) => openConversation(cdb, { tenantId, contactId: contact.contactId })),
    );
    const ids = new Set(results.map((r) => (r.success ? r.conversation.conversationId : 'fail')));
    expect(ids.size).toBe(1);
    expect(ids.has('fail')).toBe(false);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const open = await t()
      .db.select()
      .from(conversations)
      .where(eq(conversations.contactId, contact.contactId));
    expect(open).toHaveLength(1);
  });

  it('openConversation racing closeConversation (8 openers × 4 closers, 5 rounds): never throws, always the open conversation', async () => {
    const openers = await connections(8);
    const closers = await connections(4);
    let calls = 0;
    let closed = 0;
    for (let round = 0; round < 5; round++) {
      const contact = await makeContact(t().db, tenantId);
      const input = { tenantId, contactId: contact.contactId };
      const thrown: unknown[] = [];
      let stop = false;
      // Closers close whatever conversation of the contact is open, as fast as they can.
      const closing = closers.map(async (cdb) => {
        while (!stop) {
          const [open] = await cdb
            .select({ id: conversations.conversationId })
            .from(conversations)
            .where(and(eq(conversations.contactId, contact.contactId), eq(conversations.status, 'open')));
          if (!open) continue;
          try {
            const r = await closeConversation(cdb, { tenantId, conversationId: open.id });
            if (r.success) closed++;
            else expect(r.error).toBe('ALREADY_CLOSED');
          } catch (error) {
            thrown.push(error);
          }
        }
      });
      const results = await Promise.all(
        openers.map(async (odb) => {
          const mine = [];
          for (let i = 0; i < 25; i++) {
            try {
              mine.push(await openConversation(odb, input));
            } catch (error) {
              thrown.push(error);
            }
          }
          return mine;
        }),
      );
      stop = true;
      await Promise.all(closing);
      expect(thrown).toEqual([]);
      for (const r of results.flat()) {
        calls++;
        if (!r.success) throw new Error(`${r.error}: ${r.message}`);
        // Open when returned: the opener held its lock until it committed.
        expect(r.conversation).toMatchObject({ tenantId, contactId: contact.contactId, status: 'open' });
      }
      const open = await t()
        .db.select()
        .from(conversations)
        .where(and(eq(conversations.contactId, contact.contactId), eq(conversations.status, 'open')));
      expect(open.length).toBeLessThanOrEqual(1);
    }
    console.log(`[race] openConversation × closeConversation: ${calls} opens, ${closed} closes, 0 throws`);
    expect(calls).toBe(5 * 8 * 25);
    expect(closed).toBeGreaterThan(0);
  });

  it('concurrent upsertContact for one address → one contact', async () => {
    const conns = await connections(20);
    const results = await Promise.all(
      conns.map((cdb, i) =>
        upsertContact(cdb, { tenantId, channel: 'sms', channelAddress: '+1999', metadata: { [`k${i}`]: i } }),
      ),
    );
    expect(new Set(results.map((r) => (r.success ? r.contact.contactId : 'fail'))).size).toBe(1);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const rows = await t().db.execute(sql`select metadata from bot.contacts where channel_address = '+1999'`);
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    expect(list).toHaveLength(1);
    expect(Object.keys((list[0] as { metadata: object }).metadata)).toHaveLength(20);
  });

  it('a worker that claims and dies: its job is reclaimed and completed by another', async () => {
    const db = t().db;
    await db.insert(jobQueue).values({ tenantId, jobType: 'fragile' });
    const [dying] = await connections(1);
    const claimed = await claimJobs(dying!, { workerId: 'dying', jobTypes: ['fragile'] });
    if (!claimed.success || claimed.jobs.length !== 1) throw new Error('claim failed');
    const jobId = claimed.jobs[0]!.jobId;
    await pools.pop()!.close(); // the worker's process is gone
    await db
      .update(jobQueue)
      .set({ lockedAt: sql`now() - interval '10 minutes'` })
      .where(eq(jobQueue.jobId, jobId));
    expect(await reclaimStaleJobs(db, { olderThanSeconds: 300 })).toMatchObject({ success: true, count: 1 });
    const [survivor] = await connections(1);
    const again = await claimJobs(survivor!, { workerId: 'survivor', jobTypes: ['fragile'] });
    expect(again.success && again.jobs.map((j) => [j.jobId, j.attempts])).toEqual([[jobId, 2]]);
    expect(await completeJob(survivor!, { tenantId, jobId, workerId: 'survivor' })).toMatchObject({
      success: true,
      job: { status: 'done' },
    });
    // The dead worker's late completion is fenced off.
    expect(await completeJob(db, { tenantId, jobId, workerId: 'dying' })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(await countRows(db, 'bot.job_queue')).toBeGreaterThan(0);
  });
  it('concurrent claimers never take a disabled tenant’s job; a tenant disabled mid-run is not claimed by any claim that starts after', async () => {
    const db = t().db;
    const [on, off, toggled] = [await makeTenant(db), await makeTenant(db), await makeTenant(db)];
    const enable = (id: string, isEnabled: boolean) =>
      db.update(tenants).set({ isEnabled }).where(eq(tenants.tenantId, id));
    // Interleaved in claim order: every tenant's jobs are due all along the queue.
    await db.execute(sql`insert into bot.job_queue (tenant_id, job_type, run_after)
      select (array[${on.tenantId}::uuid, ${off.tenantId}::uuid, ${toggled.tenantId}::uuid, ${toggled.tenantId}::uuid])[g % 4 + 1],
        'switch', now() - interval '1 hour' + g * interval '1 ms'
      from generate_series(0, 3999) g`);
    await enable(off.tenantId, false);
    const workers = await connections(8);
    const claims: { startedAt: number; tenants: string[]; ids: string[] }[] = [];
    let claimed = 0;
    let disabledAt = Number.POSITIVE_INFINITY;
    let disabling: Promise<unknown> | undefined;
    await Promise.all(
      workers.map(async (wdb, i) => {
        for (;;) {
          const startedAt = performance.now();
          const r = await claimJobs(wdb, { workerId: `s${i}`, limit: 5, jobTypes: ['switch'] });
          if (!r.success) throw new Error(r.message);
          if (r.jobs.length === 0) return;
          claims.push({ startedAt, tenants: r.jobs.map((j) => j.tenantId), ids: r.jobs.map((j) => j.jobId) });
          claimed += r.jobs.length;
          if (claimed >= 200 && !disabling) {
            disabling = enable(toggled.tenantId, false).then(() => {
              disabledAt = performance.now();
            });
          }
        }
      }),
    );
    await disabling;
    const all = claims.flatMap((c) => c.tenants);
    expect(new Set(claims.flatMap((c) => c.ids)).size).toBe(all.length);
    expect(all.filter((id) => id === off.tenantId)).toHaveLength(0);
    expect(all.filter((id) => id === on.tenantId)).toHaveLength(1000);
    const after = claims.filter((c) => c.startedAt > disabledAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.flatMap((c) => c.tenants).filter((id) => id === toggled.tenantId)).toHaveLength(0);
    const toggledClaimed = all.filter((id) => id === toggled.tenantId).length;
    // Disabled mid-run: some of its jobs were taken before, the rest wait.
    expect(toggledClaimed).toBeGreaterThan(0);
    expect(toggledClaimed).toBeLessThan(2000);
    const waiting = await db
      .select({ tenantId: jobQueue.tenantId, n: sql<number>`count(*)::int` })
      .from(jobQueue)
      .where(and(eq(jobQueue.jobType, 'switch'), eq(jobQueue.status, 'queued'), eq(jobQueue.attempts, 0)))
      .groupBy(jobQueue.tenantId);
    expect(Object.fromEntries(waiting.map((w) => [w.tenantId, w.n]))).toEqual({
      [off.tenantId]: 1000,
      [toggled.tenantId]: 2000 - toggledClaimed,
    });
    // Enabled again, their jobs are claimed.
    await enable(off.tenantId, true);
    await enable(toggled.tenantId, true);
    let rest = 0;
    for (;;) {
      const r = await claimJobs(db, { workerId: 'after', limit: 1000, jobTypes: ['switch'] });
      if (!r.success) throw new Error(r.message);
      if (r.jobs.length === 0) break;
      rest += r.jobs.length;
    }
    expect(rest).toBe(3000 - toggledClaimed);
    await db.delete(jobQueue).where(eq(jobQueue.jobType, 'switch'));
  });
});
