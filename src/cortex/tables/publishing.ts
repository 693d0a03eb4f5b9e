import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, text, unique } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { cortexSchema } from '../schema';

export const cortexPublishChannelValues = [
  'linkedin',
  'x',
  'whatsapp',
  'telegram',
  'email',
  'slack',
  'teams',
] as const;
export const cortexPublishStatusValues = ['queued', 'sent', 'failed'] as const;
export const cortexPublishContentTypeValues = ['verdict', 'insights', 'report'] as const;
export const cortexOauthChannelValues = ['linkedin', 'x', 'slack'] as const;

/** Every outbound publish attempt ("Post This"). */
export const cortexPublishLog = cortexSchema.table(
  'cortex_publish_log',
  {
    id: uuidPk('id'),
    turnId: text('turn_id').notNull(),
    userId: text('user_id').notNull(),
    channel: text('channel', { enum: cortexPublishChannelValues }).notNull(),
    status: text('status', { enum: cortexPublishStatusValues }).notNull().default('queued'),
    contentType: text('content_type', { enum: cortexPublishContentTypeValues }).notNull(),
    formattedContent: text('formatted_content'),
    verdictCardUrl: text('verdict_card_url'),
    errorMessage: text('error_message'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    sentAt: timestamptz('sent_at'),
  },
  (t) => [
    check('cortex_publish_log_status_check', sql`status in ('queued', 'sent', 'failed')`),
    index('idx_publish_log_user').on(t.userId),
    index('idx_publish_log_turn').on(t.turnId),
  ],
);

/**
 * OAuth credentials per user and channel. The token columns hold AES-256-GCM ciphertext produced
 * by the caller (encryption helpers come with the crypto module); this table stores the text as given.
 */
export const cortexOauthTokens = cortexSchema.table(
  'cortex_oauth_tokens',
  {
    id: uuidPk('id'),
    userId: text('user_id').notNull(),
    channel: text('channel', { enum: cortexOauthChannelValues }).notNull(),
    accessToken: text('access_token').notNull(),
    refreshToken: text('refresh_token'),
    expiresAt: timestamptz('expires_at'),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    unique('cortex_oauth_tokens_user_id_channel_key').on(t.userId, t.channel),
    index('idx_oauth_tokens_user_channel').on(t.userId, t.channel),
  ],
);

/** Settings of the non-OAuth channels (API keys, webhooks) and their on/off switch. */
export const cortexChannelConfigs = cortexSchema.table(
  'cortex_channel_configs',
  {
    id: uuidPk('id'),
    userId: text('user_id').notNull(),
    channel: text('channel').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    enabled: boolean('enabled').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique('cortex_channel_configs_user_id_channel_key').on(t.userId, t.channel),
    index('idx_channel_configs_user').on(t.userId),
  ],
);
