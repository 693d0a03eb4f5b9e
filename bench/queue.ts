// Job queue: claim + complete throughput of bot.job_queue (src/queue/) against graphile-worker
// and pg-boss on the same server and database (each in its own schema), same job count, no-op
// handlers, for 1/8/32 workers × batch 1/50. Every run checks that no job was handed out twice.
//   TEST_DATABASE_URL=… npx tsx bench/queue.ts   (BENCH_JOBS=5000 BENCH_RUNS=3)
//
// How each side is driven (the fastest honest use of its public API):
// - ours, worker: createWorker({ concurrency: W, batchSize: batch }), the library's worker; timed from
//   the first handler call until every job is done in the table (polled every 5 ms).
// - ours, loop: W loops of claimJobs({ limit: batch }) then completeJobs() for the claimed batch
//   (completeJob at batch 1); a loop stops when a claim returns nothing.
// - pg-boss: W loops of boss.fetch(name, { batchSize }) then boss.complete(name, ids) (one statement
//   per batch). boss.work() is not used: its poll loop sleeps ≥ 0.5 s between fetches by design.
// - graphile-worker: run() with concurrency W; batch 50 = its documented batching
//   (localQueue.size 50, completeJobBatchDelay 0); batch 1 = defaults. Timed from the first handler
//   call until its jobs table is empty (polled every 5 ms).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { rowsOf } from '../src/db';
import { claimJobs, completeJob, completeJobs } from '../src/messaging/queue';
import { createWorker } from '../src/messaging/worker';
import { createBenchDb, fmt, load, median, runs as runCount, sleep } from './util';

export const WORKERS = [1, 8, 32];
export const BATCHES = [1, 50];
const silent = new Logger(() => () => {});

export interface QueuePoint {
  workers: number;
  batch: number;
  /** jobs/s, median of runs */
  ours: number;
  /** createWorker (the library's worker), jobs/s */
  worker: number;
  graphile: number;
  pgboss: number;
  doubleClaims: { worker: number; ours: number; graphile: number; pgboss: number };
  runs: number;
}

/** Polls `done` every 5 ms (the same for every side). */
async function waitUntil(done: () => Promise<boolean>) {
  while (!(await done())) await sleep(5);
}

function countDuplicates(seen: Map<string, number>): number {
  let d = 0;
  for (const n of seen.values()) if (n > 1) d += n - 1;
  return d;
}

/** BENCH_QUEUE_SIDES=worker,graphile runs only those (for quick comparisons; medians of absent sides are NaN). */
const sides = (process.env.BENCH_QUEUE_SIDES ?? 'ours,worker,graphile,pgboss').split(',');
const only = (process.env.BENCH_QUEUE_POINTS ?? '').split(',').filter(Boolean);

export async function benchQueue(options: { jobs?: number; runs?: number } = {}): Promise<QueuePoint[]> {
  const N = options.jobs ?? Number(process.env.BENCH_JOBS ?? 5000);
  const RUNS = options.runs ?? runCount();
  const bdb = await createBenchDb('queue', ['messaging']);
  const admin = bdb.open(2);
  const out: QueuePoint[] = [];
  try {
    const [tenant] = rowsOf<{ tenant_id: string }>(
      await admin.db.execute(
        sql`insert into core.tenants (tenant_slug, name) values ('bench', 'bench') returning tenant_id`,
      ),
    );
    await runMigrations({ connectionString: bdb.url, logger: silent });
    const utils = await makeWorkerUtils({ connectionString: bdb.url, logger: silent });

    const ours = async (W: number, batch: number) => {
      await admin.db.execute(sql`truncate bot.job_queue`);
      await admin.db.execute(
        sql`insert into bot.job_queue (tenant_id, job_type) select ${tenant!.tenant_id}::uuid, 'bench' from generate_series(1, ${N}::int)`,
      );
      await admin.db.execute(sql`vacuum analyze bot.job_queue`);
      const pool = bdb.open(W + 2);
      const seen = new Map<string, number>();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: W }, async (_, i) => {
          const workerId = `w${i}`;
          for (;;) {
            const r = await claimJobs(pool.db, { workerId, limit: batch });
            if (!r.success) throw new Error(r.message);
            if (r.jobs.length === 0) return;
            for (const j of r.jobs) seen.set(j.jobId, (seen.get(j.jobId) ?? 0) + 1);
            if (r.jobs.length === 1) {
              const done = await completeJob(pool.db, {
                tenantId: tenant!.tenant_id,
                jobId: r.jobs[0]!.jobId,
                workerId,
              });
              if (!done.success) throw new Error(done.error);
            } else {
              const done = await completeJobs(pool.db, {
                tenantId: tenant!.tenant_id,
                jobIds: r.jobs.map((j) => j.jobId),
                workerId,
              });
              if (!done.success || done.lockLost.length > 0) throw new Error('ours: lock lost');
            }
          }
        }),
      );
      const ms = performance.now() - t0;
      await pool.close();
      const [check] = rowsOf<{ done: number; maxattempts: number }>(
        await admin.db.execute(
          sql`select count(*) filter (where status = 'done')::int as done, max(attempts)::int as maxattempts from bot.job_queue`,
        ),
      );
      if (check!.done !== N || check!.maxattempts !== 1 || seen.size !== N)
        throw new Error(`ours: ${JSON.stringify(check)} seen ${seen.size}`);
      return { rate: (N / ms) * 1000, doubles: countDuplicates(seen) };
    };

    // The library's worker: createWorker with concurrency W and batchSize `batch` (claims of `batch`
    // jobs, completions of every job finished in one event-loop turn in one statement). Timed like
    // graphile-worker: from the first handler call until every job is done in the table.
    const worker = async (W: number, batch: number) => {
      await admin.db.execute(sql`truncate bot.job_queue`);
      await admin.db.execute(
        sql`insert into bot.job_queue (tenant_id, job_type) select ${tenant!.tenant_id}::uuid, 'bench' from generate_series(1, ${N}::int)`,
      );
      await admin.db.execute(sql`vacuum analyze bot.job_queue`);
      // One connection per concurrent claim (with the default prefetch of one batch), one for completions.
      const pool = bdb.open(Math.floor((Math.max(W, batch) + batch) / batch) + 2);
      const seen = new Map<string, number>();
      let t0 = 0;
      const controller = new AbortController();
      const w = createWorker(pool.db, {
        workerId: 'bench',
        concurrency: W,
        batchSize: batch,
        pollIntervalMs: 1000,
        signal: controller.signal,
        onError: (e) => console.error(e),
        handlers: {
          bench: async (job) => {
            if (t0 === 0) t0 = performance.now();
            seen.set(job.jobId, (seen.get(job.jobId) ?? 0) + 1);
          },
        },
      });
      await waitUntil(async () => !(await anyUnfinished()));
      const ms = performance.now() - t0;
      controller.abort();
      await w.stopped;
      await pool.close();
      if (w.stats.completed !== N || seen.size !== N || w.stats.failed + w.stats.lockLost > 0)
        throw new Error(`worker: ${JSON.stringify(w.stats)} seen ${seen.size}`);
      return { rate: (N / ms) * 1000, doubles: countDuplicates(seen) };
    };
    // Index probes, as cheap as graphile-worker's "is the table empty" below.
    const anyUnfinished = async () =>
      rowsOf<{ any: boolean }>(
        await admin.db.execute(
          sql`select exists (select 1 from bot.job_queue where status = 'queued') or exists (select 1 from bot.job_queue where status = 'processing') as any`,
        ),
      )[0]!.any;

    const pgboss = async (boss: PgBoss, W: number, batch: number, run: number) => {
      const name = `bench_${W}_${batch}_${run}`;
      await boss.createQueue(name);
      for (let i = 0; i < N; i += 5000) {
        await boss.insert(Array.from({ length: Math.min(5000, N - i) }, () => ({ name, data: {} })));
      }
      await admin.db.execute(sql.raw('analyze pgboss.job'));
      const seen = new Map<string, number>();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: W }, async () => {
          for (;;) {
            const jobs = await boss.fetch(name, { batchSize: batch });
            if (!jobs || jobs.length === 0) return;
            for (const j of jobs) seen.set(j.id, (seen.get(j.id) ?? 0) + 1);
            await boss.complete(
              name,
              jobs.map((j) => j.id),
            );
          }
        }),
      );
      const ms = performance.now() - t0;
      const [check] = rowsOf<{ done: number }>(
        await admin.db.execute(
          sql`select count(*)::int as done from pgboss.job where name = ${name} and state = 'completed'`,
        ),
      );
      if (check!.done !== N || seen.size !== N)
        throw new Error(`pg-boss: ${check!.done} done, seen ${seen.size}`);
      return { rate: (N / ms) * 1000, doubles: countDuplicates(seen) };
    };

    const graphile = async (W: number, batch: number) => {
      await admin.db.execute(sql.raw('truncate graphile_worker._private_jobs cascade'));
      for (let i = 0; i < N; i += 5000) {
        await utils.addJobs(
          Array.from({ length: Math.min(5000, N - i) }, () => ({ identifier: 'bench', payload: {} })),
        );
      }
      await admin.db.execute(sql.raw('analyze graphile_worker._private_jobs'));
      const seen = new Map<string, number>();
      let t0 = 0;
      const runner = await run({
        connectionString: bdb.url,
        concurrency: W,
        maxPoolSize: W + 2,
        pollInterval: 1000,
        noHandleSignals: true,
        logger: silent,
        taskList: {
          bench: async (_payload, helpers) => {
            if (t0 === 0) t0 = performance.now();
            seen.set(helpers.job.id, (seen.get(helpers.job.id) ?? 0) + 1);
          },
        },
        preset: {
          worker: batch > 1 ? { localQueue: { size: batch }, completeJobBatchDelay: 0 } : {},
        },
      });
      await waitUntil(
        async () =>
          !rowsOf<{ any: boolean }>(
            await admin.db.execute(
              sql.raw('select exists (select 1 from graphile_worker._private_jobs) as any'),
            ),
          )[0]!.any,
      );
      const ms = performance.now() - t0;
      await runner.stop();
      if (seen.size !== N) throw new Error(`graphile: seen ${seen.size}`);
      return { rate: (N / ms) * 1000, doubles: countDuplicates(seen) };
    };

    for (const W of WORKERS) {
      const boss = new PgBoss({
        connectionString: bdb.url,
        max: W + 2,
        schema: 'pgboss',
        supervise: false,
        schedule: false,
      });
      boss.on('error', () => {});
      await boss.start();
      for (const batch of BATCHES) {
        if (only.length > 0 && !only.includes(`${W}/${batch}`)) continue;
        const r = {
          ours: [] as number[],
          worker: [] as number[],
          graphile: [] as number[],
          pgboss: [] as number[],
        };
        const doubles = { worker: 0, ours: 0, graphile: 0, pgboss: 0 };
        for (let i = 0; i < RUNS; i++) {
          // Rotate the order so no side always runs first (cache, autovacuum).
          const order = (
            [
              ['ours', () => ours(W, batch)],
              ['worker', () => worker(W, batch)],
              ['graphile', () => graphile(W, batch)],
              ['pgboss', () => pgboss(boss, W, batch, i)],
            ] as const
          ).filter(([name]) => sides.includes(name));
          for (let k = 0; k < order.length; k++) {
            const [name, fn] = order[(i + k) % order.length]!;
            const { rate, doubles: d } = await fn();
            r[name].push(rate);
            doubles[name] += d;
          }
        }
        const point: QueuePoint = {
          workers: W,
          batch,
          ours: median(r.ours),
          worker: median(r.worker),
          graphile: median(r.graphile),
          pgboss: median(r.pgboss),
          doubleClaims: doubles,
          runs: RUNS,
        };
        out.push(point);
        console.log(
          `queue W=${String(W).padStart(2)} batch=${String(batch).padStart(2)}: createWorker ${fmt(point.worker)}/s (×${(point.worker / point.graphile).toFixed(2)} graphile, ×${(point.worker / point.pgboss).toFixed(2)} pg-boss), claim/complete loop ${fmt(point.ours)}/s (×${(point.ours / point.graphile).toFixed(2)}), graphile-worker ${fmt(point.graphile)}/s, pg-boss ${fmt(point.pgboss)}/s; double claims ${JSON.stringify(doubles)}; load ${load()}`,
        );
      }
      await boss.stop({ graceful: false, close: true, wait: true }).catch(() => {});
    }
    await utils.release();
  } finally {
    await admin.close();
    await bdb.drop();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchQueue();
}
