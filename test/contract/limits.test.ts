// Every counted limit and expiry, tested at exactly the limit and one below it, with the row's
// status NOT yet flipped (the state a concurrent writer or an import can leave: a coupon at
// max_uses still `published`, a pack at 0 executions still `active`, a job at its last attempt
// still `queued`); then every input bound of every repository function at exactly the bound.
// A refusal must write nothing: row counts of the system's schemas and the rows involved are
// compared before and after. Instants ("expires exactly now") are tested inside one transaction,
// where now() is fixed, so "exactly at the expiry" is exact.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as bottleneck from '../../src/bottleneck';
import * as cortex from '../../src/cortex';
import { Keyring } from '../../src/crypto';
import type { Database } from '../../src/db';
import { INT4, int4 } from '../../src/input';
import * as messaging from '../../src/messaging';
import * as ownpilot from '../../src/ownpilot';
import * as portal from '../../src/portal';
import * as quorum from '../../src/quorum';
import * as research from '../../src/research';
import { makeUser as makeBottleneckUser, subscribedUser } from '../bottleneck/fixtures';
import { addTasks, addWebhookLogs, queueParents } from '../bottleneck/queue-fixtures';
import { makeTenant } from '../messaging/fixtures';
import { makeCoupon, makeUser as makeQuorumUser } from '../quorum/fixtures';
import { seedWorld } from '../research/fixtures';
import { useTestDb } from '../support';
import {
  loadSystem,
  type RepositoryFunction,
  repositoryFunctions,
  rowCounts,
  type SystemName,
  systemNames,
  systemSchemas,
} from './contract';
import {
  atBound,
  boundsOf,
  lowered,
  nextDown,
  nextUp,
  probes,
  shapeOf,
  validBase,
  withField,
} from './limits-fixtures';

const t = useTestDb();
const db = () => t().db;

/** Runs `fn` in one transaction (now() is the same instant throughout) and returns its value. */
const atOneInstant = <T>(fn: (tx: Database) => Promise<T>): Promise<T> =>
  db().transaction((tx) => fn(tx as unknown as Database));

/**
 * Runs `act`, expects it to fail with `code`, and expects nothing written: the row counts of the
 * system's schemas and the watched rows are exactly as before.
 */
async function refusedUnchanged(
  handle: Database,
  system: SystemName,
  rows: () => Promise<unknown>,
  act: () => Promise<unknown>,
  code: string,
): Promise<void> {
  const counts = await rowCounts(handle, systemSchemas[system]);
  const before = await rows();
  const r = await act();
  expect(r).toMatchObject({ success: false, error: code });
  expect(await rowCounts(handle, systemSchemas[system])).toEqual(counts);
  expect(await rows()).toEqual(before);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const plusMicro = sql`now() + interval '1 microsecond'`;
const minusMicro = sql`now() - interval '1 microsecond'`;

// ─── quorum ──────────────────────────────────────────────────────────────────────────────────

describe('redeemCoupon', () => {
  const coupon = async (h: Database, id: string) =>
    (await h.select().from(quorum.coupons).where(eq(quorum.coupons.id, id)))[0]!;
  const redemptions = async (h: Database, id: string) =>
    (await h.select().from(quorum.couponRedemptions).where(eq(quorum.couponRedemptions.couponId, id))).map(
      (r) => ({ userId: r.userId, creditsAwarded: r.creditsAwarded }),
    );
  const balance = async (h: Database, id: string) =>
    (await h.select().from(quorum.profiles).where(eq(quorum.profiles.id, id)))[0]!.creditsRemaining;

  it.each([1, 3, INT4.max])(
    'max_uses %i, current_uses one below: succeeds, current_uses becomes exactly max_uses, status exhausted',
    async (max) => {
      const c = await makeCoupon(db(), { maxUses: max, currentUses: max - 1, creditsAmount: 7 });
      const user = await makeQuorumUser(db(), 10);
      expect(await quorum.redeemCoupon(db(), { code: c.code, userId: user })).toEqual({
        success: true,
        creditsAwarded: 7,
        newBalance: 17,
        couponId: c.id,
        redemptionId: expect.any(String),
      });
      expect(await coupon(db(), c.id)).toMatchObject({ currentUses: max, status: 'exhausted' });
      expect(await redemptions(db(), c.id)).toEqual([{ userId: user, creditsAwarded: 7 }]);
      expect(await balance(db(), user)).toBe(17);
    },
  );

  it.each([1, 3, INT4.max])(
    'max_uses %i, current_uses = max_uses but status still published: COUPON_EXHAUSTED, nothing written',
    async (max) => {
      const c = await makeCoupon(db(), { maxUses: max, currentUses: max, creditsAmount: 7 });
      const user = await makeQuorumUser(db(), 10);
      await refusedUnchanged(
        db(),
        'quorum',
        async () => [await coupon(db(), c.id), await balance(db(), user)],
        () => quorum.redeemCoupon(db(), { code: c.code, userId: user }),
        'COUPON_EXHAUSTED',
      );
      expect(await coupon(db(), c.id)).toMatchObject({ currentUses: max, status: 'published' });
      expect(await redemptions(db(), c.id)).toEqual([]);
    },
  );

  it('valid_until exactly now: COUPON_EXPIRED (nothing written); a microsecond later still redeemable', async () => {
    const out = await atOneInstant(async (tx) => {
      const user = await makeQuorumUser(tx, 0);
      const atNow = await makeCoupon(tx, { creditsAmount: 5 });
      const justAfter = await makeCoupon(tx, { creditsAmount: 5 });
      await tx.update(quorum.coupons).set({ validUntil: sql`now()` }).where(eq(quorum.coupons.id, atNow.id));
      await tx
        .update(quorum.coupons)
        .set({ validUntil: plusMicro })
        .where(eq(quorum.coupons.id, justAfter.id));
      const counts = await rowCounts(tx, systemSchemas.quorum);
      const expired = await quorum.redeemCoupon(tx, { code: atNow.code, userId: user });
      const countsAfter = await rowCounts(tx, systemSchemas.quorum);
      const ok = await quorum.redeemCoupon(tx, { code: justAfter.code, userId: user });
      return { expired, counts, countsAfter, ok, atNow: await coupon(tx, atNow.id) };
    });
    expect(out.expired).toMatchObject({ success: false, error: 'COUPON_EXPIRED' });
    expect(out.countsAfter).toEqual(out.counts);
    expect(out.atNow).toMatchObject({ currentUses: 0, status: 'published' });
    expect(out.ok).toMatchObject({ success: true, creditsAwarded: 5, newBalance: 5 });
  });

  it('valid_from exactly now is already valid; a microsecond later it is COUPON_NOT_YET_VALID', async () => {
    const out = await atOneInstant(async (tx) => {
      const user = await makeQuorumUser(tx, 0);
      const atNow = await makeCoupon(tx, { creditsAmount: 5 });
      const later = await makeCoupon(tx, { creditsAmount: 5 });
      await tx.update(quorum.coupons).set({ validFrom: sql`now()` }).where(eq(quorum.coupons.id, atNow.id));
      await tx.update(quorum.coupons).set({ validFrom: plusMicro }).where(eq(quorum.coupons.id, later.id));
      return {
        atNow: await quorum.redeemCoupon(tx, { code: atNow.code, userId: user }),
        later: await quorum.redeemCoupon(tx, { code: later.code, userId: user }),
        laterRow: await coupon(tx, later.id),
      };
    });
    expect(out.atNow).toMatchObject({ success: true, newBalance: 5 });
    expect(out.later).toMatchObject({ success: false, error: 'COUPON_NOT_YET_VALID' });
    expect(out.laterRow.currentUses).toBe(0);
  });

  it('a balance reaching exactly 2^31-1 is credited; one credit more is INVALID_INPUT and the use is not counted', async () => {
    const c = await makeCoupon(db(), { creditsAmount: 100, maxUses: 10 });
    const exact = await makeQuorumUser(db(), INT4.max - 100);
    expect(await quorum.redeemCoupon(db(), { code: c.code, userId: exact })).toMatchObject({
      success: true,
      newBalance: INT4.max,
    });
    const over = await makeQuorumUser(db(), INT4.max - 99);
    await refusedUnchanged(
      db(),
      'quorum',
      async () => [await coupon(db(), c.id), await balance(db(), over)],
      () => quorum.redeemCoupon(db(), { code: c.code, userId: over }),
      'INVALID_INPUT',
    );
    expect((await coupon(db(), c.id)).currentUses).toBe(1);
  });

  it('no max_uses and current_uses one below 2^31-1: the last countable use succeeds', async () => {
    const c = await makeCoupon(db(), { currentUses: INT4.max - 1, creditsAmount: 1 });
    const user = await makeQuorumUser(db(), 0);
    expect(await quorum.redeemCoupon(db(), { code: c.code, userId: user })).toMatchObject({ success: true });
    expect(await coupon(db(), c.id)).toMatchObject({ currentUses: INT4.max, status: 'published' });
  });

  // current_uses is an int4: without max_uses, its range's end is the limit.
  it('no max_uses and current_uses at 2^31-1 while published: COUPON_EXHAUSTED, nothing written', async () => {
    const c = await makeCoupon(db(), { currentUses: INT4.max, creditsAmount: 1 });
    const user = await makeQuorumUser(db(), 0);
    expect(await quorum.redeemCoupon(db(), { code: c.code, userId: user })).toMatchObject({
      success: false,
      error: 'COUPON_EXHAUSTED',
    });
    expect(await coupon(db(), c.id)).toMatchObject({ currentUses: INT4.max, status: 'published' });
    expect(await redemptions(db(), c.id)).toEqual([]);
  });
});

describe('expireCoupons', () => {
  it('valid_until exactly `now` expires; a millisecond after `now` stays published', async () => {
    const now = new Date('2031-03-04T05:06:07.008Z');
    const atNow = await makeCoupon(db(), { validUntil: now });
    const after = await makeCoupon(db(), { validUntil: new Date(now.getTime() + 1) });
    const r = await quorum.expireCoupons(db(), { now });
    if (!r.success) throw new Error(r.message);
    const ids = r.coupons.map((c) => c.id);
    expect(ids).toContain(atNow.id);
    expect(ids).not.toContain(after.id);
    const rows = await db()
      .select({ id: quorum.coupons.id, status: quorum.coupons.status })
      .from(quorum.coupons)
      .where(inArray(quorum.coupons.id, [atNow.id, after.id]));
    expect(Object.fromEntries(rows.map((x) => [x.id, x.status]))).toEqual({
      [atNow.id]: 'expired',
      [after.id]: 'published',
    });
  });
});

describe('appendSessionTurn', () => {
  const session = async (values: Partial<typeof quorum.sessions.$inferInsert>) =>
    (
      await db()
        .insert(quorum.sessions)
        .values({ userId: await makeQuorumUser(db()), ...values })
        .returning()
    )[0]!;
  const row = async (id: string) =>
    (await db().select().from(quorum.sessions).where(eq(quorum.sessions.id, id)))[0]!;

  it('turn_count one below 2^31-1: the turn gets number 2^31-1', async () => {
    const s = await session({ turnCount: INT4.max - 1 });
    expect(await quorum.appendSessionTurn(db(), { sessionId: s.id })).toMatchObject({
      success: true,
      turn: { turnNumber: INT4.max },
      session: { turnCount: INT4.max },
    });
  });

  it('turn_count at 2^31-1: INVALID_INPUT, nothing written', async () => {
    const s = await session({ turnCount: INT4.max });
    await refusedUnchanged(
      db(),
      'quorum',
      () => row(s.id),
      () => quorum.appendSessionTurn(db(), { sessionId: s.id }),
      'INVALID_INPUT',
    );
  });

  it('total_tokens reaching exactly 2^31-1 is accepted; one token more is refused, nothing written', async () => {
    const s = await session({ totalTokens: INT4.max - 10 });
    expect(await quorum.appendSessionTurn(db(), { sessionId: s.id, tokensUsed: 10 })).toMatchObject({
      success: true,
      session: { totalTokens: INT4.max, turnCount: 1 },
    });
    await refusedUnchanged(
      db(),
      'quorum',
      () => row(s.id),
      () => quorum.appendSessionTurn(db(), { sessionId: s.id, tokensUsed: 1 }),
      'INVALID_INPUT',
    );
  });
});

// ─── bottleneck: billing ───────────────────────────────────────────────────────────────────────

describe('consumeExecution', () => {
  const subscription = async (h: Database, userId: number) =>
    (
      await h
        .select()
        .from(bottleneck.userSubscriptions)
        .where(eq(bottleneck.userSubscriptions.userId, userId))
    )[0]!;
  const packs = async (h: Database, userId: number) =>
    h
      .select()
      .from(bottleneck.userExecutionPacks)
      .where(eq(bottleneck.userExecutionPacks.userId, userId))
      .orderBy(bottleneck.userExecutionPacks.id);
  async function addPack(
    h: Database,
    userId: number,
    remaining: number | null,
    extra: Partial<typeof bottleneck.userExecutionPacks.$inferInsert> = {},
  ) {
    const [pack] = await h
      .select()
      .from(bottleneck.executionPacks)
      .where(eq(bottleneck.executionPacks.slug, 'boost'));
    const [row] = await h
      .insert(bottleneck.userExecutionPacks)
      .values({
        userId,
        packId: pack!.id,
        executionsIncluded: remaining,
        executionsRemaining: remaining,
        pricePaidCents: pack!.priceCents,
        ...extra,
      })
      .returning();
    return row!;
  }
  // The seeded `starter` tier: 200 executions a period.
  const LIMIT = 200;

  it('plan: used = limit - 1 succeeds with remaining 0 and used becomes exactly the limit', async () => {
    const userId = await subscribedUser(db(), LIMIT - 1);
    expect(await bottleneck.consumeExecution(db(), { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 0,
    });
    expect((await subscription(db(), userId)).executionsUsedThisPeriod).toBe(LIMIT);
  });

  it('plan: used = limit (status active, no packs): LIMIT_REACHED, nothing written', async () => {
    const userId = await subscribedUser(db(), LIMIT);
    await refusedUnchanged(
      db(),
      'bottleneck',
      () => subscription(db(), userId),
      () => bottleneck.consumeExecution(db(), { userId }),
      'LIMIT_REACHED',
    );
  });

  it('plan: the limit includes additionalExecutions exactly (used = limit + extra - 1 ok, then = limit + extra refused)', async () => {
    const userId = await subscribedUser(db(), LIMIT + 4, { additionalExecutions: 5 });
    expect(await bottleneck.consumeExecution(db(), { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 0,
    });
    await refusedUnchanged(
      db(),
      'bottleneck',
      () => subscription(db(), userId),
      () => bottleneck.consumeExecution(db(), { userId }),
      'LIMIT_REACHED',
    );
  });

  it('plan at the int4 edge: limit + extra past 2^31-1 is capped; used 2^31-2 → ok, 2^31-1 → LIMIT_REACHED', async () => {
    await bottleneck.seedBottleneck(db());
    const [tier] = await db()
      .insert(bottleneck.subscriptionTiers)
      .values({
        slug: `huge-${randomUUID().slice(0, 8)}`,
        name: 'Huge',
        monthlyPriceCents: 1,
        maxAgents: 1,
        maxConcurrentAgents: 1,
        monthlyExecutionLimit: INT4.max,
      })
      .returning();
    const userId = await subscribedUser(db(), INT4.max - 1, {
      tierId: tier!.id,
      additionalExecutions: INT4.max,
    });
    expect(await bottleneck.consumeExecution(db(), { userId })).toEqual({
      success: true,
      source: 'plan',
      remaining: 0,
    });
    expect((await subscription(db(), userId)).executionsUsedThisPeriod).toBe(INT4.max);
    await refusedUnchanged(
      db(),
      'bottleneck',
      () => subscription(db(), userId),
      () => bottleneck.consumeExecution(db(), { userId }),
      'LIMIT_REACHED',
    );
  });

  it('pack: executionsRemaining 1 is charged to 0 and the pack becomes depleted', async () => {
    const userId = await subscribedUser(db(), LIMIT);
    const p = await addPack(db(), userId, 1);
    expect(await bottleneck.consumeExecution(db(), { userId })).toEqual({
      success: true,
      source: 'pack',
      remaining: 0,
      packId: p.id,
    });
    expect(await packs(db(), userId)).toMatchObject([{ executionsRemaining: 0, status: 'depleted' }]);
  });

  it.each([0, -1])(
    'pack: executionsRemaining %i while status is still active: LIMIT_REACHED, nothing written',
    async (remaining) => {
      const userId = await subscribedUser(db(), LIMIT);
      await addPack(db(), userId, remaining);
      await refusedUnchanged(
        db(),
        'bottleneck',
        async () => [await subscription(db(), userId), await packs(db(), userId)],
        () => bottleneck.consumeExecution(db(), { userId }),
        'LIMIT_REACHED',
      );
      expect(await packs(db(), userId)).toMatchObject([{ executionsRemaining: remaining, status: 'active' }]);
    },
  );

  it('pack expiring exactly now is not usable; one expiring a microsecond later is', async () => {
    const out = await atOneInstant(async (tx) => {
      const atNow = await subscribedUser(tx, LIMIT);
      await addPack(tx, atNow, 5, { expiresAt: sql`now()` as never });
      const later = await subscribedUser(tx, LIMIT);
      const p = await addPack(tx, later, 5, { expiresAt: plusMicro as never });
      return {
        atNow: await bottleneck.consumeExecution(tx, { userId: atNow }),
        atNowPacks: await packs(tx, atNow),
        later: await bottleneck.consumeExecution(tx, { userId: later }),
        packId: p.id,
      };
    });
    expect(out.atNow).toMatchObject({ success: false, error: 'LIMIT_REACHED' });
    expect(out.atNowPacks).toMatchObject([{ executionsRemaining: 5, status: 'active' }]);
    expect(out.later).toEqual({ success: true, source: 'pack', remaining: 4, packId: out.packId });
  });

  it('a trial ending exactly now no longer consumes (NO_ACTIVE_SUBSCRIPTION); one ending a microsecond later does', async () => {
    const out = await atOneInstant(async (tx) => {
      const ended = await subscribedUser(tx, 0, { status: 'trial', trialEndsAt: sql`now()` });
      const running = await subscribedUser(tx, 0, { status: 'trial', trialEndsAt: plusMicro });
      return {
        ended: await bottleneck.consumeExecution(tx, { userId: ended }),
        endedRow: await subscription(tx, ended),
        running: await bottleneck.consumeExecution(tx, { userId: running }),
      };
    });
    expect(out.ended).toMatchObject({ success: false, error: 'NO_ACTIVE_SUBSCRIPTION' });
    expect(out.endedRow.executionsUsedThisPeriod).toBe(0);
    expect(out.running).toEqual({ success: true, source: 'plan', remaining: LIMIT - 1 });
  });
});

describe('closeBillingPeriod', () => {
  const subscription = async (h: Database, userId: number) =>
    (
      await h
        .select()
        .from(bottleneck.userSubscriptions)
        .where(eq(bottleneck.userSubscriptions.userId, userId))
    )[0]!;

  it('a period ending exactly now is closed; one ending a microsecond later is PERIOD_NOT_ENDED, nothing written', async () => {
    const out = await atOneInstant(async (tx) => {
      const endsNow = await subscribedUser(tx, 7, { currentPeriodEnd: sql`now()` });
      const endsLater = await subscribedUser(tx, 7, { currentPeriodEnd: plusMicro });
      const closed = await bottleneck.closeBillingPeriod(tx, { userId: endsNow });
      const counts = await rowCounts(tx, systemSchemas.bottleneck);
      const before = await subscription(tx, endsLater);
      const notEnded = await bottleneck.closeBillingPeriod(tx, { userId: endsLater });
      return {
        closed,
        notEnded,
        counts,
        countsAfter: await rowCounts(tx, systemSchemas.bottleneck),
        before,
        after: await subscription(tx, endsLater),
      };
    });
    expect(out.closed).toMatchObject({ success: true, subscription: { executionsUsedThisPeriod: 0 } });
    expect(out.notEnded).toMatchObject({ success: false, error: 'PERIOD_NOT_ENDED' });
    expect(out.countsAfter).toEqual(out.counts);
    expect(out.after).toEqual(out.before);
  });

  // The usage record's agentLimit (maxAgents + additionalAgentSlots) saturates at the int4 range.
  it("additionalAgentSlots at 2^31-1: closes, the record's agentLimit saturates at 2^31-1", async () => {
    const userId = await subscribedUser(db(), 0, {
      additionalAgentSlots: INT4.max,
      currentPeriodEnd: new Date(Date.now() - 60_000),
    });
    const r = await bottleneck.closeBillingPeriod(db(), { userId });
    if (!r.success) throw new Error(r.message);
    const [record] = await db()
      .select()
      .from(bottleneck.subscriptionUsageRecords)
      .where(eq(bottleneck.subscriptionUsageRecords.id, r.usageRecordId));
    expect(record!.agentLimit).toBe(INT4.max);
    expect(await subscription(db(), userId)).toMatchObject({ executionsUsedThisPeriod: 0 });
  });

  it('additionalAgentSlots at 2^31-1 - maxAgents (agentLimit exactly 2^31-1) closes', async () => {
    const userId = await subscribedUser(db(), 0, { currentPeriodEnd: new Date(Date.now() - 60_000) });
    const sub = await subscription(db(), userId);
    const [tier] = await db()
      .select()
      .from(bottleneck.subscriptionTiers)
      .where(eq(bottleneck.subscriptionTiers.id, sub.tierId));
    await db()
      .update(bottleneck.userSubscriptions)
      .set({ additionalAgentSlots: INT4.max - tier!.maxAgents })
      .where(eq(bottleneck.userSubscriptions.userId, userId));
    const r = await bottleneck.closeBillingPeriod(db(), { userId });
    if (!r.success) throw new Error(r.message);
    const [record] = await db()
      .select()
      .from(bottleneck.subscriptionUsageRecords)
      .where(eq(bottleneck.subscriptionUsageRecords.id, r.usageRecordId));
    expect(record!.agentLimit).toBe(INT4.max);
  });
});

// ─── bottleneck: tokens, throttling, checkpoints, approvals ───────────────────────────────────

describe.each([
  [
    'consumePasswordResetToken',
    bottleneck.consumePasswordResetToken,
    bottleneck.passwordResetTokens,
    'usedAt',
  ] as const,
  [
    'consumeEmailVerificationToken',
    bottleneck.consumeEmailVerificationToken,
    bottleneck.emailVerificationTokens,
    'verifiedAt',
  ] as const,
])('%s', (_name, consume, table, usedColumn) => {
  const addToken = async (h: Database, userId: number, expiresAt: unknown, used?: unknown) => {
    const token = randomBytes(24).toString('base64url');
    const [row] = await h
      .insert(table)
      .values({ userId, token: sha256(token), expiresAt, ...(used ? { [usedColumn]: used } : {}) } as never)
      .returning();
    return { token, id: (row as { id: number }).id };
  };
  const rowOf = async (h: Database, id: number) => (await h.select().from(table).where(eq(table.id, id)))[0];

  it('expiring exactly now: TOKEN_EXPIRED, not marked used; a microsecond later: consumed once', async () => {
    const out = await atOneInstant(async (tx) => {
      const userId = await makeBottleneckUser(tx);
      const atNow = await addToken(tx, userId, sql`now()`);
      const later = await addToken(tx, userId, plusMicro);
      const before = await rowOf(tx, atNow.id);
      return {
        expired: await consume(tx, { token: atNow.token }),
        before,
        after: await rowOf(tx, atNow.id),
        ok: await consume(tx, { token: later.token }),
        again: await consume(tx, { token: later.token }),
        userId,
        laterId: later.id,
      };
    });
    expect(out.expired).toMatchObject({ success: false, error: 'TOKEN_EXPIRED' });
    expect(out.after).toEqual(out.before);
    expect(out.ok).toEqual({ success: true, id: out.laterId, userId: out.userId });
    expect(out.again).toMatchObject({ success: false, error: 'TOKEN_USED' });
  });

  it('already used and expired exactly now: TOKEN_USED wins over TOKEN_EXPIRED, nothing written', async () => {
    const out = await atOneInstant(async (tx) => {
      const userId = await makeBottleneckUser(tx);
      const used = await addToken(tx, userId, sql`now()`, minusMicro);
      const before = await rowOf(tx, used.id);
      return { r: await consume(tx, { token: used.token }), before, after: await rowOf(tx, used.id) };
    });
    expect(out.r).toMatchObject({ success: false, error: 'TOKEN_USED' });
    expect(out.after).toEqual(out.before);
  });
});

describe('createPasswordResetToken', () => {
  it('ttlMinutes at its maximum (30 days) expires exactly 43,200 minutes after now', async () => {
    const out = await atOneInstant(async (tx) => {
      const userId = await makeBottleneckUser(tx);
      const r = await bottleneck.createPasswordResetToken(tx, { userId, ttlMinutes: 43_200 });
      if (!r.success) throw new Error(r.message);
      const [row] = await tx
        .select({
          exact: sql<boolean>`${bottleneck.passwordResetTokens.expiresAt} = now() + interval '43200 minutes'`,
        })
        .from(bottleneck.passwordResetTokens)
        .where(eq(bottleneck.passwordResetTokens.id, r.id));
      return row!.exact;
    });
    expect(out).toBe(true);
    expect(await bottleneck.createPasswordResetToken(db(), { userId: 1, ttlMinutes: 43_201 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('isLoginThrottled', () => {
  const attempts = async (h: Database, email: string, ip: string, n: number, at: unknown = undefined) => {
    if (n === 0) return;
    await h.insert(bottleneck.loginAttempts).values(
      Array.from({ length: n }, () => ({
        email,
        ipAddress: ip,
        success: false,
        ...(at ? { attemptedAt: at as Date } : {}),
      })),
    );
  };
  const fresh = () => ({ email: `${randomUUID()}@example.com`, ip: `10.${randomUUID().slice(0, 8)}` });

  const limits = { windowMinutes: 15, maxPairFailures: 3, maxEmailFailures: 5, maxIpFailures: 7 };
  const result = (limit: string | null, pairFailures: number, emailFailures: number, ipFailures: number) => ({
    success: true,
    throttled: limit !== null,
    limit,
    pairFailures,
    emailFailures,
    ipFailures,
  });

  it('pair failures = maxPairFailures - 1: not throttled; = maxPairFailures: throttled (pair)', async () => {
    const a = fresh();
    await attempts(db(), a.email, a.ip, 2);
    const q = { ...limits, email: a.email, ipAddress: a.ip };
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result(null, 2, 2, 2));
    await attempts(db(), a.email, a.ip, 1);
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result('pair', 3, 3, 3));
  });

  it('email failures = maxEmailFailures - 1 from other addresses: not throttled; = maxEmailFailures: throttled (email)', async () => {
    const a = fresh();
    await attempts(db(), a.email, `${a.ip}-1`, 2);
    await attempts(db(), a.email, `${a.ip}-2`, 2);
    const q = { ...limits, email: a.email, ipAddress: a.ip };
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result(null, 0, 4, 0));
    await attempts(db(), a.email, `${a.ip}-3`, 1);
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result('email', 0, 5, 0));
  });

  it('IP failures = maxIpFailures - 1 for other emails: not throttled; = maxIpFailures: throttled (ip)', async () => {
    const a = fresh();
    for (let i = 0; i < 3; i++) await attempts(db(), `${i}-${a.email}`, a.ip, 2);
    const q = { ...limits, email: a.email, ipAddress: a.ip };
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result(null, 0, 0, 6));
    await attempts(db(), `3-${a.email}`, a.ip, 1);
    expect(await bottleneck.isLoginThrottled(db(), q)).toEqual(result('ip', 0, 0, 7));
  });

  it('a failure exactly windowMinutes ago is outside the window; a microsecond later it is inside', async () => {
    const out = await atOneInstant(async (tx) => {
      const a = fresh();
      await attempts(tx, a.email, a.ip, 1, sql`now() - make_interval(mins => 15)`);
      const edge = await bottleneck.isLoginThrottled(tx, {
        email: a.email,
        ipAddress: a.ip,
        windowMinutes: 15,
        maxPairFailures: 1,
      });
      await attempts(tx, a.email, a.ip, 1, sql`now() - make_interval(mins => 15) + interval '1 microsecond'`);
      const inside = await bottleneck.isLoginThrottled(tx, {
        email: a.email,
        ipAddress: a.ip,
        windowMinutes: 15,
        maxPairFailures: 1,
      });
      return { edge, inside };
    });
    expect(out.edge).toEqual(result(null, 0, 0, 0));
    expect(out.inside).toEqual(result('pair', 1, 1, 1));
  });
});

describe('resumeFromCheckpoint', () => {
  const addCheckpoint = async (h: Database, values: Record<string, unknown>) => {
    const userId = await makeBottleneckUser(h);
    const [row] = await h
      .insert(bottleneck.executionCheckpoints)
      .values({ checkpointId: randomUUID(), executionId: 1, userId, ...values } as never)
      .returning();
    return row as typeof bottleneck.executionCheckpoints.$inferSelect;
  };
  const rowOf = async (h: Database, id: number) =>
    (
      await h.select().from(bottleneck.executionCheckpoints).where(eq(bottleneck.executionCheckpoints.id, id))
    )[0];

  it('expiring exactly now: NOT_RESUMABLE, resumeCount unchanged; a microsecond later: resumed', async () => {
    const out = await atOneInstant(async (tx) => {
      const atNow = await addCheckpoint(tx, { expiresAt: sql`now()` });
      const later = await addCheckpoint(tx, { expiresAt: plusMicro });
      const before = await rowOf(tx, atNow.id);
      return {
        expired: await bottleneck.resumeFromCheckpoint(tx, { checkpointId: atNow.checkpointId }),
        latest: await bottleneck.latestResumableCheckpoint(tx, { executionId: 1, userId: atNow.userId }),
        before,
        after: await rowOf(tx, atNow.id),
        ok: await bottleneck.resumeFromCheckpoint(tx, { checkpointId: later.checkpointId }),
      };
    });
    expect(out.expired).toMatchObject({ success: false, error: 'NOT_RESUMABLE' });
    expect(out.latest).toMatchObject({ success: false, error: 'NOT_FOUND' });
    expect(out.after).toEqual(out.before);
    expect(out.ok).toMatchObject({ success: true, checkpoint: { resumeCount: 1 } });
  });

  it('resumeCount one below 2^31-1: counted to 2^31-1', async () => {
    const c = await addCheckpoint(db(), { resumeCount: INT4.max - 1 });
    expect(await bottleneck.resumeFromCheckpoint(db(), { checkpointId: c.checkpointId })).toMatchObject({
      success: true,
      checkpoint: { resumeCount: INT4.max },
    });
  });

  // A counter: it saturates at the int4 range (like the other counters) instead of failing the resume.
  it('resumeCount at 2^31-1: the resume succeeds, the count stays at 2^31-1', async () => {
    const c = await addCheckpoint(db(), { resumeCount: INT4.max });
    expect(await bottleneck.resumeFromCheckpoint(db(), { checkpointId: c.checkpointId })).toMatchObject({
      success: true,
      checkpoint: { resumeCount: INT4.max },
    });
  });
});

describe('decideApproval / expireApprovals (bottleneck)', () => {
  const addApproval = async (h: Database, expiresAt: unknown, timeoutAction = 'reject') => {
    const userId = await makeBottleneckUser(h);
    const [row] = await h
      .insert(bottleneck.actionApprovals)
      .values({
        executionId: 1,
        userId,
        actionType: 'send',
        actionDescription: 'send the email',
        actionParams: {},
        riskLevel: 'high',
        expiresAt: expiresAt as Date,
        timeoutAction,
      })
      .returning();
    return row!;
  };
  const rowOf = async (h: Database, id: number) =>
    (await h.select().from(bottleneck.actionApprovals).where(eq(bottleneck.actionApprovals.id, id)))[0];

  it('decideApproval: expiring exactly now is EXPIRED (row unchanged); a microsecond later it is decided', async () => {
    const out = await atOneInstant(async (tx) => {
      const atNow = await addApproval(tx, sql`now()`);
      const later = await addApproval(tx, plusMicro);
      const before = await rowOf(tx, atNow.id);
      return {
        expired: await bottleneck.decideApproval(tx, { id: atNow.id, decision: 'approve' }),
        before,
        after: await rowOf(tx, atNow.id),
        ok: await bottleneck.decideApproval(tx, { id: later.id, decision: 'approve' }),
      };
    });
    expect(out.expired).toMatchObject({ success: false, error: 'EXPIRED' });
    expect(out.after).toEqual(out.before);
    expect(out.ok).toMatchObject({ success: true, approval: { status: 'approved' } });
  });

  it('expireApprovals: expiring exactly now is applied (timeoutAction); a microsecond later is left pending', async () => {
    const out = await atOneInstant(async (tx) => {
      const approve = await addApproval(tx, sql`now()`, 'approve');
      const reject = await addApproval(tx, sql`now()`, 'reject');
      const later = await addApproval(tx, plusMicro, 'approve');
      const r = await bottleneck.expireApprovals(tx, {});
      return { r, ids: { approve: approve.id, reject: reject.id }, later: await rowOf(tx, later.id) };
    });
    if (!out.r.success) throw new Error(out.r.message);
    expect(out.r.approved).toContain(out.ids.approve);
    expect(out.r.rejected).toContain(out.ids.reject);
    expect([...out.r.approved, ...out.r.rejected]).not.toContain(out.later!.id);
    expect(out.later!.status).toBe('pending');
  });
});

// ─── bottleneck: queues ────────────────────────────────────────────────────────────────────────

describe('claimAlertDeliveries / failAlertDelivery', () => {
  const addDelivery = async (h: Database, channel: string, values: Record<string, unknown>) => {
    const { alertHistoryId } = await queueParents(h);
    const [row] = await h
      .insert(bottleneck.alertDeliveryQueue)
      .values({ alertHistoryId, channel, destination: 'a@b.c', payload: {}, ...values } as never)
      .returning();
    return row as typeof bottleneck.alertDeliveryQueue.$inferSelect;
  };
  const rowOf = async (h: Database, id: number) =>
    (
      await h.select().from(bottleneck.alertDeliveryQueue).where(eq(bottleneck.alertDeliveryQueue.id, id))
    )[0]!;
  const channel = () => `c-${randomUUID().slice(0, 8)}`;

  it('claim: attempts = maxAttempts - 1 is claimed (attempts becomes maxAttempts); = maxAttempts while pending is not, row unchanged', async () => {
    const ch = channel();
    const last = await addDelivery(db(), ch, { attempts: 2, maxAttempts: 3 });
    const spent = await addDelivery(db(), ch, { attempts: 3, maxAttempts: 3 });
    const before = await rowOf(db(), spent.id);
    const r = await bottleneck.claimAlertDeliveries(db(), { channel: ch, limit: 10 });
    expect(r).toMatchObject({ success: true, jobs: [{ id: last.id, status: 'sending', attempts: 3 }] });
    expect(await rowOf(db(), spent.id)).toEqual(before);
  });

  it('claim: scheduledFor exactly now is due; a microsecond later is not', async () => {
    const out = await atOneInstant(async (tx) => {
      const ch = channel();
      const due = await addDelivery(tx, ch, { scheduledFor: sql`now()` });
      await addDelivery(tx, ch, { scheduledFor: plusMicro });
      return { r: await bottleneck.claimAlertDeliveries(tx, { channel: ch, limit: 10 }), id: due.id };
    });
    expect(out.r).toMatchObject({ success: true, jobs: [{ id: out.id }] });
    expect(out.r.success && out.r.jobs.length).toBe(1);
  });

  it('fail: at attempts = maxAttempts - 1 the delivery is retried (pending); at attempts = maxAttempts it fails', async () => {
    const ch = channel();
    const retry = await addDelivery(db(), ch, { status: 'sending', attempts: 2, maxAttempts: 3 });
    const final = await addDelivery(db(), ch, { status: 'sending', attempts: 3, maxAttempts: 3 });
    const past = await addDelivery(db(), ch, { status: 'sending', attempts: 9, maxAttempts: 3 });
    expect(await bottleneck.failAlertDelivery(db(), { id: retry.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'pending', attempts: 2, error: 'e' },
    });
    expect(await bottleneck.failAlertDelivery(db(), { id: final.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'failed', attempts: 3 },
    });
    expect(await bottleneck.failAlertDelivery(db(), { id: past.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'failed', attempts: 9 },
    });
  });

  it('claim: attempts at 2^31-1 with maxAttempts 2^31-1 is not claimed; one below is claimed and stays in range', async () => {
    const ch = channel();
    const below = await addDelivery(db(), ch, { attempts: INT4.max - 1, maxAttempts: INT4.max });
    const at = await addDelivery(db(), ch, { attempts: INT4.max, maxAttempts: INT4.max });
    const before = await rowOf(db(), at.id);
    expect(await bottleneck.claimAlertDeliveries(db(), { channel: ch, limit: 10 })).toMatchObject({
      success: true,
      jobs: [{ id: below.id, attempts: INT4.max }],
    });
    expect(await rowOf(db(), at.id)).toEqual(before);
  });
});

describe('claimAgencyTasks / failAgencyTask', () => {
  const rowOf = async (id: number) =>
    (await db().select().from(bottleneck.agencyTasks).where(eq(bottleneck.agencyTasks.id, id)))[0]!;

  it('claim: errorCount = maxRetries - 1 is claimed; = maxRetries while still pending is not, row unchanged', async () => {
    const userId = await makeBottleneckUser(db());
    const [last, spent] = await addTasks(db(), userId, [
      { errorCount: 2, maxRetries: 3 },
      { errorCount: 3, maxRetries: 3 },
    ]);
    const before = await rowOf(spent!.id);
    expect(await bottleneck.claimAgencyTasks(db(), { userId, limit: 10 })).toMatchObject({
      success: true,
      jobs: [{ id: last!.id, status: 'in_progress', errorCount: 2 }],
    });
    expect(await rowOf(spent!.id)).toEqual(before);
  });

  it('fail: errorCount = maxRetries - 2 → pending (errorCount maxRetries - 1); = maxRetries - 1 → failed (errorCount = maxRetries)', async () => {
    const userId = await makeBottleneckUser(db());
    const [retry, final] = await addTasks(db(), userId, [
      { status: 'in_progress', errorCount: 1, maxRetries: 3 },
      { status: 'in_progress', errorCount: 2, maxRetries: 3 },
    ]);
    expect(await bottleneck.failAgencyTask(db(), { id: retry!.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'pending', errorCount: 2, lastError: 'e' },
    });
    expect(await bottleneck.failAgencyTask(db(), { id: final!.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'failed', errorCount: 3 },
    });
  });

  it('fail: errorCount at 2^31-1 stays in range (final failure, no overflow)', async () => {
    const userId = await makeBottleneckUser(db());
    const [task] = await addTasks(db(), userId, [
      { status: 'in_progress', errorCount: INT4.max, maxRetries: INT4.max },
    ]);
    expect(await bottleneck.failAgencyTask(db(), { id: task!.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'failed', errorCount: INT4.max },
    });
  });
});

describe('failWebhookRetry', () => {
  it('attempts = maxAttempts - 1 → retrying; = maxAttempts → failed; maxAttempts 2^31-1 at attempts 2^31-1 → failed', async () => {
    const userId = await makeBottleneckUser(db());
    const [retry, final, edge] = [
      ...(await addWebhookLogs(db(), userId, 1, { status: 'sending', attempts: 4 })),
      ...(await addWebhookLogs(db(), userId, 1, { status: 'sending', attempts: 5 })),
      ...(await addWebhookLogs(db(), userId, 1, { status: 'sending', attempts: INT4.max })),
    ];
    expect(
      await bottleneck.failWebhookRetry(db(), { id: retry!.id, error: 'e', maxAttempts: 5 }),
    ).toMatchObject({ success: true, job: { status: 'retrying', attempts: 4 } });
    expect(
      await bottleneck.failWebhookRetry(db(), { id: final!.id, error: 'e', maxAttempts: 5 }),
    ).toMatchObject({ success: true, job: { status: 'failed', attempts: 5 } });
    expect(
      await bottleneck.failWebhookRetry(db(), { id: edge!.id, error: 'e', maxAttempts: INT4.max }),
    ).toMatchObject({ success: true, job: { status: 'failed', attempts: INT4.max } });
  });
});

// ─── messaging ────────────────────────────────────────────────────────────────────────────────

describe('failJob / reclaimStaleJobs / claimJobs (messaging)', () => {
  const addJob = async (h: Database, values: Partial<typeof messaging.jobQueue.$inferInsert>) => {
    const tenant = await makeTenant(h);
    const [row] = await h
      .insert(messaging.jobQueue)
      .values({ tenantId: tenant.tenantId, jobType: `t-${randomUUID().slice(0, 8)}`, ...values })
      .returning();
    return row!;
  };
  const processing = { status: 'processing' as const, lockedBy: 'w1', lockedAt: new Date() };

  it('failJob: attempts = maxAttempts - 1 → queued again (backoff); = maxAttempts → failed; past it → failed', async () => {
    const retry = await addJob(db(), { ...processing, attempts: 4 });
    const final = await addJob(db(), { ...processing, attempts: 5 });
    const past = await addJob(db(), { ...processing, attempts: 7 });
    const fail = (j: typeof retry) =>
      messaging.failJob(db(), {
        tenantId: j.tenantId,
        jobId: j.jobId,
        workerId: 'w1',
        error: 'e',
        maxAttempts: 5,
      });
    const r = await fail(retry);
    expect(r).toMatchObject({ success: true, job: { status: 'queued', attempts: 4, lockedBy: null } });
    expect(r.success && r.job.runAfter.getTime()).toBeGreaterThan(Date.now());
    expect(await fail(final)).toMatchObject({ success: true, job: { status: 'failed', attempts: 5 } });
    expect(await fail(past)).toMatchObject({ success: true, job: { status: 'failed', attempts: 7 } });
  });

  it('failJob: maxAttempts 1 makes the first failure final; 1000 (its maximum) at attempts 1000 → failed', async () => {
    const first = await addJob(db(), { ...processing, attempts: 1 });
    const thousand = await addJob(db(), { ...processing, attempts: 1000 });
    const nine99 = await addJob(db(), { ...processing, attempts: 999 });
    const fail = (j: typeof first, maxAttempts: number) =>
      messaging.failJob(db(), {
        tenantId: j.tenantId,
        jobId: j.jobId,
        workerId: 'w1',
        error: 'e',
        maxAttempts,
      });
    expect(await fail(first, 1)).toMatchObject({ success: true, job: { status: 'failed' } });
    expect(await fail(thousand, 1000)).toMatchObject({ success: true, job: { status: 'failed' } });
    expect(await fail(nine99, 1000)).toMatchObject({ success: true, job: { status: 'queued' } });
  });

  it('reclaimStaleJobs: a lock exactly olderThanSeconds old is kept; a microsecond older is reclaimed (retry or fail by attempts)', async () => {
    const out = await atOneInstant(async (tx) => {
      const age = sql`now() - interval '60 seconds'`;
      const older = sql`now() - interval '60 seconds' - interval '1 microsecond'`;
      const edge = await addJob(tx, {
        status: 'processing',
        lockedBy: 'w',
        lockedAt: age as never,
        attempts: 1,
      });
      const retry = await addJob(tx, {
        status: 'processing',
        lockedBy: 'w',
        lockedAt: older as never,
        attempts: 2,
      });
      const final = await addJob(tx, {
        status: 'processing',
        lockedBy: 'w',
        lockedAt: older as never,
        attempts: 3,
      });
      const r = await messaging.reclaimStaleJobs(tx, { olderThanSeconds: 60, maxAttempts: 3 });
      const edgeRow = (
        await tx.select().from(messaging.jobQueue).where(eq(messaging.jobQueue.jobId, edge.jobId))
      )[0];
      return { r, ids: { edge: edge.jobId, retry: retry.jobId, final: final.jobId }, edgeRow };
    });
    if (!out.r.success) throw new Error(out.r.message);
    const mine = Object.fromEntries(
      out.r.jobs
        .filter((j) => Object.values(out.ids).includes(j.jobId))
        .map((j) => [j.jobId, [j.status, j.attempts]]),
    );
    expect(mine).toEqual({ [out.ids.retry]: ['queued', 2], [out.ids.final]: ['failed', 3] });
    expect(out.edgeRow).toMatchObject({ status: 'processing', lockedBy: 'w', attempts: 1 });
  });

  it('claimJobs has no attempt limit (it is per failJob call): a queued job already at maxAttempts is claimed once more, then its failure is final', async () => {
    const job = await addJob(db(), { attempts: 5 });
    const claimed = await messaging.claimJobs(db(), { workerId: 'w9', limit: 1, jobTypes: [job.jobType] });
    expect(claimed).toMatchObject({
      success: true,
      jobs: [{ jobId: job.jobId, status: 'processing', attempts: 6 }],
    });
    expect(
      await messaging.failJob(db(), {
        tenantId: job.tenantId,
        jobId: job.jobId,
        workerId: 'w9',
        error: 'e',
        maxAttempts: 5,
      }),
    ).toMatchObject({ success: true, job: { status: 'failed', attempts: 6 } });
  });

  it('claimJobs: runAfter exactly now is due, a microsecond later is not; limit N takes exactly N', async () => {
    const out = await atOneInstant(async (tx) => {
      const type = `due-${randomUUID().slice(0, 8)}`;
      const tenant = await makeTenant(tx);
      const rows = await tx
        .insert(messaging.jobQueue)
        .values([
          { tenantId: tenant.tenantId, jobType: type, runAfter: sql`now()` as never },
          { tenantId: tenant.tenantId, jobType: type, runAfter: sql`now()` as never },
          { tenantId: tenant.tenantId, jobType: type, runAfter: plusMicro as never },
        ])
        .returning();
      const one = await messaging.claimJobs(tx, { workerId: 'w', limit: 1, jobTypes: [type] });
      const rest = await messaging.claimJobs(tx, { workerId: 'w', limit: 1000, jobTypes: [type] });
      return { one, rest, future: rows[2]!.jobId };
    });
    expect(out.one.success && out.one.jobs.length).toBe(1);
    expect(out.rest.success && out.rest.jobs.length).toBe(1);
    const claimed = [out.one, out.rest].flatMap((r) => (r.success ? r.jobs.map((j) => j.jobId) : []));
    expect(claimed).not.toContain(out.future);
  });
});

// ─── research ─────────────────────────────────────────────────────────────────────────────────

describe('failResearchJob', () => {
  it('attempts = maxAttempts - 1 → queued; = maxAttempts → failed with finished_at; the error cut at 2000', async () => {
    const w = await seedWorld(db());
    const add = async (attempts: number) =>
      (
        await db()
          .insert(research.jobs)
          .values({
            orgId: w.org.id,
            jobType: 'j',
            subjectType: 's',
            subjectId: randomUUID(),
            status: 'running',
            attempts,
          })
          .returning()
      )[0]!;
    const retry = await add(2);
    const final = await add(3);
    const error = 'e'.repeat(2001);
    expect(await research.failResearchJob(db(), { jobId: retry.id, error, maxAttempts: 3 })).toMatchObject({
      success: true,
      job: { status: 'queued', attempts: 2, finishedAt: null },
    });
    const r = await research.failResearchJob(db(), { jobId: final.id, error, maxAttempts: 3 });
    expect(r).toMatchObject({ success: true, job: { status: 'failed', attempts: 3 } });
    expect(r.success && [r.job.finishedAt instanceof Date, r.job.error?.length]).toEqual([true, 2000]);
  });
});

describe('saveArtifact', () => {
  const latest = async (w: Awaited<ReturnType<typeof seedWorld>>, version: number) => {
    await db().insert(research.artifacts).values({
      orgId: w.org.id,
      clientId: w.client.id,
      campaignId: w.campaign.id,
      type: 'client_canon',
      data: {},
      version,
    });
  };
  const input = (w: Awaited<ReturnType<typeof seedWorld>>) => ({
    orgId: w.org.id,
    clientId: w.client.id,
    campaignId: w.campaign.id,
    type: 'client_canon' as const,
    data: { v: 1 },
  });

  it('the highest version one below 2^31-1: the new version is 2^31-1', async () => {
    const w = await seedWorld(db());
    await latest(w, INT4.max - 1);
    expect(await research.saveArtifact(db(), input(w))).toMatchObject({
      success: true,
      artifact: { version: INT4.max },
    });
  });

  it('the highest version at 2^31-1: VERSION_LIMIT_REACHED, nothing written', async () => {
    const w = await seedWorld(db());
    await latest(w, INT4.max);
    const counts = await rowCounts(db(), systemSchemas.research);
    expect(await research.saveArtifact(db(), input(w))).toMatchObject({
      success: false,
      error: 'VERSION_LIMIT_REACHED',
    });
    expect(await rowCounts(db(), systemSchemas.research)).toEqual(counts);
  });
});

// ─── portal ───────────────────────────────────────────────────────────────────────────────────

describe('reviewApproval / expireApprovals (portal)', () => {
  const addApproval = async (h: Database, expiresAt: unknown) =>
    (
      await h
        .insert(portal.dnsApprovalQueue)
        .values({ domain: 'example.com', action: 'update', expiresAt: expiresAt as Date })
        .returning()
    )[0]!;
  const rowOf = async (h: Database, id: string) =>
    (await h.select().from(portal.dnsApprovalQueue).where(eq(portal.dnsApprovalQueue.id, id)))[0];

  it('reviewApproval: expiring exactly now is EXPIRED (row unchanged); a microsecond later is reviewed', async () => {
    const out = await atOneInstant(async (tx) => {
      const atNow = await addApproval(tx, sql`now()`);
      const later = await addApproval(tx, plusMicro);
      const before = await rowOf(tx, atNow.id);
      const review = (id: string) =>
        portal.reviewApproval(tx, { id, decision: 'approved', reviewedBy: 'ops' });
      return {
        expired: await review(atNow.id),
        before,
        after: await rowOf(tx, atNow.id),
        ok: await review(later.id),
      };
    });
    expect(out.expired).toMatchObject({ success: false, error: 'EXPIRED' });
    expect(out.after).toEqual(out.before);
    expect(out.ok).toMatchObject({ success: true, approval: { status: 'approved', reviewedBy: 'ops' } });
  });

  it('expireApprovals: expiring exactly now is expired; a microsecond later stays pending', async () => {
    const out = await atOneInstant(async (tx) => {
      const atNow = await addApproval(tx, sql`now()`);
      const later = await addApproval(tx, plusMicro);
      const r = await portal.expireApprovals(tx, {});
      return { r, atNow: atNow.id, later: await rowOf(tx, later.id) };
    });
    if (!out.r.success) throw new Error(out.r.message);
    expect(out.r.expired.map((a) => a.id)).toContain(out.atNow);
    expect(out.later).toMatchObject({ status: 'pending' });
  });
});

// ─── ownpilot ─────────────────────────────────────────────────────────────────────────────────

describe('failPlanStep', () => {
  async function runningStep(maxRetries: number, retryCount: number) {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const c = await ownpilot.createPlan(db(), {
      userId,
      name: 'p',
      goal: 'g',
      steps: [{ name: 's', type: 'tool_call', maxRetries }],
    });
    if (!c.success) throw new Error(c.message);
    const stepId = c.steps[0]!.id;
    expect(await ownpilot.startPlan(db(), { userId, planId: c.plan.id })).toMatchObject({ success: true });
    expect(await ownpilot.startPlanStep(db(), { userId, stepId })).toMatchObject({ success: true });
    await db().update(ownpilot.planSteps).set({ retryCount }).where(eq(ownpilot.planSteps.id, stepId));
    return { userId, stepId, planId: c.plan.id };
  }

  it('retry_count = max_retries - 1: retried (pending), retry_count becomes exactly max_retries', async () => {
    const s = await runningStep(3, 2);
    expect(
      await ownpilot.failPlanStep(db(), { userId: s.userId, stepId: s.stepId, error: 'e' }),
    ).toMatchObject({
      success: true,
      willRetry: true,
      step: { status: 'pending', retryCount: 3 },
      plan: { status: 'running' },
    });
  });

  it('retry_count = max_retries while still running: failed, the plan fails, retry_count unchanged', async () => {
    const s = await runningStep(3, 3);
    expect(
      await ownpilot.failPlanStep(db(), { userId: s.userId, stepId: s.stepId, error: 'e' }),
    ).toMatchObject({
      success: true,
      willRetry: false,
      step: { status: 'failed', retryCount: 3 },
      plan: { status: 'failed' },
    });
  });

  it('max_retries 0 (its minimum): the first failure is final', async () => {
    const s = await runningStep(0, 0);
    expect(
      await ownpilot.failPlanStep(db(), { userId: s.userId, stepId: s.stepId, error: 'e' }),
    ).toMatchObject({
      success: true,
      willRetry: false,
      step: { status: 'failed', retryCount: 0 },
    });
  });

  it("the plan's retry_count at 2^31-1 saturates instead of overflowing", async () => {
    const s = await runningStep(3, 0);
    await db().update(ownpilot.plans).set({ retryCount: INT4.max }).where(eq(ownpilot.plans.id, s.planId));
    expect(
      await ownpilot.failPlanStep(db(), { userId: s.userId, stepId: s.stepId, error: 'e' }),
    ).toMatchObject({
      success: true,
      willRetry: true,
      plan: { retryCount: INT4.max },
    });
  });
});

describe('recall', () => {
  it('accessed_count one below 2^31-1 reaches it; at 2^31-1 it saturates instead of overflowing', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    await db()
      .insert(ownpilot.memories)
      .values([
        { userId, type: 'fact', content: 'below', accessedCount: INT4.max - 1 },
        { userId, type: 'fact', content: 'at', accessedCount: INT4.max },
      ]);
    const r = await ownpilot.recall(db(), { userId });
    if (!r.success) throw new Error(r.message);
    expect(r.memories.map((m) => [m.content, m.accessedCount]).sort()).toEqual([
      ['at', INT4.max],
      ['below', INT4.max],
    ]);
  });
});

describe('addGoalStep', () => {
  it('order_num: after a step at 2^31-2 the next is 2^31-1; after 2^31-1 the next is 2^31-1 again (saturates, a tie)', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const g = await ownpilot.createGoal(db(), { userId, title: 'g' });
    if (!g.success) throw new Error(g.message);
    const goalId = g.goal.id;
    const first = await ownpilot.addGoalStep(db(), { userId, goalId, title: 'a' });
    if (!first.success) throw new Error(first.message);
    await db()
      .update(ownpilot.goalSteps)
      .set({ orderNum: INT4.max - 1 })
      .where(eq(ownpilot.goalSteps.id, first.step.id));
    expect(await ownpilot.addGoalStep(db(), { userId, goalId, title: 'b' })).toMatchObject({
      success: true,
      step: { orderNum: INT4.max },
    });
    expect(await ownpilot.addGoalStep(db(), { userId, goalId, title: 'c' })).toMatchObject({
      success: true,
      step: { orderNum: INT4.max },
    });
  });
});

// ─── cortex ───────────────────────────────────────────────────────────────────────────────────

describe('matchKnowledge', () => {
  // Basis vectors make the similarities exact: 1 for the same axis, 0 for another one.
  const axis = (i: number) =>
    Array.from({ length: cortex.EMBEDDING_DIMENSIONS }, (_, j) => (j === i ? 1 : 0));

  it('similarity exactly at the threshold is excluded (strictly above), just below the threshold included; count N returns N', async () => {
    const userId = `limits-${randomUUID().slice(0, 8)}`;
    await db()
      .insert(cortex.cortexKnowledge)
      .values([
        { userId, content: 'same-1', embedding: axis(0) },
        { userId, content: 'same-2', embedding: axis(0) },
        { userId, content: 'same-3', embedding: axis(0) },
        { userId, content: 'orthogonal', embedding: axis(1) },
      ]);
    const match = async (threshold: number, count: number) => {
      const r = await cortex.matchKnowledge(db(), { embedding: axis(0), threshold, count, userId });
      if (!r.success) throw new Error(r.message);
      return r.matches.map((m) => [m.content, m.similarity]).sort();
    };
    expect(await match(1, 200)).toEqual([]);
    expect(await match(nextDown(1), 200)).toEqual([
      ['same-1', 1],
      ['same-2', 1],
      ['same-3', 1],
    ]);
    expect((await match(0, 200)).map(([c]) => c)).toEqual(['same-1', 'same-2', 'same-3']);
    expect((await match(nextDown(0), 200)).map(([c]) => c)).toEqual([
      'orthogonal',
      'same-1',
      'same-2',
      'same-3',
    ]);
    expect(await match(nextDown(0), 2)).toHaveLength(2);
    expect(await match(-1, 1)).toHaveLength(1);
  });
});

// ─── bottleneck: budgets ───────────────────────────────────────────────────────────────────────

describe('checkBudget', () => {
  async function spent(dailyBudget: string, alertThreshold: number, cost: string) {
    const userId = await makeBottleneckUser(db());
    await db().insert(bottleneck.costBudgets).values({ userId, dailyBudget, alertThreshold });
    const r = await bottleneck.recordApiTokenUsage(db(), {
      userId,
      model: 'm',
      inputTokens: 1,
      outputTokens: 1,
      inputCost: cost,
      outputCost: '0',
    });
    expect(r).toMatchObject({ success: true });
    return bottleneck.checkBudget(db(), { userId });
  }

  it('spend exactly the budget is exceeded; 0.0001 below is not', async () => {
    expect(await spent('10.00', 100, '10')).toMatchObject({
      success: true,
      daily: { exceeded: true, alert: true, percent: 100 },
      exceeded: true,
    });
    expect(await spent('10.00', 100, '9.9999')).toMatchObject({
      success: true,
      daily: { exceeded: false, alert: false },
      exceeded: false,
    });
  });

  it('spend exactly alertThreshold % of the budget alerts (80 of 100 at 80 %)', async () => {
    expect(await spent('100.00', 80, '80')).toMatchObject({
      success: true,
      daily: { percent: 80, alert: true, exceeded: false },
    });
  });

  // Compared in exact numeric(10,4) units: in floating point 0.29 / 1 * 100 is 28.999…
  it('spend exactly 29 % of the budget with alertThreshold 29: alerts, percent 29', async () => {
    expect(await spent('1.00', 29, '0.29')).toMatchObject({
      success: true,
      daily: { spend: '0.2900', percent: 29, alert: true },
    });
  });

  it('spend 0.0001 below 29 % with alertThreshold 29: no alert', async () => {
    expect(await spent('1.00', 29, '0.2899')).toMatchObject({
      success: true,
      daily: { spend: '0.2899', alert: false },
    });
  });
});

// ─── input bounds, generated from the schemas ─────────────────────────────────────────────────

/**
 * Valid inputs with real rows behind their references, per function (merged over a generated
 * valid input). Called afresh for every bound, so each call meets a row in its starting state.
 */
type Factory = (h: Database) => Promise<Record<string, unknown>>;
const processingJob = async (h: Database) => {
  const tenant = await makeTenant(h);
  const [job] = await h
    .insert(messaging.jobQueue)
    .values({
      tenantId: tenant.tenantId,
      jobType: 'j',
      status: 'processing',
      lockedBy: 'w1',
      lockedAt: new Date(),
      attempts: 1,
    })
    .returning();
  return { tenantId: tenant.tenantId, jobId: job!.jobId, workerId: 'w1' };
};
const conversation = async (h: Database) => {
  const tenant = await makeTenant(h);
  const contact = await messaging.upsertContact(h, {
    tenantId: tenant.tenantId,
    channel: 'sms',
    channelAddress: `+1${randomUUID().slice(0, 8)}`,
  });
  if (!contact.success) throw new Error(contact.message);
  const conv = await messaging.openConversation(h, {
    tenantId: tenant.tenantId,
    contactId: contact.contact.contactId,
  });
  if (!conv.success) throw new Error(conv.message);
  return {
    tenantId: tenant.tenantId,
    contactId: contact.contact.contactId,
    conversationId: conv.conversation.conversationId,
  };
};
const runningResearchJob = async (h: Database) => {
  const w = await seedWorld(h);
  const [job] = await h
    .insert(research.jobs)
    .values({ orgId: w.org.id, jobType: 'j', subjectType: 's', subjectId: randomUUID(), status: 'running' })
    .returning();
  return { jobId: job!.id, error: 'e', maxAttempts: 3 };
};
const sendingWebhookLog = async (h: Database) => {
  const userId = await makeBottleneckUser(h);
  const [log] = await addWebhookLogs(h, userId, 1, { status: 'sending', attempts: 1 });
  return { id: log!.id };
};
const bottleneckUser = async (h: Database) => ({ userId: await makeBottleneckUser(h) });
/** A due scheduled task of a new user, claimed: its running execution. */
const runningScheduledTask = async (h: Database) => {
  const { userId } = await bottleneckUser(h);
  await h.insert(bottleneck.scheduledBrowserTasks).values({
    userId,
    name: 't',
    automationType: 'workflow',
    automationConfig: {},
    scheduleType: 'cron',
    cronExpression: '0 0 1 1 *',
    nextRun: sql`now() - interval '1 minute'` as never,
    createdBy: userId,
    lastModifiedBy: userId,
  });
  const r = await bottleneck.claimDueScheduledTasks(h, { userId });
  if (!r.success || r.runs.length !== 1) throw new Error('no scheduled run claimed');
  return { executionId: r.runs[0]!.execution.id, userId };
};

const factories: Partial<Record<SystemName, Record<string, Factory>>> = {
  messaging: {
    claimJobs: async () => ({ workerId: 'w', limit: 1 }),
    enqueueJob: async (h) => ({ tenantId: (await makeTenant(h)).tenantId, jobType: 'j' }),
    failJob: async (h) => ({ ...(await processingJob(h)), error: 'e', maxAttempts: 5 }),
    completeJob: processingJob,
    completeJobs: async (h) => {
      const j = await processingJob(h);
      return { tenantId: j.tenantId, jobIds: [j.jobId], workerId: 'w1' };
    },
    upsertContact: async (h) => ({
      tenantId: (await makeTenant(h)).tenantId,
      channel: 'sms',
      channelAddress: `+1${randomUUID().slice(0, 8)}`,
    }),
    recordMessage: async (h) => ({ ...(await conversation(h)), direction: 'inbound', text: 'hi' }),
    ingestInboundEvent: async (h) => ({
      tenantId: (await makeTenant(h)).tenantId,
      provider: 'twilio',
      eventType: 'message',
      dedupeKey: randomUUID(),
    }),
  },
  portal: {
    saveHandoff: async () => ({ content: 'c', createdBy: 'me' }),
    listTasks: async () => ({}),
    listHandoffHistory: async () => ({}),
    reviewApproval: async (h) => {
      const [a] = await h
        .insert(portal.dnsApprovalQueue)
        .values({ domain: 'example.com', action: 'update' })
        .returning();
      return { id: a!.id, decision: 'approved', reviewedBy: 'ops' };
    },
    recordLead: async () => ({ email: `${randomUUID().slice(0, 8)}@example.com`, brand: 'om_apex_holdings' }),
    markLeadSynced: async (h) => {
      const r = await portal.recordLead(h, {
        email: `${randomUUID().slice(0, 8)}@example.com`,
        brand: 'om_apex_holdings',
      });
      if (!r.success) throw new Error(r.message);
      return { id: r.lead.id, hubspotContactId: 'hs-1' };
    },
  },
  quorum: {
    appendSessionTurn: async (h) => {
      const [s] = await h
        .insert(quorum.sessions)
        .values({ userId: await makeQuorumUser(h) })
        .returning();
      return { sessionId: s!.id };
    },
    generateReferralCoupon: async (h) => {
      // The refer-a-friend channel comes from the reference data.
      await quorum.seedQuorum(h);
      return { userId: await makeQuorumUser(h) };
    },
    publishCoupon: async (h) => ({
      couponId: (await makeCoupon(h, { status: 'draft' })).id,
      publishedBy: 'me',
    }),
  },
  cortex: {
    matchKnowledge: async () => ({
      embedding: Array(cortex.EMBEDDING_DIMENSIONS).fill(0.5),
      threshold: 0,
      count: 5,
    }),
    matchConversations: async () => ({
      embedding: Array(cortex.EMBEDDING_DIMENSIONS).fill(0.5),
      threshold: 0,
      count: 5,
    }),
    appendCortexTurn: async (h) => {
      const s = await cortex.startCortexSession(h, { sessionKey: randomUUID(), channel: 'web' });
      if (!s.success) throw new Error(s.message);
      return { sessionId: s.session.id, role: 'user', content: 'hi' };
    },
    logCortexAction: async () => ({ action: 'a', triggeredBy: 'user' }),
    rememberFact: async () => ({ key: randomUUID(), value: 'v' }),
    queuePublish: async () => ({
      turnId: randomUUID(),
      userId: 'u',
      channel: 'linkedin',
      contentType: 'verdict',
    }),
  },
  research: {
    failResearchJob: runningResearchJob,
    enqueueResearchJob: async (h) => ({
      orgId: (await seedWorld(h)).org.id,
      jobType: 'j',
      subjectType: 's',
      subjectId: randomUUID(),
    }),
    upsertBrand: async (h) => ({
      orgId: (await seedWorld(h)).org.id,
      canonicalName: `Brand ${randomUUID()}`,
    }),
  },
  bottleneck: {
    createPasswordResetToken: async (h) => ({ ...(await bottleneckUser(h)), ttlMinutes: 5 }),
    createEmailVerificationToken: async (h) => ({ ...(await bottleneckUser(h)), ttlMinutes: 5 }),
    startSubscription: async (h) => {
      await bottleneck.seedBottleneck(h);
      return { ...(await bottleneckUser(h)), tierSlug: 'starter', paymentFrequency: 'monthly' };
    },
    consumeExecution: async (h) => ({ userId: await subscribedUser(h, 0) }),
    purchaseExecutionPack: async (h) => ({ userId: await subscribedUser(h, 0), packSlug: 'boost' }),
    addCredits: async (h) => ({ ...(await bottleneckUser(h)), creditType: 'enrichment', amount: 1 }),
    // A balance of 2^31-1, so every amount up to its bound can be spent.
    deductCredits: async (h) => {
      const { userId } = await bottleneckUser(h);
      const r = await bottleneck.addCredits(h, { userId, creditType: 'calling', amount: INT4.max });
      if (!r.success) throw new Error(r.message);
      return { userId, creditType: 'calling', amount: 1 };
    },
    purchaseCredits: async (h) => {
      const [p] = await h
        .insert(bottleneck.creditPackages)
        .values({ name: 'p', creditAmount: 10, price: 100, creditType: 'scraping' })
        .returning();
      return { ...(await bottleneckUser(h)), packageId: p!.id };
    },
    saveCheckpoint: async (h) => ({
      ...(await bottleneckUser(h)),
      checkpointId: randomUUID(),
      executionId: 1,
    }),
    requestApproval: async (h) => ({
      ...(await bottleneckUser(h)),
      executionId: 1,
      actionType: 'send',
      actionDescription: 'd',
      actionParams: {},
      riskLevel: 'high',
      timeoutMinutes: 5,
    }),
    failWebhookRetry: async (h) => ({ ...(await sendingWebhookLog(h)), error: 'e' }),
    completeWebhookRetry: sendingWebhookLog,
    recordApiTokenUsage: async (h) => ({ ...(await bottleneckUser(h)), executionId: undefined }),
    recordGeminiTokenUsage: async (h) => ({ ...(await bottleneckUser(h)), executionId: undefined }),
    recordStorageCost: async (h) => ({ ...(await bottleneckUser(h)), executionId: undefined }),
    recordBrowserbaseCost: async (h) => ({
      ...(await bottleneckUser(h)),
      executionId: undefined,
      sessionId: randomUUID(),
    }),
    claimAgencyTasks: async () => ({ limit: 1 }),
    registerWebhookChannel: async (h) => ({
      ...(await bottleneckUser(h)),
      channelType: 'sms',
      channelName: 'c',
    }),
    approveAgencyTask: async (h) => {
      const userId = await makeBottleneckUser(h);
      const [task] = await addTasks(h, userId, [{ requiresHumanReview: true }]);
      return { userId, taskId: task!.id };
    },
    createScheduledTask: async (h) => ({
      ...(await bottleneckUser(h)),
      name: 't',
      automationType: 'workflow',
      automationConfig: {},
      scheduleType: 'daily',
      cronExpression: '30 2 * * *',
      timezone: 'America/New_York',
    }),
    claimDueScheduledTasks: async () => ({ limit: 1 }),
    completeScheduledTaskRun: runningScheduledTask,
    failScheduledTaskRun: async (h) => ({ ...(await runningScheduledTask(h)), error: 'e' }),
  },
  ownpilot: {
    createPlan: async () => ({
      userId: 'u',
      name: 'p',
      goal: 'g',
      steps: [{ name: 's', type: 'tool_call' }],
    }),
    createGoal: async () => ({ userId: 'u', title: 'g' }),
    addTask: async () => ({ userId: 'u', title: 't' }),
    addCalendarEvent: async () => ({ userId: 'u', title: 'e', startTime: new Date() }),
    remember: async () => ({ userId: 'u', type: 'fact', content: 'c' }),
    createTrigger: async () => ({ userId: 'u', name: 't', type: 'schedule', config: { cron: '0 8 * * *' } }),
    claimDueTriggers: async () => ({ limit: 1 }),
  },
};

/** Refusals that are right at these bounds for functions with a factory (not a reference field). */
const expectedRefusals: Record<string, string> = {
  'bottleneck.consumePasswordResetToken.token': 'TOKEN_INVALID',
  'bottleneck.consumeEmailVerificationToken.token': 'TOKEN_INVALID',
  'bottleneck.startSubscription.tierSlug': 'TIER_NOT_FOUND',
  'bottleneck.purchaseExecutionPack.packSlug': 'PACK_NOT_FOUND',
  // 'x' is no cron expression and no time zone, at either length bound
  'bottleneck.createScheduledTask.cronExpression': 'INVALID_INPUT',
  'bottleneck.createScheduledTask.timezone': 'INVALID_INPUT',
};
const isReference = (field: string) => /(^id$|Ids?$)/.test(field);

const keyring = new Keyring([[1, randomBytes(32)]]);
const call = (f: RepositoryFunction, h: Database, input: unknown) =>
  (f.fn as (...args: unknown[]) => Promise<unknown>)(h, input, keyring);

describe('the bound walker (limits-fixtures.ts) on known schemas', () => {
  const summary = (field: string, schema: z.ZodType) =>
    boundsOf(field, schema).bounds.map((b) => [b.side, b.value, b.inclusive, b.int, probes(b)]);

  it('inclusive int bounds under a default, exclusive and float bounds, the safe-integer range of z.int()', () => {
    expect(summary('a', int4({ min: 1, max: 1000 }).default(5))).toEqual([
      ['min', 1, true, true, { accepted: 1, refused: 0 }],
      ['max', 1000, true, true, { accepted: 1000, refused: 1001 }],
    ]);
    expect(summary('b', z.number().positive().max(2.5).optional())).toEqual([
      ['min', 0, false, false, { accepted: Number.MIN_VALUE, refused: 0 }],
      ['max', 2.5, true, false, { accepted: 2.5, refused: nextUp(2.5) }],
    ]);
    expect(summary('c', z.int())).toEqual([
      [
        'min',
        Number.MIN_SAFE_INTEGER,
        true,
        true,
        { accepted: Number.MIN_SAFE_INTEGER, refused: -(2 ** 53) },
      ],
      ['max', Number.MAX_SAFE_INTEGER, true, true, { accepted: Number.MAX_SAFE_INTEGER, refused: 2 ** 53 }],
    ]);
    expect(nextUp(1) - 1).toBe(Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
  });

  it('string lengths (also piped into an email), and strings of a pattern are skipped with the reason', () => {
    expect(summary('d', z.string().trim().min(2).max(5).nullish())).toEqual([
      ['min', 2, true, true, { accepted: 'xx', refused: 'x' }],
      ['max', 5, true, true, { accepted: 'xxxxx', refused: 'xxxxxx' }],
    ]);
    const email = z.string().trim().max(20).pipe(z.email());
    expect(summary('e', email)).toEqual([
      ['max', 20, true, true, { accepted: 'xxxxxxxx@example.com', refused: 'xxxxxxxxx@example.com' }],
    ]);
    expect(email.safeParse('xxxxxxxx@example.com').success).toBe(true);
    expect(
      boundsOf(
        'f',
        z
          .string()
          .regex(/^TASK-\d+$/)
          .max(9),
      ),
    ).toEqual({
      bounds: [],
      skipped: 'f: string of format regex',
    });
    expect(boundsOf('g', z.uuid())).toEqual({ bounds: [] });
  });

  it('lowered() puts the other numeric fields at their minimum only where the whole input still parses', () => {
    const schema = z
      .object({ a: int4({ min: 0 }), b: int4({ min: 0 }), c: int4({ min: 3 }).optional() })
      .refine((v) => v.a + v.b <= INT4.max);
    expect(lowered(schema, { a: 5, b: 7 })).toEqual({ a: 0, b: 0 });
    expect(withField(lowered(schema, { a: 5, b: 7, c: 9 }), 'a', INT4.max)).toEqual({
      a: INT4.max,
      b: 0,
      c: 3,
    });
  });
});

describe('input bounds at exactly the bound (generated from every <fn>Input)', () => {
  it.each(systemNames)(
    '%s: each schema accepts exactly its bound and refuses one past it (alone and in a whole valid input)',
    async (system) => {
      const fns = repositoryFunctions(system, await loadSystem(system));
      const problems: string[] = [];
      const skipped: string[] = [];
      let checked = 0;
      let whole = 0;
      const show = (v: unknown) => (typeof v === 'string' ? `'x'×${v.length}` : String(v));
      for (const f of fns) {
        const shape = shapeOf(f.input);
        if (!shape) continue;
        const generated = validBase(f.input);
        const base = generated && lowered(f.input, generated);
        for (const [field, s] of Object.entries(shape)) {
          const { bounds, skipped: why } = boundsOf(field, s);
          if (why) skipped.push(`${f.name}.${why}`);
          for (const b of bounds) {
            checked++;
            const { accepted, refused } = probes(b);
            const at = `${f.name}.${field} ${b.side} ${b.value}`;
            if (!s.safeParse(accepted).success) problems.push(`${at}: refuses ${show(accepted)}`);
            if (s.safeParse(refused).success) problems.push(`${at}: accepts ${show(refused)}`);
            if (!base) continue;
            whole++;
            if (!f.input.safeParse(withField(base, field, accepted)).success)
              problems.push(`${at} (whole input): refuses ${show(accepted)}`);
            if (f.input.safeParse(withField(base, field, refused)).success)
              problems.push(`${at} (whole input): accepts ${show(refused)}`);
          }
        }
      }
      console.log(
        `[limits] ${system}: ${checked} bounds checked at exactly the bound (${whole} also in a whole valid input); skipped: ${skipped.join('; ') || 'none'}`,
      );
      expect(checked).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );

  it.each(systemNames)(
    '%s: a value at exactly the bound reaches the database and comes back as a Result (documented code, nothing written on failure)',
    async (system) => {
      const fns = repositoryFunctions(system, await loadSystem(system));
      const problems: string[] = [];
      const outcomes: Record<string, number> = {};
      let calls = 0;
      let curated = 0;
      for (const f of fns) {
        const shape = shapeOf(f.input);
        const factory = factories[system]?.[f.name];
        const generated = shape ? validBase(f.input) : undefined;
        if (!shape || (!factory && !generated)) continue;
        for (const [field, s] of Object.entries(shape)) {
          for (const b of boundsOf(field, s).bounds) {
            const h = db();
            // Generated fields at their minimum (see lowered); the factory's fields as they are.
            const raw = {
              ...(generated && lowered(f.input, generated)),
              ...(factory ? await factory(h) : {}),
            };
            if (!f.input.safeParse(raw).success) {
              problems.push(`${f.name}: the base input is not valid: ${JSON.stringify(raw).slice(0, 200)}`);
              continue;
            }
            const input = withField(raw, field, atBound(b));
            // A bound shared with other fields (a sum) is refused in the schema: tested above.
            if (!f.input.safeParse(input).success) continue;
            const at = `${f.name}.${field}=${b.kind === 'string' ? `'x'×${b.value}` : b.value}`;
            calls++;
            if (factory) curated++;
            const before = await rowCounts(h, systemSchemas[system]);
            let r: { success?: unknown; error?: unknown };
            try {
              r = (await call(f, h, input)) as typeof r;
            } catch (error) {
              problems.push(`${at}: threw ${String((error as Error)?.message ?? error).slice(0, 200)}`);
              continue;
            }
            if (typeof r !== 'object' || r === null || typeof r.success !== 'boolean') {
              problems.push(`${at}: returned no Result`);
              continue;
            }
            const outcome = r.success ? 'ok' : String(r.error);
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
            if (r.success) continue;
            if (!f.errors.includes(String(r.error))) problems.push(`${at}: undocumented code ${r.error}`);
            const after = await rowCounts(h, systemSchemas[system]);
            if (JSON.stringify(after) !== JSON.stringify(before))
              problems.push(`${at}: wrote rows on ${r.error}`);
            const expected = expectedRefusals[`${system}.${f.name}.${field}`];
            if (factory && !isReference(field) && r.error !== expected)
              problems.push(`${at}: ${r.error} (expected ${expected ?? 'success'})`);
          }
        }
      }
      console.log(
        `[limits] ${system}: ${calls} calls at exactly a bound (${curated} with real rows behind them): ${JSON.stringify(outcomes)}`,
      );
      expect(calls).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
    300_000,
  );
});
