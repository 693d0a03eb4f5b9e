import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { vCouponAttribution } from './attribution';
import { sessions, sessionTurns, userPreferences } from './consensus';
import {
  couponRedemptions,
  couponSourceValues,
  couponStatusValues,
  coupons,
  marketingChannels,
  profiles,
  referralConversions,
} from './coupons';
import { configVersionStatusValues, llmMaster, orchConfigVersions } from './models';

// Documented value lists as zod enums.
export const couponSourceSchema = z.enum(couponSourceValues);
export const couponStatusSchema = z.enum(couponStatusValues);
export const configVersionStatusSchema = z.enum(configVersionStatusValues);

/** A numeric column written from JS: a decimal string or a finite number (stored exactly as given). */
const decimal = z.union([
  z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number'),
  z.number().finite(),
]);
const nonNegativeInt = (s: z.ZodNumber) => s.int().min(0);

// consensus
const sessionRefine = {
  turnCount: nonNegativeInt,
  totalCostCents: nonNegativeInt,
  totalTokens: nonNegativeInt,
  totalFileTokens: nonNegativeInt,
};
export const insertSessionSchema = createInsertSchema(sessions, sessionRefine);
export const selectSessionSchema = createSelectSchema(sessions);
export const updateSessionSchema = createUpdateSchema(sessions, sessionRefine);

const turnRefine = { turnNumber: (s: z.ZodNumber) => s.int().min(1), tokensUsed: nonNegativeInt };
export const insertSessionTurnSchema = createInsertSchema(sessionTurns, turnRefine);
export const selectSessionTurnSchema = createSelectSchema(sessionTurns);
export const updateSessionTurnSchema = createUpdateSchema(sessionTurns, turnRefine);

export const insertUserPreferencesSchema = createInsertSchema(userPreferences);
export const selectUserPreferencesSchema = createSelectSchema(userPreferences);
export const updateUserPreferencesSchema = createUpdateSchema(userPreferences);

// models
export const insertLlmMasterSchema = createInsertSchema(llmMaster, {
  contextLength: (s) => s.int().positive(),
});
export const selectLlmMasterSchema = createSelectSchema(llmMaster);
export const updateLlmMasterSchema = createUpdateSchema(llmMaster);

export const insertOrchConfigVersionSchema = createInsertSchema(orchConfigVersions, {
  versionNumber: (s) => s.int().positive(),
});
export const selectOrchConfigVersionSchema = createSelectSchema(orchConfigVersions);
export const updateOrchConfigVersionSchema = createUpdateSchema(orchConfigVersions);

// coupons
const slug = (s: z.ZodString) => s.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case, hyphenated slug');
export const insertMarketingChannelSchema = createInsertSchema(marketingChannels, {
  name: (s) => s.min(1),
  slug,
});
export const selectMarketingChannelSchema = createSelectSchema(marketingChannels);
export const updateMarketingChannelSchema = createUpdateSchema(marketingChannels, { slug });

/** Coupon codes are stored upper-cased (the database checks it too). */
export const couponCodeSchema = z
  .string()
  .trim()
  .min(1, 'coupon code is required')
  .max(64)
  .transform((c) => c.toUpperCase());
const couponRefine = {
  code: (s: z.ZodString) => s.min(1).refine((c) => c === c.toUpperCase(), 'coupon codes are upper-case'),
  creditsAmount: nonNegativeInt,
  maxUses: (s: z.ZodNumber) => s.int().positive(),
  currentUses: nonNegativeInt,
  referrerBonusCredits: nonNegativeInt,
};
export const insertCouponSchema = createInsertSchema(coupons, couponRefine);
export const selectCouponSchema = createSelectSchema(coupons);
export const updateCouponSchema = createUpdateSchema(coupons, couponRefine);

export const insertCouponRedemptionSchema = createInsertSchema(couponRedemptions, {
  creditsAwarded: nonNegativeInt,
});
export const selectCouponRedemptionSchema = createSelectSchema(couponRedemptions);

export const insertReferralConversionSchema = createInsertSchema(referralConversions, {
  bonusCreditsAwarded: nonNegativeInt,
});
export const selectReferralConversionSchema = createSelectSchema(referralConversions);

export const insertProfileSchema = createInsertSchema(profiles, { creditsRemaining: nonNegativeInt });
export const selectProfileSchema = createSelectSchema(profiles);
export const updateProfileSchema = createUpdateSchema(profiles, { creditsRemaining: nonNegativeInt });

export const selectCouponAttributionSchema = createSelectSchema(vCouponAttribution);

export { decimal as decimalInputSchema };

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type SessionTurn = typeof sessionTurns.$inferSelect;
export type NewSessionTurn = typeof sessionTurns.$inferInsert;
export type UserPreferences = typeof userPreferences.$inferSelect;
export type NewUserPreferences = typeof userPreferences.$inferInsert;
export type LlmModel = typeof llmMaster.$inferSelect;
export type NewLlmModel = typeof llmMaster.$inferInsert;
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
