// Inbound ingestion: 20,000 deliveries of 2,000 distinct events (each delivered 10 times, shuffled)
// through ingestInboundEvent over 32 connections. Rows stored must equal 2,000 events and 2,000 jobs;
// every call must return a definite result (success, created or not).
//
// Side by side in the same process, on the same connections and the same deliveries (alternating
// run by run): a hand-written single statement with the same semantics (raw SQL through
// postgres.js, the limit), and library ÷ baseline.
//   TEST_DATABASE_URL=… npx tsx bench/ingest.ts            (1, 8 and 32 connections)
//   BENCH_INGEST_DELIVERIES=6000 BENCH_INGEST_EVENTS=600 BENCH_INGEST_CONNECTIONS=1,8,32 …
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { rowsOf } from '../src/db';
import { ingestInboundEvent } from '../src/messaging/ingest';
import { createBenchDb, fmt, load, median, runs as runCount } from './util';

export interface IngestResult {
  deliveries: number;
  events: number;
  connections: number;
  /** deliveries/s, median of runs */
  rate: number;
  rates: number[];
  created: number;
  stored: { events: number; jobs: number };
  /** The hand-written single statement: deliveries/s, median of runs. */
  baseline: { rate: number; rates: number[] };
  /** library ÷ baseline (medians). */
  ratio: number;
}

/**
 * The limit: one statement per delivery, with ingestInboundEvent's semantics — the tenant must
 * exist and be enabled; the event is stored once per (tenant_id, dedupe_key), its job once per
 * (job_type, event); a redelivery returns the stored event and job (same ids, same trace_id). When a
 * concurrent first delivery commits while the statement runs (its snapshot cannot see that row),
 * the statement runs again: the next snapshot sees it.
 */
async function baselineIngest(
  client: postgres.Sql,
  tenantId: string,
  dedupeKey: string,
  payload: Record<string, unknown>,
): Promise<{ created: boolean; event: Record<string, unknown>; job: Record<string, unknown> }> {
  for (;;) {
    const [row] = await client`
      with tenant as (select is_enabled from core.tenants where tenant_id = ${tenantId}::uuid),
      ins as (
        insert into bot.inbound_events (tenant_id, provider, event_type, dedupe_key, payload)
        select ${tenantId}::uuid, 'ghl', 'inbound_message', ${dedupeKey}, ${JSON.stringify(payload)}::jsonb
        from tenant where is_enabled
        on conflict (tenant_id, dedupe_key) do update set dedupe_key = excluded.dedupe_key where false
        returning *),
      ev as (select * from ins
        union all select * from bot.inbound_events where tenant_id = ${tenantId}::uuid and dedupe_key = ${dedupeKey}),
      job as (
        insert into bot.job_queue (tenant_id, job_type, inbound_event_id, trace_id)
        select tenant_id, 'process_inbound_message', inbound_event_id, trace_id from ev
        on conflict (job_type, inbound_event_id) do update set job_type = excluded.job_type where false
        returning *),
      j as (select * from job union all select q.* from bot.job_queue q, ev
        where q.job_type = 'process_inbound_message' and q.inbound_event_id = ev.inbound_event_id
          and not exists (select 1 from job))
      select (select is_enabled from tenant) as enabled, exists (select 1 from ins) as created, ev.*,
        j.job_id, j.job_type, j.status, j.attempts, j.run_after, j.locked_at, j.locked_by, j.last_error,
        j.created_at, j.updated_at
      from (select 1) one left join ev on true left join j on true`;
    if (row?.enabled !== true) throw new Error('baseline: tenant missing or disabled');
    if (row.inbound_event_id && row.job_id) {
      const {
        enabled: _e,
        created,
        job_id,
        job_type,
        status,
        attempts,
        run_after,
        locked_at,
        locked_by,
        last_error,
        created_at,
        updated_at,
        ...event
      } = row;
      return {
        created: created as boolean,
        event,
        job: {
          job_id,
          job_type,
          status,
          attempts,
          run_after,
          locked_at,
          locked_by,
          last_error,
          created_at,
          updated_at,
        },
      };
    }
  }
}

function shuffle<T>(xs: T[], seed = 42): T[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export async function benchIngest(
  options: { deliveries?: number; events?: number; connections?: number; runs?: number } = {},
): Promise<IngestResult> {
  const DELIVERIES = options.deliveries ?? 20_000;
  const EVENTS = options.events ?? 2_000;
  const CONN = options.connections ?? 32;
  const RUNS = options.runs ?? runCount();
  const bdb = await createBenchDb('ingest', ['messaging']);
  const pool = bdb.open(CONN);
  const rates: number[] = [];
  const baseRates: number[] = [];
  let last: Omit<IngestResult, 'rate' | 'baseline' | 'ratio'> | undefined;
  try {
    const [tenant] = rowsOf<{ tenant_id: string }>(
      await pool.db.execute(
        sql`insert into core.tenants (tenant_slug, name) values ('bench', 'bench') returning tenant_id`,
      ),
    );
    const tenantId = tenant!.tenant_id;
    const deliverWith = {
      library: async (dedupeKey: string, payload: Record<string, unknown>) => {
        const r = await ingestInboundEvent(pool.db, {
          tenantId,
          provider: 'ghl',
          eventType: 'inbound_message',
          dedupeKey,
          payload,
        });
        if (!r.success) throw new Error(`delivery failed: ${r.error}`);
        return r.created;
      },
      baseline: async (dedupeKey: string, payload: Record<string, unknown>) =>
        (await baselineIngest(pool.sql, tenantId, dedupeKey, payload)).created,
    };
    for (let run = 0; run < RUNS; run++) {
      // Alternating which goes first, so neither always runs on the warmer (or more loaded) machine.
      const order = run % 2 === 0 ? (['library', 'baseline'] as const) : (['baseline', 'library'] as const);
      for (const who of order) {
        await pool.db.execute(sql`truncate bot.job_queue, bot.inbound_events cascade`);
        const deliveries = shuffle(
          Array.from({ length: DELIVERIES }, (_, i) => i % EVENTS),
          run + 1,
        );
        let next = 0;
        let created = 0;
        let definite = 0;
        const deliver = deliverWith[who];
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: CONN }, async () => {
            while (next < deliveries.length) {
              const e = deliveries[next++]!;
              if (await deliver(`msg-${run}-${e}`, { body: `hello ${e}` })) created++;
              definite++;
            }
          }),
        );
        const ms = performance.now() - t0;
        const [stored] = rowsOf<{ events: number; jobs: number }>(
          await pool.db.execute(sql`select (select count(*)::int from bot.inbound_events) as events,
            (select count(*)::int from bot.job_queue) as jobs`),
        );
        if (
          stored!.events !== EVENTS ||
          stored!.jobs !== EVENTS ||
          created !== EVENTS ||
          definite !== DELIVERIES
        )
          throw new Error(`ingest (${who}): ${JSON.stringify({ stored, created, definite })}`);
        const rate = (DELIVERIES / ms) * 1000;
        if (who === 'library') {
          rates.push(rate);
          last = {
            deliveries: DELIVERIES,
            events: EVENTS,
            connections: CONN,
            rates,
            created,
            stored: stored!,
          };
        } else baseRates.push(rate);
        console.log(
          `ingest ${who} run ${run + 1}, ${CONN} connections: ${fmt(rate)} deliveries/s (${(ms / 1000).toFixed(1)} s), stored ${stored!.events} events + ${stored!.jobs} jobs, created ${created}; load ${load()}`,
        );
      }
    }
  } finally {
    await pool.close();
    await bdb.drop();
  }
  const rate = median(rates);
  const baseRate = median(baseRates);
  return { ...last!, rate, baseline: { rate: baseRate, rates: baseRates }, ratio: rate / baseRate };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const connections = (process.env.BENCH_INGEST_CONNECTIONS ?? '1,8,32').split(',').map(Number);
  const rows: string[] = [];
  for (const c of connections) {
    const r = await benchIngest({
      connections: c,
      deliveries: env('BENCH_INGEST_DELIVERIES'),
      events: env('BENCH_INGEST_EVENTS'),
    });
    rows.push(`| ${c} | ${fmt(r.rate)} | ${fmt(r.baseline.rate)} | ${r.ratio.toFixed(2)}× | ${load()} |`);
  }
  console.log(
    [
      '| connections | library deliveries/s | hand-written single statement | library ÷ baseline | load (1/5/15 min) |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}
