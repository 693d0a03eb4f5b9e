import { eq, sql } from 'drizzle-orm';
import { boolean, integer, pgSchema, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineQueue } from '../../src/queue';
import { useTestDb } from '../support';

// A scratch table that each queue below maps differently.
const scratch = pgSchema('queue_engine_test');
const jobs = scratch.table('jobs', {
  id: serial('id').primaryKey(),
  status: text('status').notNull().default('ready'),
  priority: text('priority'),
  tries: integer('tries').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  maxTries: integer('max_tries').notNull().default(2),
  runAt: timestamp('run_at', { withTimezone: true }),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  lockedBy: text('locked_by'),
  lastError: text('last_error'),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  doneAt: timestamp('done_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  blocked: boolean('blocked').notNull().default(false),
});

const states = { ready: 'ready', claimed: 'claimed', done: 'done', failed: 'failed' };
const past = sql`now() - interval '1 hour'`;
const future = sql`now() + interval '1 hour'`;

const t = useTestDb({ max: 10 });
const db = () => t().db;
const add = async (rows: Partial<typeof jobs.$inferInsert>[]) =>
  db()
    .insert(jobs)
    .values(rows.map((r) => ({ ...r })))
    .returning();
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

beforeAll(async () => {
  await db().execute(sql`create schema queue_engine_test`);
  await db().execute(sql`create table queue_engine_test.jobs (
    id serial primary key, status text not null default 'ready', priority text,
    tries int not null default 0, errors int not null default 0, max_tries int not null default 2,
    run_at timestamptz, locked_at timestamptz, locked_by text, last_error text,
    finished_at timestamptz, done_at timestamptz, failed_at timestamptz,
    blocked boolean not null default false)`);
});
beforeEach(async () => {
  await db().delete(jobs);
});

describe('claim order', () => {
  const q = defineQueue({
    table: jobs,
    columns: { id: 'id', status: 'status', attempts: 'tries', readyAt: 'runAt' },
    states,
    orderBy: [
      { column: 'priority', rank: ['critical', 'high', 'low'] },
      { column: 'runAt', desc: true, nulls: 'last' },
      'id',
    ],
    readyWhenNull: true,
  });

  it('orders by value rank (unknown last), descending with NULLs placed, in SQL and in the result', async () => {
    const [lowOld, other, critNull, lowNew, critOld, highLater] = await add([
      { priority: 'low', runAt: sql`now() - interval '2 hours'` as never },
      { priority: 'unknown' },
      { priority: 'critical' },
      { priority: 'low', runAt: past as never },
      { priority: 'critical', runAt: past as never },
      { priority: 'high', runAt: future as never },
    ]);
    // The limit takes the first four in SQL order; the rows come back in that same order.
    expect(ids(await q.claim(db(), { limit: 4 }))).toEqual([
      critOld!.id,
      critNull!.id,
      lowNew!.id,
      lowOld!.id,
    ]);
    expect(ids(await q.claim(db(), { limit: 4 }))).toEqual([other!.id]);
    expect(highLater!.status).toBe('ready');
  });
});

describe('per-row attempt limit (attempts counted on claim)', () => {
  const q = defineQueue({
    table: jobs,
    columns: {
      id: 'id',
      status: 'status',
      attempts: 'tries',
      readyAt: 'runAt',
      lastError: 'lastError',
      doneAt: 'doneAt',
      failedAt: 'failedAt',
    },
    states,
    orderBy: ['id'],
    readyWhenNull: true,
    maxAttempts: 'maxTries',
    backoff: { baseSeconds: 60, capSeconds: 60 },
  });

  it("retries with backoff until the row's own maxTries, then fails; claims skip exhausted rows", async () => {
    const [once, twice, spent] = await add([{ maxTries: 1 }, { maxTries: 2 }, { tries: 3, maxTries: 3 }]);
    expect(ids(await q.claim(db(), { limit: 10 }))).toEqual([once!.id, twice!.id]);
    const a = await q.fail(db(), { id: once!.id, error: 'x' });
    expect(a).toMatchObject({
      success: true,
      job: { status: 'failed', tries: 1, lastError: 'x', doneAt: null },
    });
    expect(a.success && a.job.failedAt).toBeInstanceOf(Date);
    const b = await q.fail(db(), { id: twice!.id, error: 'y' });
    expect(b).toMatchObject({ success: true, job: { status: 'ready', tries: 1, failedAt: null } });
    const delay = b.success ? b.job.runAt!.getTime() - Date.now() : 0;
    expect(delay).toBeGreaterThan(25_000); // 60 s · [0.5, 1]
    expect(delay).toBeLessThanOrEqual(61_000);
    await db().update(jobs).set({ runAt: null }).where(eq(jobs.id, twice!.id));
    expect(ids(await q.claim(db(), { limit: 10 }))).toEqual([twice!.id]);
    const c = await q.complete(db(), { id: twice!.id });
    expect(c).toMatchObject({ success: true, job: { status: 'done', tries: 2, failedAt: null } });
    expect(c.success && c.job.doneAt).toBeInstanceOf(Date);
    expect(spent!.status).toBe('ready');
    // A per-call number still overrides the spec's limit.
    await db().update(jobs).set({ status: 'ready', tries: 0, runAt: null }).where(eq(jobs.id, spent!.id));
    await q.claim(db(), { limit: 1 });
    expect(await q.fail(db(), { id: spent!.id, error: 'z', maxAttempts: 1 })).toMatchObject({
      success: true,
      job: { status: 'failed' },
    });
  });

  it('reclaims stale locks against the per-row limit', async () => {
    const stale = defineQueue({ ...q.spec, columns: { ...q.spec.columns, lockedAt: 'lockedAt' } });
    const [retry, last] = await add([{ maxTries: 2 }, { maxTries: 1 }]);
    await stale.claim(db(), { limit: 10 });
    await db().update(jobs).set({ lockedAt: sql`now() - interval '10 minutes'` });
    const back = await stale.reclaimStale(db(), { olderThanSeconds: 60 });
    const byId = new Map(back.map((r) => [r.id, r]));
    expect(byId.get(retry!.id)).toMatchObject({ status: 'ready', lockedAt: null, failedAt: null });
    expect(byId.get(last!.id)).toMatchObject({ status: 'failed', lockedAt: null });
  });
});

describe('failures counted on failure, extra claim condition', () => {
  const q = defineQueue({
    table: jobs,
    columns: { id: 'id', status: 'status', failures: 'errors', readyAt: 'runAt', finishedAt: 'finishedAt' },
    states,
    orderBy: ['id'],
    readyWhenNull: true,
    maxAttempts: 'maxTries',
    claimable: eq(jobs.blocked, false),
  });

  it('skips blocked rows and rows out of retries, counts each failure, fails at the limit', async () => {
    const [job, blocked, outOfRetries, other] = await add([
      { maxTries: 2, priority: 'a' },
      { blocked: true, priority: 'a' },
      { errors: 2, maxTries: 2, priority: 'a' },
      { priority: 'b' },
    ]);
    expect(ids(await q.claim(db(), { limit: 10, where: eq(jobs.priority, 'a') }))).toEqual([job!.id]);
    expect(await q.fail(db(), { id: job!.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'ready', errors: 1, tries: 0, finishedAt: null },
    });
    await db().update(jobs).set({ runAt: null }).where(eq(jobs.id, job!.id));
    expect(ids(await q.claim(db(), { limit: 10, where: eq(jobs.priority, 'a') }))).toEqual([job!.id]);
    const last = await q.fail(db(), { id: job!.id, error: 'e' });
    expect(last).toMatchObject({ success: true, job: { status: 'failed', errors: 2 } });
    expect(last.success && last.job.finishedAt).toBeInstanceOf(Date);
    expect([blocked!.status, outOfRetries!.status, other!.status]).toEqual(['ready', 'ready', 'ready']);
  });
});

describe('no attempts column; fencing errors', () => {
  const plain = defineQueue({
    table: jobs,
    columns: { id: 'id', status: 'status', lastError: 'lastError', finishedAt: 'finishedAt' },
    states,
    orderBy: ['id'],
  });
  const locked = defineQueue({
    table: jobs,
    columns: { id: 'id', status: 'status', attempts: 'tries', lockedAt: 'lockedAt', lockedBy: 'lockedBy' },
    states,
    orderBy: ['id'],
  });

  it('makes every failure final and reports LOCK_LOST without a lockedBy column', async () => {
    const [a] = await add([{}]);
    expect(ids(await plain.claim(db(), { limit: 1 }))).toEqual([a!.id]);
    const r = await plain.fail(db(), { id: a!.id, error: 'boom' });
    expect(r).toMatchObject({ success: true, job: { status: 'failed', tries: 0, lastError: 'boom' } });
    expect(r.success && r.job.finishedAt).toBeInstanceOf(Date);
    const again = await plain.complete(db(), { id: a!.id });
    // One failure vocabulary: a job this caller does not hold (here: finished) is LOCK_LOST.
    const code: 'JOB_NOT_FOUND' | 'LOCK_LOST' | undefined = again.success ? undefined : again.error;
    expect(code).toBe('LOCK_LOST');
    expect(await plain.complete(db(), { id: 999_999 })).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
  });

  it('reports LOCK_LOST with a lockedBy column, for another worker or a finished job', async () => {
    const [a] = await add([{}]);
    expect(await locked.claim(db(), { limit: 1, workerId: 'w1' })).toMatchObject([
      { lockedBy: 'w1', tries: 1 },
    ]);
    const wrong = await locked.complete(db(), { id: a!.id, workerId: 'w2' });
    const code: 'JOB_NOT_FOUND' | 'LOCK_LOST' | undefined = wrong.success ? undefined : wrong.error;
    expect(code).toBe('LOCK_LOST');
    expect(await locked.complete(db(), { id: a!.id, workerId: 'w1' })).toMatchObject({
      success: true,
      job: { status: 'done', lockedBy: null, lockedAt: null },
    });
    expect(await locked.complete(db(), { id: a!.id, workerId: 'w1' })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
  });
});

describe('concurrent claims', () => {
  const q = defineQueue({
    table: jobs,
    columns: { id: 'id', status: 'status', failures: 'errors' },
    states,
    orderBy: [{ column: 'priority', rank: ['a', 'b'] }, 'id'],
    maxAttempts: 'maxTries',
  });

  it('hands out every row exactly once', async () => {
    const rows = await add(Array.from({ length: 60 }, (_, i) => ({ priority: i % 2 ? 'a' : 'b' })));
    // On Postgres the test database is a pool of 10 connections, so the claims really overlap.
    const claimed: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (;;) {
          const got = await q.claim(db(), { limit: 4 });
          if (got.length === 0) return;
          claimed.push(...ids(got));
        }
      }),
    );
    expect(claimed.sort((x, y) => x - y)).toEqual(ids(rows).sort((x, y) => x - y));
  });
});
