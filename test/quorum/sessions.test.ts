import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  activateConfigVersion,
  appendSessionTurn,
  orchConfigVersions,
  sessions,
  sessionTurns,
} from '../../src/quorum';
import { useRollbackDb } from '../support';
import { makeUser } from './fixtures';

// One database for the file: each test runs in a transaction rolled back after it.
const t = useRollbackDb();

describe('appendSessionTurn', () => {
  it('numbers turns 1, 2, … and keeps the session totals', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db) })
      .returning();
    const a = await appendSessionTurn(db, { sessionId: s!.id, query: 'q1', cost: '0.125', tokensUsed: 100 });
    expect(a).toMatchObject({
      success: true,
      turn: { turnNumber: 1, query: 'q1', cost: '0.125', tokensUsed: 100 },
      session: { turnCount: 1, totalCost: '0.125', totalCostCents: 13, totalTokens: 100 },
    });
    const b = await appendSessionTurn(db, {
      sessionId: s!.id,
      query: 'q2',
      cost: 0.5,
      tokensUsed: 50,
      stage5Synthesis: { answer: 42 },
      dissentTriggered: true,
      dissentingModel: 'gpt4o',
    });
    expect(b).toMatchObject({
      success: true,
      turn: { turnNumber: 2, stage5Synthesis: { answer: 42 }, dissentTriggered: true },
      session: { turnCount: 2, totalCost: '0.625', totalCostCents: 63, totalTokens: 150 },
    });
    const c = await appendSessionTurn(db, { sessionId: s!.id, query: 'q3' });
    expect(c).toMatchObject({
      turn: { turnNumber: 3, cost: null },
      session: { turnCount: 3, totalTokens: 150 },
    });
    const turns = await db.select().from(sessionTurns).where(eq(sessionTurns.sessionId, s!.id));
    expect(turns.map((x) => x.turnNumber).sort()).toEqual([1, 2, 3]);
  });

  it('SESSION_NOT_FOUND and INVALID_INPUT write nothing', async () => {
    const db = t().db;
    const [s] = await db
      .insert(sessions)
      .values({ userId: await makeUser(db) })
      .returning();
    expect(await appendSessionTurn(db, { sessionId: randomUUID() })).toMatchObject({
      error: 'SESSION_NOT_FOUND',
    });
    expect(await appendSessionTurn(db, { sessionId: s!.id, cost: '-1' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await appendSessionTurn(db, { sessionId: s!.id, tokensUsed: 1.5 })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await appendSessionTurn(db, { sessionId: 'x' })).toMatchObject({ error: 'INVALID_INPUT' });
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s!.id));
    expect(row).toMatchObject({ turnCount: 0, totalTokens: 0 });
  });
});

describe('activateConfigVersion', () => {
  it('activates a version and deprecates the previous active one', async () => {
    const db = t().db;
    const [v1, v2, v3] = await db
      .insert(orchConfigVersions)
      .values([{ versionNumber: 1 }, { versionNumber: 2 }, { versionNumber: 3, status: 'archived' }])
      .returning();
    const a = await activateConfigVersion(db, { id: v1!.id });
    expect(a).toMatchObject({
      success: true,
      version: { status: 'active', activatedAt: expect.any(Date) },
      deprecated: [],
    });
    const b = await activateConfigVersion(db, { id: v2!.id });
    expect(b).toMatchObject({
      success: true,
      version: { id: v2!.id, status: 'active' },
      deprecated: [{ id: v1!.id, status: 'deprecated', deprecatedAt: expect.any(Date) }],
    });
    // Idempotent for the active version.
    expect(await activateConfigVersion(db, { id: v2!.id })).toMatchObject({ success: true, deprecated: [] });
    // A deprecated version can be re-activated.
    expect(await activateConfigVersion(db, { id: v1!.id })).toMatchObject({
      success: true,
      deprecated: [{ id: v2!.id }],
    });
    expect(await activateConfigVersion(db, { id: v3!.id })).toMatchObject({ error: 'VERSION_ARCHIVED' });
    expect(await activateConfigVersion(db, { id: randomUUID() })).toMatchObject({
      error: 'VERSION_NOT_FOUND',
    });
    expect(await activateConfigVersion(db, { id: 'v1' })).toMatchObject({ error: 'INVALID_INPUT' });
    const active = await db.select().from(orchConfigVersions).where(eq(orchConfigVersions.status, 'active'));
    expect(active.map((v) => v.id)).toEqual([v1!.id]);
  });
});
