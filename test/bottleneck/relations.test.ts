import { drizzle } from 'drizzle-orm/pglite';
import { describe, expect, it } from 'vitest';
import { createPasswordResetToken, schema, startSubscription } from '../../src/bottleneck';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';

describe('relations', () => {
  const t = useTestDb();

  it('resolve in relational queries across modules (one-to-one, one-to-many, many-to-one)', async () => {
    // relational queries need the schema at construction: open a drizzle instance on the same database
    let close = async () => {};
    let db = t().pglite ? drizzle(t().pglite!, { schema }) : undefined;
    if (!db) {
      const { default: postgres } = await import('postgres');
      const { drizzle: drizzlePg } = await import('drizzle-orm/postgres-js');
      const client = postgres(t().url!, { max: 1, onnotice: () => {} });
      close = () => client.end();
      db = drizzlePg(client, { schema }) as unknown as typeof db;
    }
    if (!db) throw new Error('no database');
    try {
      const { seedBottleneck } = await import('../../src/bottleneck');
      await seedBottleneck(db);
      const userId = await makeUser(db);
      await startSubscription(db, { userId, tierSlug: 'starter', paymentFrequency: 'monthly' });
      await createPasswordResetToken(db, { userId, ttlMinutes: 5 });
      const user = await db.query.users.findFirst({
        where: (u, { eq }) => eq(u.id, userId),
        with: {
          subscription: { with: { tier: true } },
          passwordResetTokens: true,
          profile: true,
          userMemory: true,
        },
      });
      expect(user!.subscription!.tier.slug).toBe('starter');
      expect(user!.passwordResetTokens).toHaveLength(1);
      expect(user!.profile).toBeNull();
      const tier = await db.query.subscriptionTiers.findFirst({
        with: { userSubscriptions: { with: { user: true } } },
      });
      expect(tier!.userSubscriptions[0]!.user.id).toBe(userId);
      // every relation of the system is valid: load each table with all its relations
      for (const [key, value] of Object.entries(db.query)) {
        const relations = Object.keys((db._.schema as Record<string, { relations: object }>)[key]!.relations);
        const withAll = Object.fromEntries(relations.map((r) => [r, true]));
        // A relation that does not resolve rejects here and fails the test.
        await (value as { findFirst(o: object): Promise<unknown> }).findFirst({ with: withAll });
      }
    } finally {
      await close();
    }
  });
});
