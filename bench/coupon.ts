// Coupon redemption (quorum.redeemCoupon): the 200-user race for a coupon with max_uses 10, an
// uncontended run (each user its own coupon), and a deliberately naive read-then-write redemption
// that exists only here, to show what the single conditional UPDATE prevents.
//   TEST_DATABASE_URL=… npx tsx bench/coupon.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
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

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchCoupon(), null, 1));
}
