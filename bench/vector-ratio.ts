// matchKnowledge side by side with the best hand-written single statement with the same semantics,
// in one process, interleaved (the order alternates per run), median of `runs`, at 1, 8 and 32
// connections: 10,000 embedding-like rows, ef_search 200, count 10, threshold -1.
//   TEST_DATABASE_URL=… npx tsx bench/cortex-vector.ts --ratio
// The hand-written side is the physical limit: a pool whose connections start with the search
// settings already in force (hnsw.ef_search 200, hnsw.iterative_scan relaxed_order, enable_seqscan
// off, as startup parameters), so each search is that one statement and nothing else — the same
// text as the library's, the vector sent once, prepared by postgres.js.
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { matchKnowledge } from '../src/cortex';
import type { DbOrTx } from '../src/db';
import { loadData, makeQueries, type Vec } from './cortex-vector';
import { createBenchDb, fmt, load, median, runs as runCount } from './util';

export interface VectorLimitPoint {
  connections: number;
  /** Statements the library sends per search (BEGIN/COMMIT included), counted by the driver. */
  statements: number;
  library: number;
  limit: number;
  ratio: number;
}

type Search = (q: Vec) => Promise<string[]>;
/** A library function with matchKnowledge's signature (bench/ scripts pass older versions to compare). */
export type MatchFn = typeof matchKnowledge;

const handText = `with nearest as materialized (
    select id, title, content, type, embedding <=> $1::vector(1536) as distance
    from cortex.cortex_knowledge order by embedding <=> $1::vector(1536) limit $2)
  select id, title, content, type, 1 - distance as similarity from nearest
  where distance <> 'NaN'::float8 and 1 - distance > $3::float8 order by distance + 0`;

export async function benchVectorLimit(
  options: { runs?: number; rows?: number; queries?: number; connections?: number[]; fn?: MatchFn } = {},
): Promise<{ points: VectorLimitPoint[]; load: string }> {
  const RUNS = options.runs ?? Math.max(5, runCount());
  const ROWS = options.rows ?? 10_000;
  const QUERIES = options.queries ?? 100;
  const fn = options.fn ?? matchKnowledge;
  const EF = 200;
  const K = 10;
  const bdb = await createBenchDb('vectorlimit', ['cortex']);
  const points: VectorLimitPoint[] = [];
  try {
    const setup = bdb.open(1);
    await loadData(setup.db, ROWS, 'embedding-like', 0.4242, '1GB');
    const qs = await makeQueries(setup.db, 'embedding-like', QUERIES, 0.2121);
    await setup.close();
    // Statements per search: postgres.js's debug hook sees each one sent (one per round trip here:
    // the library awaits each before the next).
    let sent = 0;
    const counting = postgres(bdb.url, { max: 1, onnotice: () => {}, debug: () => void sent++ });
    const cdb = drizzle(counting) as unknown as DbOrTx;
    await fn(cdb, { embedding: qs[0]!.values, threshold: -1, count: K, efSearch: EF });
    sent = 0;
    for (const q of qs.slice(0, 10))
      await fn(cdb, { embedding: q.values, threshold: -1, count: K, efSearch: EF });
    const statements = sent / 10;
    await counting.end();
    for (const connections of options.connections ?? [1, 8, 32]) {
      const pool = bdb.open(connections);
      const hand = postgres(bdb.url, {
        max: connections,
        onnotice: () => {},
        connection: {
          'hnsw.ef_search': String(EF),
          'hnsw.iterative_scan': 'relaxed_order',
          enable_seqscan: 'off',
        },
      });
      const lib: Search = async (q) => {
        const r = await fn(pool.db as DbOrTx, { embedding: q.values, threshold: -1, count: K, efSearch: EF });
        if (!r.success) throw new Error(r.message);
        return r.matches.map((m) => m.id);
      };
      // From the same number[] as the library: the vector's text is made per call on both sides.
      const handSearch: Search = async (q) =>
        (await hand.unsafe(handText, [`[${q.values.join(',')}]`, K, -1], { prepare: true })).map(
          (r) => r.id as string,
        );
      // Each sample: every query `passes` times, `connections` at a time.
      const passes = Math.max(2, connections / 4);
      const sample = async (search: Search) => {
        let next = 0;
        const total = qs.length * passes;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: connections }, async () => {
            while (next < total) await search(qs[next++ % qs.length]!);
          }),
        );
        return (total / (performance.now() - t0)) * 1000;
      };
      // Warm-up (connections, prepared statements, the JIT), and both sides return the same rows.
      for (const q of qs) {
        const [a, b] = [await lib(q), await handSearch(q)];
        if (a.join() !== b.join()) throw new Error('library and hand-written statement disagree');
      }
      const rates = { lib: [] as number[], hand: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        const order: ['lib' | 'hand', Search][] = [
          ['lib', lib],
          ['hand', handSearch],
        ];
        if (run % 2) order.reverse();
        for (const [who, search] of order) rates[who].push(await sample(search));
      }
      await pool.close();
      await hand.end();
      const point = {
        connections,
        statements,
        library: median(rates.lib),
        limit: median(rates.hand),
        ratio: 0,
      };
      point.ratio = point.library / point.limit;
      points.push(point);
      console.error(
        `vector limit, ${connections} connection(s): matchKnowledge ${fmt(point.library)} vs ${fmt(point.limit)} searches/s (${fmt(point.ratio, 2)}); runs lib ${rates.lib.map((r) => fmt(r)).join(' ')}, hand ${rates.hand.map((r) => fmt(r)).join(' ')}; load ${load()}`,
      );
    }
  } finally {
    await bdb.drop();
  }
  return { points, load: load() };
}

/** The side-by-side table. */
export function vectorLimitTable(r: { points: VectorLimitPoint[]; load: string }): string {
  const col = (pick: (p: VectorLimitPoint) => string) => r.points.map(pick).join(' / ');
  return [
    '| hot path | connections | library searches/s | hand-written single statement | library ÷ hand-written |',
    '|---|---|---|---|---|',
    `| matchKnowledge, 10k rows, ef_search 200, count 10 | ${col((p) => String(p.connections))} | ${col((p) => fmt(p.library))} | ${col((p) => fmt(p.limit))} | ${col((p) => fmt(p.ratio, 2))} |`,
    '',
    `statements (round trips) per library call: ${r.points[0]?.statements ?? '-'}; the hand-written side: 1`,
    '',
    `load average (1, 5, 15 min) at the end: ${r.load}`,
  ].join('\n');
}
