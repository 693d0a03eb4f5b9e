// Owner isolation: every cortex function that takes a reference to another row, called for one
// user with another user's id, answers exactly as for a random id and writes nothing; the
// database refuses such rows too (foreign key through user_id, trigger).
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appendCortexTurn,
  archiveConversation,
  cortexConversations,
  cortexMemory,
  cortexSessions,
  markPublished,
  markPublishFailed,
  queuePublish,
  rememberFact,
  startCortexSession,
} from '../../src/cortex';
import type { Database } from '../../src/db';
import { functionsTakingReferences, resultShape, rowCounts, systemSchemas } from '../contract/contract';
import { expectPgError, useTestDb } from '../support';

/** The input keys that name the acting user (not references to other rows). */
const ownerKeys = ['userId'] as const;
const A = 'iso-alice';
const B = 'iso-bob';

type Rows = { sessionId: string; conversationId: string; publishToSend: string; publishToFail: string };
type Ctx = { db: Database; a: Rows };
type Case = {
  /** Alice's row id that bob passes. */
  ref: (a: Rows) => string;
  /** The call for bob with `ref` in the reference field. */
  call: (db: Database, ref: string) => Promise<unknown>;
  /** The same call for alice on her own row, which succeeds. */
  own: (db: Database, a: Rows) => Promise<unknown>;
};

const cases: Record<string, Case> = {
  appendCortexTurn: {
    ref: (a) => a.sessionId,
    call: (db, sessionId) => appendCortexTurn(db, { sessionId, userId: B, role: 'user', content: 'x' }),
    own: (db, a) => appendCortexTurn(db, { sessionId: a.sessionId, userId: A, role: 'user', content: 'x' }),
  },
  archiveConversation: {
    ref: (a) => a.sessionId,
    call: (db, sessionId) => archiveConversation(db, { sessionId, userId: B, summary: 'Stolen. Yes.' }),
    own: (db, a) => archiveConversation(db, { sessionId: a.sessionId, userId: A, summary: 'Mine.' }),
  },
  rememberFact: {
    ref: (a) => a.conversationId,
    call: (db, sourceConversationId) =>
      rememberFact(db, { key: 'iso.bob.fact', value: 'v', sourceConversationId, userId: B }),
    own: (db, a) =>
      rememberFact(db, {
        key: 'iso.alice.fact',
        value: 'v',
        sourceConversationId: a.conversationId,
        userId: A,
      }),
  },
  markPublished: {
    ref: (a) => a.publishToSend,
    call: (db, id) => markPublished(db, { id, userId: B }),
    own: (db, a) => markPublished(db, { id: a.publishToSend, userId: A }),
  },
  markPublishFailed: {
    ref: (a) => a.publishToFail,
    call: (db, id) => markPublishFailed(db, { id, userId: B, errorMessage: 'e' }),
    own: (db, a) => markPublishFailed(db, { id: a.publishToFail, userId: A, errorMessage: 'e' }),
  },
};

/** Functions whose reference has no owner to check against, with why. */
const exempt: Record<string, string> = {
  // cortex_audit_log has no owner column, and its session_id is recorded as given, never
  // dereferenced (no foreign key: audit rows outlive their sessions, documented).
  logCortexAction: 'sessionId: recorded, not dereferenced; the audit log has no owner',
  // turn_id names an AI Quorum turn, a row of another system (another database in production):
  // no foreign key, nothing here to compare its owner with.
  queuePublish: "turnId: another system's id, opaque here",
};

const shape = resultShape;

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`setup failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};

describe('cortex owner isolation', () => {
  const t = useTestDb();
  let ctx: Ctx;
  beforeAll(async () => {
    const db = t().db;
    const s = must(await startCortexSession(db, { sessionKey: 'iso-alice-1', channel: 'web', userId: A }));
    const c = must(await archiveConversation(db, { sessionId: s.session.id, userId: A, summary: 'Hers.' }));
    const queue = async () =>
      must(await queuePublish(db, { turnId: 't1', userId: A, channel: 'x', contentType: 'verdict' })).entry
        .id;
    ctx = {
      db,
      a: {
        sessionId: s.session.id,
        conversationId: c.conversation.id,
        publishToSend: await queue(),
        publishToFail: await queue(),
      },
    };
  });

  it('covers every exported function that takes a reference (a new one fails here until added)', async () => {
    const refs = await functionsTakingReferences('cortex', ownerKeys);
    expect(Object.keys(refs).sort()).toEqual([...Object.keys(cases), ...Object.keys(exempt)].sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: another user's id answers exactly like a random id and writes nothing`, async () => {
      const before = await rowCounts(ctx.db, systemSchemas.cortex);
      const other = await c.call(ctx.db, c.ref(ctx.a));
      const random = await c.call(ctx.db, randomUUID());
      expect(await rowCounts(ctx.db, systemSchemas.cortex)).toEqual(before);
      expect(shape(other).success).toBe(false);
      expect(shape(other)).toEqual(shape(random));
      expect(shape(await c.call(ctx.db, c.ref(ctx.a).toUpperCase()))).toEqual(shape(random));
      // The owner's own call succeeds, so the refusal above is the owner check.
      expect(await c.own(ctx.db, ctx.a)).toMatchObject({ success: true });
    });
  }

  it("an omitted userId acts for 'owner': alice's rows are not found either", async () => {
    const db = ctx.db;
    const before = await rowCounts(db, systemSchemas.cortex);
    expect(await appendCortexTurn(db, { sessionId: ctx.a.sessionId, role: 'user' })).toMatchObject({
      error: 'SESSION_NOT_FOUND',
    });
    expect(await archiveConversation(db, { sessionId: ctx.a.sessionId, summary: 'x' })).toMatchObject({
      error: 'SESSION_NOT_FOUND',
    });
    expect(
      await rememberFact(db, { key: 'iso.owner', value: 'v', sourceConversationId: ctx.a.conversationId }),
    ).toMatchObject({ error: 'CONVERSATION_NOT_FOUND' });
    expect(await startCortexSession(db, { sessionKey: 'iso-alice-1', channel: 'web' })).toMatchObject({
      error: 'SESSION_KEY_TAKEN',
    });
    expect(await rowCounts(db, systemSchemas.cortex)).toEqual(before);
  });

  it("another user's fact key is FACT_KEY_TAKEN and the fact stays hers", async () => {
    const db = ctx.db;
    must(await rememberFact(db, { key: 'iso.shared.key', value: 'hers', userId: A }));
    expect(await rememberFact(db, { key: 'iso.shared.key', value: 'his', userId: B })).toMatchObject({
      success: false,
      error: 'FACT_KEY_TAKEN',
    });
    const [row] = await db.select().from(cortexMemory).where(eq(cortexMemory.key, 'iso.shared.key'));
    expect(row).toMatchObject({ userId: A, value: 'hers' });
  });

  it('the database refuses cross-user rows: conversation → session (foreign key), fact → conversation (trigger)', async () => {
    const db = ctx.db;
    const bare = must(
      await startCortexSession(db, { sessionKey: 'iso-alice-bare', channel: 'web', userId: A }),
    );
    await expectPgError(
      db.insert(cortexConversations).values({ sessionId: bare.session.id, userId: B }),
      '23503',
      'cortex_conversations_session_id_fkey',
    );
    await expectPgError(
      db
        .insert(cortexMemory)
        .values({ key: 'iso.raw', value: 'v', userId: B, sourceConversationId: ctx.a.conversationId }),
      '23503',
      'cortex_memory_source_owner',
    );
    await db.insert(cortexMemory).values({ key: 'iso.raw', value: 'v', userId: B });
    await expectPgError(
      db
        .update(cortexMemory)
        .set({ sourceConversationId: ctx.a.conversationId })
        .where(eq(cortexMemory.key, 'iso.raw')),
      '23503',
      'cortex_memory_source_owner',
    );
    // A missing conversation is still the plain foreign key's.
    await expectPgError(
      db.insert(cortexMemory).values({ key: 'iso.raw2', value: 'v', sourceConversationId: randomUUID() }),
      '23503',
      'cortex_memory_source_conversation_id_fkey',
    );
  });

  it('a session moved to another user takes its conversation and the facts citing it along', async () => {
    const db = ctx.db;
    const s = must(await startCortexSession(db, { sessionKey: 'iso-move', channel: 'web', userId: A }));
    const c = must(await archiveConversation(db, { sessionId: s.session.id, userId: A, summary: 'Moving.' }));
    must(
      await rememberFact(db, {
        key: 'iso.move',
        value: 'v',
        userId: A,
        sourceConversationId: c.conversation.id,
      }),
    );
    await db.execute(sql`update cortex.cortex_sessions set user_id = ${B} where id = ${s.session.id}`);
    const [conv] = await db
      .select()
      .from(cortexConversations)
      .where(eq(cortexConversations.id, c.conversation.id));
    const [fact] = await db.select().from(cortexMemory).where(eq(cortexMemory.key, 'iso.move'));
    expect(conv!.userId).toBe(B);
    expect(fact).toMatchObject({ userId: B, sourceConversationId: c.conversation.id });
    const [session] = await db.select().from(cortexSessions).where(eq(cortexSessions.id, s.session.id));
    expect(session!.userId).toBe(B);
  });
});
