// createWorker (src/messaging/worker.ts, messaging's layer on createQueueWorker) and messaging's queue
// wrappers (src/messaging/queue.ts): option defaults and clamping, how many jobs a worker claims and
// holds, exact stats, stop/abort semantics, error text as failJob can store it, and enqueueJob's
// foreign-key outcomes.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db';
import {
  claimJobs,
  completeJob,
  completeJobs,
  createWorker,
  enqueueJob,
  failJob,
  ingestInboundEvent,
  type JobHandler,
  jobQueue,
  jobQueueEngine,
  type WorkerOptions,
} from '../../src/messaging';
import { makeTenant } from '../messaging/fixtures';
import { useTestDb } from '../support';

const t = useTestDb();
const db = () => t().db;
let tenantId = '';

beforeAll(async () => {
  tenantId = (await makeTenant(db())).tenantId;
});
beforeEach(async () => {
  await db().delete(jobQueue);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const enqueue = async (jobType: string, n = 1, attempts = 0) =>
  (
    await db()
      .insert(jobQueue)
      .values(Array.from({ length: n }, () => ({ tenantId, jobType, attempts })))
      .returning()
  ).map((j) => j.jobId);
const rowsByType = async (jobType: string) =>
  db().select().from(jobQueue).where(eq(jobQueue.jobType, jobType)).orderBy(jobQueue.attempts);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until `cond` holds (fails the test after `ms`). */
const until = async (cond: () => boolean | Promise<boolean>, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
};
/** Resolves with how long `p` took, or 'late' after `ms`. */
const within = async (p: Promise<unknown>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => {
    timer = setTimeout(() => r('late'), ms);
  });
  const r = await Promise.race([p.then(() => 'done' as const), late]);
  clearTimeout(timer);
  return r;
};
const start = (options: Partial<WorkerOptions> & { handlers: Record<string, JobHandler> }, on = db()) => {
  const controller = new AbortController();
  const worker = createWorker(on, {
    workerId: 'w',
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
const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
};

describe('createWorker: claims and capacity', () => {
  const claimLimits = (options: Partial<WorkerOptions>) => {
    const spy = vi.spyOn(jobQueueEngine, 'claim');
    const { stop } = start({ pollIntervalMs: 60_000, handlers: { none: async () => {} }, ...options });
    // Every fetcher claims at once, synchronously on creation.
    const limits = spy.mock.calls.map(([, opts]) => opts.limit);
    return { limits, stop, spy };
  };

  it('runs one fetcher per batch of capacity, each claiming batchSize jobs', async () => {
    const cases: [Partial<WorkerOptions>, number[]][] = [
      [{}, [1, 1]],
      [{ concurrency: 3 }, [3, 3]],
      [{ concurrency: 2, batchSize: 3, prefetch: 2 }, [3, 3, 3]],
      [{ concurrency: 0, batchSize: 0, prefetch: -1 }, [1]],
      [{ concurrency: 4, batchSize: 1, prefetch: 0 }, [1, 1, 1, 1]],
      [{ concurrency: 1, batchSize: 5, prefetch: 0 }, [5]],
      [{ concurrency: 5, batchSize: 2, prefetch: 1 }, [2, 2, 2]],
    ];
    for (const [options, expected] of cases) {
      const { limits, stop, spy } = claimLimits(options);
      expect(limits).toEqual(expected);
      expect(spy.mock.calls[0]![1]).toEqual({
        workerId: 'w',
        limit: expected[0],
        filters: { jobType: ['none'] },
      });
      expect(await within(stop(), 2000)).toBe('done');
      vi.restoreAllMocks();
    }
  });

  it('an empty queue is polled every pollIntervalMs (default 1 s), and abort wakes sleeping fetchers', async () => {
    const spy = vi.spyOn(jobQueueEngine, 'claim');
    const { stop } = start({ pollIntervalMs: undefined, handlers: { none: async () => {} } });
    await sleep(400);
    expect(spy).toHaveBeenCalledTimes(2);
    const t0 = Date.now();
    await stop();
    expect(Date.now() - t0).toBeLessThan(500);
    spy.mockClear();
    const fast = start({ pollIntervalMs: 40, handlers: { none: async () => {} } });
    await sleep(400);
    await fast.stop();
    // Two fetchers, one claim each per 40 ms: about 20 in 400 ms, not a busy loop.
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(30);
  });

  it('an abort during the first claim stops without sleeping a poll interval', async () => {
    const { stop } = start({ pollIntervalMs: 60_000, handlers: { none: async () => {} } });
    expect(await within(stop(), 2000)).toBe('done');
  });

  it('holds at most max(concurrency, batchSize) + prefetch · batchSize jobs and runs `concurrency` at once', async () => {
    const ids = await enqueue('held', 10);
    const g = gate();
    let running = 0;
    let most = 0;
    const { worker, stop } = start({
      concurrency: 2,
      batchSize: 2,
      handlers: {
        held: async () => {
          running++;
          most = Math.max(most, running);
          await g.opened;
          running--;
        },
      },
    });
    await until(() => running === 2 && worker.stats.claimed === 4);
    // Nothing more is claimed while the held jobs wait.
    await sleep(300);
    const processing = (await rowsByType('held')).filter((r) => r.status === 'processing');
    expect(processing).toHaveLength(4);
    expect(worker.stats).toEqual({ claimed: 4, completed: 0, failed: 0, lockLost: 0 });
    g.open();
    await until(() => worker.stats.completed === 10);
    await stop();
    expect(most).toBe(2);
    expect(worker.stats).toEqual({ claimed: 10, completed: 10, failed: 0, lockLost: 0 });
    expect((await rowsByType('held')).map((r) => [r.status, r.lockedBy])).toEqual(
      ids.map(() => ['done', null]),
    );
  });

  it('claims the next batch without waiting a poll interval while there is work', async () => {
    await enqueue('quick', 4);
    const { worker, stop } = start({
      concurrency: 1,
      batchSize: 1,
      prefetch: 0,
      pollIntervalMs: 60_000,
      handlers: { quick: async () => {} },
    });
    await until(() => worker.stats.completed === 4, 3000);
    expect(await within(stop(), 2000)).toBe('done');
    expect(worker.stats).toEqual({ claimed: 4, completed: 4, failed: 0, lockLost: 0 });
  });

  it('a larger batch waits until batchSize slots are free before the next claim', async () => {
    await enqueue('slots', 6);
    const spy = vi.spyOn(jobQueueEngine, 'claim');
    const gates = [gate(), gate(), gate()];
    let started = 0;
    const { worker, stop } = start({
      concurrency: 1,
      batchSize: 3,
      prefetch: 0,
      handlers: {
        slots: async () => {
          const g = gates[started++];
          if (g) await g.opened;
        },
      },
    });
    await until(() => started === 1);
    gates[0]!.open();
    await until(() => started === 2);
    gates[1]!.open();
    await until(() => started === 3);
    await sleep(100);
    // Two of three slots free: no claim yet.
    expect(spy).toHaveBeenCalledTimes(1);
    gates[2]!.open();
    await until(() => worker.stats.completed === 6);
    await stop();
    expect(spy.mock.calls[1]![1].limit).toBe(3);
    expect(worker.stats).toEqual({ claimed: 6, completed: 6, failed: 0, lockLost: 0 });
  });
});

describe('createWorker: handlers and outcomes', () => {
  it('passes the signal and the database to the handler; completes in one statement per turn', async () => {
    const ids = await enqueue('ctx', 3);
    const complete = vi.spyOn(jobQueueEngine, 'completeMany');
    const seen: unknown[] = [];
    const g = gate();
    let running = 0;
    const { worker, controller, stop } = start({
      workerId: 'ctx-worker',
      concurrency: 3,
      handlers: {
        ctx: async (job, context) => {
          seen.push([job.jobType, context.signal === controller.signal, context.db === db()]);
          running++;
          await g.opened;
        },
      },
    });
    await until(() => running === 3);
    g.open();
    await until(() => worker.stats.completed === 3);
    await stop();
    expect(seen).toEqual(ids.map(() => ['ctx', true, true]));
    expect(complete).toHaveBeenCalledTimes(1);
    const [, opts] = complete.mock.calls[0]!;
    expect({ ...opts, ids: [...opts.ids].sort() }).toEqual({
      ids: [...ids].sort(),
      workerId: 'ctx-worker',
      rows: false,
    });
  });

  it('completions arriving while a completion statement runs are coalesced into the next one', async () => {
    await enqueue('coalesce', 3);
    const completeMany = jobQueueEngine.completeMany.bind(jobQueueEngine);
    const calls: number[] = [];
    const firstCall = gate();
    const lastDone = gate();
    vi.spyOn(jobQueueEngine, 'completeMany').mockImplementation(async (on, opts) => {
      calls.push(opts.ids.length);
      if (calls.length === 1) {
        firstCall.open();
        // Hold the first statement until the other two jobs have finished (in separate turns).
        await lastDone.opened;
        await sleep(20);
      }
      return completeMany(on, opts);
    });
    let started = 0;
    const { worker, stop } = start({
      concurrency: 3,
      handlers: {
        coalesce: async () => {
          const n = started++;
          if (n === 0) return;
          await firstCall.opened;
          if (n === 2) {
            await sleep(20);
            lastDone.open();
          }
        },
      },
    });
    await until(() => worker.stats.completed === 3);
    await stop();
    expect(calls).toEqual([1, 2]);
  });

  it('a completion that lands as a completion statement ends is still stored', async () => {
    await enqueue('edge', 2);
    const completeMany = jobQueueEngine.completeMany.bind(jobQueueEngine);
    const second = gate();
    vi.spyOn(jobQueueEngine, 'completeMany').mockImplementation(async (on, opts) => {
      const r = await completeMany(on, opts);
      // The other job finishes in the same turn as this statement, after its flush has looked.
      second.open();
      return r;
    });
    let started = 0;
    const { worker, stop } = start({
      concurrency: 2,
      handlers: {
        edge: async () => {
          if (started++ === 0) return;
          await second.opened;
        },
      },
    });
    await until(() => worker.stats.completed === 2);
    await stop();
    expect((await rowsByType('edge')).map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('stores what a handler threw as failJob can hold it; a missing handler is an error', async () => {
    await enqueue('plain');
    await enqueue('long');
    await enqueue('bad-text');
    await enqueue('ghost');
    const { worker, stop } = start({
      handlers: {
        plain: async () => {
          throw 'just a string';
        },
        long: async () => {
          throw new Error('x'.repeat(100_001));
        },
        'bad-text': async () => {
          throw new Error('a\uD83D\uDE00b\uD800c\uDC00d\u0000e\uDBFF\uDBFF\uDFFF');
        },
        ghost: undefined as unknown as JobHandler,
      },
    });
    await until(() => worker.stats.failed + worker.stats.lockLost >= 4);
    await stop();
    expect(worker.stats).toEqual({ claimed: 4, completed: 0, failed: 4, lockLost: 0 });
    const errors = Object.fromEntries(
      (await db().select().from(jobQueue)).map((r) => [r.jobType, [r.status, r.lastError, r.attempts]]),
    );
    expect(errors).toEqual({
      plain: ['queued', 'just a string', 1],
      long: ['queued', 'x'.repeat(4000), 1],
      'bad-text': ['queued', 'a\uD83D\uDE00b\uFFFDc\uFFFDd\uFFFDe\uFFFD\uDBFF\uDFFF', 1],
      ghost: ['queued', 'no handler for job_type ghost', 1],
    });
  });

  it('maxAttempts: default 5, NaN as default, clamped to 1–1000, rounded down', async () => {
    const cases: [number | undefined, [number, string][]][] = [
      [
        undefined,
        [
          [3, 'queued'],
          [4, 'failed'],
        ],
      ],
      [
        Number.NaN,
        [
          [3, 'queued'],
          [4, 'failed'],
        ],
      ],
      [0, [[0, 'failed']]],
      [-5, [[0, 'failed']]],
      [
        2 ** 40,
        [
          [998, 'queued'],
          [999, 'failed'],
        ],
      ],
      [
        2.7,
        [
          [0, 'queued'],
          [1, 'failed'],
        ],
      ],
    ];
    for (const [maxAttempts, jobs] of cases) {
      await db().delete(jobQueue);
      for (const [attempts] of jobs) await enqueue('flaky', 1, attempts);
      const { worker, stop } = start({
        maxAttempts,
        concurrency: 2,
        handlers: {
          flaky: async () => {
            throw new Error('again');
          },
        },
      });
      await until(() => worker.stats.failed === jobs.length);
      await stop();
      expect([maxAttempts, (await rowsByType('flaky')).map((r) => [r.attempts, r.status])]).toEqual([
        maxAttempts,
        jobs.map(([a, s]) => [a + 1, s]),
      ]);
    }
  });

  it('counts lost locks on completion and on failure, and leaves those rows to their holder', async () => {
    const [done] = await enqueue('steal-done');
    const [failed] = await enqueue('steal-fail');
    const steal = (jobId: string) =>
      db().update(jobQueue).set({ lockedBy: 'thief' }).where(eq(jobQueue.jobId, jobId));
    const { worker, stop } = start({
      concurrency: 2,
      handlers: {
        'steal-done': async (job) => {
          await steal(job.jobId);
        },
        'steal-fail': async (job) => {
          await steal(job.jobId);
          throw new Error('after the lock was lost');
        },
      },
    });
    await until(() => worker.stats.lockLost === 2);
    await stop();
    expect(worker.stats).toEqual({ claimed: 2, completed: 0, failed: 0, lockLost: 2 });
    for (const id of [done!, failed!]) {
      const [row] = await db().select().from(jobQueue).where(eq(jobQueue.jobId, id));
      expect(row).toMatchObject({ status: 'processing', lockedBy: 'thief', lastError: null });
    }
  });

  it('database errors of claims, completions and failures go to onError; the loop goes on', async () => {
    const real = db();
    let broken = true;
    // The same database, except that building an UPDATE fails while `broken` is set.
    const flaky = new Proxy(real, {
      get(target, prop) {
        if (prop === 'update' && broken)
          return () => {
            throw new Error('db down');
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Database;
    const errors: unknown[] = [];
    const [ok] = await enqueue('ok');
    const { worker, stop } = start(
      {
        prefetch: 0,
        onError: (e) => {
          errors.push(e);
          broken = false;
        },
        handlers: {
          ok: async () => {
            broken = true;
          },
          bad: async () => {
            broken = true;
            throw new Error('handler');
          },
        },
      },
      flaky,
    );
    // 1: the claim; 2: the completion (its statement is built on first use).
    await until(() => errors.length === 2);
    expect(errors).toEqual([new Error('db down'), new Error('db down')]);
    expect(worker.stats).toEqual({ claimed: 1, completed: 0, failed: 0, lockLost: 0 });
    const [row] = await db().select().from(jobQueue).where(eq(jobQueue.jobId, ok!));
    expect(row).toMatchObject({ status: 'processing', lockedBy: 'w' });
    // 3: the failure.
    await enqueue('bad');
    await until(() => errors.length === 3);
    await stop();
    expect(errors[2]).toEqual(new Error('db down'));
    expect(worker.stats).toEqual({ claimed: 2, completed: 0, failed: 0, lockLost: 0 });
    expect((await rowsByType('bad'))[0]).toMatchObject({ status: 'processing', lastError: null });
  });

  it('a refused claim is reported as an Error with its message; without onError the worker still stops', async () => {
    await enqueue('x');
    const errors: unknown[] = [];
    const long = 'w'.repeat(201);
    const a = start({ workerId: long, onError: (e) => errors.push(e), handlers: { x: async () => {} } });
    await until(() => errors.length >= 2);
    await a.stop();
    expect(errors[0]).toBeInstanceOf(Error);
    expect((errors[0] as Error).message).toMatch(/^workerId: /);
    expect(a.worker.stats).toEqual({ claimed: 0, completed: 0, failed: 0, lockLost: 0 });
    const b = start({ workerId: long, handlers: { x: async () => {} } });
    await sleep(50);
    expect(await within(b.stop(), 2000)).toBe('done');
    expect((await rowsByType('x'))[0]!.status).toBe('queued');
  });

  it('on abort, running and locally waiting jobs finish and are stored before `stopped` resolves', async () => {
    await enqueue('tail', 3);
    let finished = 0;
    const { worker, controller } = start({
      concurrency: 1,
      batchSize: 3,
      prefetch: 0,
      handlers: {
        tail: async () => {
          if (!controller.signal.aborted) controller.abort();
          await sleep(30);
          finished++;
        },
      },
    });
    await worker.stopped;
    expect(finished).toBe(3);
    expect(worker.stats).toEqual({ claimed: 3, completed: 3, failed: 0, lockLost: 0 });
    expect((await rowsByType('tail')).map((r) => r.status)).toEqual(['done', 'done', 'done']);
  });

  it('splits more than 1000 completions of one turn into statements of at most 1000', async () => {
    await db().execute(sql`insert into bot.job_queue (tenant_id, job_type)
      select ${tenantId}::uuid, 'bulk' from generate_series(1, 1001)`);
    const complete = vi.spyOn(jobQueueEngine, 'completeMany');
    const g = gate();
    let running = 0;
    const { worker, stop } = start({
      concurrency: 1001,
      batchSize: 1000,
      handlers: {
        bulk: async () => {
          running++;
          await g.opened;
        },
      },
    });
    await until(() => running === 1001, 20_000);
    g.open();
    await until(() => worker.stats.completed === 1001, 20_000);
    await stop();
    expect(complete.mock.calls.map(([, o]) => o.ids.length)).toEqual([1000, 1]);
    expect(worker.stats).toEqual({ claimed: 1001, completed: 1001, failed: 0, lockLost: 0 });
  });
});

describe('messaging queue wrappers', () => {
  beforeAll(async () => {
    // Stands in for a concurrent delete between enqueueJob's check and the foreign keys: job
    // types 'race:<constraint>' fail as that constraint would, 'race:' with another code otherwise.
    await db().execute(sql`create function bot.test_fk_race() returns trigger language plpgsql as $$
      begin
        if new.job_type like 'race:%' then
          if new.job_type = 'race:other' then raise exception 'something else' using errcode = '23505'; end if;
          raise exception 'simulated' using errcode = '23503', constraint = substr(new.job_type, 6);
        end if;
        return new;
      end $$`);
    await db().execute(
      sql`create trigger test_fk_race before insert on bot.job_queue for each row execute function bot.test_fk_race()`,
    );
  });

  const withEvent = async (tenant: string, key: string) => {
    const ev = await ingestInboundEvent(db(), {
      tenantId: tenant,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: key,
    });
    if (!ev.success) throw new Error(ev.message);
    return ev.event.inboundEventId;
  };

  it('enqueueJob stores runAfter and traceId; another tenant’s event or job is EVENT_NOT_FOUND', async () => {
    const runAfter = new Date('2030-01-01T00:00:00Z');
    const traceId = randomUUID();
    const plain = await enqueueJob(db(), { tenantId, jobType: 'later', runAfter, traceId });
    expect(plain).toMatchObject({
      success: true,
      created: true,
      job: { tenantId, jobType: 'later', runAfter, traceId, status: 'queued', attempts: 0 },
    });
    const other = (await makeTenant(db())).tenantId;
    const event = await withEvent(tenantId, `k-${randomUUID()}`);
    const mine = await enqueueJob(db(), {
      tenantId,
      jobType: 'evt',
      inboundEventId: event,
      runAfter,
      traceId,
    });
    expect(mine).toMatchObject({
      success: true,
      created: true,
      job: { tenantId, jobType: 'evt', inboundEventId: event, runAfter, traceId },
    });
    // The same (job_type, event) for another tenant: the existing job is not theirs.
    expect(await enqueueJob(db(), { tenantId: other, jobType: 'evt', inboundEventId: event })).toEqual({
      success: false,
      error: 'EVENT_NOT_FOUND',
      message: 'no inbound event with this id for this tenant',
    });
    expect(
      await enqueueJob(db(), { tenantId: randomUUID(), jobType: 'evt2', inboundEventId: event }),
    ).toEqual({
      success: false,
      error: 'TENANT_NOT_FOUND',
      message: 'no tenant with this id',
    });
    expect(await enqueueJob(db(), { tenantId: randomUUID(), jobType: 'x' })).toEqual({
      success: false,
      error: 'TENANT_NOT_FOUND',
      message: 'no tenant with this id',
    });
  });

  it('enqueueJob maps foreign-key violations by constraint and rethrows anything else', async () => {
    const event = await withEvent(tenantId, `race-${randomUUID()}`);
    const race = (constraint: string, inboundEventId?: string) =>
      enqueueJob(db(), { tenantId, jobType: `race:${constraint}`, inboundEventId });
    for (const inboundEventId of [undefined, event]) {
      expect(await race('job_queue_tenant_id_fkey', inboundEventId)).toMatchObject({
        error: 'TENANT_NOT_FOUND',
      });
      expect(await race('job_queue_inbound_event_id_fkey', inboundEventId)).toMatchObject({
        error: 'EVENT_NOT_FOUND',
      });
      expect(await race('job_queue_tenant_id_inbound_event_id_fkey', inboundEventId)).toMatchObject({
        error: 'EVENT_NOT_FOUND',
      });
      await expect(race('some_other_fkey', inboundEventId)).rejects.toThrow();
      await expect(race('other', inboundEventId)).rejects.toThrow();
    }
  });

  it('completeJob, completeJobs and failJob are scoped to the tenant', async () => {
    const other = (await makeTenant(db())).tenantId;
    const [a, b] = await enqueue('scoped', 2);
    expect(await completeJob(db(), { tenantId: 'nope', jobId: a!, workerId: 'w1' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    await claimJobs(db(), { workerId: 'w1', limit: 5 });
    expect(await completeJob(db(), { tenantId: other, jobId: a!, workerId: 'w1' })).toEqual({
      success: false,
      error: 'JOB_NOT_FOUND',
      message: 'no such job',
    });
    expect(await failJob(db(), { tenantId: other, jobId: a!, workerId: 'w1', error: 'e' })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(await completeJobs(db(), { tenantId: other, jobIds: [a!, b!], workerId: 'w1' })).toEqual({
      success: true,
      jobs: [],
      lockLost: [a, b],
    });
    expect((await rowsByType('scoped')).map((r) => [r.status, r.lockedBy, r.lastError])).toEqual([
      ['processing', 'w1', null],
      ['processing', 'w1', null],
    ]);
    expect(
      await failJob(db(), { tenantId, jobId: a!, workerId: 'w1', error: 'e', maxAttempts: 1 }),
    ).toMatchObject({
      success: true,
      job: { jobId: a, status: 'failed', lastError: 'e' },
    });
    expect(await completeJob(db(), { tenantId, jobId: b!, workerId: 'w1' })).toMatchObject({
      success: true,
      job: { jobId: b, status: 'done' },
    });
  });

  it('claimJobs without jobTypes claims every type; completeJobs reports what it did not complete', async () => {
    const [a] = await enqueue('t1');
    const [b] = await enqueue('t2');
    const claimed = await claimJobs(db(), { workerId: 'w1', limit: 5 });
    expect(claimed.success && claimed.jobs.map((j) => j.jobId).sort()).toEqual([a, b].sort());
    const r = await completeJobs(db(), { tenantId, jobIds: [a!, b!], workerId: 'w1' });
    expect(r).toMatchObject({ success: true, lockLost: [] });
    expect(r.success && r.jobs.map((j) => j.jobId).sort()).toEqual([a, b].sort());
  });
});
