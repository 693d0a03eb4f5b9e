// Which query matchKnowledge / matchConversations run, not only what they return: the exact scan
// (a selective filter) or the HNSW index scan (unfiltered or a broad filter) inside the vector-search
// settings with the caller's efSearch. Every statement is recorded through a wrapper around the db
// handle, together with the settings in force when it ran.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cortexConversations,
  cortexKnowledge,
  cortexSessions,
  EMBEDDING_DIMENSIONS,
  MATCH_DEFAULT_EF_SEARCH,
  MATCH_EXACT_FILTER_MAX_ROWS,
  matchConversations,
  matchKnowledge,
  type NearestFilters,
} from '../../src/cortex';
// Internal: not exported from the package.
import { nearestQuery } from '../../src/cortex/nearest';
import { type Database, rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { cosineSimilarity, prng, randomVector } from './fixtures';

const t = useTestDb();
const next = prng(20260315);
const dialect = new PgDialect();

type Executed = {
  sql: string;
  params: unknown[];
  /** Transaction nesting when it ran: 0 = on the caller's handle. */
  depth: number;
  efSearch: string | null;
  seqscan: string;
  iterative: string | null;
};

/** `db`, recording each statement executed through it (and through its transactions) into `log`. */
function recording(db: Database, log: Executed[], depth = 0): Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'execute') {
        return async (query: SQLWrapper) => {
          const { sql: text, params } = dialect.sqlToQuery(query.getSQL());
          const [s] = rowsOf<{ ef: string | null; seqscan: string; iterative: string | null }>(
            await target.execute(sql`select current_setting('hnsw.ef_search', true) as ef,
              current_setting('enable_seqscan') as seqscan, current_setting('hnsw.iterative_scan', true) as iterative`),
          );
          log.push({
            sql: text,
            params,
            depth,
            efSearch: s!.ef,
            seqscan: s!.seqscan,
            iterative: s!.iterative,
          });
          return target.execute(query);
        };
      }
      if (prop === 'transaction') {
        return (fn: (tx: Database) => Promise<unknown>, config?: never) =>
          target.transaction((tx) => fn(recording(tx as unknown as Database, log, depth + 1)), config);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const vec = (q: number[]) => `[${q.join(',')}]`;
const text = (q: SQL) => {
  const { sql: t, params } = dialect.sqlToQuery(q);
  return { sql: t, params };
};
const isNearest = (e: Executed) => e.sql.includes('with nearest as materialized');
const isProbe = (e: Executed) => e.sql.startsWith('select count(*)::int as n from (select 1 from');
const KNOWLEDGE_COLUMNS = ['id', 'title', 'content', 'type'];

/** Runs `fn` on a recording handle; returns its result and the statements it ran. */
async function recorded<T>(fn: (db: Database) => Promise<T>): Promise<{ result: T; log: Executed[] }> {
  const log: Executed[] = [];
  const result = await fn(recording(t().db, log));
  return { result, log };
}

/** The session's own hnsw.ef_search and hnsw.iterative_scan (outside any search). */
let sessionEf: string | null;
let sessionIterative: string | null;
const knowledge: { id: string; type: string; embedding: number[] }[] = [];
const conversations: { id: string; embedding: number[] }[] = [];

beforeAll(async () => {
  const { db } = t();
  const rows = Array.from({ length: 24 }, (_, i) => ({
    title: `s${i}`,
    content: `strategy ${i}`,
    type: i % 4 === 0 ? 'rare' : 'common',
    embedding: randomVector(next),
  }));
  const ids = await db.insert(cortexKnowledge).values(rows).returning({ id: cortexKnowledge.id });
  for (const [i, r] of ids.entries())
    knowledge.push({ id: r.id, type: rows[i]!.type, embedding: rows[i]!.embedding });
  // Rows without an embedding still count for the filter probe (and are never matched):
  // 'edge' matches exactly MATCH_EXACT_FILTER_MAX_ROWS rows, 'broad' one more.
  await db.execute(sql`insert into cortex.cortex_knowledge (content, type)
    select 'probe ' || g, case when g <= ${MATCH_EXACT_FILTER_MAX_ROWS}::int then 'edge' else 'broad' end
    from generate_series(1, ${2 * MATCH_EXACT_FILTER_MAX_ROWS + 1}::int) g`);
  const sessions = await db
    .insert(cortexSessions)
    .values(
      Array.from({ length: 6 }, (_, i) => ({ sessionKey: `strategy-${i}`, channel: 'web', userId: 'erin' })),
    )
    .returning({ id: cortexSessions.id });
  const convs = sessions.map((s, i) => ({
    sessionId: s.id,
    userId: 'erin',
    title: `e${i}`,
    summary: `summary ${i}`,
    embedding: randomVector(next),
  }));
  const cids = await db.insert(cortexConversations).values(convs).returning({ id: cortexConversations.id });
  for (const [i, r] of cids.entries()) conversations.push({ id: r.id, embedding: convs[i]!.embedding });
  [{ ef: sessionEf, iterative: sessionIterative }] = rowsOf<{ ef: string | null; iterative: string | null }>(
    await db.execute(sql`select current_setting('hnsw.ef_search', true) as ef,
      current_setting('hnsw.iterative_scan', true) as iterative`),
  ) as [{ ef: string | null; iterative: string | null }];
}, 120_000);

function exactTop(rows: { id: string; embedding: number[] }[], q: number[], count: number) {
  return rows
    .map((r) => ({ id: r.id, similarity: cosineSimilarity(q, r.embedding) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, count)
    .map((r) => r.id);
}

describe('the HNSW index scan: unfiltered searches and broad filters', () => {
  it('unfiltered matchKnowledge: no probe, the index query form inside the settings, with the given efSearch', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, efSearch: 64 }),
    );
    expect(result.success && result.matches.map((m) => m.id)).toHaveLength(5);
    expect(log.filter(isProbe)).toEqual([]);
    const nearest = log.filter(isNearest);
    expect(nearest).toEqual([
      {
        ...text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), -1, 5)),
        depth: 1,
        efSearch: '64',
        seqscan: 'off',
        iterative: 'relaxed_order',
      },
    ]);
    // The settings are set before the query, in its transaction, and restored after it.
    expect(log.map((e) => e.depth)).toEqual([1, 1, 1, 1]);
    expect(log.at(-1)).toMatchObject({ efSearch: '64' });
    expect(log[0]).toMatchObject({ efSearch: sessionEf, seqscan: 'on' });
  });

  it.each([1, 64, 999, 1000])(
    'efSearch %i is the hnsw.ef_search the index query runs with',
    async (efSearch) => {
      const q = randomVector(next);
      const { log } = await recorded((db) =>
        matchKnowledge(db, { embedding: q, threshold: 0, count: 3, efSearch }),
      );
      expect(log.filter(isNearest).map((e) => e.efSearch)).toEqual([String(efSearch)]);
    },
  );

  it(`no efSearch: the index query runs with hnsw.ef_search ${MATCH_DEFAULT_EF_SEARCH}`, async () => {
    const q = randomVector(next);
    const { log } = await recorded((db) => matchKnowledge(db, { embedding: q, threshold: 0, count: 3 }));
    expect(log.filter(isNearest).map((e) => e.efSearch)).toEqual([String(MATCH_DEFAULT_EF_SEARCH)]);
    const c = await recorded((db) => matchConversations(db, { embedding: q, threshold: 0, count: 3 }));
    expect(c.log.filter(isNearest).map((e) => e.efSearch)).toEqual([String(MATCH_DEFAULT_EF_SEARCH)]);
  });

  it('unfiltered matchConversations: the index query form with its efSearch, every conversation found', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 200, efSearch: 7 }),
    );
    expect(result.success && result.matches.map((m) => m.id).sort()).toEqual(
      conversations.map((c) => c.id).sort(),
    );
    expect(log.filter(isProbe)).toEqual([]);
    expect(log.filter(isNearest)).toEqual([
      {
        ...text(nearestQuery('cortex_conversations', ['id', 'title', 'summary'], vec(q), -1, 200)),
        depth: 1,
        efSearch: '7',
        seqscan: 'off',
        iterative: 'relaxed_order',
      },
    ]);
  });

  it('type / userId given as undefined filter nothing: the same statements as when absent', async () => {
    const q = randomVector(next);
    const absent = await recorded((db) => matchKnowledge(db, { embedding: q, threshold: -1, count: 4 }));
    const undef = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 4, type: undefined, userId: undefined }),
    );
    expect(undef.log).toEqual(absent.log);
    expect(undef.result).toEqual(absent.result);
    expect(undef.log.filter(isProbe)).toEqual([]);
    expect(undef.log.filter(isNearest).map((e) => [e.sql, e.params])).toEqual([
      Object.values(text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), -1, 4))),
    ]);
    const conv = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 4, userId: undefined }),
    );
    expect(conv.log.filter(isProbe)).toEqual([]);
    expect(conv.log.filter(isNearest).map((e) => [e.sql, e.params])).toEqual([
      Object.values(text(nearestQuery('cortex_conversations', ['id', 'title', 'summary'], vec(q), -1, 4))),
    ]);
  });

  it(`a filter matching ${MATCH_EXACT_FILTER_MAX_ROWS + 1} rows: probed, then the index query with that filter`, async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'broad', efSearch: 33 }),
    );
    // None of those rows has an embedding.
    expect(result).toEqual({ success: true, matches: [] });
    expect(log.filter(isProbe)).toHaveLength(1);
    expect(log.filter(isProbe)[0]!.params).toEqual(['broad', MATCH_EXACT_FILTER_MAX_ROWS + 1]);
    expect(log.filter(isNearest)).toEqual([
      {
        ...text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), -1, 5, { type: 'broad' })),
        depth: 1,
        efSearch: '33',
        seqscan: 'off',
        iterative: 'relaxed_order',
      },
    ]);
  });
});

describe('the exact scan: selective filters', () => {
  const exactForm = (
    table: 'cortex_knowledge' | 'cortex_conversations',
    columns: string[],
    q: number[],
    threshold: number,
    count: number,
    filters: NearestFilters,
  ) => ({
    ...text(nearestQuery(table, columns, vec(q), threshold, count, filters, true)),
    depth: 0,
    efSearch: sessionEf,
    seqscan: 'on',
    iterative: sessionIterative,
  });

  it('type matching 6 rows: probe, then the exact query on the caller handle (no settings, no transaction)', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 4, type: 'rare', efSearch: 64 }),
    );
    const rare = knowledge.filter((k) => k.type === 'rare');
    expect(result.success && result.matches.map((m) => m.id)).toEqual(exactTop(rare, q, 4));
    expect(result.success && result.matches.every((m) => m.type === 'rare')).toBe(true);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ depth: 0, params: ['rare', MATCH_EXACT_FILTER_MAX_ROWS + 1] });
    expect(isProbe(log[0]!)).toBe(true);
    expect(log[1]).toEqual(exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 4, { type: 'rare' }));
    // The exact form orders by an expression no index serves.
    expect(log[1]!.sql).toContain(') + 0\n      limit');
  });

  it(`a filter matching exactly ${MATCH_EXACT_FILTER_MAX_ROWS} rows still takes the exact scan`, async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'edge' }),
    );
    expect(result).toEqual({ success: true, matches: [] });
    expect(log.filter(isNearest)).toEqual([
      exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 5, { type: 'edge' }),
    ]);
  });

  it('userId, and type + userId: the exact query with both filters', async () => {
    const q = randomVector(next);
    const owner = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 3, type: 'common', userId: 'owner' }),
    );
    expect(owner.result.success && owner.result.matches.map((m) => m.id)).toEqual(
      exactTop(
        knowledge.filter((k) => k.type === 'common'),
        q,
        3,
      ),
    );
    expect(owner.log.filter(isNearest)).toEqual([
      exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 3, { type: 'common', user_id: 'owner' }),
    ]);
    const nobody = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 3, userId: 'nobody' }),
    );
    expect(nobody.result).toEqual({ success: true, matches: [] });
    expect(nobody.log.filter(isNearest)).toEqual([
      exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 3, { user_id: 'nobody' }),
    ]);
  });

  it('matchConversations with userId: the exact query with the user filter', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 4, userId: 'erin', efSearch: 5 }),
    );
    expect(result.success && result.matches.map((m) => m.id)).toEqual(exactTop(conversations, q, 4));
    expect(log.filter(isNearest)).toEqual([
      exactForm('cortex_conversations', ['id', 'title', 'summary'], q, -1, 4, { user_id: 'erin' }),
    ]);
  });
});

describe('INVALID_EMBEDDING', () => {
  it('names the expected dimensions, and no statement runs', async () => {
    for (const embedding of [[1, 2, 3], Array(EMBEDDING_DIMENSIONS).fill(0)]) {
      for (const fn of [matchKnowledge, matchConversations]) {
        const { result, log } = await recorded<unknown>((db) =>
          fn(db, { embedding, threshold: 0, count: 5 }),
        );
        expect(result).toMatchObject({
          success: false,
          error: 'INVALID_EMBEDDING',
          message: `embedding must be exactly ${EMBEDDING_DIMENSIONS} finite numbers, not all zero`,
        });
        expect(log).toEqual([]);
      }
    }
    expect(EMBEDDING_DIMENSIONS).toBe(1536);
  });
});
