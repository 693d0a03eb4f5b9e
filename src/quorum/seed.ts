import { sql } from 'drizzle-orm';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import type { SeedReport } from '../seed-report';

/** The six documented marketing channels. */
export const marketingChannelSeed = [
  { name: 'LinkedIn', slug: 'linkedin' },
  { name: 'X/Twitter', slug: 'x-twitter' },
  { name: 'Facebook', slug: 'facebook' },
  { name: 'AI Blog', slug: 'ai-blog' },
  { name: 'SCM Blog', slug: 'scm-blog' },
  { name: 'Refer a Friend', slug: 'refer-a-friend' },
] as const;

/** WELCOME2026: published, ai-blog channel, 500 credits, no expiry. */
export const welcomeCouponSeed = { code: 'WELCOME2026', channelSlug: 'ai-blog', creditsAmount: 500 } as const;

/**
 * Loads this system's reference data idempotently; returns rows inserted or changed per table.
 * Channels are upserted by slug (the documented name wins); WELCOME2026 is only inserted when
 * missing, so an admin's later changes to it (deactivation, uses) are kept.
 */
export async function seedQuorum(db: AnyDb): Promise<SeedReport> {
  narrowDb(db);
  return db.transaction(async (tx) => {
    const channels = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into quorum.marketing_channels (name, slug)
        values ${sql.join(
          marketingChannelSeed.map((c) => sql`(${c.name}, ${c.slug})`),
          sql`, `,
        )}
        on conflict (slug) do update set name = excluded.name
          where quorum.marketing_channels.name is distinct from excluded.name
        returning id`),
    );
    const welcome = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into quorum.coupons (code, channel_id, source, credits_amount, status, published_at, published_by)
        select ${welcomeCouponSeed.code}, id, 'campaign', ${welcomeCouponSeed.creditsAmount}, 'published', now(), 'seed'
        from quorum.marketing_channels where slug = ${welcomeCouponSeed.channelSlug}
        on conflict (code) do nothing
        returning id`),
    );
    return { 'quorum.marketing_channels': channels.length, 'quorum.coupons': welcome.length };
  });
}
