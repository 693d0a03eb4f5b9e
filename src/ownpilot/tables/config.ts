import { sql } from 'drizzle-orm';
import { boolean, index, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, jsonArray, jsonObject, textId, updatedAt } from '../../columns';
import { ownpilotSchema } from '../schema';

export const configFieldTypeValues = ['string', 'secret', 'url', 'number', 'boolean', 'select'] as const;

/** One field of a config service's schema. */
export interface ConfigFieldDefinition {
  name: string;
  label: string;
  type: (typeof configFieldTypeValues)[number];
  required?: boolean;
  envVar?: string;
  order?: number;
  [key: string]: unknown;
}

/** §15.1 Service definitions with schema-driven configuration. */
export const configServices = ownpilotSchema.table(
  'config_services',
  {
    id: textId(),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    category: text('category').notNull().default('general'),
    description: text('description'),
    docsUrl: text('docs_url'),
    configSchema: jsonArray<ConfigFieldDefinition>('config_schema').notNull(),
    multiEntry: boolean('multi_entry').notNull().default(false),
    requiredBy: jsonArray<string>('required_by'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('config_services_name_key').on(t.name),
    index('idx_config_services_name').on(t.name),
    index('idx_config_services_category').on(t.category),
    index('idx_config_services_active').on(t.isActive),
  ],
);

/** §15.2 Configuration values of a service (service_name refers to config_services.name; no FK documented). */
export const configEntries = ownpilotSchema.table(
  'config_entries',
  {
    id: textId(),
    serviceName: text('service_name').notNull(),
    label: text('label').notNull().default('Default'),
    data: jsonObject('data').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_config_entries_service').on(t.serviceName),
    index('idx_config_entries_active').on(t.isActive),
    // At most one default entry per service.
    uniqueIndex('idx_config_entries_default').on(t.serviceName).where(sql`is_default = TRUE`),
  ],
);
