import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { insertSchema, numeric, updateSchema } from '../input';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
import { vCouponAttribution } from './tables/attribution';
import { sessions, sessionTurns, userPreferences } from './tables/consensus';
import {
  couponRedemptions,
  couponSourceValues,
  couponStatusValues,
  coupons,
  marketingChannels,
  profiles,
  referralConversions,
} from './tables/coupons';
import { configVersionStatusValues, llmMaster, orchConfigVersions } from './tables/models';

// Documented value lists as zod enums.
export const couponSourceSchema = z.enum(couponSourceValues);
export const couponStatusSchema = z.enum(couponStatusValues);
export const configVersionStatusSchema = z.enum(configVersionStatusValues);

/** Longest decimal accepted for an unconstrained `numeric` column (PostgreSQL's own limit is far above). */
export const DECIMAL_MAX_LENGTH = 100;
/**
 * A value for an unconstrained `numeric` column: a decimal string or a finite number (numbers are
 * converted to their plain decimal string), at most DECIMAL_MAX_LENGTH characters; stored exactly.
 */
const decimalValue = (opts: { min?: number } = {}) =>
  numeric(DECIMAL_MAX_LENGTH, 0, opts).refine((s) => s.length <= DECIMAL_MAX_LENGTH, {
    error: `a decimal of at most ${DECIMAL_MAX_LENGTH} characters`,
  });
const decimal = decimalValue();
/** A non-negative decimal for an unconstrained `numeric` column (costs, durations). */
export const nonNegativeDecimalSchema = decimalValue({ min: 0 });
const nonNegativeInt = (s: z.ZodNumber) => s.int().min(0);

/**
 * Coupon codes as stored and compared (docs/quorum.md, "Coupon codes: which inputs match a code"):
 * 1. NFKC: full-width and compatibility forms become their plain letters and digits;
 * 2. every Default_Ignorable_Code_Point removed, wherever it is (zero-width space/joiners, soft
 *    hyphen, BOM, word joiner, bidi marks and isolates, variation selectors, CGJ, Hangul fillers…);
 * 3. surrounding white space trimmed (inner white space stays);
 * 4. the Turkish i family folded to `I`: `İ` (U+0130) and a dot above (U+0307) on `i`, `I` or `ı`
 *    (`ı` itself upper-cases to `I`), so no client locale (`toLocaleUpperCase('tr')` turns `i` into
 *    `İ`) and no keyboard changes which coupon a code finds;
 * 5. lower-cased then upper-cased with the locale-independent Unicode mappings (`ß` and `ẞ` → `SS`);
 * 6. NFC. The result is a fixed point: normalising it again changes nothing.
 */
const normalizeCouponCode = (code: string): string =>
  code
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .trim()
    .replace(/\u0130\u0307*|[Iiı]\u0307+/g, 'I')
    .toLowerCase()
    .toUpperCase()
    .normalize('NFC');
/** Longest coupon code (in characters, after normalisation). */
export const COUPON_CODE_MAX_LENGTH = 64;

// consensus
const sessionRefine = {
  turnCount: nonNegativeInt,
  totalCost: () => nonNegativeDecimalSchema,
  totalCostCents: nonNegativeInt,
  totalTokens: nonNegativeInt,
  totalFileTokens: nonNegativeInt,
};
export const insertSessionSchema = insertSchema(sessions, sessionRefine);
export const selectSessionSchema: SelectSchemaOf<typeof sessions> = createSelectSchema(sessions);
export const updateSessionSchema = updateSchema(sessions, sessionRefine);

const turnRefine = {
  turnNumber: (s: z.ZodNumber) => s.int().min(1),
  tokensUsed: nonNegativeInt,
  cost: () => nonNegativeDecimalSchema,
  timeSeconds: () => nonNegativeDecimalSchema,
};
export const insertSessionTurnSchema = insertSchema(sessionTurns, turnRefine);
export const selectSessionTurnSchema: SelectSchemaOf<typeof sessionTurns> = createSelectSchema(sessionTurns);
export const updateSessionTurnSchema = updateSchema(sessionTurns, turnRefine);

export const insertUserPreferenceSchema: InsertSchemaOf<typeof userPreferences> =
  insertSchema(userPreferences);
export const selectUserPreferenceSchema: SelectSchemaOf<typeof userPreferences> =
  createSelectSchema(userPreferences);
export const updateUserPreferenceSchema: UpdateSchemaOf<typeof userPreferences> =
  updateSchema(userPreferences);

// models
const llmRefine = {
  contextLength: (s: z.ZodNumber) => s.int().positive(),
  inputCostPerMtok: () => decimal,
  outputCostPerMtok: () => decimal,
  s1AccuracyPct: () => decimal,
};
export const insertLlmMasterSchema = insertSchema(llmMaster, llmRefine);
export const selectLlmMasterSchema: SelectSchemaOf<typeof llmMaster> = createSelectSchema(llmMaster);
export const updateLlmMasterSchema = updateSchema(llmMaster, llmRefine);

export const insertOrchConfigVersionSchema: InsertSchemaOf<typeof orchConfigVersions> = insertSchema(
  orchConfigVersions,
  {
    versionNumber: (s) => s.int().positive(),
  },
);
export const selectOrchConfigVersionSchema: SelectSchemaOf<typeof orchConfigVersions> =
  createSelectSchema(orchConfigVersions);
export const updateOrchConfigVersionSchema: UpdateSchemaOf<typeof orchConfigVersions> =
  updateSchema(orchConfigVersions);

// coupons
const slug = (s: z.ZodString) => s.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case, hyphenated slug');
export const insertMarketingChannelSchema: InsertSchemaOf<typeof marketingChannels> = insertSchema(
  marketingChannels,
  {
    name: (s) => s.min(1),
    slug,
  },
);
export const selectMarketingChannelSchema: SelectSchemaOf<typeof marketingChannels> =
  createSelectSchema(marketingChannels);
export const updateMarketingChannelSchema: UpdateSchemaOf<typeof marketingChannels> = updateSchema(
  marketingChannels,
  { slug },
);

/** A coupon code as a client types it: normalised (normalizeCouponCode), 1–64 characters after it. */
export const couponCodeSchema = z
  .string()
  .transform(normalizeCouponCode)
  .pipe(
    z
      .string()
      .min(1, 'coupon code is required')
      .max(COUPON_CODE_MAX_LENGTH, `at most ${COUPON_CODE_MAX_LENGTH} characters`),
  );
const couponRefine = {
  // Stored codes are in normal form, so that every spelling a client may type finds them.
  code: (s: z.ZodString) =>
    s
      .min(1)
      .max(COUPON_CODE_MAX_LENGTH)
      .refine((c) => c === normalizeCouponCode(c), 'coupon codes are stored normalised and upper-case'),
  creditsAmount: nonNegativeInt,
  maxUses: (s: z.ZodNumber) => s.int().positive(),
  currentUses: nonNegativeInt,
  referrerBonusCredits: nonNegativeInt,
};
export const insertCouponSchema = insertSchema(coupons, couponRefine);
export const selectCouponSchema: SelectSchemaOf<typeof coupons> = createSelectSchema(coupons);
export const updateCouponSchema = updateSchema(coupons, couponRefine);

export const insertCouponRedemptionSchema = insertSchema(couponRedemptions, {
  creditsAwarded: nonNegativeInt,
});
export const selectCouponRedemptionSchema: SelectSchemaOf<typeof couponRedemptions> =
  createSelectSchema(couponRedemptions);

export const insertReferralConversionSchema = insertSchema(referralConversions, {
  bonusCreditsAwarded: nonNegativeInt,
});
export const selectReferralConversionSchema: SelectSchemaOf<typeof referralConversions> =
  createSelectSchema(referralConversions);

export const insertProfileSchema = insertSchema(profiles, { creditsRemaining: nonNegativeInt });
export const selectProfileSchema: SelectSchemaOf<typeof profiles> = createSelectSchema(profiles);
export const updateProfileSchema = updateSchema(profiles, { creditsRemaining: nonNegativeInt });

export const selectCouponAttributionSchema = createSelectSchema(vCouponAttribution);

export { decimal as decimalInputSchema };

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type SessionTurn = typeof sessionTurns.$inferSelect;
export type NewSessionTurn = typeof sessionTurns.$inferInsert;
export type UserPreference = typeof userPreferences.$inferSelect;
export type NewUserPreference = typeof userPreferences.$inferInsert;
export type LlmMaster = typeof llmMaster.$inferSelect;
export type NewLlmMaster = typeof llmMaster.$inferInsert;
export type OrchConfigVersion = typeof orchConfigVersions.$inferSelect;
export type NewOrchConfigVersion = typeof orchConfigVersions.$inferInsert;
export type MarketingChannel = typeof marketingChannels.$inferSelect;
export type NewMarketingChannel = typeof marketingChannels.$inferInsert;
export type Coupon = typeof coupons.$inferSelect;
export type NewCoupon = typeof coupons.$inferInsert;
export type CouponRedemption = typeof couponRedemptions.$inferSelect;
export type ReferralConversion = typeof referralConversions.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type CouponAttribution = typeof vCouponAttribution.$inferSelect;

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type NewCouponRedemption = typeof couponRedemptions.$inferInsert;
export type NewReferralConversion = typeof referralConversions.$inferInsert;
export type NewProfile = typeof profiles.$inferInsert;
