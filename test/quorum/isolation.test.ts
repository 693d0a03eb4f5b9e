// Owner isolation: every quorum function that takes a reference to another row, called by one
// user with another user's id, answers exactly as for a random id and writes nothing.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import { appendSessionTurn, sessions } from '../../src/quorum';
import { functionsTakingReferences, resultShape, rowCounts, systemSchemas } from '../contract/contract';
import { useRollbackDb } from '../support';
import { makeUser } from './fixtures';

/** The input keys that name the acting user (not references to other rows). */
const ownerKeys = ['userId'] as const;

/** User a owns the rows; user b is the caller. */
type Ctx = { db: Database; a: { userId: string; sessionId: string }; b: { userId: string } };
type Case = {
  /** A's row id that b passes. */
  ref: (ctx: Ctx) => string;
  /** The call by b with `ref` in the reference field. */
  call: (ctx: Ctx, ref: string) => Promise<unknown>;
  /** The same call by the owner, which succeeds. */
  own: (ctx: Ctx) => Promise<unknown>;
};

const cases: Record<string, Case> = {
  appendSessionTurn: {
    ref: ({ a }) => a.sessionId,
    call: ({ db, b }, sessionId) =>
      appendSessionTurn(db, { sessionId, userId: b.userId, query: 'q', cost: '1', tokensUsed: 5 }),
    own: ({ db, a }) => appendSessionTurn(db, { sessionId: a.sessionId, userId: a.userId, query: 'q' }),
  },
};

/** Functions whose reference belongs to no user, with why. */
const exempt: Record<string, string> = {
  // The coupons are the admin-managed catalogue (service role) shared by all users, owned by none.
  publishCoupon: 'couponId: a coupon is owned by no user',
  deactivateCoupon: 'couponId: a coupon is owned by no user',
  // Orchestration config versions are global settings.
  activateConfigVersion: 'id: a config version is owned by no user',
};

const shape = resultShape;

describe('quorum owner isolation', () => {
  const t = useRollbackDb();
  let ctx: Ctx;
  // Each test's transaction is rolled back: the users and the session are made for each test.
  beforeEach(async () => {
    const db = t().db;
    const [ua, ub] = [await makeUser(db), await makeUser(db)];
    const [s] = await db.insert(sessions).values({ userId: ua }).returning();
    ctx = { db, a: { userId: ua, sessionId: s!.id }, b: { userId: ub } };
  });

  it('covers every exported function that takes a reference (a new one fails here until added)', async () => {
    const refs = await functionsTakingReferences('quorum', ownerKeys);
    expect(Object.keys(refs).sort()).toEqual([...Object.keys(cases), ...Object.keys(exempt)].sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: another user's id answers exactly like a random id and writes nothing`, async () => {
      const before = await rowCounts(ctx.db, systemSchemas.quorum);
      const other = await c.call(ctx, c.ref(ctx));
      const random = await c.call(ctx, randomUUID());
      expect(await rowCounts(ctx.db, systemSchemas.quorum)).toEqual(before);
      expect(shape(other).success).toBe(false);
      expect(shape(other)).toEqual(shape(random));
      // Upper-case ids are the same ids: no way around the check either.
      expect(shape(await c.call(ctx, c.ref(ctx).toUpperCase()))).toEqual(shape(random));
      // The owner's own call succeeds, so the refusal above is the owner check.
      expect(await c.own(ctx)).toMatchObject({ success: true });
    });
  }
});
