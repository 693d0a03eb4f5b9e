// coupon-admin's rarer paths: exact failure messages, generateReferralCoupon's code-collision loop
// (at most ten attempts), the insert order and the result order of generateWeeklyCoupons, conflicts
// on a key other than the code, and the order of expireCoupons' result. Collisions, insert orders
// and races are provoked or observed with a plpgsql trigger installed for one call and dropped after.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import {
  coupons,
  deactivateCoupon,
  expireCoupons,
  generateReferralCoupon,
  generateWeeklyCoupons,
  marketingChannels,
  publishCoupon,
  referralCodeAlphabet,
  seedQuorum,
} from '../../src/quorum';
import { withTrigger } from '../fixtures/triggers';
import { expectPgError, useRollbackDb } from '../support';
import { makeChannel, makeCoupon, makeUser } from './fixtures';

const t = useRollbackDb();

const referralCouponsOf = async (userId: string) =>
  t().db.select().from(coupons).where(eq(coupons.referrerUserId, userId));

describe('generateReferralCoupon edges', () => {
  it('CHANNEL_NOT_FOUND names the missing channel', async () => {
    const db = t().db;
    await db.delete(marketingChannels).where(eq(marketingChannels.slug, 'refer-a-friend'));
    const user = await makeUser(db);
    expect(await generateReferralCoupon(db, { userId: user })).toEqual({
      success: false,
      error: 'CHANNEL_NOT_FOUND',
      message: "marketing channel 'refer-a-friend' is missing (run seed())",
    });
    expect(await referralCouponsOf(user)).toEqual([]);
  });

  it('USER_NOT_FOUND says which row is missing', async () => {
    const db = t().db;
    await seedQuorum(db);
    const userId = '00000000-0000-4000-8000-0000000000e1';
    expect(await generateReferralCoupon(db, { userId })).toEqual({
      success: false,
      error: 'USER_NOT_FOUND',
      message: 'no auth.users row has this id',
    });
    expect(await referralCouponsOf(userId)).toEqual([]);
  });

  it('the coupon is stamped published by system:generate_referral_coupon', async () => {
    const db = t().db;
    await seedQuorum(db);
    const user = await makeUser(db);
    const r = await generateReferralCoupon(db, { userId: user });
    expect(r).toMatchObject({
      success: true,
      created: true,
      coupon: {
        status: 'published',
        publishedBy: 'system:generate_referral_coupon',
        creditsAmount: 500,
        referrerBonusCredits: 0,
      },
    });
  });

  it('a foreign-key error other than the referrer one is rethrown (channel deleted meanwhile)', async () => {
    const db = t().db;
    await seedQuorum(db);
    const user = await makeUser(db);
    const deleteChannel = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'insert' as const,
      body: 'delete from quorum.marketing_channels where id = new.channel_id; return new;',
    };
    await withTrigger(db, deleteChannel, async () => {
      await expectPgError(generateReferralCoupon(db, { userId: user }), '23503', 'coupons_channel_id_fkey');
    });
    // The savepoint rolled the delete back with the insert.
    expect(
      await db.select().from(marketingChannels).where(eq(marketingChannels.slug, 'refer-a-friend')),
    ).toHaveLength(1);
    expect(await referralCouponsOf(user)).toEqual([]);
  });

  // Collisions are forced in the database: a trigger rewrites the random code of the first
  // `collisions` inserts to one that exists; a sequence counts the attempts.
  const collide = (code: string, collisions: number) => ({
    schema: 'quorum',
    table: 'coupons' as const,
    timing: 'before' as const,
    event: 'insert' as const,
    body: `declare n bigint := nextval('quorum.test_edge_seq'); begin
        if n > 20 then raise exception 'runaway collision loop'; end if;
        if n <= ${collisions} then new.code := '${code}'; end if;
        return new;
      end;`,
  });

  it('nine code collisions, then the tenth attempt creates the coupon with a fresh code', async () => {
    const db = t().db;
    await seedQuorum(db);
    const taken = await makeCoupon(db, { code: 'REFER-TAKEN-9' });
    const user = await makeUser(db);
    await withTrigger(db, collide(taken.code, 9), async (calls) => {
      const r = await generateReferralCoupon(db, { userId: user });
      if (!r.success) throw new Error(r.message);
      expect(r.created).toBe(true);
      expect(r.coupon).toMatchObject({ referrerUserId: user, source: 'referral', status: 'published' });
      expect(r.coupon.code).toMatch(new RegExp(`^REFER-[${referralCodeAlphabet}]{8}$`));
      expect(await calls()).toBe(10);
      expect((await referralCouponsOf(user)).map((c) => c.id)).toEqual([r.coupon.id]);
    });
  });

  it('ten code collisions: throws after exactly ten attempts, creates nothing', async () => {
    const db = t().db;
    await seedQuorum(db);
    const taken = await makeCoupon(db, { code: 'REFER-TAKEN-10' });
    const user = await makeUser(db);
    // An eleventh attempt would get through with its random code.
    await withTrigger(db, collide(taken.code, 10), async (calls) => {
      await expect(generateReferralCoupon(db, { userId: user })).rejects.toThrow(
        new Error('generateReferralCoupon: no unique code after 10 attempts'),
      );
      expect(await calls()).toBe(10);
    });
    expect(await referralCouponsOf(user)).toEqual([]);
  });
});

/** Only the given channels are active (all others are deactivated). */
async function onlyChannels(db: Database, slugs: string[]) {
  await db.update(marketingChannels).set({ isActive: false });
  const made = [];
  for (const slug of slugs) made.push(await makeChannel(db, slug));
  return made;
}

describe('generateWeeklyCoupons edges', () => {
  it('no active channel: exactly { coupons: [] }', async () => {
    const db = t().db;
    await onlyChannels(db, []);
    expect(await generateWeeklyCoupons(db, { now: new Date('2031-03-05T10:00:00Z') })).toEqual({
      success: true,
      coupons: [],
    });
    expect(await db.select().from(coupons).where(eq(coupons.code, 'WEEKLY-REFER-A-FRIEND-203110'))).toEqual(
      [],
    );
  });

  it('inserts in code order (not slug order)', async () => {
    const db = t().db;
    const made = await onlyChannels(db, ['b', 'a~b', 'c-d', 'aa']);
    const slugOf = new Map(made.map((c) => [c.id, c.slug]));
    // Slug order (C collation) differs from code order: '~' sorts after letters, '-' before.
    const bySlug = await db
      .select({ slug: marketingChannels.slug })
      .from(marketingChannels)
      .where(eq(marketingChannels.isActive, true))
      .orderBy(marketingChannels.slug);
    expect(bySlug.map((c) => c.slug)).toEqual(['aa', 'a~b', 'b', 'c-d']);
    // Each inserted row records its position in the insert.
    const stampOrder = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'insert' as const,
      body: `new.notes := nextval('quorum.test_edge_seq')::text; return new;`,
    };
    const r = await withTrigger(db, stampOrder, () =>
      generateWeeklyCoupons(db, { now: new Date('2031-03-12T10:00:00Z') }),
    );
    if (!r.success) throw new Error(r.message);
    expect(r.coupons.map((c) => [c.code, slugOf.get(c.channelId!), c.notes])).toEqual([
      ['WEEKLY-A-B-203111', 'a~b', '1'],
      ['WEEKLY-AA-203111', 'aa', '2'],
      ['WEEKLY-B-203111', 'b', '3'],
      ['WEEKLY-C-D-203111', 'c-d', '4'],
    ]);
  });

  it('a conflict on another unique key (the id) is not swallowed', async () => {
    const db = t().db;
    const existing = await makeCoupon(db, { code: 'WEEKLY-PK-HOLDER' });
    await onlyChannels(db, ['pk-x']);
    const reuseId = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'insert' as const,
      body: `new.id := '${existing.id}'::uuid; return new;`,
    };
    await withTrigger(db, reuseId, async () => {
      await expectPgError(
        generateWeeklyCoupons(db, { now: new Date('2031-03-19T10:00:00Z') }),
        '23505',
        'coupons_pkey',
      );
    });
    expect(await db.select().from(coupons).where(eq(coupons.code, 'WEEKLY-PK-X-203112'))).toEqual([]);
    expect(await db.select().from(coupons).where(eq(coupons.id, existing.id))).toMatchObject([
      { code: 'WEEKLY-PK-HOLDER' },
    ]);
  });

  it('the result is sorted by code, not returned in insert order', async () => {
    const db = t().db;
    await onlyChannels(db, ['q1', 'q2', 'q3']);
    // Codes rewritten on insert so that the insert order is the reverse of the code order.
    const reverseCodes = {
      schema: 'quorum',
      table: 'coupons' as const,
      timing: 'before' as const,
      event: 'insert' as const,
      body: `new.code := chr(90 - nextval('quorum.test_edge_seq')::int) || '-' || new.code; return new;`,
    };
    const r = await withTrigger(db, reverseCodes, () =>
      generateWeeklyCoupons(db, { now: new Date('2031-03-26T10:00:00Z') }),
    );
    if (!r.success) throw new Error(r.message);
    expect(r.coupons.map((c) => c.code)).toEqual([
      'W-WEEKLY-Q3-203113',
      'X-WEEKLY-Q2-203113',
      'Y-WEEKLY-Q1-203113',
    ]);
  });
});

describe('coupon lifecycle edges', () => {
  it('publishCoupon: the messages name the current status, or the missing id', async () => {
    const db = t().db;
    for (const status of ['published', 'expired', 'exhausted', 'deactivated'] as const) {
      const c = await makeCoupon(db, { status });
      expect(await publishCoupon(db, { couponId: c.id, publishedBy: 'admin' })).toEqual({
        success: false,
        error: 'COUPON_NOT_DRAFT',
        message: `only draft coupons can be published (this one is ${status})`,
      });
    }
    expect(
      await publishCoupon(db, { couponId: '00000000-0000-4000-8000-0000000000e2', publishedBy: 'admin' }),
    ).toEqual({ success: false, error: 'COUPON_NOT_FOUND', message: 'no coupon has this id' });
  });

  it('deactivateCoupon: exact messages', async () => {
    const db = t().db;
    const c = await makeCoupon(db, { status: 'deactivated' });
    expect(await deactivateCoupon(db, { couponId: c.id })).toEqual({
      success: false,
      error: 'COUPON_ALREADY_DEACTIVATED',
      message: 'the coupon is already deactivated',
    });
    expect(await deactivateCoupon(db, { couponId: '00000000-0000-4000-8000-0000000000e3' })).toEqual({
      success: false,
      error: 'COUPON_NOT_FOUND',
      message: 'no coupon has this id',
    });
  });

  it('expireCoupons returns the expired coupons sorted by code, not in table order', async () => {
    const db = t().db;
    const validUntil = new Date('1999-06-01T00:00:00Z');
    // One statement, so the rows sit in the table in this (unsorted) order.
    await db.insert(coupons).values(
      ['EXPIRE-EDGE-B', 'EXPIRE-EDGE-C', 'EXPIRE-EDGE-A'].map((code) => ({
        code,
        status: 'published' as const,
        validUntil,
      })),
    );
    const [physical] = rowsOf<{ codes: string }>(
      await db.execute(
        sql`select string_agg(code, ',' order by ctid) as codes from quorum.coupons where code like 'EXPIRE-EDGE-%'`,
      ),
    );
    expect(physical!.codes).toBe('EXPIRE-EDGE-B,EXPIRE-EDGE-C,EXPIRE-EDGE-A');
    const r = await expireCoupons(db, { now: new Date('2000-01-01T00:00:00Z') });
    expect(r.success && r.coupons.map((c) => [c.code, c.status])).toEqual([
      ['EXPIRE-EDGE-A', 'expired'],
      ['EXPIRE-EDGE-B', 'expired'],
      ['EXPIRE-EDGE-C', 'expired'],
    ]);
  });
});
