import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cortexConversations,
  cortexKnowledge,
  cortexSessions,
  MATCH_DEFAULT_EF_SEARCH,
  MATCH_EXACT_FILTER_MAX_ROWS,
  MATCH_FILTER_MAX_LENGTH,
  matchConversations,
  matchKnowledge,
  type NearestFilters,
} from '../../src/cortex';
// Internal: not exported from the package.
import { nearestQuery, usesExactScan, withVectorSearchSettings } from '../../src/cortex/nearest';
import { type Database, rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { cosineSimilarity, prng, randomVector, type ScannedTable, scansOf } from './fixtures';

const t = useTestDb();
const next = prng(20260101);
const KNOWLEDGE = 300;
const CONVERSATIONS = 120;
const knowledge: { id: string; embedding: number[] }[] = [];
const conversations: { id: string; embedding: number[] }[] = [];

/**
 * The index scan without the search's settings (pgvector's defaults: ef_search 40, no iterative
 * scan), enable_seqscan off so that the planner uses the index on these small tables.
 */
async function plainIndexScan(q: number[], count: number, where = sql`true`) {
  return t().db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    return rowsOf<{ id: string }>(
      await tx.execute(sql`select id from cortex.cortex_knowledge where ${where}
        order by embedding <=> ${`[${q.join(',')}]`}::vector(1536) limit ${count}`),
    );
  });
}

const scans = <T>(table: ScannedTable, fn: (db: Database) => Promise<T>) => scansOf(t().db, table, fn);

function exact(rows: { id: string; embedding: number[] }[], q: number[], threshold: number, count: number) {
  return rows
    .map((r) => ({ id: r.id, similarity: cosineSimilarity(q, r.embedding) }))
    .filter((r) => r.similarity > threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, count);
}

function expectSameAsExact(
  actual: { id: string; similarity: number }[],
  expected: { id: string; similarity: number }[],
) {
  expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  for (const [i, r] of actual.entries()) {
    expect(Math.abs(r.similarity - expected[i]!.similarity)).toBeLessThan(1e-6);
  }
}

beforeAll(async () => {
  const { db } = t();
  for (let i = 0; i < KNOWLEDGE; i += 50) {
    const batch = Array.from({ length: 50 }, (_, j) => ({
      title: `k${i + j}`,
      content: `content ${i + j}`,
      type: j % 2 ? 'note' : 'document',
      embedding: randomVector(next),
    }));
    const ids = await db.insert(cortexKnowledge).values(batch).returning({ id: cortexKnowledge.id });
    for (const [j, r] of ids.entries()) knowledge.push({ id: r.id, embedding: batch[j]!.embedding });
  }
  // Rows without an embedding are never matched.
  await db.insert(cortexKnowledge).values([{ content: 'no embedding' }, { content: 'no embedding either' }]);
  const sessions = await db
    .insert(cortexSessions)
    .values(Array.from({ length: CONVERSATIONS }, (_, i) => ({ sessionKey: `vec-${i}`, channel: 'web' })))
    .returning({ id: cortexSessions.id });
  for (let i = 0; i < CONVERSATIONS; i += 40) {
    const batch = sessions.slice(i, i + 40).map((s, j) => ({
      sessionId: s.id,
      title: `c${i + j}`,
      summary: `summary ${i + j}`,
      embedding: randomVector(next),
    }));
    const ids = await db.insert(cortexConversations).values(batch).returning({ id: cortexConversations.id });
    for (const [j, r] of ids.entries()) conversations.push({ id: r.id, embedding: batch[j]!.embedding });
  }
}, 180_000);

describe('matchKnowledge / matchConversations against an exact computation', () => {
  it('same ids, same order, similarities within 1e-6 (several queries, thresholds, counts)', async () => {
    for (const [threshold, count] of [
      [0, 10],
      [0.02, 50],
      [-1, 200],
      [-0.5, 150],
    ] as const) {
      const q = randomVector(next);
      const result = await matchKnowledge(t().db, { embedding: q, threshold, count });
      if (!result.success) throw new Error(result.message);
      const expected = exact(knowledge, q, threshold, count);
      expect(result.matches.length).toBe(expected.length);
      expectSameAsExact(result.matches, expected);
    }
  });

  it('returns `count` rows beyond hnsw.ef_search (40) whenever that many qualify', async () => {
    const q = randomVector(next);
    const result = await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 200 });
    expect(result.success && result.matches.length).toBe(200);
    // Without the iterative scan the same index scan stops at ef_search candidates.
    expect(await plainIndexScan(q, 200)).toHaveLength(40);
  });

  it('only rows with similarity strictly above the threshold, fewer than count when fewer qualify', async () => {
    // A query close to one stored vector: only that one is similar.
    const target = knowledge[17]!;
    const q = target.embedding.map((x) => x + (next() - 0.5) * 0.01);
    const result = await matchKnowledge(t().db, { embedding: q, threshold: 0.5, count: 10 });
    if (!result.success) throw new Error(result.message);
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({
      id: target.id,
      title: 'k17',
      content: 'content 17',
      type: 'note',
    });
    expect(result.matches[0]!.similarity).toBeGreaterThan(0.99);
    const none = await matchKnowledge(t().db, { embedding: randomVector(next), threshold: 0.5, count: 10 });
    expect(none).toEqual({ success: true, matches: [] });
  });

  it('matchConversations: same as exact, with title and summary', async () => {
    const q = randomVector(next);
    const result = await matchConversations(t().db, { embedding: q, threshold: -1, count: 60 });
    if (!result.success) throw new Error(result.message);
    expectSameAsExact(result.matches, exact(conversations, q, -1, 60));
    const first = result.matches[0]!;
    const idx = conversations.findIndex((c) => c.id === first.id);
    expect(first).toMatchObject({ title: `c${idx}`, summary: `summary ${idx}` });
    expect(Object.keys(first).sort()).toEqual(['id', 'similarity', 'summary', 'title']);
    // count larger than the table: every conversation once.
    const all = await matchConversations(t().db, { embedding: q, threshold: -1, count: 200 });
    expect(all.success && all.matches.length).toBe(CONVERSATIONS);
  });
});

describe('the HNSW index is used', () => {
  for (const [table, fn] of [
    ['cortex_knowledge', 'cortex_knowledge_nearest'],
    ['cortex_conversations', 'cortex_conversations_nearest'],
  ] as const) {
    it(`${table}: the search scans the HNSW index (${fn}), never the table; threshold outside it`, async () => {
      const q = `[${randomVector(next).join(',')}]`;
      const plan = rowsOf<{ 'QUERY PLAN': string }>(
        await t().db.execute(sql`explain ${nearestQuery(table, ['id'], q, 0.1, 10)}`),
      ).map((r) => r['QUERY PLAN']);
      const text = plan.join('\n');
      expect(text).toMatch(new RegExp(`CTE nearest\\n\\s*->\\s+Function Scan on ${fn}`));
      expect(text).not.toMatch(/Seq Scan|Index Scan|Sort Key: \(embedding/);
      // The threshold is a filter on the CTE scan, not passed to the index scan.
      expect(text).toMatch(/CTE Scan on nearest[\s\S]*Filter:.*> '0.1'/);
      // Inside the function: one scan of the HNSW index, no sequential scan of the table (on these
      // few hundred rows the planner would sort a seq scan without the function's enable_seqscan off).
      const s = await scans(table, (db) => db.execute(nearestQuery(table, ['id'], q, 0.1, 10)));
      expect(s).toMatchObject({ index: 1, seq: 0 });
    });
  }

  it('efSearch reaches the index scan: on 300 random rows efSearch 1 misses true neighbours that 1000 finds', async () => {
    let hits1 = 0;
    let hits1000 = 0;
    for (let i = 0; i < 8; i++) {
      const q = randomVector(next);
      const truth = new Set(exact(knowledge, q, -1, 10).map((r) => r.id));
      for (const [efSearch, add] of [
        [1, (n: number) => (hits1 += n)],
        [1000, (n: number) => (hits1000 += n)],
      ] as const) {
        const r = await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 10, efSearch });
        if (!r.success) throw new Error(r.message);
        expect(r.matches).toHaveLength(10);
        add(r.matches.filter((m) => truth.has(m.id)).length);
      }
    }
    expect(hits1000).toBe(80);
    expect(hits1).toBeLessThan(80);
  });

  it('the settings do not leak into the caller transaction', async () => {
    const after = await t().db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('hnsw.ef_search', '77', true)`);
      await matchKnowledge(tx, { embedding: randomVector(next), threshold: 0, count: 5 });
      return rowsOf<{ seq: string; it: string; ef: string }>(
        await tx.execute(
          sql`select current_setting('enable_seqscan') as seq, current_setting('hnsw.iterative_scan') as it,
            current_setting('hnsw.ef_search') as ef`,
        ),
      )[0];
    });
    expect(after).toEqual({ seq: 'on', it: 'off', ef: '77' });
  });

  it(`searches run with hnsw.ef_search ${MATCH_DEFAULT_EF_SEARCH} unless given efSearch`, async () => {
    const inside = (efSearch?: number) =>
      withVectorSearchSettings(
        t().db,
        async (tx) =>
          rowsOf<{ ef: string }>(await tx.execute(sql`select current_setting('hnsw.ef_search') as ef`))[0]!
            .ef,
        efSearch === undefined ? {} : { efSearch },
      );
    expect(await inside()).toBe(String(MATCH_DEFAULT_EF_SEARCH));
    expect(await inside(64)).toBe('64');
    for (const efSearch of [0, 1001, 1.5])
      expect(
        await matchKnowledge(t().db, { embedding: randomVector(next), threshold: 0, count: 5, efSearch }),
      ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(
      await matchKnowledge(t().db, { embedding: randomVector(next), threshold: -1, count: 5, efSearch: 1 }),
    ).toMatchObject({ success: true, matches: { length: 5 } });
  });
});

describe('input validation', () => {
  const good = () => randomVector(next);
  it.each([
    ['1535 numbers', () => good().slice(1)],
    ['1537 numbers', () => [...good(), 0.1]],
    ['a NaN', () => good().map((x, i) => (i === 5 ? Number.NaN : x))],
    ['an Infinity', () => good().map((x, i) => (i === 5 ? Number.POSITIVE_INFINITY : x))],
    ['beyond float4', () => good().map((x, i) => (i === 5 ? 1e39 : x))],
    ['a string element', () => good().map((x, i) => (i === 5 ? '0.5' : x))],
    ['the zero vector', () => Array(1536).fill(0)],
    ['not an array', () => '[0.1, 0.2]'],
    ['missing', () => undefined],
  ])('embedding with %s → INVALID_EMBEDDING', async (_, make) => {
    const input = { embedding: make(), threshold: 0, count: 5 } as never;
    for (const fn of [matchKnowledge, matchConversations]) {
      const r = await fn(t().db, input);
      expect(r).toMatchObject({ success: false, error: 'INVALID_EMBEDDING' });
    }
  });

  it.each([
    ['count 0', { count: 0 }],
    ['count 201', { count: 201 }],
    ['count 1.5', { count: 1.5 }],
    ['count as a string', { count: '5' }],
    ['threshold NaN', { threshold: Number.NaN }],
    ['threshold above 1', { threshold: 1.5 }],
  ])('%s → INVALID_INPUT', async (_, patch) => {
    const input = { embedding: good(), threshold: 0, count: 5, ...patch } as never;
    for (const fn of [matchKnowledge, matchConversations]) {
      const r = await fn(t().db, input);
      expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    }
  });

  it('count 1 and 200 are accepted', async () => {
    for (const count of [1, 200]) {
      const r = await matchKnowledge(t().db, { embedding: good(), threshold: -1, count });
      expect(r.success && r.matches.length).toBe(count);
    }
  });
});

// Runs last: it adds 3,000 rows that the exact comparisons above do not know about (removed afterwards).
describe('filtered search (type / userId inside the nearest-neighbour scan)', () => {
  const BULK = 3000;
  const vec = (q: number[]) => `[${q.join(',')}]`;

  /** Exact filtered top-k: no index (the `+ 0` hides the operator from the planner), same float4 values. */
  async function exactFiltered(q: number[], where: ReturnType<typeof sql>, k: number) {
    return rowsOf<{ id: string; similarity: number }>(
      await t().db.execute(sql`select id, 1 - (embedding <=> ${vec(q)}::vector(1536)) as similarity
        from cortex.cortex_knowledge where ${where}
        order by (embedding <=> ${vec(q)}::vector(1536)) + 0 limit ${k}`),
    ).map((r) => ({ id: r.id, similarity: Number(r.similarity) }));
  }

  const dana: { id: string; embedding: number[] }[] = [];
  beforeAll(async () => {
    // Generated server-side (1536 random() per row; the subquery references g so it runs per row).
    // type 'rare' on 1 % of the rows (30), user 'carol' on every 200th row (15 of them rare).
    // Index dropped and rebuilt around the load: row-by-row HNSW inserts take ~90 s on PGlite, a build ~15 s.
    await t().db.transaction(async (tx) => {
      await tx.execute(sql`drop index cortex.cortex_knowledge_embedding_idx`);
      await tx.execute(sql`select setseed(0.2026), set_config('maintenance_work_mem', '256MB', true)`);
      await tx.execute(sql`insert into cortex.cortex_knowledge (title, content, type, user_id, embedding)
        select 'f' || g, 'filter row ' || g, case when g % 100 = 0 then 'rare' else 'bulk' end,
          case when g % 200 = 0 then 'carol' else 'bob' end,
          (select array_agg(random() * 2 - 1) from generate_series(1, 1536) d where g > 0)::vector(1536)
        from generate_series(1, ${BULK}::int) g`);
      await tx.execute(sql`create index cortex_knowledge_embedding_idx on cortex.cortex_knowledge
        using hnsw (embedding vector_cosine_ops)`);
      await tx.execute(sql`analyze cortex.cortex_knowledge`);
    });
    const sessions = await t()
      .db.insert(cortexSessions)
      .values(
        Array.from({ length: 5 }, (_, i) => ({ sessionKey: `dana-${i}`, channel: 'web', userId: 'dana' })),
      )
      .returning({ id: cortexSessions.id });
    const rows = sessions.map((s, i) => ({
      sessionId: s.id,
      userId: 'dana',
      title: `d${i}`,
      embedding: randomVector(next),
    }));
    const ids = await t()
      .db.insert(cortexConversations)
      .values(rows)
      .returning({ id: cortexConversations.id });
    for (const [i, r] of ids.entries()) dana.push({ id: r.id, embedding: rows[i]!.embedding });
  }, 180_000);
  afterAll(async () => {
    await t().db.execute(sql`delete from cortex.cortex_knowledge where content like 'filter row %'`);
    await t().db.execute(sql`delete from cortex.cortex_sessions where session_key like 'dana-%'`);
  });

  it('a filter matching 1 % of 3,300 rows: exactly `count` rows, all of that type, equal to the exact filtered top-k', async () => {
    for (const count of [10, 25]) {
      for (let i = 0; i < 3; i++) {
        const q = randomVector(next);
        const result = await matchKnowledge(t().db, { embedding: q, threshold: -1, count, type: 'rare' });
        if (!result.success) throw new Error(result.message);
        expect(result.matches).toHaveLength(count);
        expect(result.matches.every((m) => m.type === 'rare')).toBe(true);
        expectSameAsExact(result.matches, await exactFiltered(q, sql`type = 'rare'`, count));
      }
    }
  });

  it('filtering after the LIMIT would not do: the unfiltered nearest 10 hold fewer than 10 rare rows', async () => {
    const q = randomVector(next);
    const nearest10 = rowsOf<{ type: string }>(
      await withVectorSearchSettings(t().db, async (tx) =>
        tx.execute(nearestQuery('cortex_knowledge', ['type'], vec(q), -1, 10)),
      ),
    );
    expect(nearest10).toHaveLength(10);
    expect(nearest10.filter((r) => r.type === 'rare').length).toBeLessThan(10);
    // And without the iterative scan, the filtered index scan stops after ef_search (40) candidates.
    expect((await plainIndexScan(q, 10, sql`type = 'rare'`)).length).toBeLessThan(10);
  });

  it(`a filter matching at most ${MATCH_EXACT_FILTER_MAX_ROWS} rows takes the exact scan; a broader one the HNSW index`, async () => {
    expect(await usesExactScan(t().db, 'cortex_knowledge', { type: 'rare' })).toBe(true);
    expect(await usesExactScan(t().db, 'cortex_knowledge', { user_id: 'bob' })).toBe(false);
    expect(await usesExactScan(t().db, 'cortex_knowledge', {})).toBe(false);
    // Through the index: 2,985 of bob's rows, the nearest 10 of them.
    const q = randomVector(next);
    const result = await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 10, userId: 'bob' });
    if (!result.success) throw new Error(result.message);
    expect(result.matches).toHaveLength(10);
    const owners = rowsOf<{ user_id: string }>(
      await t().db.execute(
        sql`select distinct user_id from cortex.cortex_knowledge where id in ${result.matches.map((m) => m.id)}`,
      ),
    );
    expect(owners).toEqual([{ user_id: 'bob' }]);
    const exact = await exactFiltered(q, sql`user_id = 'bob'`, 10);
    // Approximate, but on 3,000 rows nearly all of the true top 10.
    const truth = new Set(exact.map((r) => r.id));
    expect(result.matches.filter((m) => truth.has(m.id)).length).toBeGreaterThanOrEqual(8);
  });

  it('userId, and type + userId together (AND), threshold still applied', async () => {
    const q = randomVector(next);
    const carol = await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 10, userId: 'carol' });
    if (!carol.success) throw new Error(carol.message);
    expectSameAsExact(carol.matches, await exactFiltered(q, sql`user_id = 'carol'`, 10));
    const both = await matchKnowledge(t().db, {
      embedding: q,
      threshold: -1,
      count: 10,
      type: 'rare',
      userId: 'carol',
    });
    if (!both.success) throw new Error(both.message);
    expect(both.matches).toHaveLength(10);
    expectSameAsExact(both.matches, await exactFiltered(q, sql`type = 'rare' and user_id = 'carol'`, 10));
    // Fewer than count when fewer rows pass: 15 rare rows belong to carol.
    const all = await matchKnowledge(t().db, {
      embedding: q,
      threshold: -1,
      count: 50,
      type: 'rare',
      userId: 'carol',
    });
    expect(all.success && all.matches.length).toBe(15);
    // The threshold applies to the filtered rows: none of these random rows is similar to q.
    const none = await matchKnowledge(t().db, { embedding: q, threshold: 0.5, count: 10, type: 'rare' });
    expect(none).toEqual({ success: true, matches: [] });
    // A value nobody has → no rows, and no row of another user ever.
    expect(
      await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 10, userId: 'nobody' }),
    ).toEqual({
      success: true,
      matches: [],
    });
    const titled = await matchKnowledge(t().db, { embedding: q, threshold: -1, count: 5, type: 'document' });
    expect(titled.success && titled.matches.every((m) => m.type === 'document')).toBe(true);
    expect(titled.success && titled.matches.length).toBe(5);
  });

  it('matchConversations: userId filter returns only that user’s conversations, exact order', async () => {
    const q = randomVector(next);
    const result = await matchConversations(t().db, {
      embedding: q,
      threshold: -1,
      count: 10,
      userId: 'dana',
    });
    if (!result.success) throw new Error(result.message);
    expectSameAsExact(result.matches, exact(dana, q, -1, 10));
    const owner = await matchConversations(t().db, {
      embedding: q,
      threshold: -1,
      count: 200,
      userId: 'owner',
    });
    expect(owner.success && owner.matches.length).toBe(CONVERSATIONS);
    expect(owner.success && owner.matches.some((m) => dana.some((d) => d.id === m.id))).toBe(false);
  });

  it('the index scan alone: the HNSW index with the filter on that scan (count rows, all passing it)', async () => {
    for (const [table, filters, pass] of [
      ['cortex_knowledge', { type: 'rare' }, sql`type = 'rare'`],
      ['cortex_knowledge', { type: 'rare', user_id: 'carol' }, sql`type = 'rare' and user_id = 'carol'`],
      ['cortex_conversations', { user_id: 'dana' }, sql`user_id = 'dana'`],
    ] as const) {
      const q = vec(randomVector(next));
      const s = await scans(table, async (db) =>
        rowsOf<{ id: string }>(await db.execute(nearestQuery(table, ['id'], q, -1, 5, filters, 'index'))),
      );
      // One index scan, no sequential scan: the filter is applied on the index scan, whose iterative
      // scan went on until 5 rows passed it (a filter after the LIMIT would leave fewer).
      expect(s).toMatchObject({ index: 1, seq: 0 });
      expect(s.result).toHaveLength(5);
      const ids = s.result.map((r) => r.id);
      const passing = rowsOf<{ n: number }>(
        await t().db.execute(
          sql`select count(*)::int as n from cortex.${sql.identifier(table)} where id in ${ids} and ${pass}`,
        ),
      );
      expect(passing).toEqual([{ n: 5 }]);
    }
  });

  it('one statement picks the scan: EXPLAIN ANALYZE shows the other branch never executed', async () => {
    const plan = async (filters: NearestFilters) =>
      rowsOf<{ 'QUERY PLAN': string }>(
        await t().db.execute(
          sql`explain (analyze, costs off, timing off, summary off) ${nearestQuery('cortex_knowledge', ['id'], vec(randomVector(next)), -1, 10, filters)}`,
        ),
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    // 30 rare rows: the exact scan ran (its sort read the 30 rows), the index scan's function did not.
    const rare = await plan({ type: 'rare' });
    expect(rare).toMatch(/Function Scan on cortex_knowledge_nearest[^\n]*never executed/);
    expect(rare).toMatch(/Sort Key: \(\(\(cortex_knowledge_\d+\.embedding <=> [^\n]*\) \+ '0'/);
    expect(rare).toMatch(
      /Seq Scan on cortex_knowledge cortex_knowledge_\d+ \(actual rows=30(\.00)? loops=1\)/,
    );
    // bob's 2,985 rows: the index scan ran, the exact scan never read a row.
    const bob = await plan({ user_id: 'bob' });
    expect(bob).toMatch(/Function Scan on cortex_knowledge_nearest \(actual rows=10(\.00)? loops=1\)/);
    expect(bob).toMatch(/Seq Scan on cortex_knowledge cortex_knowledge_\d+ \(never executed\)/);
  });

  it.each([
    ['type empty', { type: '' }],
    ['type too long', { type: 'x'.repeat(MATCH_FILTER_MAX_LENGTH + 1) }],
    ['type not a string', { type: 7 }],
    ['type null', { type: null }],
    ['userId empty', { userId: '' }],
    ['userId with NUL', { userId: 'a\u0000b' }],
    ['userId an array', { userId: ['carol'] }],
  ])('%s → INVALID_INPUT', async (name, patch) => {
    const input = { embedding: randomVector(next), threshold: 0, count: 5, ...patch } as never;
    expect(await matchKnowledge(t().db, input)).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    if (name.startsWith('userId')) {
      expect(await matchConversations(t().db, input)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
  });

  it(`filter values of ${MATCH_FILTER_MAX_LENGTH} characters are accepted`, async () => {
    const long = 'y'.repeat(MATCH_FILTER_MAX_LENGTH);
    const r = await matchKnowledge(t().db, {
      embedding: randomVector(next),
      threshold: -1,
      count: 5,
      type: long,
      userId: long,
    });
    expect(r).toEqual({ success: true, matches: [] });
  });
});
