import { eq, getTableColumns, sql } from 'drizzle-orm';
import { quorumSchema } from '../schema';
import { couponRedemptions, coupons, marketingChannels } from './coupons';

/**
 * v_coupon_attribution: every coupons column plus the channel and the aggregated redemptions.
 * security_invoker, so the coupons RLS policies apply to whoever queries it.
 */
export const vCouponAttribution = quorumSchema
  .view('v_coupon_attribution')
  .with({ securityInvoker: true })
  .as((qb) => {
    const totals = qb
      .select({
        couponId: couponRedemptions.couponId,
        redemptionCount: sql<number>`count(*)::int`.as('redemption_count'),
        // bigint: the sum of int4 credits passes int4 after two redemptions of a large coupon.
        totalCreditsAwarded: sql<number>`sum(${couponRedemptions.creditsAwarded})::bigint`
          .mapWith(Number)
          .as('total_credits_awarded'),
      })
      .from(couponRedemptions)
      .groupBy(couponRedemptions.couponId)
      .as('r');
    return qb
      .select({
        ...getTableColumns(coupons),
        channelName: sql<string | null>`${marketingChannels.name}`.as('channel_name'),
        channelSlug: sql<string | null>`${marketingChannels.slug}`.as('channel_slug'),
        redemptionCount: sql<number>`coalesce(${totals.redemptionCount}, 0)`.as('redemption_count'),
        totalCreditsAwarded: sql<number>`coalesce(${totals.totalCreditsAwarded}, 0)`
          .mapWith(Number)
          .as('total_credits_awarded'),
      })
      .from(coupons)
      .leftJoin(marketingChannels, eq(marketingChannels.id, coupons.channelId))
      .leftJoin(totals, eq(totals.couponId, coupons.id));
  });
