// redeemCoupon's round trips on a real PostgreSQL connection (issue 20): every statement the driver
// sends is recorded (postgres.js `debug`), BEGIN / COMMIT / ROLLBACK included. The success path
// and the common refusals are one statement without a transaction; a referral coupon (two
// profiles and a conversion row) keeps the transaction.
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT4 } from '../../src/input';
import { couponRedemptions, coupons, profiles, redeemCoupon } from '../../src/quorum';
import { makeCoupon, makeUser } from '../quorum/fixtures';
import { useTestDb } from '../support';
import { lockWaits, sleep } from './claims-held-fixtures';

describe('redeemCoupon round trips', () => {
  const t = useTestDb();
  const sent: string[] = [];
  let client: postgres.Sql;
  let db: ReturnType<typeof drizzle>;
  beforeAll(async () => {
    client = postgres(t().url!, {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query) => {
        sent.push(query.trim().split(/\s+/)[0]!.toLowerCase());
      },
    });
    db = drizzle(client);
    // The connection's own first queries (postgres.js reads the array types once) are not a call's.
    await client`select 1`;
  });
  afterAll(async () => {
    await client.end();
  });
  /** The first word of every statement one call sends. */
  const statements = async (call: () => Promise<unknown>) => {
    sent.length = 0;
    const result = await call();
    return { result, sent: [...sent] };
  };

  it('a redemption is one statement, no BEGIN / COMMIT; the rows are all written', async () => {
    const c = await makeCoupon(t().db, { creditsAmount: 40, maxUses: 2 });
    const user = await makeUser(t().db, 2);
    const { result, sent } = await statements(() => redeemCoupon(db, { code: c.code, userId: user }));
    expect(result).toEqual({
      success: true,
      creditsAwarded: 40,
      newBalance: 42,
      couponId: c.id,
      redemptionId: expect.any(String),
    });
    expect(sent).toEqual(['with']);
    const [row] = await t().db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row).toMatchObject({ currentUses: 1, status: 'published' });
    expect(await t().db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, c.id))).toEqual(
      [expect.objectContaining({ userId: user, creditsAwarded: 40 })],
    );
    // The last use also marks the coupon exhausted, in the same statement.
    const other = await makeUser(t().db);
    expect((await statements(() => redeemCoupon(db, { code: c.code, userId: other }))).sent).toEqual([
      'with',
    ]);
    const [after] = await t().db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(after).toMatchObject({ currentUses: 2, status: 'exhausted' });
  });

  it('the common refusals are one statement each, and write nothing', async () => {
    const user = await makeUser(t().db, 5);
    const noProfile = await makeUser(t().db, 0, false);
    const rich = await makeUser(t().db, INT4.max - 1);
    const open = await makeCoupon(t().db, { creditsAmount: 10 });
    const exhausted = await makeCoupon(t().db, { maxUses: 1, currentUses: 1, status: 'exhausted' });
    const draft = await makeCoupon(t().db, { status: 'draft' });
    const expired = await makeCoupon(t().db, { validUntil: new Date(Date.now() - 60_000) });
    const future = await makeCoupon(t().db, { validFrom: new Date(Date.now() + 3_600_000) });
    expect(await redeemCoupon(db, { code: open.code, userId: user })).toMatchObject({ success: true });
    const cases: [string, string, string][] = [
      ['NOPE-NOT-A-CODE', user, 'COUPON_NOT_FOUND'],
      [exhausted.code, user, 'COUPON_EXHAUSTED'],
      [draft.code, user, 'COUPON_NOT_ACTIVE'],
      [expired.code, user, 'COUPON_EXPIRED'],
      [future.code, user, 'COUPON_NOT_YET_VALID'],
      [open.code, user, 'ALREADY_REDEEMED'],
      [open.code, noProfile, 'PROFILE_NOT_FOUND'],
      [open.code, rich, 'INVALID_INPUT'],
    ];
    for (const [code, userId, error] of cases) {
      const { result, sent } = await statements(() => redeemCoupon(db, { code, userId }));
      expect({ code, result, sent }).toEqual({
        code,
        result: expect.objectContaining({ error }),
        sent: ['with'],
      });
    }
    const [row] = await t().db.select().from(coupons).where(eq(coupons.id, open.id));
    expect(row!.currentUses).toBe(1);
    expect((await t().db.select().from(profiles).where(eq(profiles.id, rich)))[0]!.creditsRemaining).toBe(
      INT4.max - 1,
    );
  });

  it('a referral coupon keeps the transaction (two profiles locked in id order, a conversion row)', async () => {
    const referrer = await makeUser(t().db);
    const user = await makeUser(t().db);
    const c = await makeCoupon(t().db, {
      source: 'referral',
      referrerUserId: referrer,
      referrerBonusCredits: 5,
    });
    const { result, sent } = await statements(() => redeemCoupon(db, { code: c.code, userId: user }));
    expect(result).toMatchObject({ success: true });
    expect(sent[0]).toBe('with');
    expect(sent.slice(1, 2)).toEqual(['begin']);
    expect(sent.at(-1)).toBe('commit');
    // Refusing a referral coupon is one statement: the referrer's own coupon, then a second use.
    for (const [userId, error] of [
      [referrer, 'OWN_REFERRAL_COUPON'],
      [user, 'ALREADY_REDEEMED'],
    ] as const) {
      const refused = await statements(() => redeemCoupon(db, { code: c.code, userId }));
      expect(refused).toEqual({ result: expect.objectContaining({ error }), sent: ['with'] });
    }
  });

  it('a balance raised past int4 while the statement waits for the profile: the statement aborts, nothing written', async () => {
    const c = await makeCoupon(t().db, { creditsAmount: 15, maxUses: 1 });
    const user = await makeUser(t().db, 7);
    const other = await t().connect({ max: 1 });
    const monitor = await t().connect({ max: 1 });
    try {
      // Another transaction raises the balance and holds the profile's row lock: the statement's
      // snapshot still sees 7 credits, claims the coupon, then waits for the profile.
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let raised!: () => void;
      const ready = new Promise<void>((resolve) => {
        raised = resolve;
      });
      const holder = other.db.transaction(async (tx) => {
        await tx
          .update(profiles)
          .set({ creditsRemaining: INT4.max - 5 })
          .where(eq(profiles.id, user));
        raised();
        await released;
      });
      await ready;
      sent.length = 0;
      const call = redeemCoupon(db, { code: c.code, userId: user });
      let waiting = false;
      for (let i = 0; i < 500 && !waiting; i++) {
        waiting = (await lockWaits(monitor.db)).some((w) => w.query.includes('with s as'));
        if (!waiting) await sleep(10);
      }
      expect(waiting).toBe(true);
      release();
      await holder;
      expect(await call).toEqual({
        success: false,
        error: 'INVALID_INPUT',
        message:
          "the user's balance would exceed 2147483647 credits (profiles.credits_remaining is an integer)",
      });
      // The credit re-checked on the committed balance matched nothing: the statement aborted
      // (NOT NULL user_id) and the transaction decided.
      expect(sent[0]).toBe('with');
      expect(sent[1]).toBe('begin');
      expect(sent.at(-1)).toBe('rollback');
      const [row] = await t().db.select().from(coupons).where(eq(coupons.id, c.id));
      expect(row).toMatchObject({ currentUses: 0, status: 'published' });
      expect(
        await t().db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, c.id)),
      ).toEqual([]);
      expect((await t().db.select().from(profiles).where(eq(profiles.id, user)))[0]!.creditsRemaining).toBe(
        INT4.max - 5,
      );
    } finally {
      await other.close();
      await monitor.close();
    }
  });
});
