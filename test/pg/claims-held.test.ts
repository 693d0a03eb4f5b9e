import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { and, asc, eq, isNotNull, notLike, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencyTasks,
  alertDeliveryQueue,
  browserContexts,
  claimAgencyTasks,
  claimAlertDeliveries,
  claimDueScheduledTasks,
  claimOutboundMessages,
  claimWebhookRetries,
  credentials,
  emailConnections,
  getBrowserContextStorage,
  getCredential,
  getEmailConnectionTokens,
  getGhlApiKey,
  outboundMessages,
  putBrowserContextStorage,
  putCredential,
  putEmailConnectionTokens,
  putGhlApiKey,
  rotateBrowserContextStorage,
  rotateCredentials,
  rotateEmailConnectionTokens,
  rotateGhlApiKeys,
  scheduledBrowserTasks,
  scheduledTaskExecutions,
  timeOutScheduledTaskRuns,
  userProfiles,
  webhookLogs,
} from '../../src/bottleneck';
import { cortexOauthTokens, putCortexOAuthToken, rotateCortexOAuthTokens } from '../../src/cortex';
import { openPacked, packedLike, rotateSecrets, rotationInput, sealPacked } from '../../src/crypto';
import type { Database } from '../../src/db';
import {
  claimJobs,
  createWorker,
  getTenantCredentials,
  jobQueue,
  jobQueueEngine,
  putTenantCredentials,
  rotateTenantCredentials,
  tenantCredentials,
  type Worker,
} from '../../src/messaging';
import {
  claimDueTriggers,
  createTrigger,
  getOAuthIntegrationTokens,
  oauthIntegrations,
  putOAuthIntegration,
  rotateOAuthIntegrations,
  triggers,
} from '../../src/ownpilot';
import { dnsApprovalQueue, expireApprovals, seedPortal } from '../../src/portal';
import { defineQueue } from '../../src/queue';
import { claimResearchJobs, researchJobQueue, jobs as researchJobs } from '../../src/research';
import { makeUser } from '../bottleneck/fixtures';
import {
  addAlertDeliveries,
  addOutbound,
  addTasks,
  addWebhookLogs,
  queueParents,
} from '../bottleneck/queue-fixtures';
import { rotationKeyrings } from '../fixtures/keyrings';
import { makeTenant } from '../messaging/fixtures';
import { seedWorld } from '../research/fixtures';
import { useTestDb } from '../support';
import {
  claimingExports,
  expectRowHeld,
  holdRow,
  peek,
  readSources,
  sleep,
  timed,
  until,
} from './claims-held-fixtures';

/*
 * Every exported function that claims or locks rows with FOR UPDATE SKIP LOCKED, tested against a
 * row that another open transaction holds (SELECT … FOR UPDATE on its own connection): the call
 * must settle at once (raced against a 2 s timer while pg_stat_activity / pg_locks are watched for
 * a lock wait), must not touch the held row, must take the next eligible rows instead, and once
 * the holder rolls back the row is taken by the next call. The guard at the end reads src and
 * fails when such a function has no test here.
 */

/** The functions tested here, with their module. The guard compares this list with src. */
const COVERED = [
  ['src/queue/define-queue.ts', 'defineQueue'],
  ['src/messaging/queue.ts', 'jobQueueEngine'],
  ['src/messaging/queue.ts', 'claimJobs'],
  ['src/messaging/worker.ts', 'createWorker'],
  ['src/research/queue.ts', 'researchJobQueue'],
  ['src/research/queue.ts', 'claimResearchJobs'],
  ['src/bottleneck/queues.ts', 'claimAlertDeliveries'],
  ['src/bottleneck/queues.ts', 'claimWebhookRetries'],
  ['src/bottleneck/queues.ts', 'claimOutboundMessages'],
  ['src/bottleneck/queues.ts', 'claimAgencyTasks'],
  ['src/bottleneck/scheduled-tasks.ts', 'claimDueScheduledTasks'],
  ['src/bottleneck/scheduled-tasks.ts', 'timeOutScheduledTaskRuns'],
  ['src/ownpilot/trigger-scheduler.ts', 'claimDueTriggers'],
  ['src/portal/approvals.ts', 'expireApprovals'],
  ['src/messaging/credentials.ts', 'rotateTenantCredentials'],
  ['src/bottleneck/credentials.ts', 'rotateCredentials'],
  ['src/bottleneck/browser-context-storage.ts', 'rotateBrowserContextStorage'],
  ['src/bottleneck/email-connection-tokens.ts', 'rotateEmailConnectionTokens'],
  ['src/bottleneck/ghl-api-key.ts', 'rotateGhlApiKeys'],
  ['src/cortex/oauth-secrets.ts', 'rotateCortexOAuthTokens'],
  ['src/ownpilot/oauth-secrets.ts', 'rotateOAuthIntegrations'],
  ['src/crypto/rotate.ts', 'rotateSecrets'],
] as const;
type CoveredName = (typeof COVERED)[number][1];

/** module#name of every test registered through `covers`. */
const registered = new Set<string>();
function covers(name: CoveredName, title: string, fn: () => Promise<void>) {
  const [module] = COVERED.find(([, n]) => n === name)!;
  registered.add(`${module}#${name}`);
  it(`${name} (${module}): ${title}`, fn);
}

const { v1, v12 } = rotationKeyrings();

type Id = string | number;
type Claimed = { success: true; jobs: Record<string, unknown>[] } | { success: false; message: string };

/** The ids of a claim's rows, in the order the function returned them. */
function idsOf(result: Claimed, key: string): Id[] {
  if (!result.success) throw new Error(result.message);
  return result.jobs.map((job) => job[key] as Id);
}

describe('claims and batch locks skip a row another open transaction holds (real PostgreSQL)', () => {
  const t = useTestDb({ max: 8 });
  /** Its own connection: the open transaction that holds a row. */
  let holder: { db: Database; close(): Promise<void> };
  /** Its own connection: watches pg_stat_activity / pg_locks, probes the lock, reads rows. */
  let monitor: { db: Database; close(): Promise<void> };
  beforeAll(async () => {
    holder = await t().connect({ max: 1 });
    monitor = await t().connect({ max: 1 });
  });
  afterAll(async () => {
    await holder?.close();
    await monitor?.close();
  });

  /** Runs `call`; it must settle within `limitMs` without any backend of this database waiting on a lock. */
  async function atOnce<T>(call: () => Promise<T>, limitMs = 2000): Promise<T> {
    const r = await timed(monitor.db, call, limitMs);
    expect({ settled: r.settled, lockWaits: r.lockWaits }).toEqual({ settled: true, lockWaits: [] });
    if (!r.settled) throw new Error('the call did not settle');
    if (!r.ok) throw r.error;
    return r.value;
  }

  const rowOf = async (table: PgTable, id: PgColumn, value: Id) =>
    (await monitor.db.select().from(table).where(eq(id, value)))[0];

  /**
   * The queue case: four due rows, `ordered` as the function takes them. Without a holder a
   * claim of one takes the first (checked in a rolled-back transaction); with the first held, a
   * claim of two returns the second and third at once and leaves the first untouched; after the
   * holder rolls back, a claim of two returns the first and the fourth.
   */
  async function expectClaimSkipsHeld(c: {
    table: PgTable;
    id: PgColumn;
    ordered: Id[];
    claim: (db: Database, limit: number) => Promise<Id[]>;
  }) {
    expect(c.ordered).toHaveLength(4);
    const [first, second, third, fourth] = c.ordered as [Id, Id, Id, Id];
    expect(await peek(t().db, (tx) => c.claim(tx, 1))).toEqual([first]);
    const before = await rowOf(c.table, c.id, first);
    const hold = await holdRow(holder.db, c.table, c.id, first);
    try {
      await expectRowHeld(monitor.db, c.table, c.id, first);
      expect(await atOnce(() => c.claim(t().db, 2))).toEqual([second, third]);
      expect(await rowOf(c.table, c.id, first)).toEqual(before);
    } finally {
      await hold.release();
    }
    expect(await c.claim(t().db, 2)).toEqual([first, fourth]);
    expect(await c.claim(t().db, 2)).toEqual([]);
  }

  /** `n` due jobs of `jobType` in bot.job_queue, oldest run_after first. */
  async function addJobs(jobType: string, n: number): Promise<string[]> {
    const { tenantId } = await makeTenant(t().db);
    const rows = await t()
      .db.insert(jobQueue)
      .values(
        Array.from({ length: n }, (_, i) => ({
          tenantId,
          jobType,
          runAfter: sql`now() - make_interval(mins => ${n - i}::int)`,
        })),
      )
      .returning();
    return rows.sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime()).map((r) => r.jobId);
  }

  /** `n` queued research jobs of `jobType`, oldest created_at first. */
  async function addResearchJobs(jobType: string, n: number): Promise<string[]> {
    const w = await seedWorld(t().db);
    const rows = await t()
      .db.insert(researchJobs)
      .values(
        Array.from({ length: n }, (_, i) => ({
          orgId: w.org.id,
          jobType,
          subjectType: 'ad',
          subjectId: randomUUID(),
          status: 'queued' as const,
          createdAt: sql`now() - make_interval(mins => ${n - i}::int)`,
        })),
      )
      .returning();
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((r) => r.id);
  }

  const minutesAgo = (n: number) => sql`now() - make_interval(mins => ${n}::int)`;

  // ─── queues on the shared engine (src/queue/) ─────────────────────────────────────────────────

  covers('defineQueue', 'a claim built per call (`where`, newest first) skips the held row', async () => {
    const jobType = 'held:defineQueue';
    const newestFirst = defineQueue({
      table: jobQueue,
      columns: {
        id: 'jobId',
        status: 'status',
        attempts: 'attempts',
        readyAt: 'runAfter',
        lockedBy: 'lockedBy',
      },
      states: { ready: 'queued', claimed: 'processing', done: 'done', failed: 'failed' },
      orderBy: [{ column: 'runAfter', desc: true }],
    });
    const ids = await addJobs(jobType, 4);
    await expectClaimSkipsHeld({
      table: jobQueue,
      id: jobQueue.jobId,
      ordered: [...ids].reverse(),
      claim: async (db, limit) =>
        (await newestFirst.claim(db, { workerId: 'w', limit, where: eq(jobQueue.jobType, jobType) })).map(
          (j) => j.jobId,
        ),
    });
  });

  covers('jobQueueEngine', 'a prepared claim (filters) skips the held job', async () => {
    const jobType = 'held:jobQueueEngine';
    await expectClaimSkipsHeld({
      table: jobQueue,
      id: jobQueue.jobId,
      ordered: await addJobs(jobType, 4),
      claim: async (db, limit) =>
        (await jobQueueEngine.claim(db, { workerId: 'w', limit, filters: { jobType: [jobType] } })).map(
          (j) => j.jobId,
        ),
    });
  });

  covers('claimJobs', 'skips the held job, takes the next due ones', async () => {
    const jobType = 'held:claimJobs';
    await expectClaimSkipsHeld({
      table: jobQueue,
      id: jobQueue.jobId,
      ordered: await addJobs(jobType, 4),
      claim: async (db, limit) =>
        idsOf(await claimJobs(db, { workerId: 'w', limit, jobTypes: [jobType] }), 'jobId'),
    });
  });

  covers('researchJobQueue', 'a claim built per call (`where`) skips the held job', async () => {
    const jobType = 'held:researchJobQueue';
    await expectClaimSkipsHeld({
      table: researchJobs,
      id: researchJobs.id,
      ordered: await addResearchJobs(jobType, 4),
      claim: async (db, limit) =>
        (await researchJobQueue.claim(db, { limit, where: eq(researchJobs.jobType, jobType) })).map(
          (j) => j.id,
        ),
    });
  });

  covers('claimResearchJobs', 'skips the held job, takes the next oldest', async () => {
    const jobType = 'held:claimResearchJobs';
    await expectClaimSkipsHeld({
      table: researchJobs,
      id: researchJobs.id,
      ordered: await addResearchJobs(jobType, 4),
      claim: async (db, limit) => idsOf(await claimResearchJobs(db, { limit, jobTypes: [jobType] }), 'id'),
    });
  });

  covers('claimAlertDeliveries', 'skips the held highest-priority delivery', async () => {
    const p = await queueParents(t().db);
    const rows = await addAlertDeliveries(
      t().db,
      p.alertHistoryId,
      [1, 2, 3, 4].map((priority) => ({ priority })),
    );
    await expectClaimSkipsHeld({
      table: alertDeliveryQueue,
      id: alertDeliveryQueue.id,
      ordered: rows.sort((a, b) => a.priority - b.priority).map((r) => r.id),
      claim: async (db, limit) => idsOf(await claimAlertDeliveries(db, { limit }), 'id'),
    });
  });

  covers('claimWebhookRetries', 'skips the held earliest-due retry', async () => {
    const p = await queueParents(t().db);
    const ids: Id[] = [];
    for (const ago of [4, 3, 2, 1]) {
      const [row] = await addWebhookLogs(t().db, p.userId, 1, { nextRetryAt: minutesAgo(ago) });
      ids.push(row!.id);
    }
    await expectClaimSkipsHeld({
      table: webhookLogs,
      id: webhookLogs.id,
      ordered: ids,
      claim: async (db, limit) => idsOf(await claimWebhookRetries(db, { limit }), 'id'),
    });
  });

  covers('claimOutboundMessages', 'skips the held earliest-scheduled message', async () => {
    const p = await queueParents(t().db);
    const ids: Id[] = [];
    for (const ago of [4, 3, 2, 1]) {
      const [row] = await addOutbound(t().db, p, 1, { scheduledFor: minutesAgo(ago) });
      ids.push(row!.id);
    }
    await expectClaimSkipsHeld({
      table: outboundMessages,
      id: outboundMessages.id,
      ordered: ids,
      claim: async (db, limit) => idsOf(await claimOutboundMessages(db, { limit }), 'id'),
    });
  });

  covers('claimAgencyTasks', 'skips the held critical task, takes the next by priority', async () => {
    const userId = await makeUser(t().db);
    const priorities = ['critical', 'high', 'medium', 'low'];
    const rows = await addTasks(
      t().db,
      userId,
      priorities.map((priority) => ({ priority })),
    );
    await expectClaimSkipsHeld({
      table: agencyTasks,
      id: agencyTasks.id,
      ordered: priorities.map((pr) => rows.find((r) => r.priority === pr)!.id),
      claim: async (db, limit) => idsOf(await claimAgencyTasks(db, { limit, userId }), 'id'),
    });
  });

  /** Four due scheduled tasks of one user, inserted (so in id order) from the earliest nextRun. */
  async function addDueScheduledTasks(userId: number): Promise<number[]> {
    const ids: number[] = [];
    for (const ago of [4, 3, 2, 1]) {
      const [row] = await t()
        .db.insert(scheduledBrowserTasks)
        .values({
          userId,
          name: `held ${ago}`,
          automationType: 'workflow',
          automationConfig: {},
          scheduleType: 'cron',
          cronExpression: '0 0 1 1 *',
          createdBy: userId,
          lastModifiedBy: userId,
          nextRun: sql`now() - make_interval(mins => ${ago}::int)` as never,
        })
        .returning({ id: scheduledBrowserTasks.id });
      ids.push(row!.id);
    }
    return ids;
  }

  covers('claimDueScheduledTasks', 'skips the held task, takes the next due ones', async () => {
    const userId = await makeUser(t().db);
    const ids = await addDueScheduledTasks(userId);
    await expectClaimSkipsHeld({
      table: scheduledBrowserTasks,
      id: scheduledBrowserTasks.id,
      ordered: ids,
      claim: async (db, limit) => {
        const r = await claimDueScheduledTasks(db, { limit, userId });
        if (!r.success) throw new Error(r.message);
        return r.runs.map((run) => run.task.id);
      },
    });
  });

  covers('claimDueTriggers', 'skips the held trigger, takes the next by priority', async () => {
    const userId = 'held-triggers';
    const ids: string[] = [];
    for (const priority of [10, 9, 8, 7]) {
      const r = await createTrigger(t().db, {
        userId,
        name: `p${priority}`,
        type: 'schedule',
        config: { cron: '0 0 1 1 *' },
        priority,
      });
      if (!r.success) throw new Error(r.message);
      ids.push(r.trigger.id);
    }
    await t()
      .db.update(triggers)
      .set({ nextFire: sql`now() - make_interval(mins => 1)` })
      .where(eq(triggers.userId, userId));
    await expectClaimSkipsHeld({
      table: triggers,
      id: triggers.id,
      ordered: ids,
      claim: async (db, limit) => {
        const r = await claimDueTriggers(db, { limit, userId, leaseSeconds: 600 });
        if (!r.success) throw new Error(r.message);
        return r.claims.map((c) => c.trigger.id);
      },
    });
  });

  covers('createWorker', 'a polling worker runs the next job and leaves the held one queued', async () => {
    const jobType = 'held:createWorker';
    const [first, second] = (await addJobs(jobType, 2)) as [string, string];
    const handled: string[] = [];
    const start = (signal: AbortSignal) =>
      createWorker(t().db, {
        workerId: 'held-worker',
        handlers: {
          [jobType]: async (job) => {
            handled.push(job.jobId);
          },
        },
        concurrency: 1,
        prefetch: 0,
        pollIntervalMs: 20,
        signal,
      });
    const before = await rowOf(jobQueue, jobQueue.jobId, first);
    const hold = await holdRow(holder.db, jobQueue, jobQueue.jobId, first);
    const stop = new AbortController();
    let worker: Worker | undefined;
    try {
      await expectRowHeld(monitor.db, jobQueue, jobQueue.jobId, first);
      worker = start(stop.signal);
      const w = worker;
      // The second job is done, then several more polls pass that must each skip the held one.
      // More time than for one statement (the worker starts, runs and stores a job); a claim
      // waiting on the held row would wait for ever, and the watcher sees it waiting.
      const done = await atOnce(async () => {
        const ok = await until(() => w.stats.completed === 1, 4000);
        await sleep(150);
        return ok;
      }, 5000);
      expect(done).toBe(true);
      stop.abort();
      await worker.stopped;
      expect(handled).toEqual([second]);
      expect(worker.stats).toEqual({ claimed: 1, completed: 1, failed: 0, lockLost: 0 });
      expect(await rowOf(jobQueue, jobQueue.jobId, first)).toEqual(before);
    } finally {
      stop.abort();
      await hold.release();
      await worker?.stopped;
    }
    const again = new AbortController();
    const next = start(again.signal);
    const took = await until(() => next.stats.completed === 1, 5000);
    again.abort();
    await next.stopped;
    expect(took).toBe(true);
    expect(handled).toEqual([second, first]);
    expect(await rowOf(jobQueue, jobQueue.jobId, first)).toMatchObject({ status: 'done', attempts: 1 });
  });

  // ─── a sweep without a limit ──────────────────────────────────────────────────────────────────

  covers(
    'expireApprovals',
    'expires every other overdue approval, leaves the held one to a later sweep',
    async () => {
      const db = t().db;
      await seedPortal(db);
      await db.delete(dnsApprovalQueue);
      await db.insert(dnsApprovalQueue).values(
        [1, 2, 3, 4].map(() => ({
          domain: 'omapex.com',
          action: 'update' as const,
          expiresAt: minutesAgo(1),
        })),
      );
      const ids = (
        await monitor.db
          .select({ id: dnsApprovalQueue.id })
          .from(dnsApprovalQueue)
          .orderBy(asc(dnsApprovalQueue.id))
      ).map((r) => r.id);
      const [first, ...rest] = ids as [string, ...string[]];
      const expiredIds = (r: Awaited<ReturnType<typeof expireApprovals>>) => {
        if (!r.success) throw new Error(r.message);
        return r.expired.map((a) => a.id).sort();
      };
      // Without a holder the sweep takes every row, the first in id order included.
      expect(expiredIds(await peek(db, (tx) => expireApprovals(tx)))).toEqual([...ids].sort());
      const hold = await holdRow(holder.db, dnsApprovalQueue, dnsApprovalQueue.id, first);
      try {
        await expectRowHeld(monitor.db, dnsApprovalQueue, dnsApprovalQueue.id, first);
        expect(expiredIds(await atOnce(() => expireApprovals(db)))).toEqual([...rest].sort());
        expect(await rowOf(dnsApprovalQueue, dnsApprovalQueue.id, first)).toMatchObject({
          status: 'pending',
        });
      } finally {
        await hold.release();
      }
      expect(expiredIds(await expireApprovals(db))).toEqual([first]);
      expect(expiredIds(await expireApprovals(db))).toEqual([]);
    },
  );

  covers(
    'timeOutScheduledTaskRuns',
    'times out every other overdue run, leaves the held task to a later sweep',
    async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const ids = await addDueScheduledTasks(userId);
      const claimed = await claimDueScheduledTasks(db, { userId, limit: 10 });
      if (!claimed.success) throw new Error(claimed.message);
      // Every run started an hour ago: past any task's timeout.
      await db
        .update(scheduledTaskExecutions)
        .set({ startedAt: sql`now() - interval '1 hour'` as never })
        .where(eq(scheduledTaskExecutions.status, 'running'));
      const all = claimed.runs.map((run) => run.task.id).sort((a, b) => a - b);
      expect(all).toEqual(ids);
      const [first, ...rest] = all as [number, ...number[]];
      const timedOut = (r: Awaited<ReturnType<typeof timeOutScheduledTaskRuns>>) => {
        if (!r.success) throw new Error(r.message);
        return r.timedOut.map((run) => run.task.id).sort((a, b) => a - b);
      };
      // Without a holder the sweep takes every run, the first task's included.
      expect(timedOut(await peek(db, (tx) => timeOutScheduledTaskRuns(tx, { userId })))).toEqual(all);
      const hold = await holdRow(holder.db, scheduledBrowserTasks, scheduledBrowserTasks.id, first);
      try {
        await expectRowHeld(monitor.db, scheduledBrowserTasks, scheduledBrowserTasks.id, first);
        expect(timedOut(await atOnce(() => timeOutScheduledTaskRuns(db, { userId })))).toEqual(rest);
        const [running] = await monitor.db
          .select({ status: scheduledTaskExecutions.status })
          .from(scheduledTaskExecutions)
          .where(eq(scheduledTaskExecutions.taskId, first));
        expect(running).toEqual({ status: 'running' });
      } finally {
        await hold.release();
      }
      expect(timedOut(await timeOutScheduledTaskRuns(db, { userId }))).toEqual([first]);
      expect(timedOut(await timeOutScheduledTaskRuns(db, { userId }))).toEqual([]);
    },
  );

  // ─── key rotation in batches (src/crypto/rotate.ts and its callers) ──────────────────────────

  /**
   * Three rows encrypted with key 1, rotated to key 2 with batches of one. With the row first in id
   * order held, the run settles at once, re-encrypts the two others and reports rotated 2,
   * nothing failed and remaining 1: the held row is neither rotated nor a failure, it stays on key 1
   * for a later run (the documented behaviour: rows another transaction holds are left to the next
   * run, and `remaining` says so without waiting for the lock). After the holder rolls back, the
   * next run rotates exactly that row and reports remaining 0.
   */
  async function expectRotationSkipsHeld(c: {
    table: PgTable;
    id: PgColumn;
    rotate: (db: Database) => Promise<unknown>;
    /** The key version of each row, in id order. */
    versions: () => Promise<unknown[]>;
  }) {
    const ids = (await monitor.db.select({ id: c.id }).from(c.table).orderBy(asc(c.id))).map((r) => r.id);
    expect(ids).toHaveLength(3);
    expect(await c.versions()).toEqual([1, 1, 1]);
    const hold = await holdRow(holder.db, c.table, c.id, ids[0]);
    try {
      await expectRowHeld(monitor.db, c.table, c.id, ids[0]);
      expect(await atOnce(() => c.rotate(t().db))).toEqual({
        success: true,
        rotated: 2,
        failed: [],
        remaining: 1,
      });
      expect(await c.versions()).toEqual([1, 2, 2]);
    } finally {
      await hold.release();
    }
    expect(await c.rotate(t().db)).toEqual({ success: true, rotated: 1, failed: [], remaining: 0 });
    expect(await c.versions()).toEqual([2, 2, 2]);
  }

  /** keyVersion of a successful read, else the error code (so a failed read shows in the diff). */
  const versionOf = (r: { success: true; keyVersion: number | null } | { success: false; error: string }) =>
    r.success ? r.keyVersion : r.error;

  covers('rotateTenantCredentials', 'leaves the held row on the old key for a later run', async () => {
    const db = t().db;
    const { tenantId } = await makeTenant(db);
    for (const provider of ['p1', 'p2', 'p3'])
      await putTenantCredentials(db, { tenantId, provider, credentials: { provider } }, v1);
    await expectRotationSkipsHeld({
      table: tenantCredentials,
      id: tenantCredentials.credentialId,
      rotate: (d) => rotateTenantCredentials(d, { keyring: v12, batchSize: 1 }),
      versions: async () => {
        const rows = await monitor.db
          .select({ provider: tenantCredentials.provider })
          .from(tenantCredentials)
          .orderBy(asc(tenantCredentials.credentialId));
        return Promise.all(
          rows.map(async (r) =>
            versionOf(await getTenantCredentials(db, { tenantId, provider: r.provider }, v12)),
          ),
        );
      },
    });
  });

  covers('rotateCredentials', 'leaves the held credential on the old key for a later run', async () => {
    const db = t().db;
    const userId = await makeUser(db);
    for (const name of ['c1', 'c2', 'c3'])
      await putCredential(db, { userId, name, service: 's', type: 't', data: { name } }, v1);
    await expectRotationSkipsHeld({
      table: credentials,
      id: credentials.id,
      rotate: (d) => rotateCredentials(d, { batchSize: 1 }, v12),
      versions: async () => {
        const rows = await monitor.db
          .select({ id: credentials.id })
          .from(credentials)
          .orderBy(asc(credentials.id));
        return Promise.all(
          rows.map(async (r) => versionOf(await getCredential(db, { id: r.id, userId }, v12))),
        );
      },
    });
  });

  covers(
    'rotateBrowserContextStorage',
    'leaves the held context on the old key for a later run',
    async () => {
      const db = t().db;
      const userId = await makeUser(db);
      for (const contextId of ['bc1', 'bc2', 'bc3']) {
        await db.insert(browserContexts).values({ clientId: 1, userId, contextId });
        await putBrowserContextStorage(db, { contextId, storage: { contextId } }, v1);
      }
      await expectRotationSkipsHeld({
        table: browserContexts,
        id: browserContexts.id,
        rotate: (d) => rotateBrowserContextStorage(d, { batchSize: 1 }, v12),
        versions: async () => {
          const rows = await monitor.db
            .select({ contextId: browserContexts.contextId })
            .from(browserContexts)
            .orderBy(asc(browserContexts.id));
          return Promise.all(
            rows.map(async (r) =>
              versionOf(await getBrowserContextStorage(db, { contextId: r.contextId }, v12)),
            ),
          );
        },
      });
    },
  );

  covers(
    'rotateEmailConnectionTokens',
    'leaves the held connection on the old key for a later run',
    async () => {
      const db = t().db;
      const userId = await makeUser(db);
      for (const i of [1, 2, 3])
        await putEmailConnectionTokens(
          db,
          {
            userId,
            provider: 'gmail',
            email: `held${i}@x.test`,
            scope: 's',
            accessToken: `a${i}`,
            refreshToken: `r${i}`,
            expiresAt: new Date(),
          },
          v1,
        );
      await expectRotationSkipsHeld({
        table: emailConnections,
        id: emailConnections.id,
        rotate: (d) => rotateEmailConnectionTokens(d, { batchSize: 1 }, v12),
        versions: async () => {
          const rows = await monitor.db
            .select({ id: emailConnections.id })
            .from(emailConnections)
            .orderBy(asc(emailConnections.id));
          return Promise.all(
            rows.map(async (r) => versionOf(await getEmailConnectionTokens(db, { id: r.id, userId }, v12))),
          );
        },
      });
    },
  );

  covers('rotateGhlApiKeys', 'leaves the held profile on the old key for a later run', async () => {
    const db = t().db;
    for (const i of [1, 2, 3]) {
      const userId = await makeUser(db);
      await db.insert(userProfiles).values({ userId });
      await putGhlApiKey(db, { userId, apiKey: `ghl${i}` }, v1);
    }
    await expectRotationSkipsHeld({
      table: userProfiles,
      id: userProfiles.id,
      rotate: (d) => rotateGhlApiKeys(d, { batchSize: 1 }, v12),
      versions: async () => {
        const rows = await monitor.db
          .select({ userId: userProfiles.userId })
          .from(userProfiles)
          .orderBy(asc(userProfiles.id));
        return Promise.all(
          rows.map(async (r) => versionOf(await getGhlApiKey(db, { userId: r.userId }, v12))),
        );
      },
    });
  });

  covers(
    'rotateSecrets',
    'the engine under the six rotate functions, given a spec directly: skips the held row',
    async () => {
      const db = t().db;
      await db.delete(userProfiles); // the rotateGhlApiKeys case above left its three profiles
      for (const i of [1, 2, 3]) {
        const userId = await makeUser(db);
        await db.insert(userProfiles).values({ userId });
        await putGhlApiKey(db, { userId, apiKey: `engine${i}` }, v1);
      }
      await expectRotationSkipsHeld({
        table: userProfiles,
        id: userProfiles.id,
        rotate: (d) =>
          rotateSecrets(d, { batchSize: 1 }, v12, {
            input: rotationInput,
            table: userProfiles,
            columns: { id: userProfiles.id, ghlApiKey: userProfiles.ghlApiKey },
            stale: (version) =>
              and(isNotNull(userProfiles.ghlApiKey), notLike(userProfiles.ghlApiKey, packedLike(version))),
            reseal: (keyring, row) => {
              const opened = openPacked(keyring, row.ghlApiKey!);
              return opened && { ghlApiKey: sealPacked(keyring, opened.plaintext) };
            },
          }),
        versions: async () => {
          const rows = await monitor.db
            .select({ userId: userProfiles.userId })
            .from(userProfiles)
            .orderBy(asc(userProfiles.id));
          return Promise.all(
            rows.map(async (r) => versionOf(await getGhlApiKey(db, { userId: r.userId }, v12))),
          );
        },
      });
    },
  );

  covers('rotateCortexOAuthTokens', 'leaves the held token on the old key for a later run', async () => {
    const db = t().db;
    for (const userId of ['held-1', 'held-2', 'held-3'])
      await putCortexOAuthToken(
        db,
        { userId, channel: 'linkedin', accessToken: `a-${userId}`, refreshToken: `r-${userId}` },
        v1,
      );
    await expectRotationSkipsHeld({
      table: cortexOauthTokens,
      id: cortexOauthTokens.id,
      rotate: (d) => rotateCortexOAuthTokens(d, { batchSize: 1 }, v12),
      // The packed values start with their key version: "v<version>.…" (both tokens of a row alike).
      versions: async () => {
        const rows = await monitor.db.select().from(cortexOauthTokens).orderBy(asc(cortexOauthTokens.id));
        return rows.map((r) => {
          const access = Number(/^v(\d+)\./.exec(r.accessToken)?.[1]);
          const refresh = Number(/^v(\d+)\./.exec(r.refreshToken ?? '')?.[1]);
          return access === refresh ? access : `${access}/${refresh}`;
        });
      },
    });
  });

  covers(
    'rotateOAuthIntegrations',
    'leaves the held integration on the old key for a later run',
    async () => {
      const db = t().db;
      const key = (userId: string) => ({ userId, provider: 'google', service: 'gmail' });
      for (const userId of ['held-1', 'held-2', 'held-3'])
        await putOAuthIntegration(
          db,
          { ...key(userId), accessToken: `a-${userId}`, refreshToken: `r-${userId}` },
          v1,
        );
      await expectRotationSkipsHeld({
        table: oauthIntegrations,
        id: oauthIntegrations.id,
        rotate: (d) => rotateOAuthIntegrations(d, { batchSize: 1 }, v12),
        versions: async () => {
          const rows = await monitor.db
            .select({ userId: oauthIntegrations.userId })
            .from(oauthIntegrations)
            .orderBy(asc(oauthIntegrations.id));
          return Promise.all(
            rows.map(async (r) => versionOf(await getOAuthIntegrationTokens(db, key(r.userId), v12))),
          );
        },
      });
    },
  );
});

// ─── the guard ──────────────────────────────────────────────────────────────────────────────────

describe('every SKIP LOCKED claim of src is covered above', () => {
  const root = join(import.meta.dirname, '..', '..');
  const key = (e: { module: string; name: string }) => `${e.module}#${e.name}`;

  it('the exported functions that reach SKIP LOCKED are exactly the covered list, each with its test', () => {
    const found = claimingExports(readSources(root)).map(key);
    const listed = COVERED.map(([module, name]) => key({ module, name }));
    expect({
      notCovered: found.filter((k) => !listed.includes(k)),
      noLongerClaiming: listed.filter((k) => !found.includes(k)),
      listedWithoutTest: listed.filter((k) => !registered.has(k)),
    }).toEqual({ notCovered: [], noLongerClaiming: [], listedWithoutTest: [] });
  });

  it('the scanner finds every way of reaching SKIP LOCKED, and nothing else', () => {
    // A template literal inside the sample, written without one in this file's own code.
    const raw = (s: string) => s.replaceAll('TICK', '`');
    const files = {
      // The engine: its statement builder reaches SKIP LOCKED, but only what its index exports counts.
      'src/queue/statements.ts': `export function pick(db, spec) {
          return db.select().from(spec.table).for('update', { skipLocked: true });
        }`,
      'src/queue/define-queue.ts': `import { pick } from './statements';
        export function defineQueue(spec) { return { claim: (db) => pick(db, spec) }; }`,
      'src/queue/index.ts': `export { defineQueue } from './define-queue';`,
      'src/sys/jobs.ts': raw(`
        import { sql } from 'drizzle-orm';
        import { defineQueue } from '../queue';
        const hidden = defineQueue({});
        export const engine = defineQueue({});
        export async function claimHidden(db) { return hidden.claim(db, { limit: 1 }); }
        export async function completeHidden(db) { return hidden.complete(db, { id: 1 }); }
        export async function explainOnly(db) { return hidden.claimQuery(db, { limit: 1 }); }
        function lockSome(db) { return db.select().from(t).for('update', { skipLocked: true }); }
        export const viaHelper = (db) => lockSome(db);
        export function rawSql(db) { return db.execute(sqlTICKselect 1 from t for update skip lockedTICK); }
        // for update skip locked: a comment is not code
        export function commentOnly(db) { return db.select().from(t); }
        export function waits(db) { return db.select().from(t).for('update', { skipLocked: false }); }
        export const label = 'claims';`),
      'src/sys/index.ts': `export * from './jobs';`,
      'src/other/worker.ts': `
        import { claimHidden } from '../sys';
        import * as jobs from '../sys/jobs';
        export function worker(db) { return claimHidden(db); }
        export function nsWorker(db) { return jobs.viaHelper(db); }
        export function idle() { return jobs.label; }`,
    };
    expect(claimingExports(files).map(key)).toEqual([
      'src/other/worker.ts#nsWorker',
      'src/other/worker.ts#worker',
      'src/queue/define-queue.ts#defineQueue',
      'src/sys/jobs.ts#claimHidden',
      'src/sys/jobs.ts#engine',
      'src/sys/jobs.ts#rawSql',
      'src/sys/jobs.ts#viaHelper',
    ]);
  });
});
