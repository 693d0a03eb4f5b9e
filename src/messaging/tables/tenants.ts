import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, timestamps, uuidPk } from '../../columns';
import { core } from '../schema';

export const tenants = core.table(
  'tenants',
  {
    tenantId: uuidPk('tenant_id'),
    tenantSlug: text('tenant_slug').notNull(),
    name: text('name').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    messagingAdapter: text('messaging_adapter'),
    calendarAdapter: text('calendar_adapter'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t) => [
    unique('tenants_tenant_slug_key').on(t.tenantSlug),
    index('tenants_is_enabled_idx').on(t.isEnabled),
  ],
);

export const tenantCredentials = core.table(
  'tenant_credentials',
  {
    credentialId: uuidPk('credential_id'),
    tenantId: uuid('tenant_id').notNull(),
    provider: text('provider').notNull(),
    // Fernet token of the JSON credentials; written and read only through the crypto functions.
    credentials: bytea('credentials').notNull(),
    keyVersion: integer('key_version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique('tenant_credentials_tenant_id_provider_key').on(t.tenantId, t.provider),
    foreignKey({
      name: 'tenant_credentials_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }).onDelete('cascade'),
  ],
);
