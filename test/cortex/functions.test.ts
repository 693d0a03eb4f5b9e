import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  appendCortexTurn,
  archiveConversation,
  cortexConversations,
  cortexMemory,
  cortexSessions,
  logCortexAction,
  markPublished,
  markPublishFailed,
  queuePublish,
  rememberFact,
  startCortexSession,
  upsertChannelConfig,
} from '../../src/cortex';
// Internal: not exported from the package.
import { firstSentence } from '../../src/cortex/internal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';
import { prng, randomVector } from './fixtures';

const t = useTestDb();
const next = prng(99);
const missing = '00000000-0000-4000-8000-000000000000';

async function session(key: string) {
  const r = await startCortexSession(t().db, { sessionKey: key, channel: 'web' });
  if (!r.success) throw new Error(r.message);
  return r.session;
}

describe('startCortexSession', () => {
  it('creates, then returns the same session for the same key', async () => {
    const a = await startCortexSession(t().db, { sessionKey: 'k1', channel: 'web', metadata: { ua: 'x' } });
    expect(a).toMatchObject({ success: true, created: true, session: { sessionKey: 'k1', userId: 'owner' } });
    const b = await startCortexSession(t().db, { sessionKey: 'k1', channel: 'api' });
    expect(b).toMatchObject({ success: true, created: false });
    if (a.success && b.success) {
      expect(b.session.id).toBe(a.session.id);
      expect(b.session.channel).toBe('web');
    }
  });

  it('a key owned by another user → SESSION_KEY_TAKEN', async () => {
    await startCortexSession(t().db, { sessionKey: 'k-owned', channel: 'web', userId: 'alice' });
    const r = await startCortexSession(t().db, { sessionKey: 'k-owned', channel: 'web', userId: 'bob' });
    expect(r).toMatchObject({ success: false, error: 'SESSION_KEY_TAKEN' });
  });

  it('bad input → INVALID_INPUT, nothing written', async () => {
    const before = await countRows(t().db, 'cortex.cortex_sessions');
    for (const input of [{ sessionKey: '  ', channel: 'web' }, { sessionKey: 'x' }, null]) {
      expect(await startCortexSession(t().db, input as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await countRows(t().db, 'cortex.cortex_sessions')).toBe(before);
  });
});

describe('appendCortexTurn', () => {
  it('appends turns with tokens and cost', async () => {
    const s = await session('turns-1');
    const r = await appendCortexTurn(t().db, {
      sessionId: s.id,
      role: 'assistant',
      content: 'hi',
      tokensIn: 10,
      tokensOut: 20,
      costUsd: 0.000321,
      metadata: { model: 'x' },
    });
    expect(r).toMatchObject({
      success: true,
      turn: {
        sessionId: s.id,
        role: 'assistant',
        content: 'hi',
        tokensIn: 10,
        tokensOut: 20,
        costUsd: 0.000321,
      },
    });
    const n = await appendCortexTurn(t().db, { sessionId: s.id, role: 'tool_result', content: null });
    expect(n).toMatchObject({ success: true, turn: { content: null, tokensIn: 0, costUsd: 0 } });
  });

  it('unknown session → SESSION_NOT_FOUND, and the caller transaction stays usable', async () => {
    const s = await session('turns-2');
    const result = await t().db.transaction(async (tx) => {
      const r = await appendCortexTurn(tx, { sessionId: missing, role: 'user', content: 'x' });
      const ok = await appendCortexTurn(tx, { sessionId: s.id, role: 'user', content: 'after' });
      return [r, ok];
    });
    expect(result[0]).toMatchObject({ success: false, error: 'SESSION_NOT_FOUND' });
    expect(result[1]).toMatchObject({ success: true });
  });

  it('bad role, negative tokens, cost too large → INVALID_INPUT', async () => {
    const s = await session('turns-3');
    for (const patch of [{ role: 'system' }, { tokensIn: -1 }, { costUsd: 10_000 }, { sessionId: 'nope' }]) {
      const r = await appendCortexTurn(t().db, { sessionId: s.id, role: 'user', ...patch } as never);
      expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    }
  });
});

describe('logCortexAction', () => {
  it('logs with or without a session', async () => {
    const r = await logCortexAction(t().db, {
      action: 'tool.denied',
      tool: 'shell',
      params: { cmd: 'rm' },
      result: { error: 'denied' },
      channel: 'web',
      triggeredBy: 'agent',
      sessionId: missing,
    });
    expect(r).toMatchObject({
      success: true,
      entry: { action: 'tool.denied', sessionId: missing, result: { error: 'denied' }, triggeredBy: 'agent' },
    });
    const bare = await logCortexAction(t().db, { action: 'chat.message', triggeredBy: 'user' });
    expect(bare).toMatchObject({ success: true, entry: { sessionId: null, params: null, tool: null } });
  });

  it('bad input → INVALID_INPUT', async () => {
    expect(await logCortexAction(t().db, { action: '', triggeredBy: 'user' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await logCortexAction(t().db, { action: 'x', triggeredBy: 'robot' } as never)).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });
});

describe('archiveConversation', () => {
  it('creates from the session (channel, user, turn count, title = first sentence), then updates in place', async () => {
    const s = await session('arch-1');
    await appendCortexTurn(t().db, { sessionId: s.id, role: 'user', content: 'a' });
    await appendCortexTurn(t().db, { sessionId: s.id, role: 'assistant', content: 'b' });
    const embedding = randomVector(next);
    const a = await archiveConversation(t().db, {
      sessionId: s.id,
      summary: 'Talked about pricing. Then about SEO!',
      embedding,
      tags: ['pricing'],
    });
    expect(a).toMatchObject({
      success: true,
      created: true,
      conversation: {
        sessionId: s.id,
        channel: 'web',
        userId: 'owner',
        title: 'Talked about pricing.',
        turnCount: 2,
        tags: ['pricing'],
      },
    });
    await appendCortexTurn(t().db, { sessionId: s.id, role: 'user', content: 'c' });
    const b = await archiveConversation(t().db, { sessionId: s.id, tags: ['pricing', 'seo'] });
    expect(b).toMatchObject({
      success: true,
      created: false,
      conversation: { turnCount: 3, tags: ['pricing', 'seo'] },
    });
    if (a.success && b.success) {
      expect(b.conversation.id).toBe(a.conversation.id);
      // Omitted fields keep their archived values.
      expect(b.conversation.title).toBe('Talked about pricing.');
      expect(b.conversation.embedding).toHaveLength(1536);
    }
    const c = await archiveConversation(t().db, {
      sessionId: s.id,
      embedding: null,
      title: 'T',
      turnCount: 7,
    });
    expect(c).toMatchObject({ success: true, conversation: { embedding: null, title: 'T', turnCount: 7 } });
    expect(
      await t().db.select().from(cortexConversations).where(eq(cortexConversations.sessionId, s.id)),
    ).toHaveLength(1);
  });

  it('unknown session → SESSION_NOT_FOUND; bad embedding → INVALID_EMBEDDING; bad input → INVALID_INPUT', async () => {
    expect(await archiveConversation(t().db, { sessionId: missing, summary: 'x' })).toMatchObject({
      success: false,
      error: 'SESSION_NOT_FOUND',
    });
    const s = await session('arch-2');
    expect(await archiveConversation(t().db, { sessionId: s.id, embedding: [1, 2, 3] })).toMatchObject({
      success: false,
      error: 'INVALID_EMBEDDING',
    });
    expect(await archiveConversation(t().db, { sessionId: s.id, turnCount: -1 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await countRows(t().db, 'cortex.cortex_conversations')).toBe(1);
  });

  it('firstSentence', () => {
    expect(firstSentence('One. Two.')).toBe('One.');
    expect(firstSentence('  No end  ')).toBe('No end');
    expect(firstSentence('v1.2 shipped! Yes')).toBe('v1.2 shipped!');
  });
});

describe('rememberFact', () => {
  it('inserts with default confidence, then upserts by key', async () => {
    const a = await rememberFact(t().db, { key: 'user.city', value: 'Berlin' });
    expect(a).toMatchObject({ success: true, created: true, memory: { value: 'Berlin', confidence: 0.8 } });
    const s = await session('mem-1');
    const conv = await archiveConversation(t().db, { sessionId: s.id, summary: 'Moved.' });
    if (!conv.success) throw new Error(conv.message);
    const b = await rememberFact(t().db, {
      key: 'user.city',
      value: 'Hamburg',
      confidence: 0.95,
      sourceConversationId: conv.conversation.id,
    });
    expect(b).toMatchObject({
      success: true,
      created: false,
      memory: { value: 'Hamburg', confidence: 0.95, sourceConversationId: conv.conversation.id },
    });
    const c = await rememberFact(t().db, { key: 'user.city', value: 'Hamburg, DE' });
    expect(c).toMatchObject({ memory: { confidence: 0.8, sourceConversationId: conv.conversation.id } });
    expect(await t().db.select().from(cortexMemory).where(eq(cortexMemory.key, 'user.city'))).toHaveLength(1);
  });

  it('unknown source conversation → CONVERSATION_NOT_FOUND; bad confidence → INVALID_INPUT', async () => {
    expect(await rememberFact(t().db, { key: 'k', value: 'v', sourceConversationId: missing })).toMatchObject(
      { success: false, error: 'CONVERSATION_NOT_FOUND' },
    );
    expect(await rememberFact(t().db, { key: 'k', value: 'v', confidence: 2 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await rememberFact(t().db, { key: ' ', value: 'v' })).toMatchObject({ error: 'INVALID_INPUT' });
    expect((await t().db.select().from(cortexMemory).where(eq(cortexMemory.key, 'k'))).length).toBe(0);
  });
});

describe('publishing', () => {
  const queue = async () => {
    const r = await queuePublish(t().db, {
      turnId: 'turn-9',
      userId: 'u1',
      channel: 'x',
      contentType: 'insights',
      formattedContent: 'post',
    });
    if (!r.success) throw new Error(r.message);
    return r.entry;
  };

  it('queuePublish → queued', async () => {
    const e = await queue();
    expect(e).toMatchObject({ status: 'queued', sentAt: null, channel: 'x', contentType: 'insights' });
    expect(
      await queuePublish(t().db, {
        turnId: 't',
        userId: 'u',
        channel: 'fax',
        contentType: 'verdict',
      } as never),
    ).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('markPublished: queued → sent once; then PUBLISH_NOT_QUEUED', async () => {
    const e = await queue();
    const r = await markPublished(t().db, { id: e.id });
    expect(r).toMatchObject({ success: true, entry: { status: 'sent', errorMessage: null } });
    expect(r.success && r.entry.sentAt).toBeInstanceOf(Date);
    expect(await markPublished(t().db, { id: e.id })).toMatchObject({
      success: false,
      error: 'PUBLISH_NOT_QUEUED',
    });
    expect(await markPublishFailed(t().db, { id: e.id, errorMessage: 'late' })).toMatchObject({
      success: false,
      error: 'PUBLISH_NOT_QUEUED',
    });
  });

  it('markPublishFailed: queued → failed with the error; a failed entry is never sent', async () => {
    const e = await queue();
    const r = await markPublishFailed(t().db, { id: e.id, errorMessage: '401 from X' });
    expect(r).toMatchObject({
      success: true,
      entry: { status: 'failed', errorMessage: '401 from X', sentAt: null },
    });
    expect(await markPublished(t().db, { id: e.id })).toMatchObject({
      success: false,
      error: 'PUBLISH_NOT_QUEUED',
    });
  });

  it('unknown id → PUBLISH_NOT_FOUND; bad input → INVALID_INPUT', async () => {
    expect(await markPublished(t().db, { id: missing })).toMatchObject({ error: 'PUBLISH_NOT_FOUND' });
    expect(await markPublishFailed(t().db, { id: missing, errorMessage: 'x' })).toMatchObject({
      error: 'PUBLISH_NOT_FOUND',
    });
    expect(await markPublished(t().db, { id: 'x' })).toMatchObject({ error: 'INVALID_INPUT' });
    const e = await queue();
    expect(await markPublishFailed(t().db, { id: e.id, errorMessage: ' ' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  it('upsertChannelConfig: insert (enabled by default), replace config, keep or set the switch', async () => {
    const a = await upsertChannelConfig(t().db, {
      userId: 'u1',
      channel: 'whatsapp',
      config: { phoneNumberId: '1' },
    });
    expect(a).toMatchObject({ success: true, created: true, channelConfig: { enabled: true } });
    const b = await upsertChannelConfig(t().db, {
      userId: 'u1',
      channel: 'whatsapp',
      config: { phoneNumberId: '2' },
      enabled: false,
    });
    expect(b).toMatchObject({
      created: false,
      channelConfig: { enabled: false, config: { phoneNumberId: '2' } },
    });
    const c = await upsertChannelConfig(t().db, {
      userId: 'u1',
      channel: 'whatsapp',
      config: { apiKey: 'k' },
    });
    expect(c).toMatchObject({ channelConfig: { enabled: false, config: { apiKey: 'k' } } });
    if (a.success && c.success) expect(c.channelConfig.id).toBe(a.channelConfig.id);
    expect(await upsertChannelConfig(t().db, { userId: 'u1', channel: '', config: {} })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(
      await upsertChannelConfig(t().db, { userId: 'u1', channel: 'x', config: [] as never }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
  });
});

describe('session lifecycle in one caller transaction', () => {
  it('rolls back everything with the caller', async () => {
    const abort = new Error('abort');
    let appended: unknown;
    // Only the deliberate abort may end the transaction; any other error fails the test.
    const caught = await t()
      .db.transaction(async (tx) => {
        const s = await startCortexSession(tx, { sessionKey: 'rollback-me', channel: 'web' });
        if (!s.success) throw new Error('unexpected');
        appended = await appendCortexTurn(tx, { sessionId: s.session.id, role: 'user', content: 'x' });
        throw abort;
      })
      .catch((error: unknown) => error);
    expect(caught).toBe(abort);
    expect(appended).toMatchObject({ success: true });
    expect(
      await t().db.select().from(cortexSessions).where(eq(cortexSessions.sessionKey, 'rollback-me')),
    ).toEqual([]);
  });
});
