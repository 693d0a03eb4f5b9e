import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  appendCortexTurn,
  archiveConversation,
  cortexConversations,
  cortexMemory,
  cortexPublishLog,
  cortexSessions,
  cortexTurns,
  markPublished,
  markPublishFailed,
  queuePublish,
  rememberFact,
  startCortexSession,
  upsertChannelConfig,
} from '../../src/cortex';
import { rowsOf } from '../../src/db';
import { useTestDb } from '../support';

// Real PostgreSQL only: PGlite has one connection, so these races cannot happen there.
const t = useTestDb({ max: 40 });
const N = 30;

describe('cortex under concurrency (real PostgreSQL)', () => {
  it('startCortexSession: N concurrent calls with one key → one session, exactly one created', async () => {
    const results = await Promise.all(
      Array.from({ length: N }, () => startCortexSession(t().db, { sessionKey: 'race-key', channel: 'web' })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    const ok = results.filter((r) => r.success);
    expect(new Set(ok.map((r) => r.session.id)).size).toBe(1);
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    expect(
      await t().db.select().from(cortexSessions).where(eq(cortexSessions.sessionKey, 'race-key')),
    ).toHaveLength(1);
  });

  it('archiveConversation: N concurrent archives of one session → one row, one created, no raw error', async () => {
    const s = await startCortexSession(t().db, { sessionKey: 'race-archive', channel: 'web' });
    if (!s.success) throw new Error(s.message);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        archiveConversation(t().db, { sessionId: s.session.id, summary: `Summary ${i}.` }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const rows = await t()
      .db.select()
      .from(cortexConversations)
      .where(eq(cortexConversations.sessionId, s.session.id));
    expect(rows).toHaveLength(1);
  });

  it('rememberFact: N concurrent writes of one key → one row holding one of the values', async () => {
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => rememberFact(t().db, { key: 'race.fact', value: `v${i}` })),
    );
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const rows = await t().db.select().from(cortexMemory).where(eq(cortexMemory.key, 'race.fact'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toMatch(/^v\d+$/);
  });

  it('upsertChannelConfig: N concurrent upserts → one row, one created', async () => {
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        upsertChannelConfig(t().db, { userId: 'race', channel: 'telegram', config: { n: i } }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    const [n] = rowsOf<{ n: number }>(
      await t().db.execute(
        sql`select count(*)::int as n from cortex.cortex_channel_configs where user_id = 'race'`,
      ),
    );
    expect(n!.n).toBe(1);
  });

  it('append-only turn log: sessions deleted while turns are appended → the cascade removes every turn', async () => {
    // The trigger of drizzle/cortex/0006 lets a turn go only when its session is gone: the cascade
    // must still remove turns committed while the DELETE waited for the appends' key-share locks.
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await startCortexSession(t().db, { sessionKey: `race-append-${i}`, channel: 'web' });
      if (!s.success) throw new Error(s.message);
      ids.push(s.session.id);
    }
    const appends = ids.flatMap((sessionId) =>
      Array.from({ length: 3 }, (_, i) =>
        appendCortexTurn(t().db, { sessionId, role: 'user', content: `t${i}` }),
      ),
    );
    const deletes = ids.map((id) =>
      t().db.delete(cortexSessions).where(eq(cortexSessions.id, id)).returning(),
    );
    const [appended, deleted] = await Promise.all([Promise.all(appends), Promise.all(deletes)]);
    expect(deleted.map((d) => d.length)).toEqual(ids.map(() => 1));
    for (const r of appended) if (!r.success) expect(r.error).toBe('SESSION_NOT_FOUND');
    expect(await t().db.select().from(cortexTurns).where(inArray(cortexTurns.sessionId, ids))).toEqual([]);
  });

  it('markPublished vs markPublishFailed racing on one entry → exactly one transition wins', async () => {
    for (let round = 0; round < 5; round++) {
      const q = await queuePublish(t().db, {
        turnId: `race-${round}`,
        userId: 'u',
        channel: 'slack',
        contentType: 'report',
      });
      if (!q.success) throw new Error(q.message);
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          i % 2
            ? markPublished(t().db, { id: q.entry.id })
            : markPublishFailed(t().db, { id: q.entry.id, errorMessage: `e${i}` }),
        ),
      );
      const winners = results.filter((r) => r.success);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.success && r.error === 'PUBLISH_NOT_QUEUED')).toHaveLength(N - 1);
      const [row] = await t().db.select().from(cortexPublishLog).where(eq(cortexPublishLog.id, q.entry.id));
      const w = winners[0]!;
      if (!w.success) throw new Error('unreachable');
      // The stored row is the winner's: sent with sent_at, or failed with its message, never both.
      expect(row!.status).toBe(w.entry.status);
      expect(
        row!.status === 'sent' ? row!.sentAt !== null && row!.errorMessage === null : row!.sentAt === null,
      ).toBe(true);
    }
  });
});
