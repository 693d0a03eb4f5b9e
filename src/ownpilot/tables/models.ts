import { boolean, index, integer, real, text, unique } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonArray, jsonObject, textId, updatedAt, userIdDefault } from '../../columns';
import { ownpilotSchema } from '../schema';

export const customProviderTypeValues = ['openai_compatible', 'custom'] as const;

/** §13.1 User overrides of catalog models, one row per (user_id, provider_id, model_id). */
export const userModelConfigs = ownpilotSchema.table(
  'user_model_configs',
  {
    id: textId(),
    userId: userIdDefault(),
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    displayName: text('display_name'),
    capabilities: jsonArray<string>('capabilities').notNull(),
    pricingInput: real('pricing_input'),
    pricingOutput: real('pricing_output'),
    contextWindow: integer('context_window'),
    maxOutput: integer('max_output'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    isCustom: boolean('is_custom').notNull().default(false),
    config: jsonObject('config'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('user_model_configs_user_id_provider_id_model_id_key').on(t.userId, t.providerId, t.modelId),
    index('idx_user_model_configs_user').on(t.userId),
    index('idx_user_model_configs_provider').on(t.userId, t.providerId),
    index('idx_user_model_configs_enabled').on(t.isEnabled),
  ],
);

/** §13.2 User-registered custom AI providers. */
export const customProviders = ownpilotSchema.table(
  'custom_providers',
  {
    id: textId(),
    userId: userIdDefault(),
    providerId: text('provider_id').notNull(),
    displayName: text('display_name').notNull(),
    apiBaseUrl: text('api_base_url'),
    apiKeySetting: text('api_key_setting'),
    providerType: text('provider_type', { enum: customProviderTypeValues })
      .notNull()
      .default('openai_compatible'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    config: jsonObject('config'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('custom_providers_user_id_provider_id_key').on(t.userId, t.providerId),
    index('idx_custom_providers_user').on(t.userId),
    index('idx_custom_providers_enabled').on(t.isEnabled),
    checkIn('custom_providers', 'provider_type', customProviderTypeValues),
  ],
);

/** §13.3 User overrides of built-in providers. `provider_type` has no documented value list. */
export const userProviderConfigs = ownpilotSchema.table(
  'user_provider_configs',
  {
    id: textId(),
    userId: userIdDefault(),
    providerId: text('provider_id').notNull(),
    baseUrl: text('base_url'),
    providerType: text('provider_type'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    apiKeyEnv: text('api_key_env'),
    notes: text('notes'),
    config: jsonObject('config'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('user_provider_configs_user_id_provider_id_key').on(t.userId, t.providerId),
    index('idx_user_provider_configs_user').on(t.userId),
    index('idx_user_provider_configs_provider').on(t.userId, t.providerId),
    index('idx_user_provider_configs_enabled').on(t.isEnabled),
  ],
);
