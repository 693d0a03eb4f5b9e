// Vector search benchmark for Om Cortex: recall@10 and latency of matchKnowledge on 10k × 1536
// random vectors, on PGlite and (with TEST_DATABASE_URL) real PostgreSQL.
//   npx tsx bench/cortex-vector.ts [pglite|postgres|both] [rows=10000] [queries=100]
// Random vectors are the hard case for HNSW (no cluster structure); recall is measured against an
// exact brute-force computation in TypeScript on the same float4 values.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { cortexKnowledge, matchKnowledge } from '../src/cortex';
import type { Database } from '../src/db';
import { createTestDb, dropPostgresTemplate, preparePostgresTemplate } from '../src/testing';

const which = process.argv[2] ?? 'both';
const ROWS = Number(process.argv[3] ?? 10_000);
const QUERIES = Number(process.argv[4] ?? 100);
const DIMS = 1536;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = prng(1536);
// DATA=clustered: 100 topics, each row = topic centre + noise, queries near a stored row (closer to what
// text embeddings look like). Default: uniform random vectors, the worst case for HNSW.
const CLUSTERED = process.env.DATA === 'clustered';
const uniform = () => Array.from({ length: DIMS }, () => next() * 2 - 1);
const centres = Array.from({ length: 100 }, uniform);
const data = Array.from({ length: ROWS }, () => {
  if (!CLUSTERED) return Float32Array.from(uniform());
  const c = centres[Math.floor(next() * centres.length)]!;
  return Float32Array.from(c, (x) => x + (next() * 2 - 1) * 0.6);
});
const norms = data.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
const queries = Array.from({ length: QUERIES }, () => {
  if (!CLUSTERED) return uniform();
  const row = data[Math.floor(next() * ROWS)]!;
  return Array.from(row, (x) => x + (next() * 2 - 1) * 0.6);
});

function exactTop(q: number[], k: number): number[] {
  const qf = Float32Array.from(q);
  const qn = Math.sqrt(qf.reduce((s, x) => s + x * x, 0));
  const sims = data.map((v, i) => {
    let d = 0;
    for (let j = 0; j < DIMS; j++) d += v[j]! * qf[j]!;
    return { i, s: d / (norms[i]! * qn) };
  });
  return sims
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.i);
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function run(backend: 'pglite' | 'postgres') {
  const t0 = performance.now();
  const t = await createTestDb({ backend });
  const db: Database = t.db;
  try {
    // Bulk load without the index, then build it: much faster than maintaining it row by row.
    await db.execute(sql`drop index cortex.cortex_knowledge_embedding_idx`);
    const load0 = performance.now();
    const idByRow: string[] = [];
    for (let i = 0; i < ROWS; i += 250) {
      const rows = data
        .slice(i, i + 250)
        .map((v, j) => ({ content: `row ${i + j}`, embedding: Array.from(v) }));
      const ids = await db.insert(cortexKnowledge).values(rows).returning({ id: cortexKnowledge.id });
      idByRow.push(...ids.map((r) => r.id));
    }
    const loadMs = performance.now() - load0;
    const build0 = performance.now();
    await db.execute(sql`set maintenance_work_mem = '512MB'`);
    await db.execute(
      sql`create index cortex_knowledge_embedding_idx on cortex.cortex_knowledge using hnsw (embedding vector_cosine_ops)`,
    );
    await db.execute(sql`analyze cortex.cortex_knowledge`);
    const buildMs = performance.now() - build0;

    const rowOfId = new Map(idByRow.map((id, i) => [id, i]));
    const efs = (process.env.EF_SEARCH ?? 'default').split(',');
    for (const ef of efs)
      for (const k of [10, 100]) {
        const latencies: number[] = [];
        let hits = 0;
        // Warm-up (index pages into cache).
        await matchKnowledge(db, { embedding: queries[0]!, threshold: -1, count: k });
        for (const q of queries) {
          const s = performance.now();
          const r =
            ef === 'default'
              ? await matchKnowledge(db, { embedding: q, threshold: -1, count: k })
              : await db.transaction(async (tx) => {
                  await tx.execute(sql`select set_config('hnsw.ef_search', ${ef}, true)`);
                  return matchKnowledge(tx, { embedding: q, threshold: -1, count: k });
                });
          latencies.push(performance.now() - s);
          if (!r.success) throw new Error(r.message);
          if (r.matches.length !== k) throw new Error(`expected ${k} rows, got ${r.matches.length}`);
          const truth = new Set(exactTop(q, k));
          hits += r.matches.filter((m) => truth.has(rowOfId.get(m.id)!)).length;
        }
        console.log(
          `${backend.padEnd(8)} ${CLUSTERED ? 'clustered' : 'uniform'} rows=${ROWS} ef_search=${ef} k=${String(k).padEnd(3)} recall@${k}=${(hits / (k * queries.length)).toFixed(3)}` +
            ` latency p50=${pct(latencies, 0.5).toFixed(1)}ms p95=${pct(latencies, 0.95).toFixed(1)}ms` +
            ` (load ${(loadMs / 1000).toFixed(1)}s, hnsw build ${(buildMs / 1000).toFixed(1)}s)`,
        );
      }
    // Exact scan for comparison (what a seq scan + sort costs).
    const seq: number[] = [];
    for (const q of queries.slice(0, 10)) {
      const s = performance.now();
      await db.execute(
        sql`select id from cortex.cortex_knowledge order by (embedding <=> ${`[${q.join(',')}]`}::vector(1536)) + 0 limit 10`,
      );
      seq.push(performance.now() - s);
    }
    console.log(`${backend.padEnd(8)} exact seq scan k=10 p50=${pct(seq, 0.5).toFixed(1)}ms`);
  } finally {
    await t.close();
    console.log(`${backend.padEnd(8)} total ${((performance.now() - t0) / 1000).toFixed(0)}s`);
  }
}

if (which === 'pglite' || which === 'both') await run('pglite');
if (which === 'postgres' || which === 'both') {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) console.log('postgres: skipped (set TEST_DATABASE_URL)');
  else {
    process.env.ORG_SCHEMA_PG_TEMPLATE = 'cortex_bench_template';
    await preparePostgresTemplate(url, 'cortex_bench_template');
    try {
      await run('postgres');
    } finally {
      await dropPostgresTemplate(url, 'cortex_bench_template');
    }
  }
}
