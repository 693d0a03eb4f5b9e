import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as cortexModule from '../../src/cortex';
import {
  cortexChannelConfigs,
  cortexConversations,
  cortexMemory,
  cortexOauthTokens,
  cortexSessions,
  cortexTurns,
  insertCortexAuditLogSchema,
  insertCortexConversationSchema,
  insertCortexKnowledgeSchema,
  insertCortexMemorySchema,
  insertCortexOauthTokenSchema,
  insertCortexPublishLogSchema,
  insertCortexSessionSchema,
  insertCortexTurnSchema,
  schema,
  updateCortexMemorySchema,
  updateCortexPublishLogSchema,
} from '../../src/cortex';
import { rowsOf } from '../../src/db';
import {
  missingValidators,
  type RoundTripOptions,
  roundTrip,
  roundTripEntry,
  type SystemTables,
  strayValidators,
} from '../fixtures/round-trip';
import { expectPgError, useTestDb } from '../support';
import { prng, randomVector } from './fixtures';

const t = useTestDb();
const next = prng(7);

/** Cortex for the round-trip harness: every entity is the singular of its table's TS name. */
const cortex: SystemTables = { tables: cortexModule.tables, module: cortexModule };

/** insert-schema parse → insert → select → select-schema parse (test/fixtures/round-trip.ts). */
async function trip(
  key: keyof typeof cortexModule.tables,
  input: Record<string, unknown>,
  options?: RoundTripOptions,
) {
  return (await roundTrip(t().db, roundTripEntry(cortex, key), input, options)).back;
}

async function newSession(key = `s-${Math.random()}`) {
  const [s] = await t()
    .db.insert(cortexSessions)
    .values(insertCortexSessionSchema.parse({ sessionKey: key, channel: 'web' }))
    .returning();
  return s!;
}

describe('cortex tables: round trips through the validators', () => {
  it('every table has its validators; the append-only logs have no update schema', () => {
    expect(missingValidators(cortex)).toEqual(['cortexAuditLog.update', 'cortexTurns.update']);
    expect(strayValidators(cortex)).toEqual([]);
  });

  it('update validators take a partial row and refuse a bad value at its path', () => {
    const sentAt = new Date('2026-02-25T10:00:00Z');
    const cases: [z.ZodType, Record<string, unknown>, Record<string, unknown>, string][] = [
      [updateCortexMemorySchema, { value: 'green', confidence: 1 }, { confidence: 1.5 }, 'confidence'],
      [updateCortexPublishLogSchema, { status: 'sent', sentAt }, { status: 'pending' }, 'status'],
      [
        updateCortexPublishLogSchema,
        { status: 'failed', errorMessage: 'HTTP 500' },
        { sentAt: 'x' },
        'sentAt',
      ],
    ];
    for (const [schema, partial, bad, path] of cases) {
      expect(schema.parse(partial)).toEqual(partial);
      expect(schema.safeParse(bad).error?.issues.map((i) => i.path)).toEqual([[path]]);
    }
  });

  it('the publish log update schema takes only what the database lets change (status, sent_at, error_message)', () => {
    for (const key of ['turnId', 'userId', 'channel', 'contentType', 'formattedContent', 'createdAt']) {
      const issues = updateCortexPublishLogSchema.safeParse({ status: 'sent', [key]: 'x' }).error?.issues;
      expect(issues?.map((i) => [i.code, (i as { keys?: string[] }).keys])).toEqual([
        ['unrecognized_keys', [key]],
      ]);
    }
  });

  it('cortex_sessions', async () => {
    const parsed = await trip('cortexSessions', { sessionKey: 'rt-1', channel: 'api', metadata: { a: 1 } });
    expect(parsed).toMatchObject({ sessionKey: 'rt-1', channel: 'api', userId: 'owner', metadata: { a: 1 } });
    expect(parsed.createdAt).toBeInstanceOf(Date);
  });

  it('cortex_turns (nullable content, numeric cost)', async () => {
    const s = await newSession();
    const back = await trip('cortexTurns', {
      sessionId: s.id,
      role: 'tool_call',
      content: null,
      metadata: { tool: 'search' },
      tokensIn: 12,
      tokensOut: 34,
      costUsd: 0.001234,
    });
    expect(back).toMatchObject({
      sessionId: s.id,
      role: 'tool_call',
      content: null,
      tokensIn: 12,
      tokensOut: 34,
      costUsd: 0.001234,
    });
    expect(() => insertCortexTurnSchema.parse({ sessionId: s.id, role: 'system' })).toThrow();
  });

  it('cortex_audit_log (no session needed)', async () => {
    const back = await trip('cortexAuditLog', {
      action: 'tool.executed',
      tool: 'web_search',
      params: { q: 'x' },
      result: ['a', 'b'],
      channel: 'web',
      triggeredBy: 'cron',
    });
    expect(back).toMatchObject({
      sessionId: null,
      action: 'tool.executed',
      params: { q: 'x' },
      result: ['a', 'b'],
      triggeredBy: 'cron',
    });
    expect(() => insertCortexAuditLogSchema.parse({ action: 'x', triggeredBy: 'robot' })).toThrow();
  });

  it('cortex_conversations with a 1536-d embedding and tags', async () => {
    const s = await newSession();
    const embedding = randomVector(next);
    const parsed = await trip(
      'cortexConversations',
      {
        sessionId: s.id,
        channel: 'web',
        title: 'Hello.',
        summary: 'Hello. More.',
        embedding,
        tags: ['a', 'b'],
        turnCount: 3,
      },
      { approximate: ['embedding'] },
    );
    expect(parsed).toMatchObject({ sessionId: s.id, userId: 'owner', tags: ['a', 'b'], turnCount: 3 });
    expect(parsed.embedding).toHaveLength(1536);
    // pgvector stores float4; PGlite's float text conversion can be a couple of float4 ulps off.
    for (const [i, v] of (parsed.embedding as number[]).entries()) {
      const f = Math.fround(embedding[i]!);
      expect(Math.abs(v - f)).toBeLessThanOrEqual(Math.abs(f) * 2 ** -20);
    }
    expect(() => insertCortexConversationSchema.parse({ sessionId: s.id, embedding: [1, 2, 3] })).toThrow();
  });

  it('cortex_knowledge', async () => {
    const back = await trip(
      'cortexKnowledge',
      {
        title: 'Note',
        content: 'body',
        embedding: randomVector(next),
        source: 'manual',
        metadata: { tags: ['x'] },
      },
      { approximate: ['embedding'] },
    );
    expect(back).toMatchObject({
      userId: 'owner',
      type: 'note',
      title: 'Note',
      content: 'body',
      metadata: { tags: ['x'] },
    });
    expect(() =>
      insertCortexKnowledgeSchema.parse({ content: 'x', embedding: Array(1536).fill(0) }),
    ).toThrow();
  });

  it('cortex_memory (confidence default 0.8)', async () => {
    const back = await trip('cortexMemory', { key: 'fav.color', value: 'blue' });
    expect(back).toMatchObject({
      key: 'fav.color',
      value: 'blue',
      confidence: 0.8,
      sourceConversationId: null,
    });
    expect(() => insertCortexMemorySchema.parse({ key: 'k', value: 'v', confidence: 1.5 })).toThrow();
    expect(updateCortexMemorySchema.parse({ value: 'green' })).toEqual({ value: 'green' });
  });

  it('cortex_publish_log', async () => {
    const input = {
      turnId: 'turn-1',
      userId: 'u1',
      channel: 'linkedin',
      contentType: 'verdict',
      formattedContent: 'text',
      verdictCardUrl: 'https://x.supabase.co/storage/v1/card.png',
    };
    const back = await trip('cortexPublishLog', input);
    expect(back).toMatchObject({
      status: 'queued',
      sentAt: null,
      errorMessage: null,
      channel: 'linkedin',
    });
    expect(() =>
      insertCortexPublishLogSchema.parse({
        ...insertCortexPublishLogSchema.parse(input),
        channel: 'myspace',
      }),
    ).toThrow();
  });

  it('cortex_oauth_tokens (token text stored as given)', async () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    const input = {
      userId: 'u1',
      channel: 'x',
      accessToken: 'ciphertext-a',
      refreshToken: null,
      expiresAt,
      scopes: ['tweet.write'],
    };
    const back = await trip('cortexOauthTokens', input);
    expect(back).toMatchObject({
      accessToken: 'ciphertext-a',
      refreshToken: null,
      expiresAt,
      scopes: ['tweet.write'],
    });
    expect(() =>
      insertCortexOauthTokenSchema.parse({
        ...insertCortexOauthTokenSchema.parse(input),
        channel: 'whatsapp',
      }),
    ).toThrow();
  });

  it('cortex_channel_configs (enabled default true)', async () => {
    const back = await trip('cortexChannelConfigs', { userId: 'u1', channel: 'telegram', config: { k: 1 } });
    expect(back).toMatchObject({ enabled: true, config: { k: 1 } });
  });

  it('schema object carries all nine tables', () => {
    const names = Object.keys(schema).filter((k) => !k.endsWith('Relations'));
    expect(names).toHaveLength(9);
  });
});

describe('cortex tables: constraints', () => {
  it('session_key is unique', async () => {
    await newSession('dup-key');
    await expectPgError(newSession('dup-key'), '23505', 'cortex_sessions_session_key_key');
  });

  it('turns need an existing session; deleting a session cascades to turns and its conversation', async () => {
    await expectPgError(
      t().db.insert(cortexTurns).values({ sessionId: crypto.randomUUID(), role: 'user' }),
      '23503',
      'cortex_turns_session_id_fkey',
    );
    const s = await newSession();
    await t().db.insert(cortexTurns).values({ sessionId: s.id, role: 'user', content: 'hi' });
    const [c] = await t().db.insert(cortexConversations).values({ sessionId: s.id }).returning();
    await t()
      .db.insert(cortexMemory)
      .values({ key: `from-${s.id}`, value: 'v', sourceConversationId: c!.id });
    await t().db.delete(cortexSessions).where(eq(cortexSessions.id, s.id));
    expect(await t().db.select().from(cortexTurns).where(eq(cortexTurns.sessionId, s.id))).toEqual([]);
    expect(
      await t().db.select().from(cortexConversations).where(eq(cortexConversations.sessionId, s.id)),
    ).toEqual([]);
    // The fact survives its conversation.
    const [m] = await t()
      .db.select()
      .from(cortexMemory)
      .where(eq(cortexMemory.key, `from-${s.id}`));
    expect(m!.sourceConversationId).toBeNull();
  });

  it('one archived conversation per session (idx_conversations_session)', async () => {
    const s = await newSession();
    await t().db.insert(cortexConversations).values({ sessionId: s.id });
    await expectPgError(
      t().db.insert(cortexConversations).values({ sessionId: s.id }),
      '23505',
      'idx_conversations_session',
    );
    await expectPgError(
      t().db.insert(cortexConversations).values({ sessionId: crypto.randomUUID() }),
      '23503',
      'cortex_conversations_session_id_fkey',
    );
  });

  it('embeddings must have 1536 dimensions', async () => {
    await expectPgError(
      t().db.execute(sql`insert into cortex.cortex_knowledge (content, embedding) values ('x', '[1,2,3]')`),
      '22000',
    );
  });

  it('memory key is unique and its source must exist', async () => {
    await t().db.insert(cortexMemory).values({ key: 'k-unique', value: 'a' });
    await expectPgError(
      t().db.insert(cortexMemory).values({ key: 'k-unique', value: 'b' }),
      '23505',
      'cortex_memory_key_key',
    );
    await expectPgError(
      t()
        .db.insert(cortexMemory)
        .values({ key: 'k-fk', value: 'b', sourceConversationId: crypto.randomUUID() }),
      '23503',
      'cortex_memory_source_conversation_id_fkey',
    );
  });

  it('publish status is one of queued/sent/failed', async () => {
    await expectPgError(
      t().db.execute(
        sql`insert into cortex.cortex_publish_log (turn_id, user_id, channel, status, content_type)
            values ('t', 'u', 'x', 'pending', 'verdict')`,
      ),
      '23514',
      'cortex_publish_log_status_check',
    );
  });

  it('one oauth token row and one config per (user_id, channel)', async () => {
    await t().db.insert(cortexOauthTokens).values({ userId: 'dup', channel: 'slack', accessToken: 'a' });
    await expectPgError(
      t().db.insert(cortexOauthTokens).values({ userId: 'dup', channel: 'slack', accessToken: 'b' }),
      '23505',
      'cortex_oauth_tokens_user_id_channel_key',
    );
    await t().db.insert(cortexChannelConfigs).values({ userId: 'dup', channel: 'email' });
    await expectPgError(
      t().db.insert(cortexChannelConfigs).values({ userId: 'dup', channel: 'email' }),
      '23505',
      'cortex_channel_configs_user_id_channel_key',
    );
  });

  it('documented indexes exist with their names', async () => {
    const names = rowsOf<{ indexname: string }>(
      await t().db.execute(sql`select indexname from pg_indexes where schemaname = 'cortex' order by 1`),
    ).map((r) => r.indexname);
    expect(names).toEqual(
      expect.arrayContaining([
        'idx_turns_session',
        'idx_audit_created',
        'idx_conversations_session',
        'idx_publish_log_user',
        'idx_publish_log_turn',
        'idx_oauth_tokens_user_channel',
        'idx_channel_configs_user',
        'cortex_conversations_embedding_idx',
        'cortex_knowledge_embedding_idx',
      ]),
    );
    const hnsw = rowsOf<{ indexdef: string }>(
      await t().db.execute(
        sql`select indexdef from pg_indexes where schemaname = 'cortex' and indexname like '%embedding_idx' order by 1`,
      ),
    ).map((r) => r.indexdef);
    for (const def of hnsw) expect(def).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
  });

  it('updated_at is kept current by the database', async () => {
    const s = await newSession();
    await t().db.execute(sql`update cortex.cortex_sessions set created_at = now() - interval '1 day',
      updated_at = now() - interval '1 day' where id = ${s.id}`);
    await t().db.update(cortexSessions).set({ channel: 'api' }).where(eq(cortexSessions.id, s.id));
    const [r] = rowsOf<{ fresh: boolean }>(
      await t().db.execute(
        sql`select updated_at > created_at + interval '1 hour' as fresh from cortex.cortex_sessions where id = ${s.id}`,
      ),
    );
    expect(r!.fresh).toBe(true);
  });
});
