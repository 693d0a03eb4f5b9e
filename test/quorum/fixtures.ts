import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db';
import {
  coupons,
  marketingChannels,
  type NewCoupon,
  type NewSession,
  profiles,
  sessions,
} from '../../src/quorum';

/** Inserts auth.users rows (the foundation's stand-in off Supabase; only `id` is set) and returns their ids. */
export async function makeUsers(
  db: Database,
  n: number,
  withProfiles = true,
  credits = 0,
): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.execute(
      sql`insert into auth.users (id) values ${sql.join(
        chunk.map((id) => sql`(${id}::uuid)`),
        sql`, `,
      )}`,
    );
    if (withProfiles)
      await db.insert(profiles).values(chunk.map((id) => ({ id, creditsRemaining: credits })));
  }
  return ids;
}

export async function makeUser(db: Database, credits = 0, withProfile = true): Promise<string> {
  return (await makeUsers(db, 1, withProfile, credits))[0]!;
}

let seq = 0;
/** A published coupon with a unique code (override anything). */
export async function makeCoupon(db: Database, values: Partial<NewCoupon> = {}) {
  seq++;
  const [row] = await db
    .insert(coupons)
    .values({ code: `TEST-${seq}-${randomUUID().slice(0, 8).toUpperCase()}`, status: 'published', ...values })
    .returning();
  return row!;
}

export async function makeChannel(db: Database, slug = `ch-${randomUUID().slice(0, 8)}`) {
  const [row] = await db
    .insert(marketingChannels)
    .values({ name: `Channel ${slug}`, slug })
    .returning();
  return row!;
}

/** A session of a new user (or of `values.userId`), with the column defaults unless overridden. */
export async function makeSession(db: Database, values: Partial<NewSession> = {}) {
  const userId = values.userId ?? (await makeUser(db));
  const [row] = await db
    .insert(sessions)
    .values({ title: 'Test session', ...values, userId })
    .returning();
  return row!;
}
