// remember deduplicates as OwnPilot does: an exactly equal content of the same type and user raises
// the existing memory's importance by 0.1 (capped at 1) and counts as an access, instead of adding
// a row. Both tiers; the real-server race is in test/pg/ownpilot-memories.test.ts.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
// Importance is read back as the driver parses float4 text (the shortest decimal that round-trips),
// so a float4 0.6 reads as 0.6.

describe('remember deduplicates', () => {
  const t = useTestDb();
  const rowsOf = (userId: string) =>
    t()
      .db.select()
      .from(op.memories)
      .where(eq(op.memories.userId, userId))
      .orderBy(asc(op.memories.createdAt), asc(op.memories.id));

  it('the same content and type again: no new row, importance + 0.1, one access, the new fields ignored', async () => {
    const db = t().db;
    const first = must(
      await op.remember(db, { userId: 'd1', type: 'fact', content: 'Lives in Lyon', tags: ['home'] }),
    );
    expect(first.deduplicated).toBe(false);
    expect(first.memory).toMatchObject({
      importance: 0.5,
      accessedCount: 0,
      accessedAt: null,
      tags: ['home'],
    });

    const again = must(
      await op.remember(db, {
        userId: 'd1',
        type: 'fact',
        content: 'Lives in Lyon',
        importance: 0.9,
        tags: ['other'],
        source: 'conversation',
        sourceId: 'c-1',
        metadata: { k: 1 },
        embedding: Buffer.from([1, 2, 3]),
      }),
    );
    expect(again.deduplicated).toBe(true);
    expect(again.memory).toMatchObject({
      id: first.memory.id,
      content: 'Lives in Lyon',
      importance: 0.6,
      accessedCount: 1,
      tags: ['home'],
      source: null,
      sourceId: null,
      metadata: {},
      embedding: null,
      createdAt: first.memory.createdAt,
    });
    expect(again.memory.accessedAt).toBeInstanceOf(Date);
    expect(again.memory.updatedAt.getTime()).toBeGreaterThanOrEqual(first.memory.updatedAt.getTime());

    const third = must(await op.remember(db, { userId: 'd1', type: 'fact', content: 'Lives in Lyon' }));
    expect(third.memory).toMatchObject({ id: first.memory.id, importance: 0.7, accessedCount: 2 });
    const rows = await rowsOf('d1');
    expect(rows.map((r) => [r.id, r.importance, r.accessedCount])).toEqual([[first.memory.id, 0.7, 2]]);
  });

  it('importance rises by 0.1 per call on its decimal value and stops at 1', async () => {
    const db = t().db;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++)
      seen.push(
        must(await op.remember(db, { userId: 'd2', type: 'skill', content: 'Cap', importance: 0.65 })).memory
          .importance,
      );
    expect(seen).toEqual([0.65, 0.75, 0.85, 0.95, 1, 1]);
    // float4 → numeric keeps 6 significant digits: 0.123456789 is raised from 0.123457.
    seen.length = 0;
    for (let i = 0; i < 2; i++)
      seen.push(
        must(await op.remember(db, { userId: 'd2', type: 'skill', content: 'Odd', importance: 0.123456789 }))
          .memory.importance,
      );
    expect(seen).toEqual([0.12345679, 0.223457]);
    expect((await rowsOf('d2')).map((r) => [r.content, r.importance])).toEqual([
      ['Cap', 1],
      ['Odd', 0.223457],
    ]);
  });

  it('matches only the same user, the same type and exactly the same content', async () => {
    const db = t().db;
    const base = must(await op.remember(db, { userId: 'd3', type: 'preference', content: 'Likes tea' }));
    const variants = [
      { userId: 'd3', type: 'fact' as const, content: 'Likes tea' },
      { userId: 'd3', type: 'preference' as const, content: 'likes tea' },
      { userId: 'd3', type: 'preference' as const, content: 'Likes tea ' },
      { userId: 'd3', type: 'preference' as const, content: 'Likes  tea' },
      { userId: 'd3', type: 'preference' as const, content: 'Likes tea.' },
      { userId: 'D3', type: 'preference' as const, content: 'Likes tea' },
      { userId: 'd3-other', type: 'preference' as const, content: 'Likes tea' },
    ];
    for (const v of variants) expect(must(await op.remember(db, v)).deduplicated).toBe(false);
    // Another user's identical memory is neither raised nor accessed.
    const [baseRow] = await db.select().from(op.memories).where(eq(op.memories.id, base.memory.id));
    expect(baseRow).toMatchObject({ importance: 0.5, accessedCount: 0, accessedAt: null });
    const again = must(
      await op.remember(db, { userId: 'd3-other', type: 'preference', content: 'Likes tea' }),
    );
    expect(again).toMatchObject({ deduplicated: true, memory: { importance: 0.6, accessedCount: 1 } });
    expect((await rowsOf('d3')).map((r) => [r.type, r.content, r.importance])).toEqual([
      ['preference', 'Likes tea', 0.5],
      ['fact', 'Likes tea', 0.5],
      ['preference', 'likes tea', 0.5],
      ['preference', 'Likes tea ', 0.5],
      ['preference', 'Likes  tea', 0.5],
      ['preference', 'Likes tea.', 0.5],
    ]);
    expect((await rowsOf('D3')).map((r) => r.importance)).toEqual([0.5]);
  });

  it('existing duplicates (written around remember): the oldest is raised, nothing inserted', async () => {
    const db = t().db;
    await db.insert(op.memories).values([
      { id: 'dup-new', userId: 'd4', type: 'event', content: 'Moved', createdAt: new Date('2026-02-01Z') },
      { id: 'dup-old-b', userId: 'd4', type: 'event', content: 'Moved', createdAt: new Date('2026-01-01Z') },
      { id: 'dup-old-a', userId: 'd4', type: 'event', content: 'Moved', createdAt: new Date('2026-01-01Z') },
    ]);
    const r = must(await op.remember(db, { userId: 'd4', type: 'event', content: 'Moved' }));
    expect(r).toMatchObject({ deduplicated: true, memory: { id: 'dup-old-a', importance: 0.6 } });
    expect((await rowsOf('d4')).map((m) => [m.id, m.importance, m.accessedCount])).toEqual([
      ['dup-old-a', 0.6, 1],
      ['dup-old-b', 0.5, 0],
      ['dup-new', 0.5, 0],
    ]);
  });

  it('the access counter saturates at the int4 maximum', async () => {
    const db = t().db;
    const m = must(await op.remember(db, { userId: 'd5', type: 'fact', content: 'max' }));
    await db.update(op.memories).set({ accessedCount: 2147483647 }).where(eq(op.memories.id, m.memory.id));
    const r = must(await op.remember(db, { userId: 'd5', type: 'fact', content: 'max' }));
    expect(r.memory.accessedCount).toBe(2147483647);
  });

  it('concurrent calls with one content: one row, raised once per later call', async () => {
    const db = t().db;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        op.remember(db, { userId: 'd6', type: 'fact', content: 'Same', importance: 0.2 }),
      ),
    );
    const done = results.map(must);
    expect(done.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(done.map((r) => r.memory.importance).sort()).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    const rows = await db
      .select()
      .from(op.memories)
      .where(and(eq(op.memories.userId, 'd6'), eq(op.memories.content, 'Same')));
    expect(rows.map((r) => [r.importance, r.accessedCount])).toEqual([[0.9, 7]]);
  });

  it('a refused call writes nothing', async () => {
    const db = t().db;
    expect(await op.remember(db, { userId: 'd7', type: 'fact', content: 'x', importance: 2 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await rowsOf('d7')).toEqual([]);
  });
});
