import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  integer,
  pgPolicy,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid, authUsers, serviceRole } from 'drizzle-orm/supabase';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { quorumSchema } from '../schema';

/**
 * service_role's full-access policy, as on coupons: with RLS enabled, a role without BYPASSRLS (the
 * foundation's stand-in service_role) sees nothing without one.
 */
const serviceRoleAll = (table: string) =>
  pgPolicy(`${table}_service_role_all`, {
    for: 'all',
    to: serviceRole,
    using: sql`true`,
    withCheck: sql`true`,
  });

export const couponSourceValues = ['campaign', 'referral', 'weekly'] as const;
export type CouponSource = (typeof couponSourceValues)[number];
export const couponStatusValues = ['draft', 'published', 'expired', 'exhausted', 'deactivated'] as const;
export type CouponStatus = (typeof couponStatusValues)[number];

/** Marketing channel master table for coupon attribution (seeded with six channels). */
export const marketingChannels = quorumSchema.table(
  'marketing_channels',
  {
    id: uuidPk('id'),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('marketing_channels_name_key').on(t.name), unique('marketing_channels_slug_key').on(t.slug)],
);

/** Campaign, referral and weekly coupons. RLS: authenticated users read published ones; service_role everything. */
export const coupons = quorumSchema.table(
  'coupons',
  {
    id: uuidPk('id'),
    code: text('code').notNull(),
    channelId: uuid('channel_id'),
    source: text('source', { enum: couponSourceValues }).notNull().default('campaign'),
    sourceCampaign: text('source_campaign'),
    creditsAmount: integer('credits_amount').notNull().default(500),
    status: text('status', { enum: couponStatusValues }).notNull().default('draft'),
    validFrom: timestamptz('valid_from').notNull().defaultNow(),
    validUntil: timestamptz('valid_until'),
    maxUses: integer('max_uses'),
    currentUses: integer('current_uses').notNull().default(0),
    referrerUserId: uuid('referrer_user_id'),
    referrerBonusCredits: integer('referrer_bonus_credits').notNull().default(0),
    notes: text('notes'),
    ...timestamps(),
    publishedAt: timestamptz('published_at'),
    publishedBy: text('published_by'),
  },
  (t) => [
    unique('coupons_code_key').on(t.code),
    // One referral coupon per referrer, so concurrent generateReferralCoupon calls yield one coupon.
    uniqueIndex('coupons_referrer_user_id_referral_key').on(t.referrerUserId).where(sql`source = 'referral'`),
    check('coupons_code_check', sql`${t.code} = upper(${t.code}) and ${t.code} <> ''`),
    check('coupons_credits_amount_check', sql`${t.creditsAmount} >= 0`),
    check('coupons_referrer_bonus_credits_check', sql`${t.referrerBonusCredits} >= 0`),
    check('coupons_max_uses_check', sql`${t.maxUses} is null or ${t.maxUses} > 0`),
    // The last line of defence against over-redemption.
    check(
      'coupons_current_uses_check',
      sql`${t.currentUses} >= 0 and (${t.maxUses} is null or ${t.currentUses} <= ${t.maxUses})`,
    ),
    foreignKey({
      name: 'coupons_channel_id_fkey',
      columns: [t.channelId],
      foreignColumns: [marketingChannels.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'coupons_referrer_user_id_fkey',
      columns: [t.referrerUserId],
      foreignColumns: [authUsers.id],
    }).onDelete('set null'),
    pgPolicy('coupons_authenticated_read_published', {
      for: 'select',
      to: authenticatedRole,
      using: sql`status = 'published'`,
    }),
    pgPolicy('coupons_service_role_all', {
      for: 'all',
      to: serviceRole,
      using: sql`true`,
      withCheck: sql`true`,
    }),
  ],
);

/**
 * Per-user coupon usage: one redemption per user per coupon. RLS: a signed-in user reads their own
 * redemptions (`user_id = auth.uid()`); service_role everything; anon nothing (no grant).
 */
export const couponRedemptions = quorumSchema.table(
  'coupon_redemptions',
  {
    id: uuidPk('id'),
    couponId: uuid('coupon_id').notNull(),
    userId: uuid('user_id').notNull(),
    creditsAwarded: integer('credits_awarded').notNull(),
    redeemedAt: timestamptz('redeemed_at').notNull().defaultNow(),
  },
  (t) => [
    unique('coupon_redemptions_coupon_id_user_id_key').on(t.couponId, t.userId),
    check('coupon_redemptions_credits_awarded_check', sql`${t.creditsAwarded} >= 0`),
    foreignKey({
      name: 'coupon_redemptions_coupon_id_fkey',
      columns: [t.couponId],
      foreignColumns: [coupons.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'coupon_redemptions_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [authUsers.id],
    }).onDelete('cascade'),
    pgPolicy('coupon_redemptions_authenticated_read_own', {
      for: 'select',
      to: authenticatedRole,
      using: sql`user_id = ${authUid}`,
    }),
    serviceRoleAll('coupon_redemptions'),
  ],
);

/**
 * Referral bonus conversions, written by redeemCoupon for referral coupons. RLS: a signed-in user
 * reads the conversions they are part of, as referrer or as referred user; service_role everything;
 * anon nothing (no grant).
 */
export const referralConversions = quorumSchema.table(
  'referral_conversions',
  {
    id: uuidPk('id'),
    referralCouponId: uuid('referral_coupon_id').notNull(),
    referredUserId: uuid('referred_user_id').notNull(),
    referrerUserId: uuid('referrer_user_id').notNull(),
    conversionType: text('conversion_type').notNull().default('signup'),
    bonusCreditsAwarded: integer('bonus_credits_awarded').notNull().default(0),
    convertedAt: timestamptz('converted_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'referral_conversions_referral_coupon_id_fkey',
      columns: [t.referralCouponId],
      foreignColumns: [coupons.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'referral_conversions_referred_user_id_fkey',
      columns: [t.referredUserId],
      foreignColumns: [authUsers.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'referral_conversions_referrer_user_id_fkey',
      columns: [t.referrerUserId],
      foreignColumns: [authUsers.id],
    }).onDelete('cascade'),
    pgPolicy('referral_conversions_authenticated_read_own', {
      for: 'select',
      to: authenticatedRole,
      using: sql`referrer_user_id = ${authUid} or referred_user_id = ${authUid}`,
    }),
    serviceRoleAll('referral_conversions'),
  ],
);

/**
 * Not in the reference document: redeem_coupon updates `profiles.credits_remaining`, so the table
 * exists with just what that needs. RLS: a signed-in user reads their own profile (`id = auth.uid()`)
 * and cannot change it (no write grant: credits move only through redeemCoupon); service_role
 * everything; anon nothing (no grant).
 */
export const profiles = quorumSchema.table(
  'profiles',
  {
    id: uuid('id').primaryKey(),
    creditsRemaining: integer('credits_remaining').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ name: 'profiles_id_fkey', columns: [t.id], foreignColumns: [authUsers.id] }).onDelete(
      'cascade',
    ),
    pgPolicy('profiles_authenticated_read_own', {
      for: 'select',
      to: authenticatedRole,
      using: sql`id = ${authUid}`,
    }),
    serviceRoleAll('profiles'),
  ],
);
