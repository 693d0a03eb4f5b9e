import { relations } from 'drizzle-orm';
import { sessions, sessionTurns } from './tables/consensus';
import {
  couponRedemptions,
  coupons,
  marketingChannels,
  profiles,
  referralConversions,
} from './tables/coupons';

// auth.users is not part of this system's schema object, so relations stop at the quorum tables;
// profiles (same id as auth.users) is the user's entry point.

export const sessionsRelations = relations(sessions, ({ many, one }) => ({
  turns: many(sessionTurns),
  profile: one(profiles, { fields: [sessions.userId], references: [profiles.id] }),
}));

export const sessionTurnsRelations = relations(sessionTurns, ({ one }) => ({
  session: one(sessions, { fields: [sessionTurns.sessionId], references: [sessions.id] }),
}));

export const marketingChannelsRelations = relations(marketingChannels, ({ many }) => ({
  coupons: many(coupons),
}));

export const couponsRelations = relations(coupons, ({ many, one }) => ({
  channel: one(marketingChannels, { fields: [coupons.channelId], references: [marketingChannels.id] }),
  redemptions: many(couponRedemptions),
  referralConversions: many(referralConversions),
}));

export const couponRedemptionsRelations = relations(couponRedemptions, ({ one }) => ({
  coupon: one(coupons, { fields: [couponRedemptions.couponId], references: [coupons.id] }),
  profile: one(profiles, { fields: [couponRedemptions.userId], references: [profiles.id] }),
}));

export const referralConversionsRelations = relations(referralConversions, ({ one }) => ({
  coupon: one(coupons, { fields: [referralConversions.referralCouponId], references: [coupons.id] }),
}));

export const profilesRelations = relations(profiles, ({ many }) => ({
  sessions: many(sessions),
  redemptions: many(couponRedemptions),
}));
