// Real-Postgres races of remember's deduplication (postgres project only): concurrent calls with
// one content for one user are serialised by the advisory lock on (user, type, content), so they
// leave one row raised once per later call; other users and types never share a row.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { withTrigger } from '../fixtures/triggers';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
const N = 8;
const ROUNDS = 5;
// Importance as read back (the driver parses float4's shortest round-trip decimal).
const raised = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

describe('remember under concurrency', () => {
  const t = useTestDb({ max: 40 });

  it(`${N} concurrent remember of one content (slow inserts): one row, importance raised ${N - 1} times`, async () => {
    const db = t().db;
    // Every insert sleeps 50 ms: without serialisation all calls would find nothing and insert.
    await withTrigger(
      db,
      {
        schema: 'ownpilot',
        table: 'memories',
        timing: 'before',
        event: 'insert',
        body: `perform nextval('ownpilot.test_edge_seq'); perform pg_sleep(0.05); return new;`,
      },
      async (inserts) => {
        for (let round = 0; round < ROUNDS; round++) {
          const content = `Prefers dark mode ${round}`;
          const results = await Promise.all(
            Array.from({ length: N }, () =>
              op.remember(db, { userId: 'race-m', type: 'preference', content, importance: 0.2 }),
            ),
          );
          const done = results.map(must);
          expect(done.filter((r) => !r.deduplicated)).toHaveLength(1);
          expect(new Set(done.map((r) => r.memory.id)).size).toBe(1);
          // Serialised: each caller saw a distinct importance and access count.
          expect(done.map((r) => r.memory.importance).sort()).toEqual(raised);
          expect(done.map((r) => r.memory.accessedCount).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
          const rows = await db
            .select()
            .from(op.memories)
            .where(and(eq(op.memories.userId, 'race-m'), eq(op.memories.content, content)));
          expect(rows.map((r) => [r.importance, r.accessedCount])).toEqual([[0.9, N - 1]]);
        }
        expect(await inserts()).toBe(ROUNDS);
      },
    );
  });

  it('users and types race on one content: one row per (user, type), never shared', async () => {
    const db = t().db;
    const owners = [
      ['race-a', 'fact'],
      ['race-b', 'fact'],
      ['race-a', 'skill'],
    ] as const;
    const results = await Promise.all(
      Array.from({ length: N * owners.length }, (_, i) => {
        const [userId, type] = owners[i % owners.length]!;
        return op.remember(db, { userId, type, content: 'Speaks Turkish', importance: 0.2 });
      }),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const rows = await db
      .select()
      .from(op.memories)
      .where(eq(op.memories.content, 'Speaks Turkish'))
      .orderBy(asc(op.memories.userId), asc(op.memories.type));
    expect(rows.map((r) => [r.userId, r.type, r.importance, r.accessedCount])).toEqual([
      ['race-a', 'fact', 0.9, N - 1],
      ['race-a', 'skill', 0.9, N - 1],
      ['race-b', 'fact', 0.9, N - 1],
    ]);
  });

  it('remember racing recall on the same memories: no deadlock, every raise and access counted', async () => {
    const db = t().db;
    for (let i = 0; i < 4; i++)
      must(await op.remember(db, { userId: 'race-r', type: 'fact', content: `m${i}` }));
    const calls = Array.from({ length: 24 }, (_, i) =>
      i % 2
        ? op.recall(db, { userId: 'race-r', limit: 10 })
        : op.remember(db, { userId: 'race-r', type: 'fact', content: `m${(i / 2) % 4}` }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.success)).toBe(true);
    const rows = await db
      .select()
      .from(op.memories)
      .where(eq(op.memories.userId, 'race-r'))
      .orderBy(asc(op.memories.content));
    // 12 remembers over 4 contents: 3 raises each (0.5 → 0.8) and 3 accesses each, plus 12 recalls of all 4.
    expect(rows.map((r) => [r.content, r.importance, r.accessedCount])).toEqual([
      ['m0', 0.8, 15],
      ['m1', 0.8, 15],
      ['m2', 0.8, 15],
      ['m3', 0.8, 15],
    ]);
  });
});
