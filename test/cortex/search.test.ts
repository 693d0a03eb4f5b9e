import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cortexConversations,
  cortexKnowledge,
  cortexSessions,
  matchConversations,
  matchKnowledge,
  nearestQuery,
  withVectorSearchSettings,
} from '../../src/cortex';
import { rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { cosineSimilarity, prng, randomVector } from './helpers';

const t = useTestDb();
const next = prng(20260101);
const KNOWLEDGE = 300;
const CONVERSATIONS = 120;
const knowledge: { id: string; embedding: number[] }[] = [];
const conversations: { id: string; embedding: number[] }[] = [];

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
    const plain = await t().db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      return rowsOf(await tx.execute(nearestQuery('cortex_knowledge', ['id'], `[${q.join(',')}]`, -1, 200)));
    });
    expect(plain.length).toBe(40);
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
  for (const [table, index] of [
    ['cortex_knowledge', 'cortex_knowledge_embedding_idx'],
    ['cortex_conversations', 'cortex_conversations_embedding_idx'],
  ] as const) {
    it(`${table}: EXPLAIN shows an index scan on ${index}, threshold outside it`, async () => {
      const q = `[${randomVector(next).join(',')}]`;
      const plan = await withVectorSearchSettings(t().db, async (tx) =>
        rowsOf<{ 'QUERY PLAN': string }>(
          await tx.execute(sql`explain ${nearestQuery(table, ['id'], q, 0.1, 10)}`),
        ).map((r) => r['QUERY PLAN']),
      );
      const text = plan.join('\n');
      expect(text).toContain(`Index Scan using ${index}`);
      expect(text).not.toMatch(/Seq Scan/);
      // The threshold is a filter on the CTE scan, not on the index scan.
      const at = plan.findIndex((l) => l.includes('Index Scan'));
      const indent = plan[at]!.search(/\S/);
      const node = plan
        .slice(at + 1)
        .filter((_, i, rest) =>
          rest.slice(0, i + 1).every((l) => l.search(/\S/) > indent && !l.trim().startsWith('->')),
        );
      expect(node.join('\n')).toMatch(/Order By: \(embedding <=> /);
      expect(node.join('\n')).not.toMatch(/Filter/);
      expect(text).toMatch(/CTE Scan on nearest[\s\S]*Filter:.*> '0.1'/);
    });
  }

  it('the settings do not leak into the caller transaction', async () => {
    const after = await t().db.transaction(async (tx) => {
      await matchKnowledge(tx, { embedding: randomVector(next), threshold: 0, count: 5 });
      return rowsOf<{ seq: string; it: string }>(
        await tx.execute(
          sql`select current_setting('enable_seqscan') as seq, current_setting('hnsw.iterative_scan') as it`,
        ),
      )[0];
    });
    expect(after).toEqual({ seq: 'on', it: 'off' });
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
