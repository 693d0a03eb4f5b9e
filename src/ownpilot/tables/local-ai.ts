import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, text, unique } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonObject, textId, timestamptz, updatedAt, userIdDefault } from '../../columns';
import { ownpilotSchema } from '../schema';

export const localProviderTypeValues = ['lmstudio', 'ollama', 'localai', 'vllm', 'custom'] as const;

/** §17.1 Registered local AI provider instances. */
export const localProviders = ownpilotSchema.table(
  'local_providers',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    providerType: text('provider_type', { enum: localProviderTypeValues }).notNull(),
    baseUrl: text('base_url').notNull(),
    apiKey: text('api_key'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    isDefault: boolean('is_default').notNull().default(false),
    discoveryEndpoint: text('discovery_endpoint'),
    lastDiscoveredAt: timestamptz('last_discovered_at'),
    metadata: jsonObject('metadata'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_local_providers_user').on(t.userId),
    index('idx_local_providers_enabled').on(t.isEnabled),
    index('idx_local_providers_default').on(t.isDefault),
    checkIn('local_providers', 'provider_type', localProviderTypeValues),
    // Owner isolation: target of the composite FK local_models.(local_provider_id, user_id).
    unique('local_providers_id_user_id_key').on(t.id, t.userId),
  ],
);

/** §17.2 Models offered by local providers, one row per (user_id, local_provider_id, model_id). */
export const localModels = ownpilotSchema.table(
  'local_models',
  {
    id: textId(),
    userId: userIdDefault(),
    localProviderId: text('local_provider_id').notNull(),
    modelId: text('model_id').notNull(),
    displayName: text('display_name').notNull(),
    capabilities: jsonb('capabilities')
      .$type<string[]>()
      .notNull()
      .default(sql`'["chat", "streaming"]'::jsonb`),
    contextWindow: integer('context_window').default(32768),
    maxOutput: integer('max_output').default(4096),
    isEnabled: boolean('is_enabled').notNull().default(true),
    metadata: jsonObject('metadata'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('local_models_user_id_local_provider_id_model_id_key').on(t.userId, t.localProviderId, t.modelId),
    index('idx_local_models_provider').on(t.localProviderId),
    index('idx_local_models_enabled').on(t.isEnabled),
    // Owner isolation: through user_id, so a model can only belong to a provider of the same user.
    foreignKey({
      name: 'local_models_local_provider_id_fkey',
      columns: [t.localProviderId, t.userId],
      foreignColumns: [localProviders.id, localProviders.userId],
    }).onDelete('cascade'),
  ],
);
