// The engine is total over the values it is given: ids, filters, limits, attempt counts and ages
// outside what their columns hold are answered as what they mean, never sent to PostgreSQL to fail.
import { eq, sql } from 'drizzle-orm';
import { integer, pgSchema, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineQueue } from '../../src/queue';
import { useTestDb } from '../support';

const scratch = pgSchema('queue_bounds_test');
const jobs = scratch.table('jobs', {
  id: serial('id').primaryKey(),
  owner: uuid('owner'),
  kind: text('kind'),
  status: text('status').notNull().default('ready'),
  tries: integer('tries').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  runAt: timestamp('run_at', { withTimezone: true }),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  lockedBy: text('locked_by'),
  lastError: text('last_error'),
});
const states = { ready: 'ready', claimed: 'claimed', done: 'done', failed: 'failed' };

const t = useTestDb();
const db = () => t().db;
const add = (rows: Partial<typeof jobs.$inferInsert>[]) => db().insert(jobs).values(rows).returning();
const owner = '0aa5f8f4-6b5e-4c56-9c43-3e6e1c0f1a01';
const other = '0aa5f8f4-6b5e-4c56-9c43-3e6e1c0f1a02';

beforeAll(async () => {
  await db().execute(sql`create schema queue_bounds_test`);
  await db().execute(sql`create table queue_bounds_test.jobs (
    id serial primary key, owner uuid, kind text, status text not null default 'ready',
    tries int not null default 0, errors int not null default 0, run_at timestamptz,
    locked_at timestamptz, locked_by text, last_error text)`);
});
beforeEach(async () => {
  await db().delete(jobs);
});

const q = defineQueue({
  table: jobs,
  columns: {
    id: 'id',
    status: 'status',
    attempts: 'tries',
    readyAt: 'runAt',
    lockedAt: 'lockedAt',
    lockedBy: 'lockedBy',
    lastError: 'lastError',
  },
  states,
  orderBy: ['id'],
  readyWhenNull: true,
  maxAttempts: 5,
  maxErrorLength: 10,
});
const byFailures = defineQueue({
  table: jobs,
  columns: { id: 'id', status: 'status', failures: 'errors', readyAt: 'runAt' },
  states,
  orderBy: ['id'],
  readyWhenNull: true,
  maxAttempts: 3,
});

describe('queue engine bounds', () => {
  it('ids no row can have are JOB_NOT_FOUND without a driver error', async () => {
    const [job] = await add([{}]);
    await q.claim(db(), { limit: 1, workerId: 'w' });
    for (const id of [2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1.5, Number.NaN, 'x', '1', null]) {
      expect(await q.complete(db(), { id, workerId: 'w' })).toMatchObject({ error: 'JOB_NOT_FOUND' });
      expect(await q.fail(db(), { id, workerId: 'w', error: 'e' })).toMatchObject({ error: 'JOB_NOT_FOUND' });
    }
    const many = await q.completeMany(db(), { ids: [2 ** 31, job!.id, -1, 'x'], workerId: 'w' });
    expect(many.jobs.map((j) => j.id)).toEqual([job!.id]);
    expect(many.notCompleted).toEqual([2 ** 31, -1, 'x']);
  });

  it('a worker id the lock column cannot hold holds no lock (LOCK_LOST), and cannot claim', async () => {
    const [job] = await add([{}]);
    await q.claim(db(), { limit: 1, workerId: 'w' });
    expect(await q.complete(db(), { id: job!.id, workerId: 'w\u0000' })).toMatchObject({
      error: 'LOCK_LOST',
    });
    expect(await q.completeMany(db(), { ids: [job!.id], workerId: 'a\uD800' })).toEqual({
      jobs: [],
      notCompleted: [job!.id],
    });
    await expect(q.claim(db(), { limit: 1, workerId: 'w\u0000' })).rejects.toThrow(RangeError);
  });

  it('limits: past int4 claim everything, 0 or less claim nothing, NaN is refused', async () => {
    await add([{}, {}, {}]);
    expect(await q.claim(db(), { limit: 0 })).toEqual([]);
    expect(await q.claim(db(), { limit: -5 })).toEqual([]);
    await expect(q.claim(db(), { limit: Number.NaN })).rejects.toThrow(RangeError);
    expect(await q.claim(db(), { limit: 2 ** 40 })).toHaveLength(3);
    await add([{}]);
    expect(await q.claim(db(), { limit: Number.POSITIVE_INFINITY })).toHaveLength(1);
  });

  it('filters a column cannot hold match nothing; lists keep the values it can hold', async () => {
    const [a, b] = await add([
      { owner, kind: 'k' },
      { owner: other, kind: 'k' },
    ]);
    expect(await q.claim(db(), { limit: 10, filters: { id: 2 ** 31 } })).toEqual([]);
    expect(await q.claim(db(), { limit: 10, filters: { owner: 'not-a-uuid' } })).toEqual([]);
    expect(await q.claim(db(), { limit: 10, filters: { kind: 'k\u0000' } })).toEqual([]);
    expect(await q.claim(db(), { limit: 10, filters: { id: [2 ** 40, -(2 ** 40)] } })).toEqual([]);
    const got = await q.claim(db(), {
      limit: 10,
      filters: { id: [2 ** 40, a!.id], owner: owner.toUpperCase() },
    });
    expect(got.map((j) => j.id)).toEqual([a!.id]);
    expect(b!.status).toBe('ready');
  });

  it('a scope (filters) on finishing calls: a job outside it is JOB_NOT_FOUND, untouched', async () => {
    const [a, b] = await add([{ owner }, { owner: other }]);
    await q.claim(db(), { limit: 10, workerId: 'w' });
    expect(await q.complete(db(), { id: b!.id, workerId: 'w', filters: { owner } })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(await q.fail(db(), { id: b!.id, workerId: 'w', error: 'e', filters: { owner } })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(await q.complete(db(), { id: a!.id, workerId: 'w', filters: { owner: 'nope' } })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(await q.complete(db(), { id: a!.id, workerId: 'x', filters: { owner } })).toMatchObject({
      error: 'LOCK_LOST',
    });
    const many = await q.completeMany(db(), { ids: [b!.id, a!.id], workerId: 'w', filters: { owner } });
    expect(many.jobs.map((j) => j.id)).toEqual([a!.id]);
    expect(many.notCompleted).toEqual([b!.id]);
    const [left] = await db().select().from(jobs).where(eq(jobs.id, b!.id));
    expect(left).toMatchObject({ status: 'claimed', lockedBy: 'w' });
  });

  it('attempt limits past the counter type are clamped to what they mean', async () => {
    const [a, b, c] = await add([{}, {}, {}]);
    await q.claim(db(), { limit: 10, workerId: 'w' });
    expect(await q.fail(db(), { id: a!.id, workerId: 'w', error: 'e', maxAttempts: 2 ** 40 })).toMatchObject({
      job: { status: 'ready' },
    });
    expect(
      await q.fail(db(), { id: b!.id, workerId: 'w', error: 'e', maxAttempts: Number.POSITIVE_INFINITY }),
    ).toMatchObject({ job: { status: 'ready' } });
    expect(
      await q.fail(db(), { id: c!.id, workerId: 'w', error: 'e', maxAttempts: -(2 ** 40) }),
    ).toMatchObject({
      job: { status: 'failed' },
    });
    await expect(q.fail(db(), { id: c!.id, error: 'e', maxAttempts: Number.NaN })).rejects.toThrow(
      RangeError,
    );
  });

  it('the backoff of a counter near int4 max neither overflows the counter nor the interval', async () => {
    const [a, b] = await add([{}, {}]);
    await byFailures.claim(db(), { limit: 1 });
    await db()
      .update(jobs)
      .set({ errors: 2 ** 31 - 1 })
      .where(eq(jobs.id, a!.id));
    // failures + 1 = 2^31 (past int4) ≥ 3: final, computed in int8; the counter stays at int4 max.
    expect(await byFailures.fail(db(), { id: a!.id, error: 'e' })).toMatchObject({
      job: { status: 'failed' },
    });
    await q.claim(db(), { limit: 1, workerId: 'w' });
    await db()
      .update(jobs)
      .set({ tries: 2 ** 31 - 1 })
      .where(eq(jobs.id, b!.id));
    // 2^(tries − 1) overflows float8: the exponent is capped, the delay is the 1 h cap.
    const r = await q.fail(db(), { id: b!.id, workerId: 'w', error: 'e', maxAttempts: 2 ** 40 });
    expect(r).toMatchObject({ job: { status: 'ready' } });
    const delay = r.success ? r.job.runAt!.getTime() - Date.now() : 0;
    expect(delay).toBeGreaterThan(1_700_000);
    expect(delay).toBeLessThanOrEqual(3_600_000);
  });

  it('a claim of a row whose counter is at int4 max does not fail (the counter stays there)', async () => {
    const unlimited = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status', attempts: 'tries' },
      states,
      orderBy: ['id'],
    });
    const [a] = await add([{ tries: 2 ** 31 - 1 }]);
    expect(await unlimited.claim(db(), { limit: 1 })).toMatchObject([{ id: a!.id, tries: 2 ** 31 - 1 }]);
  });

  it('stale-lock ages past the timestamp range reclaim nothing (or everything), without overflow', async () => {
    await add([{}, {}]);
    await q.claim(db(), { limit: 10, workerId: 'w' });
    expect(await q.reclaimStale(db(), { olderThanSeconds: 2 ** 40, maxAttempts: 5 })).toEqual([]);
    expect(await q.reclaimStale(db(), { olderThanSeconds: 1e308, maxAttempts: 5 })).toEqual([]);
    expect(await q.reclaimStale(db(), { olderThanSeconds: -(2 ** 40), maxAttempts: 5 })).toHaveLength(2);
    await expect(q.reclaimStale(db(), { olderThanSeconds: Number.NaN, maxAttempts: 5 })).rejects.toThrow(
      RangeError,
    );
  });

  it('error text is stored as a text column can hold it', async () => {
    const [a, b] = await add([{}, {}]);
    await q.claim(db(), { limit: 10, workerId: 'w' });
    // maxErrorLength 10: the pair at 9–10 is not cut in half; NUL and a lone surrogate become U+FFFD.
    const ra = await q.fail(db(), { id: a!.id, workerId: 'w', error: 'abcdefghi\uD83D\uDE00xyz' });
    expect(ra).toMatchObject({ job: { lastError: 'abcdefghi' } });
    const rb = await q.fail(db(), { id: b!.id, workerId: 'w', error: 'a\u0000b\uDC00c' });
    expect(rb).toMatchObject({ job: { lastError: 'a\uFFFDb\uFFFDc' } });
  });

  it('a backoff past ten years is a definition error', () => {
    expect(() =>
      defineQueue({
        table: jobs,
        columns: { id: 'id', status: 'status' },
        states,
        orderBy: ['id'],
        backoff: { baseSeconds: 5, capSeconds: 2 ** 40 },
      }),
    ).toThrow(/backoff/);
  });
});
