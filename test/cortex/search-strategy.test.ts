// Which statement matchKnowledge / matchConversations run, not only what they return: one prepared
// statement on the caller's handle (no transaction, no settings statements), and which of its scans
// ran — the exact scan (a selective filter) or the HNSW index scan in cortex.<table>_nearest (unfiltered
// or a broad filter), counted by PostgreSQL's per-transaction scan statistics. Every statement is
// recorded through a wrapper around the db handle (execute, transactions, prepared statements).
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { fillPlaceholders } from 'drizzle-orm/sql';
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
import { cosineSimilarity, prng, randomVector, type ScannedTable, scansOf } from './fixtures';

// One connection: the settings read after a search are those of the connection that ran it.
const t = useTestDb({ max: 1 });
const next = prng(20260315);
const dialect = new PgDialect();

type Executed = {
  sql: string;
  params: unknown[];
  /** Transaction nesting when it ran: 0 = on the caller's handle. */
  depth: number;
};

/** `db`, recording each statement executed through it (and through its transactions) into `log`. */
function recording(db: Database, log: Executed[], depth = 0): Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'execute') {
        return (query: SQLWrapper) => {
          log.push({ ...dialect.sqlToQuery(query.getSQL()), depth });
          return target.execute(query);
        };
      }
      if (prop === 'transaction') {
        return (fn: (tx: Database) => Promise<unknown>, config?: never) =>
          target.transaction((tx) => fn(recording(tx as unknown as Database, log, depth + 1)), config);
      }
      if (prop === 'session') {
        const session = Reflect.get(target, prop, target) as {
          prepareQuery(q: { sql: string; params: unknown[] }, ...rest: unknown[]): unknown;
        };
        return new Proxy(session, {
          get(s, sp) {
            if (sp !== 'prepareQuery') {
              const v = Reflect.get(s, sp, s);
              return typeof v === 'function' ? v.bind(s) : v;
            }
            return (q: { sql: string; params: unknown[] }, ...rest: unknown[]) => {
              const p = s.prepareQuery(q, ...rest) as {
                execute(v?: Record<string, unknown>): Promise<unknown>;
              };
              return {
                execute: (values: Record<string, unknown> = {}) => {
                  log.push({ sql: q.sql, params: fillPlaceholders(q.params, values), depth });
                  return p.execute(values);
                },
              };
            };
          },
        });
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
const KNOWLEDGE_COLUMNS = ['id', 'title', 'content', 'type'];
const CONVERSATION_COLUMNS = ['id', 'title', 'summary'];

/** Runs `fn` on a recording handle; returns its result and the statements it ran. */
async function recorded<T>(fn: (db: Database) => Promise<T>): Promise<{ result: T; log: Executed[] }> {
  const log: Executed[] = [];
  const result = await fn(recording(t().db, log));
  return { result, log };
}

const scans = <T>(table: ScannedTable, fn: (db: Database) => Promise<T>) => scansOf(t().db, table, fn);

const settings = async () =>
  rowsOf<{ ef: string | null; seqscan: string; iterative: string | null }>(
    await t().db.execute(sql`select current_setting('hnsw.ef_search', true) as ef,
      current_setting('enable_seqscan') as seqscan, current_setting('hnsw.iterative_scan', true) as iterative`),
  )[0]!;

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
  it('unfiltered matchKnowledge: one prepared statement on the caller handle, the index scan with the given efSearch', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, efSearch: 64 }),
    );
    expect(result.success && result.matches.map((m) => m.id)).toHaveLength(5);
    // No probe, no transaction, no settings statements: just the search.
    expect(log).toEqual([
      {
        ...text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), -1, 5, {}, undefined, 64)),
        depth: 0,
      },
    ]);
    expect(log[0]!.sql).toContain('from cortex."cortex_knowledge_nearest"(');
    expect(log[0]!.sql).not.toContain('probe');
    // The index was scanned (a table of 24 rows: without the function's enable_seqscan off the
    // planner would sort a seq scan), the table never read sequentially.
    const s = await scans('cortex_knowledge', (db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, efSearch: 64 }),
    );
    expect(s).toMatchObject({ index: 1, seq: 0 });
    expect(s.result).toEqual(result);
  });

  it.each([1, 64, 999, 1000])('efSearch %i is the ef the index scan is called with', async (efSearch) => {
    const q = randomVector(next);
    const { log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: 0, count: 3, efSearch }),
    );
    expect(log).toEqual([
      {
        ...text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), 0, 3, {}, undefined, efSearch)),
        depth: 0,
      },
    ]);
    expect(log[0]!.params).toEqual([vec(q), 3, efSearch, 0]);
  });

  it(`no efSearch: the index scan is called with ef ${MATCH_DEFAULT_EF_SEARCH}`, async () => {
    const q = randomVector(next);
    const { log } = await recorded((db) => matchKnowledge(db, { embedding: q, threshold: 0, count: 3 }));
    expect(log.map((e) => e.params)).toEqual([[vec(q), 3, MATCH_DEFAULT_EF_SEARCH, 0]]);
    const c = await recorded((db) => matchConversations(db, { embedding: q, threshold: 0, count: 3 }));
    expect(c.log.map((e) => e.params)).toEqual([[vec(q), 3, MATCH_DEFAULT_EF_SEARCH, 0]]);
  });

  it('unfiltered matchConversations: the index scan with its efSearch, every conversation found', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 200, efSearch: 7 }),
    );
    expect(result.success && result.matches.map((m) => m.id).sort()).toEqual(
      conversations.map((c) => c.id).sort(),
    );
    expect(log).toEqual([
      {
        ...text(
          nearestQuery('cortex_conversations', CONVERSATION_COLUMNS, vec(q), -1, 200, {}, undefined, 7),
        ),
        depth: 0,
      },
    ]);
    const s = await scans('cortex_conversations', (db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 200, efSearch: 7 }),
    );
    expect(s).toMatchObject({ index: 1, seq: 0, result });
  });

  it('type / userId given as undefined filter nothing: the same statement as when absent', async () => {
    const q = randomVector(next);
    const absent = await recorded((db) => matchKnowledge(db, { embedding: q, threshold: -1, count: 4 }));
    const undef = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 4, type: undefined, userId: undefined }),
    );
    expect(undef.log).toEqual(absent.log);
    expect(undef.result).toEqual(absent.result);
    expect(undef.log).toEqual([
      { ...text(nearestQuery('cortex_knowledge', KNOWLEDGE_COLUMNS, vec(q), -1, 4)), depth: 0 },
    ]);
    const conv = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 4, userId: undefined }),
    );
    expect(conv.log).toEqual([
      { ...text(nearestQuery('cortex_conversations', CONVERSATION_COLUMNS, vec(q), -1, 4)), depth: 0 },
    ]);
  });

  it(`a filter matching ${MATCH_EXACT_FILTER_MAX_ROWS + 1} rows: the probe and the index scan with that filter, in one statement`, async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'broad', efSearch: 33 }),
    );
    // None of those rows has an embedding.
    expect(result).toEqual({ success: true, matches: [] });
    expect(log).toEqual([
      {
        ...text(
          nearestQuery(
            'cortex_knowledge',
            KNOWLEDGE_COLUMNS,
            vec(q),
            -1,
            5,
            { type: 'broad' },
            undefined,
            33,
          ),
        ),
        depth: 0,
      },
    ]);
    expect(log[0]!.params).toEqual([vec(q), 'broad', 'broad', 5, 5, 33, 'broad', -1]);
    expect(log[0]!.sql).toContain(`limit ${MATCH_EXACT_FILTER_MAX_ROWS + 1}) matching`);
    // The index scan ran, the exact scan did not (the probe's scan is the one sequential scan).
    const s = await scans('cortex_knowledge', (db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'broad', efSearch: 33 }),
    );
    expect(s).toMatchObject({ index: 1, seq: 1, result });
  });
});

describe('the settings stay inside the search', () => {
  it('after searches on the connection, its settings are what they were before', async () => {
    const before = await settings();
    expect(before).toEqual({ ef: sessionEf, seqscan: 'on', iterative: sessionIterative });
    for (const efSearch of [1, 500]) {
      await matchKnowledge(t().db, { embedding: randomVector(next), threshold: -1, count: 3, efSearch });
      await matchKnowledge(t().db, {
        embedding: randomVector(next),
        threshold: -1,
        count: 3,
        type: 'rare',
        efSearch,
      });
      await matchConversations(t().db, { embedding: randomVector(next), threshold: -1, count: 3, efSearch });
      expect(await settings()).toEqual(before);
    }
  });

  it('the caller’s own settings in its transaction are kept (SET LOCAL and session-level)', async () => {
    const after = await t().db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('hnsw.ef_search', '77', true), set_config('hnsw.iterative_scan', 'strict_order', true)`,
      );
      await matchKnowledge(tx, { embedding: randomVector(next), threshold: -1, count: 3, efSearch: 300 });
      await matchConversations(tx, {
        embedding: randomVector(next),
        threshold: -1,
        count: 3,
        userId: 'erin',
      });
      return rowsOf(
        await tx.execute(sql`select current_setting('hnsw.ef_search') as ef,
          current_setting('hnsw.iterative_scan') as iterative, current_setting('enable_seqscan') as seqscan`),
      )[0];
    });
    expect(after).toEqual({ ef: '77', iterative: 'strict_order', seqscan: 'on' });
    expect(await settings()).toEqual({ ef: sessionEf, seqscan: 'on', iterative: sessionIterative });
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
    efSearch = MATCH_DEFAULT_EF_SEARCH,
  ) => ({
    ...text(nearestQuery(table, columns, vec(q), threshold, count, filters, undefined, efSearch)),
    depth: 0,
  });

  it('type matching 6 rows: one statement on the caller handle, the exact scan ran and the index scan did not', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 4, type: 'rare', efSearch: 64 }),
    );
    const rare = knowledge.filter((k) => k.type === 'rare');
    expect(result.success && result.matches.map((m) => m.id)).toEqual(exactTop(rare, q, 4));
    expect(result.success && result.matches.every((m) => m.type === 'rare')).toBe(true);
    expect(log).toEqual([exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 4, { type: 'rare' }, 64)]);
    // The exact form orders by an expression no index serves.
    expect(log[0]!.sql).toContain(') + 0\n      limit');
    // Two sequential scans (the probe, the exact scan), no index scan.
    const s = await scans('cortex_knowledge', (db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 4, type: 'rare', efSearch: 64 }),
    );
    expect(s).toMatchObject({ index: 0, seq: 2, result });
  });

  it(`a filter matching exactly ${MATCH_EXACT_FILTER_MAX_ROWS} rows still takes the exact scan`, async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'edge' }),
    );
    expect(result).toEqual({ success: true, matches: [] });
    expect(log).toEqual([exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 5, { type: 'edge' })]);
    const s = await scans('cortex_knowledge', (db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 5, type: 'edge' }),
    );
    expect(s).toMatchObject({ index: 0, seq: 2, result });
  });

  it('userId, and type + userId: the statement with both filters, the exact scan', async () => {
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
    expect(owner.log).toEqual([
      exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 3, { type: 'common', user_id: 'owner' }),
    ]);
    const s = await scans('cortex_knowledge', (db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 3, type: 'common', userId: 'owner' }),
    );
    expect(s).toMatchObject({ index: 0, seq: 2, result: owner.result });
    const nobody = await recorded((db) =>
      matchKnowledge(db, { embedding: q, threshold: -1, count: 3, userId: 'nobody' }),
    );
    expect(nobody.result).toEqual({ success: true, matches: [] });
    expect(nobody.log).toEqual([
      exactForm('cortex_knowledge', KNOWLEDGE_COLUMNS, q, -1, 3, { user_id: 'nobody' }),
    ]);
  });

  it('matchConversations with userId: the statement with the user filter, the exact scan', async () => {
    const q = randomVector(next);
    const { result, log } = await recorded((db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 4, userId: 'erin', efSearch: 5 }),
    );
    expect(result.success && result.matches.map((m) => m.id)).toEqual(exactTop(conversations, q, 4));
    expect(log).toEqual([
      exactForm('cortex_conversations', CONVERSATION_COLUMNS, q, -1, 4, { user_id: 'erin' }, 5),
    ]);
    const s = await scans('cortex_conversations', (db) =>
      matchConversations(db, { embedding: q, threshold: -1, count: 4, userId: 'erin', efSearch: 5 }),
    );
    expect(s).toMatchObject({ index: 0, seq: 2, result });
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
