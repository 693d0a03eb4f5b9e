// Shared by inbound-webhooks.ts and inbound-webhook-messages.ts: when a user_webhooks row accepts inbound
// traffic, and the columns an inbound endpoint reads. Internal: not exported from the system's index.
import { and, eq, sql } from 'drizzle-orm';
import { userWebhooks } from './tables/webhooks';
import type { UserWebhook } from './validators';

/** Accepts inbound traffic: active, verified, and the token not expired. */
export const usableWebhook = and(
  eq(userWebhooks.isActive, true),
  eq(userWebhooks.isVerified, true),
  sql`(${userWebhooks.tokenExpiresAt} is null or ${userWebhooks.tokenExpiresAt} > now())`,
)!;

/** What an inbound endpoint needs to accept a request: the owner, the channel, the signing key, the limits. */
export type InboundWebhook = {
  id: number;
  userId: number;
  channelType: UserWebhook['channelType'];
  channelName: string;
  channelOrder: number;
  secretKey: string | null;
  rateLimitPerMinute: number;
  rateLimitPerHour: number;
  tokenRotationRequired: boolean;
  tokenExpiresAt: Date | null;
};

/** The columns of an InboundWebhook. */
export const inboundWebhookColumns = {
  id: userWebhooks.id,
  userId: userWebhooks.userId,
  channelType: userWebhooks.channelType,
  channelName: userWebhooks.channelName,
  channelOrder: userWebhooks.channelOrder,
  secretKey: userWebhooks.secretKey,
  rateLimitPerMinute: userWebhooks.rateLimitPerMinute,
  rateLimitPerHour: userWebhooks.rateLimitPerHour,
  tokenRotationRequired: userWebhooks.tokenRotationRequired,
  tokenExpiresAt: userWebhooks.tokenExpiresAt,
};
