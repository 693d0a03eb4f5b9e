import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { vCouponAttribution } from './attribution';
import { coupons, marketingChannels } from './coupons';
import { type Coupon, type CouponAttribution, couponSourceSchema, couponStatusSchema } from './validators';

const REFERRAL_CHANNEL = 'refer-a-friend';
/** Upper-case letters and digits without the look-alikes I, O, 0, 1. */
export const referralCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function randomReferralCode(): string {
  let s = 'REFER-';
  for (let i = 0; i < 8; i++) s += referralCodeAlphabet[randomInt(referralCodeAlphabet.length)];
  return s;
}

// ---------------------------------------------------------------- generateReferralCoupon

export const generateReferralCouponErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'CHANNEL_NOT_FOUND'] as const;
export type GenerateReferralCouponError = (typeof generateReferralCouponErrors)[number];
export const generateReferralCouponInput = z.object({
  userId: z.uuid(),
  creditsAmount: z.number().int().min(0).optional(),
  referrerBonusCredits: z.number().int().min(0).optional(),
});

/**
 * The user's referral coupon, created on first call (documented `generate_referral_coupon`):
 * published at once, channel refer-a-friend. The partial unique index on referrer_user_id is the
 * arbiter, so concurrent calls for one user yield one coupon; code collisions are retried.
 */
export async function generateReferralCoupon(
  db: DbOrTx,
  input: z.input<typeof generateReferralCouponInput>,
): Promise<Result<{ coupon: Coupon; created: boolean }, GenerateReferralCouponError>> {
  const parsed = parseInput(generateReferralCouponInput, input);
  if (!parsed.success) return parsed;
  const { userId, creditsAmount, referrerBonusCredits } = parsed.data;
  for (let attempt = 0; attempt < 10; attempt++) {
    const [existing] = await db
      .select()
      .from(coupons)
      .where(and(eq(coupons.referrerUserId, userId), eq(coupons.source, 'referral')))
      .limit(1);
    if (existing) return ok({ coupon: existing, created: false });
    const [channel] = await db
      .select({ id: marketingChannels.id })
      .from(marketingChannels)
      .where(eq(marketingChannels.slug, REFERRAL_CHANNEL));
    if (!channel)
      return fail('CHANNEL_NOT_FOUND', `marketing channel '${REFERRAL_CHANNEL}' is missing (run seed())`);
    let created: Coupon | undefined;
    try {
      // A savepoint when the caller gave a transaction, so a foreign-key error does not abort it.
      [created] = await db.transaction((tx) =>
        tx
          .insert(coupons)
          .values({
            code: randomReferralCode(),
            channelId: channel.id,
            source: 'referral',
            status: 'published',
            publishedAt: sql`now()`,
            publishedBy: 'system:generate_referral_coupon',
            referrerUserId: userId,
            ...(creditsAmount !== undefined && { creditsAmount }),
            ...(referrerBonusCredits !== undefined && { referrerBonusCredits }),
          })
          .onConflictDoNothing()
          .returning(),
      );
    } catch (error) {
      if (pgErrorCode(error) === '23503' && pgConstraint(error) === 'coupons_referrer_user_id_fkey') {
        return fail('USER_NOT_FOUND', 'no auth.users row has this id');
      }
      throw error;
    }
    if (created) return ok({ coupon: created, created: true });
    // Conflict: another call created this user's coupon (found on the next pass) or the code collided.
  }
  throw new Error('generateReferralCoupon: no unique code after 10 attempts');
}

// ---------------------------------------------------------------- generateWeeklyCoupons

export const generateWeeklyCouponsInput = z.object({ now: z.date().optional() }).default({});

/** ISO week-numbering year and week of a date (UTC) as `YYYYWW`. */
export function isoYearWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}${String(week).padStart(2, '0')}`;
}

export const weeklyCouponCode = (slug: string, now: Date) =>
  `WEEKLY-${slug.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-${isoYearWeek(now)}`;

/**
 * One draft weekly coupon per active channel for the ISO week of `now` (documented
 * `generate_weekly_coupons`). The unique code makes reruns and racing runs create nothing.
 */
export async function generateWeeklyCoupons(
  db: DbOrTx,
  input: z.input<typeof generateWeeklyCouponsInput> = {},
): Promise<Result<{ coupons: Coupon[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(generateWeeklyCouponsInput, input);
  if (!parsed.success) return parsed;
  const now = parsed.data.now ?? new Date();
  const channels = await db
    .select({ id: marketingChannels.id, slug: marketingChannels.slug })
    .from(marketingChannels)
    .where(eq(marketingChannels.isActive, true))
    .orderBy(asc(marketingChannels.slug));
  if (channels.length === 0) return ok({ coupons: [] });
  const validUntil = new Date(now.getTime() + 7 * 86_400_000);
  const created = await db
    .insert(coupons)
    .values(
      channels.map((c) => ({
        code: weeklyCouponCode(c.slug, now),
        channelId: c.id,
        source: 'weekly' as const,
        status: 'draft' as const,
        validFrom: now,
        validUntil,
      })),
    )
    .onConflictDoNothing({ target: coupons.code })
    .returning();
  return ok({ coupons: created.sort((a, b) => a.code.localeCompare(b.code)) });
}

// ---------------------------------------------------------------- lifecycle

export const publishCouponErrors = ['INVALID_INPUT', 'COUPON_NOT_FOUND', 'COUPON_NOT_DRAFT'] as const;
export const publishCouponInput = z.object({ couponId: z.uuid(), publishedBy: z.string().trim().min(1) });

/** draft → published, stamping published_at/published_by. */
export async function publishCoupon(
  db: DbOrTx,
  input: z.input<typeof publishCouponInput>,
): Promise<Result<{ coupon: Coupon }, (typeof publishCouponErrors)[number]>> {
  const parsed = parseInput(publishCouponInput, input);
  if (!parsed.success) return parsed;
  const [coupon] = await db
    .update(coupons)
    .set({ status: 'published', publishedAt: sql`now()`, publishedBy: parsed.data.publishedBy })
    .where(and(eq(coupons.id, parsed.data.couponId), eq(coupons.status, 'draft')))
    .returning();
  if (coupon) return ok({ coupon });
  const [current] = await db
    .select({ status: coupons.status })
    .from(coupons)
    .where(eq(coupons.id, parsed.data.couponId));
  return current
    ? fail('COUPON_NOT_DRAFT', `only draft coupons can be published (this one is ${current.status})`)
    : fail('COUPON_NOT_FOUND', 'no coupon has this id');
}

export const deactivateCouponErrors = [
  'INVALID_INPUT',
  'COUPON_NOT_FOUND',
  'COUPON_ALREADY_DEACTIVATED',
] as const;
export const deactivateCouponInput = z.object({ couponId: z.uuid() });

/** Any status → deactivated (redeemCoupon then answers COUPON_NOT_ACTIVE). */
export async function deactivateCoupon(
  db: DbOrTx,
  input: z.input<typeof deactivateCouponInput>,
): Promise<Result<{ coupon: Coupon }, (typeof deactivateCouponErrors)[number]>> {
  const parsed = parseInput(deactivateCouponInput, input);
  if (!parsed.success) return parsed;
  const [coupon] = await db
    .update(coupons)
    .set({ status: 'deactivated' })
    .where(and(eq(coupons.id, parsed.data.couponId), ne(coupons.status, 'deactivated')))
    .returning();
  if (coupon) return ok({ coupon });
  const [current] = await db
    .select({ id: coupons.id })
    .from(coupons)
    .where(eq(coupons.id, parsed.data.couponId));
  return current
    ? fail('COUPON_ALREADY_DEACTIVATED', 'the coupon is already deactivated')
    : fail('COUPON_NOT_FOUND', 'no coupon has this id');
}

export const expireCouponsInput = z.object({ now: z.date().optional() }).default({});

/** Published coupons whose valid_until has passed → expired; returns them. */
export async function expireCoupons(
  db: DbOrTx,
  input: z.input<typeof expireCouponsInput> = {},
): Promise<Result<{ coupons: Coupon[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(expireCouponsInput, input);
  if (!parsed.success) return parsed;
  const expired = await db
    .update(coupons)
    .set({ status: 'expired' })
    .where(
      and(
        eq(coupons.status, 'published'),
        isNotNull(coupons.validUntil),
        lte(coupons.validUntil, parsed.data.now ?? sql`now()`),
      ),
    )
    .returning();
  return ok({ coupons: expired.sort((a, b) => a.code.localeCompare(b.code)) });
}

// ---------------------------------------------------------------- attribution

export const couponAttributionInput = z
  .object({
    channelSlug: z.string().min(1).optional(),
    source: couponSourceSchema.optional(),
    status: couponStatusSchema.optional(),
    code: z
      .string()
      .trim()
      .min(1)
      .transform((c) => c.toUpperCase())
      .optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 100, offset: 0 });

/** Rows of v_coupon_attribution (newest first), filtered by channel, source, status or code. */
export async function couponAttribution(
  db: DbOrTx,
  filters: z.input<typeof couponAttributionInput> = {},
): Promise<Result<{ rows: CouponAttribution[] }, 'INVALID_INPUT'>> {
  const parsed = parseInput(couponAttributionInput, filters);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const v = vCouponAttribution;
  const rows = await db
    .select()
    .from(v)
    .where(
      and(
        f.channelSlug ? eq(v.channelSlug, f.channelSlug) : undefined,
        f.source ? eq(v.source, f.source) : undefined,
        f.status ? eq(v.status, f.status) : undefined,
        f.code ? eq(v.code, f.code) : undefined,
      ),
    )
    .orderBy(desc(v.createdAt), asc(v.code))
    .limit(f.limit)
    .offset(f.offset);
  return ok({ rows });
}
