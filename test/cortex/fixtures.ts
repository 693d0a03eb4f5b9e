import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../src/db';

/** Deterministic pseudo-random numbers (mulberry32), so vector tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomVector = (next: () => number, dims = 1536): number[] =>
  Array.from({ length: dims }, () => next() * 2 - 1);

/** Exact cosine similarity on the float4 values pgvector stores, accumulated in float64. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.fround(a[i]!);
    const y = Math.fround(b[i]!);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

export type ScannedTable = 'cortex_knowledge' | 'cortex_conversations';

/**
 * Runs `fn` inside a transaction on `db` and returns the scans it made: of the table's HNSW index,
 * and sequential scans of the table (PostgreSQL's counters for the current transaction).
 */
export async function scansOf<T>(
  db: Database,
  table: ScannedTable,
  fn: (db: Database) => Promise<T>,
): Promise<{ result: T; index: number; seq: number }> {
  return db.transaction(async (t0) => {
    const tx = t0 as unknown as Database;
    const count = async () =>
      rowsOf<{ index: number; seq: number }>(
        await tx.execute(sql`select
          pg_stat_get_xact_numscans(${`cortex.${table}_embedding_idx`}::regclass)::int as index,
          pg_stat_get_xact_numscans(${`cortex.${table}`}::regclass)::int as seq`),
      )[0]!;
    const before = await count();
    const result = await fn(tx);
    const after = await count();
    return { result, index: after.index - before.index, seq: after.seq - before.seq };
  });
}
