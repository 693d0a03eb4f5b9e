import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { seedBottleneck, subscriptionTiers, userCredits, users } from '../../src/bottleneck';
import type { Database } from '../../src/db';

export async function makeUser(db: Database): Promise<number> {
  const [u] = await db
    .insert(users)
    .values({ email: `${randomUUID()}@example.com` })
    .returning({ id: users.id });
  return u!.id;
}

/** A user subscribed to the seeded `starter` tier (200 executions) with `used` already consumed. */
export async function subscribedUser(
  db: Database,
  used = 0,
  extra: Record<string, unknown> = {},
): Promise<number> {
  await seedBottleneck(db);
  const userId = await makeUser(db);
  const [tier] = await db.select().from(subscriptionTiers).where(eq(subscriptionTiers.slug, 'starter'));
  await db.execute(sql`insert into bottleneck.user_subscriptions ("userId", "tierId", "currentPeriodStart", "currentPeriodEnd", "executionsUsedThisPeriod")
    values (${userId}, ${tier!.id}, now(), now() + interval '1 month', ${used})`);
  if (Object.keys(extra).length > 0) {
    const { userSubscriptions } = await import('../../src/bottleneck');
    await db.update(userSubscriptions).set(extra).where(eq(userSubscriptions.userId, userId));
  }
  return userId;
}

/** The user's credit balances (user_credits), oldest row first. */
export const creditRowsOf = (db: Database, userId: number) =>
  db
    .select({
      creditType: userCredits.creditType,
      balance: userCredits.balance,
      totalPurchased: userCredits.totalPurchased,
      totalUsed: userCredits.totalUsed,
    })
    .from(userCredits)
    .where(eq(userCredits.userId, userId))
    .orderBy(userCredits.id);
