// createQueueWorker (src/queue/worker.ts) on queues other than messaging's: scratch tables with and
// without a lockedBy column. Every job runs exactly once, failures are stored with their text and
// retried up to the attempt limit, lost claims are counted, and `stopped` waits for running jobs.
import { asc, eq, sql } from 'drizzle-orm';
import { integer, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../src/db';
import { createQueueWorker, defineQueue, type QueueWorkerOptions } from '../../src/queue';
import { useTestDb } from '../support';

const scratch = pgSchema('queue_worker_test');
const jobs = scratch.table('jobs', {
  id: serial('id').primaryKey(),
  status: text('status').notNull().default('ready'),
  kind: text('kind').notNull().default('plain'),
  tries: integer('tries').notNull().default(0),
  lockedBy: text('locked_by'),
  lastError: text('last_error'),
});
type Row = typeof jobs.$inferSelect;

const states = { ready: 'ready', claimed: 'claimed', done: 'done', failed: 'failed' };
/** No lockedBy: any caller may finish a claimed job. Two tries. */
const plain = defineQueue({
  table: jobs,
  columns: { id: 'id', status: 'status', attempts: 'tries', lastError: 'lastError' },
  states,
  orderBy: ['id'],
  maxAttempts: 2,
});
/** With lockedBy: only the claiming worker may finish a job. Three tries. */
const locked = defineQueue({
  table: jobs,
  columns: { id: 'id', status: 'status', attempts: 'tries', lockedBy: 'lockedBy', lastError: 'lastError' },
  states,
  orderBy: ['id'],
  maxAttempts: 3,
});

const t = useTestDb({ max: 4 });
const db = () => t().db;

beforeAll(async () => {
  await db().execute(sql`create schema queue_worker_test`);
  await db().execute(sql`create table queue_worker_test.jobs (
    id serial primary key, status text not null default 'ready', kind text not null default 'plain',
    tries int not null default 0, locked_by text, last_error text)`);
});
beforeEach(async () => {
  await db().delete(jobs);
});

const add = async (kinds: string[]) =>
  (
    await db()
      .insert(jobs)
      .values(kinds.map((kind) => ({ kind })))
      .returning()
  ).map((r) => r.id);
const rows = () => db().select().from(jobs).orderBy(asc(jobs.id));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until `cond` holds (fails the test after `ms`). */
const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
};
const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
};
/** A worker with a short poll interval, and a stop() that aborts it and waits for `stopped`. */
const start = (
  queue: typeof plain | typeof locked,
  options: Partial<QueueWorkerOptions<Row>> & Pick<QueueWorkerOptions<Row>, 'handler'>,
) => {
  const controller = new AbortController();
  const worker = createQueueWorker(db(), queue, {
    pollIntervalMs: 10,
    signal: controller.signal,
    ...options,
  });
  const stop = async () => {
    controller.abort();
    await worker.stopped;
  };
  return { worker, controller, stop };
};

describe('createQueueWorker on a queue without lockedBy', () => {
  it('two workers run every job exactly once, each at most `concurrency` at once', async () => {
    const ids = await add(Array.from({ length: 30 }, () => 'plain'));
    const handled: number[] = [];
    const g = gate();
    let running = 0;
    let most = 0;
    const handler = async (job: Row) => {
      running++;
      most = Math.max(most, running);
      // The first handlers wait until both workers run their full `concurrency`.
      if (running === 6) g.open();
      await g.opened;
      handled.push(job.id);
      running--;
    };
    const a = start(plain, { workerId: 'a', concurrency: 3, batchSize: 2, handler });
    const b = start(plain, { workerId: 'b', concurrency: 3, batchSize: 2, handler });
    await until(() => a.worker.stats.completed + b.worker.stats.completed === 30);
    await Promise.all([a.stop(), b.stop()]);
    expect(handled.sort((x, y) => x - y)).toEqual(ids);
    expect(most).toBe(6);
    expect(a.worker.stats.claimed + b.worker.stats.claimed).toBe(30);
    for (const w of [a.worker, b.worker])
      expect(w.stats).toEqual({
        claimed: w.stats.completed,
        completed: w.stats.completed,
        failed: 0,
        lockLost: 0,
      });
    expect((await rows()).map((r) => [r.status, r.tries, r.lastError])).toEqual(
      ids.map(() => ['done', 1, null]),
    );
  });

  it('stores what a handler threw and retries until the queue’s maxAttempts, or the worker’s', async () => {
    await add(['error', 'string']);
    const handler = async (job: Row) => {
      throw job.kind === 'error' ? new Error(`failed ${job.kind}`) : 'a thrown string';
    };
    const spec = start(plain, { handler });
    await until(() => spec.worker.stats.failed === 4);
    await spec.stop();
    expect(spec.worker.stats).toEqual({ claimed: 4, completed: 0, failed: 4, lockLost: 0 });
    expect((await rows()).map((r) => [r.kind, r.status, r.tries, r.lastError])).toEqual([
      ['error', 'failed', 2, 'failed error'],
      ['string', 'failed', 2, 'a thrown string'],
    ]);
    await db().delete(jobs);
    await add(['error']);
    const once = start(plain, { handler, maxAttempts: 1 });
    await until(() => once.worker.stats.failed === 1);
    await once.stop();
    expect(once.worker.stats).toEqual({ claimed: 1, completed: 0, failed: 1, lockLost: 0 });
    expect((await rows()).map((r) => [r.status, r.tries])).toEqual([['failed', 1]]);
  });

  it('a job finished by another caller while its handler ran counts as a lost lock', async () => {
    const [done, failed] = await add(['complete-first', 'complete-then-throw']);
    const handler = async (job: Row) => {
      expect(await plain.complete(db(), { id: job.id })).toMatchObject({ success: true });
      if (job.kind === 'complete-then-throw') throw new Error('too late');
    };
    const { worker, stop } = start(plain, { concurrency: 2, handler });
    await until(() => worker.stats.lockLost === 2);
    await stop();
    expect(worker.stats).toEqual({ claimed: 2, completed: 0, failed: 0, lockLost: 2 });
    expect((await rows()).map((r) => [r.id, r.status, r.lastError])).toEqual([
      [done, 'done', null],
      [failed, 'done', null],
    ]);
  });

  it('stopped waits for running and locally held jobs and their outcomes; nothing is claimed after abort', async () => {
    const ids = await add(['plain', 'plain', 'plain']);
    const g = gate();
    const started: number[] = [];
    const { worker, controller } = start(plain, {
      concurrency: 1,
      batchSize: 2,
      prefetch: 0,
      handler: async (job) => {
        started.push(job.id);
        await g.opened;
      },
    });
    await until(() => started.length === 1);
    controller.abort();
    let stopped = false;
    void worker.stopped.then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false);
    g.open();
    await worker.stopped;
    // The batch of two was claimed before the abort: both run and are stored; the third waits.
    expect(started).toEqual(ids.slice(0, 2));
    expect(worker.stats).toEqual({ claimed: 2, completed: 2, failed: 0, lockLost: 0 });
    expect((await rows()).map((r) => [r.status, r.tries])).toEqual([
      ['done', 1],
      ['done', 1],
      ['ready', 0],
    ]);
  });

  it('refuses a queue that counts tries when neither it nor the worker has a maxAttempts', async () => {
    const unlimited = defineQueue({ ...plain.spec, maxAttempts: undefined });
    const signal = new AbortController().signal;
    const handler = async () => {};
    expect(() => createQueueWorker(db(), unlimited, { signal, handler })).toThrow(
      'createQueueWorker: the queue counts tries but neither it nor the worker has a maxAttempts',
    );
    const aborted = AbortSignal.abort();
    await createQueueWorker(db(), unlimited, { signal: aborted, handler, maxAttempts: 2 }).stopped;
    const fail = async () => ({ success: true });
    await createQueueWorker(db(), unlimited, { signal: aborted, handler, fail }).stopped;
  });
});

describe('createQueueWorker on a queue with lockedBy', () => {
  it('claims only the filtered jobs, locked by workerId, which fences completion and failure', async () => {
    const [ok, stolen, stolenThenThrow, other] = await add(['ok', 'stolen', 'stolen-throw', 'other']);
    const steal = (id: number) => db().update(jobs).set({ lockedBy: 'thief' }).where(eq(jobs.id, id));
    const seen: [number, string | null][] = [];
    const { worker, stop } = start(locked, {
      workerId: 'w1',
      concurrency: 3,
      filters: { kind: ['ok', 'stolen', 'stolen-throw'] },
      handler: async (job) => {
        seen.push([job.id, job.lockedBy]);
        if (job.kind !== 'ok') await steal(job.id);
        if (job.kind === 'stolen-throw') throw new Error('after the lock was lost');
      },
    });
    await until(() => worker.stats.completed + worker.stats.lockLost === 3);
    await stop();
    expect(seen.sort(([x], [y]) => x - y)).toEqual([
      [ok, 'w1'],
      [stolen, 'w1'],
      [stolenThenThrow, 'w1'],
    ]);
    expect(worker.stats).toEqual({ claimed: 3, completed: 1, failed: 0, lockLost: 2 });
    expect((await rows()).map((r) => [r.id, r.status, r.lockedBy, r.lastError])).toEqual([
      [ok, 'done', null, null],
      [stolen, 'claimed', 'thief', null],
      [stolenThenThrow, 'claimed', 'thief', null],
      [other, 'ready', null, null],
    ]);
  });

  it('claim and fail hooks replace the queue’s calls; a throwing claim goes to onError and the loop goes on', async () => {
    const [id] = await add(['hooked']);
    const errors: unknown[] = [];
    const failures: [number, unknown][] = [];
    let claims = 0;
    const { worker, stop } = start(locked, {
      workerId: 'w',
      onError: (e) => errors.push(e),
      claim: async (on: DbOrTx, limit: number) => {
        if (claims++ === 0) throw new Error('claim down');
        return locked.claim(on, { workerId: 'w', limit });
      },
      fail: async (on, job, error) => {
        failures.push([job.id, error]);
        return locked.fail(on, { id: job.id, workerId: 'w', error: 'hooked failure', maxAttempts: 1 });
      },
      handler: async () => {
        throw new Error('handler');
      },
    });
    await until(() => worker.stats.failed === 1);
    await stop();
    expect(errors).toEqual([new Error('claim down')]);
    expect(failures).toEqual([[id, new Error('handler')]]);
    expect(worker.stats).toEqual({ claimed: 1, completed: 0, failed: 1, lockLost: 0 });
    expect((await rows()).map((r) => [r.status, r.lastError])).toEqual([['failed', 'hooked failure']]);
  });
});
