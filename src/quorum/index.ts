import { vCouponAttribution } from './attribution';
import { sessions, sessionTurns, userPreferences } from './consensus';
import { couponRedemptions, coupons, marketingChannels, profiles, referralConversions } from './coupons';
import { llmMaster, orchConfigVersions } from './models';
import * as relations from './relations';

export * from './attribution';
export * from './consensus';
export * from './coupons';
export * from './models';
export * from './relations';
export * from './schema';
export { seedQuorum } from './seed';

/** Tables, views and relations of the quorum system: the object for `drizzle(client, { schema })`. */
export const schema = {
  sessions,
  sessionTurns,
  userPreferences,
  llmMaster,
  orchConfigVersions,
  marketingChannels,
  coupons,
  couponRedemptions,
  referralConversions,
  profiles,
  vCouponAttribution,
  ...relations,
};
export * from './config-versions';
export * from './coupon-admin';
export * from './redeem';
export * from './sessions';
export * from './validators';
