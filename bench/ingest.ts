// Inbound ingestion: 20,000 deliveries of 2,000 distinct events (each delivered 10 times, shuffled)
// through ingestInboundEvent over 32 connections. Rows stored must equal 2,000 events and 2,000 jobs;
// every call must return a definite result (success, created or not).
//   TEST_DATABASE_URL=… npx tsx bench/ingest.ts
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
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
  let last: IngestResult | undefined;
  try {
    const [tenant] = rowsOf<{ tenant_id: string }>(
      await pool.db.execute(
        sql`insert into core.tenants (tenant_slug, name) values ('bench', 'bench') returning tenant_id`,
      ),
    );
    for (let run = 0; run < RUNS; run++) {
      await pool.db.execute(sql`truncate bot.job_queue, bot.inbound_events cascade`);
      const deliveries = shuffle(
        Array.from({ length: DELIVERIES }, (_, i) => i % EVENTS),
        run + 1,
      );
      let next = 0;
      let created = 0;
      let definite = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONN }, async () => {
          while (next < deliveries.length) {
            const e = deliveries[next++]!;
            const r = await ingestInboundEvent(pool.db, {
              tenantId: tenant!.tenant_id,
              provider: 'ghl',
              eventType: 'inbound_message',
              dedupeKey: `msg-${run}-${e}`,
              payload: { body: `hello ${e}` },
            });
            if (!r.success) throw new Error(`delivery failed: ${r.error}`);
            definite++;
            if (r.created) created++;
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
        throw new Error(`ingest: ${JSON.stringify({ stored, created, definite })}`);
      rates.push((DELIVERIES / ms) * 1000);
      last = {
        deliveries: DELIVERIES,
        events: EVENTS,
        connections: CONN,
        rate: 0,
        rates,
        created,
        stored: stored!,
      };
      console.log(
        `ingest run ${run + 1}: ${fmt((DELIVERIES / ms) * 1000)} deliveries/s (${(ms / 1000).toFixed(1)} s), stored ${stored!.events} events + ${stored!.jobs} jobs, created ${created}; load ${load()}`,
      );
    }
  } finally {
    await pool.close();
    await bdb.drop();
  }
  return { ...last!, rate: median(rates) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchIngest());
}
