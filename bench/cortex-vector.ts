// Vector search benchmark for Om Cortex: matchKnowledge (HNSW) against an exact scan on the same server.
//   npx tsx bench/cortex-vector.ts [postgres|pglite|both] [rows=10000[,100000]] [queries=100] [datasets=uniform,embedding-like]
//   npx tsx bench/cortex-vector.ts --ratio   (matchKnowledge ÷ hand-written single statement: bench/vector-ratio.ts)
// Progress goes to stderr, the markdown section to stdout. `benchVector()` is what bench/run.ts calls.
//
// Data is generated server-side in SQL (100k × 1536 through JS literals would take minutes), seeded
// with setseed() so runs are reproducible:
// - uniform: every component uniform in [-1, 1]; queries are fresh random vectors. No neighbourhood
//   structure at all: HNSW's worst case.
// - embedding-like: rows/100 topics, row = topic centre (uniform [-1, 1]) + noise (uniform ±0.6); queries
//   are stored rows + noise (uniform ±0.3), i.e. "find the documents about what this text is about".
// 1 % of the rows (every 100th) have type 'rare', for the filtered search.
// Ground truth: an exact scan in SQL on the same float4 values, ordering by `(embedding <=> q) + 0`
// so the planner cannot use the index; its timing is the exact-scan latency.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { MATCH_EXACT_FILTER_MAX_ROWS, matchKnowledge } from '../src/cortex';
import { type Database, rowsOf } from '../src/db';
import { createTestDb } from '../src/testing';
import { createBenchDb, load, pct } from './util';

export const vectorDatasets = ['uniform', 'embedding-like'] as const;
export type VectorDataset = (typeof vectorDatasets)[number];
export type VectorBackend = 'postgres' | 'pglite';

export interface VectorBenchOptions {
  rows: number[];
  /** Queries per (rows, dataset); default 100. */
  queries?: number;
  datasets?: string[];
  /** Default ['postgres']; PGlite only at ≤ 10,000 rows (its build alone takes minutes). */
  backends?: VectorBackend[];
  /** Results per query (k of recall@k); default 10. */
  k?: number;
  log?: (line: string) => void;
}

export interface Latency {
  p50: number;
  p95: number;
}

export interface VectorPoint {
  backend: VectorBackend;
  rows: number;
  dataset: VectorDataset;
  queries: number;
  k: number;
  generateS: number;
  buildS: number;
  /** recall@k of matchKnowledge at efSearch 40 (pgvector's default), 100 and 200 (the library's). */
  recall: { ef40: number; ef100: number; ef200: number };
  hnsw: Latency;
  hnswEf100: Latency;
  hnswEf200: Latency;
  exact: Latency;
  filtered: {
    /** Fraction of rows passing the filter (type = 'rare'). */
    selectivity: number;
    minRows: number;
    maxRows: number;
    recall: number;
    hnsw: Latency;
    exact: Latency;
  };
  load: { start: string; end: string };
}

const DIMS = 1536;
/** maintenance_work_mem for the HNSW build; PGlite (32-bit wasm) caps it just below 2GB. */
const buildMem = (backend: VectorBackend) => (backend === 'postgres' ? '2GB' : '1GB');

type Db = Database;
export type Vec = { text: string; values: number[] };

const secs = (ms: number) => (ms / 1000).toFixed(1);
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const lat = (xs: number[]): Latency => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95) });

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const s = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - s };
}

/** Drops the index, reloads the table server-side, rebuilds the index; returns the two timings. */
export async function loadData(db: Db, rows: number, dataset: VectorDataset, seed: number, mem: string) {
  await db.execute(sql`drop index if exists cortex.cortex_knowledge_embedding_idx`);
  await db.execute(sql`truncate cortex.cortex_knowledge`);
  const gen = await timed(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select setseed(${seed})`);
      const type = sql`case when g % 100 = 0 then 'rare' else 'bulk' end`;
      if (dataset === 'uniform') {
        // The subquery references g, otherwise PostgreSQL evaluates it once for all rows.
        await tx.execute(sql`insert into cortex.cortex_knowledge (content, type, embedding)
          select 'row ' || g, ${type},
            (select array_agg(random() * 2 - 1) from generate_series(1, ${DIMS}::int) d where g > 0)::vector(1536)
          from generate_series(1, ${rows}::int) g`);
      } else {
        const topics = Math.max(1, Math.round(rows / 100));
        await tx.execute(sql`create temporary table centre on commit drop as
          select t, (select array_agg(random() * 2 - 1) from generate_series(1, ${DIMS}::int) d where t >= 0) c
          from generate_series(0, ${topics - 1}::int) t`);
        // unnest(c) detoasts the centre once per row (c[d] would detoast it for every component).
        await tx.execute(sql`insert into cortex.cortex_knowledge (content, type, embedding)
          select 'row ' || g || ' topic ' || s.t, ${type},
            (select array_agg(x + (random() * 2 - 1) * 0.6) from unnest(centre.c) x)::vector(1536)
          from (select g, floor(random() * ${topics}::int)::int t from generate_series(1, ${rows}::int) g) s
          join centre on centre.t = s.t`);
      }
    }),
  );
  const build = await timed(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('maintenance_work_mem', ${mem}, true)`);
      await tx.execute(sql`create index cortex_knowledge_embedding_idx on cortex.cortex_knowledge
        using hnsw (embedding vector_cosine_ops)`);
    }),
  );
  await db.execute(sql`analyze cortex.cortex_knowledge`);
  return { generateMs: gen.ms, buildMs: build.ms };
}

/** Query vectors, made server-side like the data (float4 text, so JS and SQL see the same values). */
export async function makeQueries(db: Db, dataset: VectorDataset, n: number, seed: number): Promise<Vec[]> {
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(${seed})`);
    const q =
      dataset === 'uniform'
        ? sql`select (select array_agg(random() * 2 - 1) from generate_series(1, ${DIMS}::int) d where q > 0)::vector(1536)::text v
            from generate_series(1, ${n}::int) q`
        : sql`select (select array_agg(x + (random() * 2 - 1) * 0.3) from unnest(embedding::real[]) x)::vector(1536)::text v
            from (select embedding from cortex.cortex_knowledge order by random() limit ${n}) s`;
    return rowsOf<{ v: string }>(await tx.execute(q));
  });
  return rows.map((r) => ({ text: r.v, values: JSON.parse(r.v) as number[] }));
}

async function exactTop(db: Db, q: Vec, k: number, filtered: boolean): Promise<string[]> {
  const where = filtered ? sql`where type = 'rare'` : sql``;
  return rowsOf<{ id: string }>(
    await db.execute(sql`select id from cortex.cortex_knowledge ${where}
      order by (embedding <=> ${q.text}::vector(1536)) + 0 limit ${k}`),
  ).map((r) => r.id);
}

async function hnswTop(db: Db, q: Vec, k: number, opts: { ef?: number; type?: string }): Promise<string[]> {
  // No `ef`: the library's default (MATCH_DEFAULT_EF_SEARCH). A filter matching few rows is answered
  // by an exact scan of those rows (MATCH_EXACT_FILTER_MAX_ROWS).
  const r = await matchKnowledge(db, {
    embedding: q.values,
    threshold: -1,
    count: k,
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.ef ? { efSearch: opts.ef } : {}),
  });
  if (!r.success) throw new Error(`matchKnowledge: ${r.message}`);
  return r.matches.map((m) => m.id);
}

/** Runs `fn` for every query after a short untimed warm-up; returns the results and the latencies. */
async function phase<T>(qs: Vec[], fn: (q: Vec) => Promise<T>): Promise<{ results: T[]; ms: number[] }> {
  for (const q of qs.slice(0, 3)) await fn(q);
  const results: T[] = [];
  const times: number[] = [];
  for (const q of qs) {
    const r = await timed(() => fn(q));
    results.push(r.value);
    times.push(r.ms);
  }
  return { results, ms: times };
}

const recallOf = (got: string[][], truth: string[][]) => {
  let hits = 0;
  let total = 0;
  for (const [i, t] of truth.entries()) {
    const set = new Set(t);
    hits += got[i]!.filter((id) => set.has(id)).length;
    total += t.length;
  }
  return total ? hits / total : 1;
};

async function measure(
  db: Db,
  backend: VectorBackend,
  rows: number,
  dataset: VectorDataset,
  queries: number,
  k: number,
  log: (line: string) => void,
): Promise<VectorPoint> {
  const startLoad = load();
  const tag = `${backend} ${rows} ${dataset}`;
  const t0 = performance.now();
  const seed = dataset === 'uniform' ? 0.1536 : 0.4242;
  const { generateMs, buildMs } = await loadData(db, rows, dataset, seed, buildMem(backend));
  log(
    `${tag}: generated in ${secs(generateMs)} s, HNSW built in ${secs(buildMs)} s (maintenance_work_mem ${buildMem(backend)})`,
  );
  const qs = await makeQueries(db, dataset, queries, seed / 2);

  // Untimed pass first: after the build the index is cold (100k rows: ~800 MB, beyond shared_buffers),
  // and the first timed phase would pay for reading it.
  for (const q of qs) {
    await hnswTop(db, q, k, {});
    await hnswTop(db, q, k, { type: 'rare' });
  }
  const hnsw = await phase(qs, (q) => hnswTop(db, q, k, { ef: 40 }));
  const ef100 = await phase(qs, (q) => hnswTop(db, q, k, { ef: 100 }));
  const ef200 = await phase(qs, (q) => hnswTop(db, q, k, {}));
  const filtered = await phase(qs, (q) => hnswTop(db, q, k, { type: 'rare' }));
  log(`${tag}: HNSW queries done (${secs(performance.now() - t0)} s)`);
  const exact = await phase(qs, (q) => exactTop(db, q, k, false));
  const exactFiltered = await phase(qs, (q) => exactTop(db, q, k, true));
  const rare = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from cortex.cortex_knowledge where type = 'rare'`),
  )[0]!.n;

  const point: VectorPoint = {
    backend,
    rows,
    dataset,
    queries,
    k,
    generateS: generateMs / 1000,
    buildS: buildMs / 1000,
    recall: {
      ef40: recallOf(hnsw.results, exact.results),
      ef100: recallOf(ef100.results, exact.results),
      ef200: recallOf(ef200.results, exact.results),
    },
    hnsw: lat(hnsw.ms),
    hnswEf100: lat(ef100.ms),
    hnswEf200: lat(ef200.ms),
    exact: lat(exact.ms),
    filtered: {
      selectivity: Number(rare) / rows,
      minRows: Math.min(...filtered.results.map((r) => r.length)),
      maxRows: Math.max(...filtered.results.map((r) => r.length)),
      recall: recallOf(filtered.results, exactFiltered.results),
      hnsw: lat(filtered.ms),
      exact: lat(exactFiltered.ms),
    },
    load: { start: startLoad, end: load() },
  };
  log(
    `${tag}: recall@${k} ef40/100/200 ${point.recall.ef40.toFixed(3)}/${point.recall.ef100.toFixed(3)}/${point.recall.ef200.toFixed(3)}; ` +
      `HNSW p50 ${ms(point.hnsw.p50)} ms vs exact ${ms(point.exact.p50)} ms; filtered rows ${point.filtered.minRows}–${point.filtered.maxRows}, ` +
      `recall ${point.filtered.recall.toFixed(3)}, p50 ${ms(point.filtered.hnsw.p50)} ms; total ${secs(performance.now() - t0)} s, load ${point.load.end}`,
  );
  return point;
}

/** The markdown section for bench/RESULTS.md (or docs). */
export function vectorMarkdown(points: VectorPoint[]): string {
  if (points.length === 0) return '_No vector benchmark points._\n';
  const p0 = points[0]!;
  const lines = [
    `${p0.queries} queries per row; \`matchKnowledge\` with threshold -1 and count ${p0.k}; recall@${p0.k} against an exact scan`,
    `(\`order by (embedding <=> q) + 0\`, same float4 values). HNSW with pgvector's build defaults (m 16, ef_construction 64),`,
    `built after a bulk load with \`maintenance_work_mem = 2GB\` (PGlite: 1GB). Search \`ef_search\`: 40 is pgvector's default,`,
    `200 the library's (\`MATCH_DEFAULT_EF_SEARCH\`, used when \`efSearch\` is not given). Latency is per call, client-side,`,
    `including matchKnowledge's transaction and settings round trips, after one untimed pass over the queries; p50 / p95 in ms.`,
    `The filtered search adds \`type: 'rare'\` (1 % of the rows): matching at most ${MATCH_EXACT_FILTER_MAX_ROWS.toLocaleString('en-US')} rows, it is answered by an exact`,
    `scan of them (with the probe that decides it), compared with the exact filtered top-${p0.k}. Data generated server-side, seeded.`,
    '',
    `| backend | rows | data | build s | recall@${p0.k} ef 40 / 100 / 200 (default) | p50 / p95 at 200 | p50 at ef 40 / 100 | exact p50 / p95 | exact ÷ HNSW (p50) | filtered: rows returned | filtered recall | filtered p50 / p95 | load avg start → end |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const p of points) {
    const f = p.filtered;
    lines.push(
      `| ${p.backend} | ${p.rows.toLocaleString('en-US')} | ${p.dataset} | ${p.buildS.toFixed(1)} | ` +
        `${p.recall.ef40.toFixed(3)} / ${p.recall.ef100.toFixed(3)} / **${p.recall.ef200.toFixed(3)}** | ` +
        `${ms(p.hnswEf200.p50)} / ${ms(p.hnswEf200.p95)} | ${ms(p.hnsw.p50)} / ${ms(p.hnswEf100.p50)} | ` +
        `${ms(p.exact.p50)} / ${ms(p.exact.p95)} | ${(p.exact.p50 / p.hnswEf200.p50).toFixed(1)}× | ` +
        `${f.minRows === f.maxRows ? f.minRows : `${f.minRows}–${f.maxRows}`} of ${p.k} | ${f.recall.toFixed(3)} | ` +
        `${ms(f.hnsw.p50)} / ${ms(f.hnsw.p95)} | ${p.load.start.split(' ')[0]} → ${p.load.end.split(' ')[0]} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function benchVector(
  opts: VectorBenchOptions,
): Promise<{ markdown: string; points: VectorPoint[] }> {
  const log =
    opts.log ??
    ((line: string) => console.error(`[vector ${new Date().toISOString().slice(11, 19)}] ${line}`));
  const queries = opts.queries ?? 100;
  const k = opts.k ?? 10;
  const datasets = (opts.datasets ?? [...vectorDatasets]).map((d) => {
    if (!(vectorDatasets as readonly string[]).includes(d)) throw new Error(`unknown dataset ${d}`);
    return d as VectorDataset;
  });
  const points: VectorPoint[] = [];
  for (const backend of opts.backends ?? ['postgres']) {
    const rowsList = backend === 'pglite' ? opts.rows.filter((r) => r <= 10_000) : opts.rows;
    if (rowsList.length === 0) continue;
    log(`${backend}: start, load ${load()}`);
    if (backend === 'postgres') {
      const bdb = await createBenchDb('vector', ['cortex']);
      const conn = bdb.open(1);
      try {
        for (const rows of rowsList)
          for (const d of datasets) points.push(await measure(conn.db, backend, rows, d, queries, k, log));
      } finally {
        await bdb.drop();
      }
    } else {
      const t = await createTestDb({ backend: 'pglite' });
      try {
        for (const rows of rowsList)
          for (const d of datasets) points.push(await measure(t.db, backend, rows, d, queries, k, log));
      } finally {
        await t.close();
      }
    }
    log(`${backend}: done, load ${load()}`);
  }
  return { markdown: vectorMarkdown(points), points };
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--ratio')) {
  // matchKnowledge ÷ the hand-written single statement (bench/vector-ratio.ts). Not awaited here:
  // vector-ratio imports this module, which must finish evaluating first.
  void import('./vector-ratio').then(async ({ benchVectorLimit, vectorLimitTable }) =>
    console.log(vectorLimitTable(await benchVectorLimit())),
  );
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'postgres';
  const backends: VectorBackend[] = which === 'both' ? ['pglite', 'postgres'] : [which as VectorBackend];
  const { markdown } = await benchVector({
    backends,
    rows: (process.argv[3] ?? '10000').split(',').map(Number),
    queries: Number(process.argv[4] ?? 100),
    datasets: process.argv[5]?.split(','),
  });
  console.log(markdown);
}
