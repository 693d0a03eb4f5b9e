// Soak of the messaging job queue: `jobs` jobs, `workers` worker processes (createWorker) whose
// handlers fail at random, one process killed with SIGKILL mid-run. A trigger (this database only)
// logs every transition to `done`, so a job completed twice shows up even if its worker died.
// Retries use the real backoff; the supervisor stands in for the clock by making due the jobs
// waiting for their retry (run_after → now()), and reclaims the dead worker's locks with
// reclaimStaleJobs, as a deployment's cron would.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db';
import { rowsOf } from '../../src/db';
import { reclaimStaleJobs } from '../../src/messaging/queue';

export interface SoakOptions {
  db: Database;
  url: string;
  jobs: number;
  workers?: number;
  failRate?: number;
  maxAttempts?: number;
  /** Kill one worker once this fraction of jobs has finished. */
  killAt?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  jobs: number;
  done: number;
  failed: number;
  other: number;
  doubleCompletions: number;
  maxAttempts: number;
  failedBelowLimit: number;
  doneWithoutCompletion: number;
  killedWorker: string;
  jobsHeldByKilledWorker: number;
  reclaimed: number;
  ms: number;
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const { db, url, jobs } = o;
  const W = o.workers ?? 3;
  const maxAttempts = o.maxAttempts ?? 5;
  const log = o.log ?? (() => {});
  await db.execute(
    sql`create table if not exists public.soak_completions (job_id uuid not null, at timestamptz not null default clock_timestamp())`,
  );
  await db.execute(sql`create or replace function public.soak_log_done() returns trigger language plpgsql as $$
    begin insert into public.soak_completions (job_id) values (new.job_id); return new; end $$`);
  await db.execute(sql`create or replace trigger soak_log_done after update of status on bot.job_queue
    for each row when (new.status = 'done' and old.status is distinct from 'done') execute function public.soak_log_done()`);
  const [tenant] = rowsOf<{ tenant_id: string }>(
    await db.execute(
      sql`insert into core.tenants (tenant_slug, name) values ('soak-' || gen_random_uuid(), 'soak') returning tenant_id`,
    ),
  );
  await db.execute(sql`insert into bot.job_queue (tenant_id, job_type)
    select ${tenant!.tenant_id}::uuid, 'soak' from generate_series(1, ${jobs}::int)`);
  await db.execute(sql`analyze bot.job_queue`);

  const script = fileURLToPath(new URL('./soak-worker.ts', import.meta.url));
  const children = new Map<string, ChildProcess>();
  const exited = new Map<string, Promise<void>>();
  for (let i = 0; i < W; i++) {
    const id = `soak-${i}`;
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        SOAK_URL: url,
        SOAK_WORKER_ID: id,
        SOAK_FAIL_RATE: String(o.failRate ?? 0.2),
        SOAK_MAX_ATTEMPTS: String(maxAttempts),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.set(id, child);
    exited.set(id, new Promise((resolve) => child.once('exit', () => resolve())));
  }

  const t0 = performance.now();
  const deadline = t0 + (o.timeoutMs ?? 300_000);
  const killed = 'soak-0';
  let killedAt = 0;
  let heldByKilled = 0;
  let reclaimed = 0;
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const [s] = rowsOf<{ finished: number; processing: number }>(
        await db.execute(sql`select count(*) filter (where status in ('done', 'failed'))::int as finished,
          count(*) filter (where status = 'processing')::int as processing from bot.job_queue`),
      );
      if (!killedAt && s!.finished >= jobs * (o.killAt ?? 0.3)) {
        const [h] = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from bot.job_queue where status = 'processing' and locked_by = ${killed}`,
          ),
        );
        children.get(killed)!.kill('SIGKILL');
        await exited.get(killed);
        killedAt = performance.now();
        const [h2] = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from bot.job_queue where status = 'processing' and locked_by = ${killed}`,
          ),
        );
        heldByKilled = h2!.n;
        log(`killed ${killed} (SIGKILL) at ${s!.finished}/${jobs} finished; it held ${h!.n} → ${h2!.n} jobs`);
      }
      // The clock: retries become due now instead of after their backoff.
      await db.execute(
        sql`update bot.job_queue set run_after = now() where status = 'queued' and run_after > now()`,
      );
      // The dead worker's locks expire (only it can be stale: live workers finish in milliseconds).
      if (killedAt && performance.now() - killedAt > 1000) {
        const r = await reclaimStaleJobs(db, { olderThanSeconds: 1, maxAttempts });
        if (r.success) reclaimed += r.count;
      }
      if (s!.finished === jobs) break;
      if (performance.now() > deadline)
        throw new Error(`soak: timed out with ${s!.finished}/${jobs} finished`);
    }
  } finally {
    for (const [id, child] of children) if (id !== killed || !killedAt) child.kill('SIGTERM');
    await Promise.race([Promise.all(exited.values()), new Promise((r) => setTimeout(r, 10_000))]);
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  }
  const ms = performance.now() - t0;
  const [r] = rowsOf<
    Omit<SoakReport, 'jobs' | 'killedWorker' | 'jobsHeldByKilledWorker' | 'reclaimed' | 'ms'>
  >(
    await db.execute(sql`select
      count(*) filter (where status = 'done')::int as done,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status not in ('done', 'failed'))::int as other,
      coalesce(max(attempts), 0)::int as "maxAttempts",
      count(*) filter (where status = 'failed' and attempts < ${maxAttempts})::int as "failedBelowLimit",
      (select count(*)::int from (select job_id from public.soak_completions group by job_id having count(*) > 1) d) as "doubleCompletions",
      count(*) filter (where status = 'done' and not exists (select 1 from public.soak_completions c where c.job_id = q.job_id))::int as "doneWithoutCompletion"
      from bot.job_queue q where tenant_id = ${tenant!.tenant_id}::uuid`),
  );
  return {
    jobs,
    ...r!,
    killedWorker: killed,
    jobsHeldByKilledWorker: heldByKilled,
    reclaimed,
    ms,
  };
}
