import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, keyText, MAX_TIMESTAMP, page, timestampInput, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { vCouponAttribution } from './tables/attribution';
import { coupons, marketingChannels } from './tables/coupons';
import {
  type Coupon,
  type CouponAttribution,
  couponCodeSchema,
  couponSourceSchema,
  couponStatusSchema,
} from './validators';

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
  userId: uuidInput(),
  /** Credits the redeemer gets (int4, ≥ 0; default 500, the column default). */
  creditsAmount: count4().optional(),
  /** Credits the referrer gets per redemption (int4, ≥ 0; default 0). */
  referrerBonusCredits: count4().optional(),
});

/**
 * The user's referral coupon, created on first call (documented `generate_referral_coupon`):
 * published at once, channel refer-a-friend. The partial unique index on referrer_user_id is the
 * arbiter, so concurrent calls for one user yield one coupon; code collisions are retried.
 */
export async function generateReferralCoupon(
  db: AnyDb,
  input: z.input<typeof generateReferralCouponInput>,
): Promise<Result<{ coupon: Coupon; created: boolean }, GenerateReferralCouponError>> {
  narrowDb(db);
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
      if (isConstraintViolation(error, '23503', 'coupons_referrer_user_id_fkey')) {
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

const WEEK_MS = 7 * 86_400_000;

export const generateWeeklyCouponsErrors = ['INVALID_INPUT'] as const;
export const generateWeeklyCouponsInput = z
  .object({
    /** Default: now. Within the kit's timestamp range, and valid_until (now + 7 days) too. */
    now: timestampInput()
      .refine((d) => d.getTime() + WEEK_MS <= MAX_TIMESTAMP.getTime(), {
        error: 'now + 7 days (valid_until) must be before year 10000',
      })
      .optional(),
  })
  .default({});

/** ISO week-numbering year and week of a date (UTC) as `YYYYWW` (the year padded to 4 digits). */
export function isoYearWeek(date: Date): string {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const d = new Date(date.getTime());
  d.setUTCHours(0, 0, 0, 0);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const week = Math.ceil(((d.getTime() - jan1.getTime()) / 86_400_000 + 1) / 7);
  return `${String(year).padStart(4, '0')}${String(week).padStart(2, '0')}`;
}

export const weeklyCouponCode = (slug: string, now: Date) =>
  `WEEKLY-${slug.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-${isoYearWeek(now)}`;

/**
 * One draft weekly coupon per active channel for the ISO week of `now` (documented
 * `generate_weekly_coupons`). The unique code makes reruns and racing runs create nothing.
 */
export async function generateWeeklyCoupons(
  db: AnyDb,
  input: z.input<typeof generateWeeklyCouponsInput> = {},
): Promise<Result<{ coupons: Coupon[] }, (typeof generateWeeklyCouponsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(generateWeeklyCouponsInput, input);
  if (!parsed.success) return parsed;
  const now = parsed.data.now ?? new Date();
  const channels = await db
    .select({ id: marketingChannels.id, slug: marketingChannels.slug })
    .from(marketingChannels)
    .where(eq(marketingChannels.isActive, true))
    .orderBy(asc(marketingChannels.slug));
  if (channels.length === 0) return ok({ coupons: [] });
  const validUntil = new Date(now.getTime() + WEEK_MS);
  // Sorted by the conflict key, so racing runs take the code index entries in one order.
  const rows = channels
    .map((c) => ({
      code: weeklyCouponCode(c.slug, now),
      channelId: c.id,
      source: 'weekly' as const,
      status: 'draft' as const,
      validFrom: now,
      validUntil,
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const created = await db
    .insert(coupons)
    .values(rows)
    .onConflictDoNothing({ target: coupons.code })
    .returning();
  return ok({ coupons: created.sort((a, b) => a.code.localeCompare(b.code)) });
}

// ---------------------------------------------------------------- lifecycle

export const publishCouponErrors = ['INVALID_INPUT', 'COUPON_NOT_FOUND', 'COUPON_NOT_DRAFT'] as const;
export const publishCouponInput = z.object({ couponId: uuidInput(), publishedBy: z.string().trim().min(1) });

/** draft → published, stamping published_at/published_by. */
export async function publishCoupon(
  db: AnyDb,
  input: z.input<typeof publishCouponInput>,
): Promise<Result<{ coupon: Coupon }, (typeof publishCouponErrors)[number]>> {
  narrowDb(db);
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
export const deactivateCouponInput = z.object({ couponId: uuidInput() });

/** Any status → deactivated (redeemCoupon then answers COUPON_NOT_ACTIVE). */
export async function deactivateCoupon(
  db: AnyDb,
  input: z.input<typeof deactivateCouponInput>,
): Promise<Result<{ coupon: Coupon }, (typeof deactivateCouponErrors)[number]>> {
  narrowDb(db);
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

export const expireCouponsErrors = ['INVALID_INPUT'] as const;
export const expireCouponsInput = z.object({ now: timestampInput().optional() }).default({});

/** Published coupons whose valid_until has passed → expired; returns them. */
export async function expireCoupons(
  db: AnyDb,
  input: z.input<typeof expireCouponsInput> = {},
): Promise<Result<{ coupons: Coupon[] }, (typeof expireCouponsErrors)[number]>> {
  narrowDb(db);
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

export const couponAttributionErrors = ['INVALID_INPUT'] as const;
export const couponAttributionInput = z
  .object({
    /** Compared with the unique `marketing_channels.slug`: at most 1,000 bytes. */
    channelSlug: keyText(1_000).min(1).optional(),
    source: couponSourceSchema.optional(),
    status: couponStatusSchema.optional(),
    /** Normalised like redeemCoupon's code. */
    code: couponCodeSchema.optional(),
    ...page(1000, 100),
  })
  .default({ limit: 100, offset: 0 });

/** Rows of v_coupon_attribution (newest first), filtered by channel, source, status or code. */
export async function couponAttribution(
  db: AnyDb,
  filters: z.input<typeof couponAttributionInput> = {},
): Promise<Result<{ rows: CouponAttribution[] }, (typeof couponAttributionErrors)[number]>> {
  narrowDb(db);
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
