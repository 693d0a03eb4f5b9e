// Total functions at the boundaries: over-long values for indexed columns, integers past int4,
// numeric(10,6) rounding, dates outside the kit's timestamp range, JSON that PostgreSQL cannot store, upper-case
// uuids and a missing keyring. Each failure is a documented code and writes nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendCortexTurn,
  archiveConversation,
  getCortexOAuthToken,
  logCortexAction,
  markPublished,
  matchConversations,
  matchKnowledge,
  putCortexOAuthToken,
  queuePublish,
  rememberFact,
  rotateCortexOAuthTokens,
  startCortexSession,
  upsertChannelConfig,
} from '../../src/cortex';
import { Keyring } from '../../src/crypto';
import { rowCounts, systemSchemas } from '../contract/contract';
import { useTestDb } from '../support';
import { prng, randomVector } from './fixtures';

const t = useTestDb();
const next = prng(7);
const counts = () => rowCounts(t().db, systemSchemas.cortex);
async function refused(fn: () => Promise<unknown>, code = 'INVALID_INPUT') {
  const before = await counts();
  expect(await fn()).toMatchObject({ success: false, error: code });
  expect(await counts()).toEqual(before);
}
const huge = 'k'.repeat(10_000_000);
const cyclic = () => {
  const o: Record<string, unknown> = {};
  o.self = o;
  return o;
};
const deep = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
async function session(key: string, userId?: string) {
  const r = await startCortexSession(t().db, { sessionKey: key, channel: 'web', userId });
  if (!r.success) throw new Error(r.message);
  return r.session;
}

describe('over-long values for indexed text columns → INVALID_INPUT, never 54000', () => {
  it('sessionKey, fact key, userId, turnId, channel config keys', async () => {
    const db = t().db;
    await refused(() => startCortexSession(db, { sessionKey: huge, channel: 'web' }));
    await refused(() => startCortexSession(db, { sessionKey: 'k', channel: 'web', userId: huge }));
    await refused(() => rememberFact(db, { key: huge, value: 'v' }));
    await refused(() =>
      queuePublish(db, { turnId: huge, userId: 'u', channel: 'x', contentType: 'verdict' }),
    );
    await refused(() =>
      queuePublish(db, { turnId: 't', userId: huge, channel: 'x', contentType: 'verdict' }),
    );
    await refused(() => upsertChannelConfig(db, { userId: huge, channel: 'email', config: {} }));
    await refused(() => upsertChannelConfig(db, { userId: 'u', channel: huge, config: {} }));
    // 1,000 bytes are the limit: 1,000 accepted, 1,001 refused (also counted in UTF-8 bytes).
    expect(await startCortexSession(db, { sessionKey: 'x'.repeat(1000), channel: 'web' })).toMatchObject({
      success: true,
    });
    await refused(() => startCortexSession(db, { sessionKey: 'x'.repeat(1001), channel: 'web' }));
    await refused(() => rememberFact(db, { key: 'é'.repeat(501), value: 'v' }));
    expect(await rememberFact(db, { key: 'é'.repeat(500), value: 'v' })).toMatchObject({ success: true });
  });
});

describe('numbers past their columns', () => {
  it('appendCortexTurn: tokens past int4, cost that rounds past numeric(10,6)', async () => {
    const db = t().db;
    const s = await session('bounds-turns');
    await refused(() => appendCortexTurn(db, { sessionId: s.id, role: 'user', tokensIn: 3e9 }));
    await refused(() => appendCortexTurn(db, { sessionId: s.id, role: 'user', tokensOut: 2 ** 31 }));
    await refused(() => appendCortexTurn(db, { sessionId: s.id, role: 'user', costUsd: 9999.9999995 }));
    await refused(() => appendCortexTurn(db, { sessionId: s.id, role: 'user', costUsd: 1e7 }));
    expect(
      await appendCortexTurn(db, {
        sessionId: s.id,
        role: 'user',
        costUsd: 9999.999999,
        tokensIn: 2 ** 31 - 1,
      }),
    ).toMatchObject({ success: true, turn: { costUsd: 9999.999999 } });
  });

  it('archiveConversation turnCount, match count / efSearch past int4', async () => {
    const db = t().db;
    const s = await session('bounds-archive');
    await refused(() => archiveConversation(db, { sessionId: s.id, turnCount: 2 ** 31 }));
    const embedding = randomVector(next);
    await refused(() => matchKnowledge(db, { embedding, threshold: 0, count: 2 ** 31 }));
    await refused(() => matchConversations(db, { embedding, threshold: 0, count: 5, efSearch: 2 ** 40 }));
  });
});

describe('embeddings: a bad one is INVALID_EMBEDDING wherever it is', () => {
  it('NaN / Infinity inside the embedding of archiveConversation and the searches', async () => {
    const db = t().db;
    const s = await session('bounds-embedding');
    const nan = randomVector(next);
    nan[3] = Number.NaN;
    const inf = randomVector(next);
    inf[0] = Number.POSITIVE_INFINITY;
    for (const embedding of [nan, inf]) {
      await refused(() => archiveConversation(db, { sessionId: s.id, embedding }), 'INVALID_EMBEDDING');
      await refused(() => matchKnowledge(db, { embedding, threshold: 0, count: 1 }), 'INVALID_EMBEDDING');
    }
    // NaN elsewhere in the input is INVALID_INPUT.
    await refused(() =>
      matchKnowledge(db, { embedding: randomVector(next), threshold: Number.NaN, count: 1 }),
    );
  });
});

describe('JSON PostgreSQL cannot store → INVALID_INPUT', () => {
  it('BigInt, cycles, NaN, NUL, 2,000 levels deep in params / metadata / config', async () => {
    const db = t().db;
    const s = await session('bounds-json');
    for (const bad of [{ n: 10n }, cyclic(), { x: Number.NaN }, { s: 'a\u0000b' }, deep(2000), [() => 1]]) {
      await refused(() => logCortexAction(db, { action: 'a', triggeredBy: 'user', params: bad }));
      await refused(() => logCortexAction(db, { action: 'a', triggeredBy: 'user', result: bad }));
      await refused(() => appendCortexTurn(db, { sessionId: s.id, role: 'user', metadata: bad as never }));
      await refused(() => upsertChannelConfig(db, { userId: 'u', channel: 'email', config: bad as never }));
      await refused(() =>
        startCortexSession(db, { sessionKey: 'bounds-json-2', channel: 'web', metadata: bad as never }),
      );
    }
  });
});

describe('upper-case uuids are the same ids', () => {
  it('appendCortexTurn, archiveConversation, rememberFact, markPublished', async () => {
    const db = t().db;
    const s = await session('bounds-upper');
    const up = s.id.toUpperCase();
    expect(await appendCortexTurn(db, { sessionId: up, role: 'user' })).toMatchObject({
      success: true,
      turn: { sessionId: s.id },
    });
    const c = await archiveConversation(db, { sessionId: up, summary: 'Up.' });
    expect(c).toMatchObject({ success: true, conversation: { sessionId: s.id, turnCount: 1 } });
    if (!c.success) return;
    expect(
      await rememberFact(db, {
        key: 'bounds.upper',
        value: 'v',
        sourceConversationId: c.conversation.id.toUpperCase(),
      }),
    ).toMatchObject({ success: true, memory: { sourceConversationId: c.conversation.id } });
    const q = await queuePublish(db, { turnId: 't', userId: 'u', channel: 'x', contentType: 'verdict' });
    if (!q.success) throw new Error(q.message);
    expect(await markPublished(db, { id: q.entry.id.toUpperCase(), userId: 'u' })).toMatchObject({
      success: true,
    });
  });
});

describe('OAuth tokens: dates and the keyring argument', () => {
  const keyring = new Keyring([[1, randomBytes(32)]]);
  it('expiresAt outside the timestamp range or a numeric string → INVALID_INPUT; ISO strings accepted', async () => {
    const db = t().db;
    const base = { userId: 'bounds-oauth', channel: 'x' as const, accessToken: 'a' };
    for (const expiresAt of [
      new Date('+010000-01-01T00:00:00Z'),
      new Date(-62_198_755_200_000),
      '5',
      '2026-13-45',
    ]) {
      await refused(() => putCortexOAuthToken(db, { ...base, expiresAt: expiresAt as never }, keyring));
    }
    expect(
      await putCortexOAuthToken(db, { ...base, expiresAt: '2030-01-01T00:00:00Z' as never }, keyring),
    ).toMatchObject({
      success: true,
    });
    expect(await getCortexOAuthToken(db, { userId: 'bounds-oauth', channel: 'x' }, keyring)).toMatchObject({
      success: true,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('a missing keyring is INVALID_INPUT, not a TypeError', async () => {
    const db = t().db;
    await refused(() =>
      putCortexOAuthToken(db, { userId: 'u', channel: 'x', accessToken: 'a' }, undefined as never),
    );
    await refused(() => getCortexOAuthToken(db, { userId: 'u', channel: 'x' }, {} as never));
    await refused(() => rotateCortexOAuthTokens(db, {}, undefined as never));
    await refused(() => rotateCortexOAuthTokens(db, { batchSize: 2 ** 31 }, keyring));
  });
});
