// Coupon redemption (quorum.redeemCoupon): the 200-user race for a coupon with max_uses 10, an
// uncontended run (each user its own coupon), and a deliberately naive read-then-write redemption
// that exists only here, to show what the single conditional UPDATE prevents. `benchCouponLimit`
// runs redeemCoupon side by side with a hand-written single statement (raw SQL through postgres.js)
// with the same semantics, in the same process on the same pool, at 1, 8 and 32 connections, and
// prints library ÷ hand-written.
//   TEST_DATABASE_URL=… npx tsx bench/coupon.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { type DbOrTx, rowsOf } from '../src/db';
import { redeemCoupon } from '../src/quorum/redeem';
import { createBenchDb, fmt, load, median, runs as runCount } from './util';

export interface CouponResult {
  race: { users: number; maxUses: number; rate: number; wins: number[]; exhausted: number[] };
  naive: { users: number; maxUses: number; rate: number; redemptionRows: number[]; currentUses: number[] };
  uncontended: { redemptions: number; connections: number; rate: number };
}

async function makeUsers(db: DbOrTx, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await db.execute(sql`insert into auth.users (id) select unnest(${`{${ids.join(',')}}`}::uuid[])`);
  await db.execute(sql`insert into quorum.profiles (id) select unnest(${`{${ids.join(',')}}`}::uuid[])`);
  return ids;
}

async function makeCoupon(db: DbOrTx, code: string, maxUses: number | null): Promise<string> {
  const [c] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into quorum.coupons (code, status, credits_amount, max_uses)
      values (${code}, 'published', 75, ${maxUses}) returning id`),
  );
  return c!.id;
}

/** The bug this library exists to prevent: check in JS, then write. Benchmark only. */
async function naiveRedeem(db: DbOrTx, code: string, userId: string): Promise<boolean> {
  const [c] = rowsOf<{ id: string; current_uses: number; max_uses: number | null; credits_amount: number }>(
    await db.execute(sql`select id, current_uses, max_uses, credits_amount from quorum.coupons
      where code = ${code} and status = 'published'`),
  );
  if (!c || (c.max_uses !== null && c.current_uses >= c.max_uses)) return false;
  await db.execute(sql`insert into quorum.coupon_redemptions (coupon_id, user_id, credits_awarded)
    values (${c.id}, ${userId}, ${c.credits_amount})`);
  await db.execute(sql`update quorum.coupons set current_uses = ${c.current_uses + 1} where id = ${c.id}`);
  await db.execute(
    sql`update quorum.profiles set credits_remaining = credits_remaining + ${c.credits_amount} where id = ${userId}`,
  );
  return true;
}

export async function benchCoupon(
  options: { runs?: number; uncontended?: number } = {},
): Promise<CouponResult> {
  const RUNS = options.runs ?? runCount();
  const UNC = options.uncontended ?? 2_000;
  const USERS = 200;
  const MAX = 10;
  const bdb = await createBenchDb('coupon', ['quorum']);
  const pool = bdb.open(40);
  const db = pool.db;
  const race = { users: USERS, maxUses: MAX, rate: 0, wins: [] as number[], exhausted: [] as number[] };
  const naive = {
    users: USERS,
    maxUses: MAX,
    rate: 0,
    redemptionRows: [] as number[],
    currentUses: [] as number[],
  };
  const raceRates: number[] = [];
  const naiveRates: number[] = [];
  const uncRates: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // The race, through the library.
      const users = await makeUsers(db, USERS);
      const code = `RACE${run}`;
      await makeCoupon(db, code, MAX);
      let t0 = performance.now();
      const results = await Promise.all(users.map((userId) => redeemCoupon(db, { code, userId })));
      raceRates.push((USERS / (performance.now() - t0)) * 1000);
      race.wins.push(results.filter((r) => r.success).length);
      race.exhausted.push(results.filter((r) => !r.success && r.error === 'COUPON_EXHAUSTED').length);

      // The same race, read-then-write.
      const users2 = await makeUsers(db, USERS);
      const code2 = `NAIVE${run}`;
      const id2 = await makeCoupon(db, code2, MAX);
      t0 = performance.now();
      await Promise.all(users2.map((u) => naiveRedeem(db, code2, u)));
      naiveRates.push((USERS / (performance.now() - t0)) * 1000);
      const [n] = rowsOf<{ rows: number; uses: number }>(
        await db.execute(sql`select (select count(*)::int from quorum.coupon_redemptions where coupon_id = ${id2}) as rows,
          (select current_uses from quorum.coupons where id = ${id2}) as uses`),
      );
      naive.redemptionRows.push(n!.rows);
      naive.currentUses.push(n!.uses);

      // Uncontended: every user redeems a coupon of their own, 32 at a time.
      const users3 = await makeUsers(db, UNC);
      await db.execute(sql`insert into quorum.coupons (code, status, credits_amount, max_uses)
        select 'U${sql.raw(String(run))}X' || g, 'published', 75, 1 from generate_series(0, ${UNC - 1}::int) g`);
      let next = 0;
      let okCount = 0;
      t0 = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < UNC) {
            const i = next++;
            const r = await redeemCoupon(db, { code: `U${run}X${i}`, userId: users3[i]! });
            if (r.success) okCount++;
          }
        }),
      );
      uncRates.push((UNC / (performance.now() - t0)) * 1000);
      if (okCount !== UNC) throw new Error(`uncontended: ${okCount} of ${UNC} succeeded`);
      console.log(
        `coupon run ${run + 1}: race ${race.wins.at(-1)} wins / ${race.exhausted.at(-1)} exhausted, ${fmt(raceRates.at(-1)!)} attempts/s; naive ${naive.redemptionRows.at(-1)} redemptions (coupon says ${naive.currentUses.at(-1)}); uncontended ${fmt(uncRates.at(-1)!)} redemptions/s; load ${load()}`,
      );
    }
  } finally {
    await pool.close();
    await bdb.drop();
  }
  race.rate = median(raceRates);
  naive.rate = median(naiveRates);
  return { race, naive, uncontended: { redemptions: UNC, connections: 32, rate: median(uncRates) } };
}

/**
 * The best hand-written single statement with redeemCoupon's semantics, for campaign and weekly
 * coupons (the benchmark's): read the coupon, the profile and an earlier redemption in the
 * statement's snapshot, claim a use with the conditional UPDATE (re-checked against the latest row
 * under the row lock), credit the profile, insert the redemption; the NOT NULL user_id from the
 * credit's RETURNING aborts the statement if the credit matched nothing, a concurrent second
 * redemption aborts it with 23505. A claimable coupon the claim did not match changed after the
 * snapshot: a new statement decides (as the library does). Returns the error code or null.
 */
async function handRedeem(pg: postgres.Sql, code: string, userId: string): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    let row: Record<string, unknown> | undefined;
    try {
      [row] = await pg`
        with s as (
          select c.id, c.status, c.valid_from > now() as not_yet_valid,
                 coalesce(c.valid_until <= now(), false) as past_valid_until,
                 (c.max_uses is null or c.current_uses < c.max_uses) and c.current_uses < 2147483647 as uses_left,
                 exists (select 1 from quorum.coupon_redemptions r where r.coupon_id = c.id and r.user_id = ${userId}::uuid) as redeemed,
                 pr.id is not null as has_profile,
                 coalesce(pr.credits_remaining::bigint + c.credits_amount <= 2147483647, false) as room
          from quorum.coupons c left join quorum.profiles pr on pr.id = ${userId}::uuid
          where c.code = ${code}
        ), u as (
          update quorum.coupons c set current_uses = c.current_uses + 1,
                 status = case when c.max_uses is not null and c.current_uses + 1 >= c.max_uses then 'exhausted' else c.status end
            from s
           where c.id = s.id and s.has_profile and s.room and not s.redeemed and c.status = 'published'
             and c.source <> 'referral' and c.valid_from <= now() and (c.valid_until is null or c.valid_until > now())
             and (c.max_uses is null or c.current_uses < c.max_uses) and c.current_uses < 2147483647
          returning c.id, c.credits_amount
        ), p as (
          update quorum.profiles pr set credits_remaining = pr.credits_remaining + u.credits_amount from u
           where pr.id = ${userId}::uuid and pr.credits_remaining::bigint + u.credits_amount <= 2147483647
          returning pr.id, pr.credits_remaining
        ), r as (
          insert into quorum.coupon_redemptions (coupon_id, user_id, credits_awarded)
          select u.id, (select p.id from p), u.credits_amount from u returning id
        )
        select s.*, p.credits_remaining as new_balance, r.id as redemption_id
          from s left join p on true left join r on true`;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'ALREADY_REDEEMED';
      throw error;
    }
    if (!row) return 'COUPON_NOT_FOUND';
    if (row.redemption_id) return null;
    const claimable =
      row.status === 'published' && !row.not_yet_valid && !row.past_valid_until && row.uses_left;
    if (!claimable) {
      if (row.status === 'draft' || row.status === 'deactivated') return 'COUPON_NOT_ACTIVE';
      if (row.redeemed) return 'ALREADY_REDEEMED';
      if (row.status === 'expired' || row.past_valid_until) return 'COUPON_EXPIRED';
      if (row.status === 'exhausted' || !row.uses_left) return 'COUPON_EXHAUSTED';
      return 'COUPON_NOT_YET_VALID';
    }
    if (!row.has_profile) return 'PROFILE_NOT_FOUND';
    if (!row.room) return 'INVALID_INPUT';
    if (row.redeemed) return 'ALREADY_REDEEMED';
    if (attempt >= 2) return 'COUPON_NOT_ACTIVE';
  }
}

type Redeem = (code: string, userId: string) => Promise<string | null>;

export interface CouponLimitPoint {
  connections: number;
  race: { library: number; limit: number; ratio: number };
  uncontended: { library: number; limit: number; ratio: number };
}

/**
 * redeemCoupon ÷ the hand-written statement, interleaved on one pool per connection count (the
 * order alternates per run), medians of `runs`. Race: 200 users at once on a coupon with max_uses
 * 10 (exactly 10 winners checked for both), five races per sample; uncontended: `uncontended` users, each redeeming a
 * coupon of their own, `connections` at a time.
 */
export async function benchCouponLimit(
  options: { runs?: number; uncontended?: number; connections?: number[] } = {},
): Promise<{ points: CouponLimitPoint[]; load: string }> {
  const RUNS = options.runs ?? Math.max(7, runCount());
  const RACES = 5;
  const UNC = options.uncontended ?? 1_000;
  const USERS = 200;
  const MAX = 10;
  const bdb = await createBenchDb('couponlimit', ['quorum']);
  const points: CouponLimitPoint[] = [];
  let seq = 0;
  try {
    for (const connections of options.connections ?? [1, 8, 32]) {
      const pool = bdb.open(connections);
      const lib: Redeem = async (code, userId) => {
        const r = await redeemCoupon(pool.db, { code, userId });
        return r.success ? null : r.error;
      };
      const hand: Redeem = (code, userId) => handRedeem(pool.sql, code, userId);
      const rates = {
        race: { lib: [] as number[], hand: [] as number[] },
        unc: { lib: [] as number[], hand: [] as number[] },
      };
      // One sample is RACES races in a row (a coupon each, 200 fresh users each): one race lasts
      // a few tens of milliseconds, too short to time alone on a loaded machine.
      const race = async (redeem: Redeem) => {
        const rounds: { code: string; users: string[] }[] = [];
        for (let i = 0; i < RACES; i++) {
          const code = `LRACE${seq++}`;
          await makeCoupon(pool.db, code, MAX);
          rounds.push({ code, users: await makeUsers(pool.db, USERS) });
        }
        const t0 = performance.now();
        for (const { code, users } of rounds) {
          const results = await Promise.all(users.map((u) => redeem(code, u)));
          const wins = results.filter((r) => r === null).length;
          const exhausted = results.filter((r) => r === 'COUPON_EXHAUSTED').length;
          if (wins !== MAX || exhausted !== USERS - MAX)
            throw new Error(`race: ${wins} wins, ${exhausted} exhausted`);
        }
        return ((RACES * USERS) / (performance.now() - t0)) * 1000;
      };
      const uncontended = async (redeem: Redeem) => {
        const users = await makeUsers(pool.db, UNC);
        const prefix = `LU${seq++}X`;
        await pool.db.execute(sql`insert into quorum.coupons (code, status, credits_amount, max_uses)
          select ${prefix} || g, 'published', 75, 1 from generate_series(0, ${UNC - 1}::int) g`);
        let next = 0;
        let okCount = 0;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: connections }, async () => {
            while (next < UNC) {
              const i = next++;
              if ((await redeem(`${prefix}${i}`, users[i]!)) === null) okCount++;
            }
          }),
        );
        const rate = (UNC / (performance.now() - t0)) * 1000;
        if (okCount !== UNC) throw new Error(`uncontended: ${okCount} of ${UNC} succeeded`);
        return rate;
      };
      // Warm-up (prepared statements, connections, the JIT: the library runs more JavaScript per
      // call, zod included), both paths, both cases.
      for (const redeem of [lib, hand]) {
        await race(redeem);
        await uncontended(redeem);
      }
      for (let run = 0; run < RUNS; run++) {
        const order: ['lib' | 'hand', Redeem][] = [
          ['lib', lib],
          ['hand', hand],
        ];
        if (run % 2) order.reverse();
        for (const [who, redeem] of order) rates.race[who].push(await race(redeem));
        for (const [who, redeem] of order) rates.unc[who].push(await uncontended(redeem));
      }
      await pool.close();
      const point: CouponLimitPoint = {
        connections,
        race: { library: median(rates.race.lib), limit: median(rates.race.hand), ratio: 0 },
        uncontended: { library: median(rates.unc.lib), limit: median(rates.unc.hand), ratio: 0 },
      };
      point.race.ratio = point.race.library / point.race.limit;
      point.uncontended.ratio = point.uncontended.library / point.uncontended.limit;
      points.push(point);
      console.log(
        `coupon limit, ${connections} connection(s): race ${fmt(point.race.library)} vs ${fmt(point.race.limit)} attempts/s (${fmt(point.race.ratio, 2)}), uncontended ${fmt(point.uncontended.library)} vs ${fmt(point.uncontended.limit)} redemptions/s (${fmt(point.uncontended.ratio, 2)}); load ${load()}`,
      );
    }
  } finally {
    await bdb.drop();
  }
  return { points, load: load() };
}

/** The side-by-side table. */
export function couponLimitTable(r: { points: CouponLimitPoint[]; load: string }): string {
  const row = (
    name: string,
    pick: (p: CouponLimitPoint) => { library: number; limit: number; ratio: number },
  ) =>
    `| ${name} | ${r.points.map((p) => p.connections).join(' / ')} | ${r.points.map((p) => fmt(pick(p).library)).join(' / ')} | ${r.points.map((p) => fmt(pick(p).limit)).join(' / ')} | ${r.points.map((p) => fmt(pick(p).ratio, 2)).join(' / ')} |`;
  return [
    '| redeemCoupon | connections | library ops/s | hand-written single statement | library ÷ hand-written |',
    '|---|---|---|---|---|',
    row('200 users race max_uses 10', (p) => p.race),
    row('uncontended', (p) => p.uncontended),
    '',
    `load average (1, 5, 15 min) at the end: ${r.load}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--limit-only')) {
    console.log(couponLimitTable(await benchCouponLimit()));
  } else {
    console.log(JSON.stringify(await benchCoupon(), null, 1));
    console.log(couponLimitTable(await benchCouponLimit()));
  }
}
