import { index, text, unique } from 'drizzle-orm/pg-core';
import {
  checkIn,
  createdAt,
  jsonArray,
  jsonObject,
  textId,
  timestamptz,
  updatedAt,
  userIdDefault,
} from '../../columns';
import { ownpilotSchema } from '../schema';

export const oauthIntegrationStatusValues = ['active', 'expired', 'revoked', 'error'] as const;
export const mediaCapabilityValues = ['image_generation', 'vision', 'tts', 'stt', 'weather'] as const;

/** §12.1 Encrypted OAuth2 tokens, one row per (user_id, provider, service). */
export const oauthIntegrations = ownpilotSchema.table(
  'oauth_integrations',
  {
    id: textId(),
    userId: userIdDefault(),
    provider: text('provider').notNull(),
    service: text('service').notNull(),
    accessTokenEncrypted: text('access_token_encrypted').notNull(),
    refreshTokenEncrypted: text('refresh_token_encrypted'),
    tokenIv: text('token_iv').notNull(),
    expiresAt: timestamptz('expires_at'),
    scopes: jsonArray<string>('scopes').notNull(),
    email: text('email'),
    status: text('status', { enum: oauthIntegrationStatusValues }).notNull().default('active'),
    lastSyncAt: timestamptz('last_sync_at'),
    errorMessage: text('error_message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('oauth_integrations_user_id_provider_service_key').on(t.userId, t.provider, t.service),
    index('idx_oauth_integrations_user').on(t.userId),
    index('idx_oauth_integrations_provider').on(t.userId, t.provider),
    index('idx_oauth_integrations_service').on(t.userId, t.provider, t.service),
    index('idx_oauth_integrations_status').on(t.status),
    checkIn('oauth_integrations', 'status', oauthIntegrationStatusValues),
  ],
);

/** §12.2 Provider choice per user and media capability. */
export const mediaProviderSettings = ownpilotSchema.table(
  'media_provider_settings',
  {
    id: textId(),
    userId: userIdDefault(),
    capability: text('capability', { enum: mediaCapabilityValues }).notNull(),
    provider: text('provider').notNull(),
    model: text('model'),
    config: jsonObject('config'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('media_provider_settings_user_id_capability_key').on(t.userId, t.capability),
    index('idx_media_provider_settings_user').on(t.userId),
    index('idx_media_provider_settings_capability').on(t.userId, t.capability),
    checkIn('media_provider_settings', 'capability', mediaCapabilityValues),
  ],
);
