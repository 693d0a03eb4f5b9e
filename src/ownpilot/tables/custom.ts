import { boolean, foreignKey, index, integer, jsonb, text, unique } from 'drizzle-orm/pg-core';
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

export const customToolStatusValues = ['active', 'disabled', 'pending_approval', 'rejected'] as const;
export const customToolCreatedByValues = ['user', 'llm'] as const;

/** §6.1 User-created or LLM-generated tools. */
export const customTools = ownpilotSchema.table(
  'custom_tools',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    parameters: jsonObject('parameters').notNull(),
    code: text('code').notNull(),
    category: text('category'),
    status: text('status', { enum: customToolStatusValues }).notNull().default('active'),
    permissions: jsonArray<string>('permissions').notNull(),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    createdBy: text('created_by', { enum: customToolCreatedByValues }).notNull().default('user'),
    version: integer('version').notNull().default(1),
    metadata: jsonObject('metadata'),
    usageCount: integer('usage_count').notNull().default(0),
    lastUsedAt: timestamptz('last_used_at'),
    requiredApiKeys: jsonArray<unknown>('required_api_keys'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('custom_tools_user_id_name_key').on(t.userId, t.name),
    index('idx_custom_tools_user').on(t.userId),
    index('idx_custom_tools_name').on(t.userId, t.name),
    index('idx_custom_tools_status').on(t.status),
    index('idx_custom_tools_created_by').on(t.createdBy),
    index('idx_custom_tools_category').on(t.category),
    checkIn('custom_tools', 'status', customToolStatusValues),
    checkIn('custom_tools', 'created_by', customToolCreatedByValues),
  ],
);

/** §6.2 Key-value store for AI-created data, one value per (user_id, key). */
export const customData = ownpilotSchema.table(
  'custom_data',
  {
    id: textId(),
    userId: userIdDefault(),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    metadata: jsonObject('metadata'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('custom_data_user_id_key_key').on(t.userId, t.key)],
);

/** One column definition of a custom table. */
export interface CustomColumnDefinition {
  name: string;
  type: string;
  [key: string]: unknown;
}

/** §6.3 AI-managed "virtual table" definitions. */
export const customTableSchemas = ownpilotSchema.table(
  'custom_table_schemas',
  {
    id: textId(),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    description: text('description'),
    columns: jsonArray<CustomColumnDefinition>('columns').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('custom_table_schemas_name_key').on(t.name)],
);

/** §6.3 Rows of a custom table. */
export const customDataRecords = ownpilotSchema.table(
  'custom_data_records',
  {
    id: textId(),
    tableId: text('table_id').notNull(),
    data: jsonObject('data').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'custom_data_records_table_id_fkey',
      columns: [t.tableId],
      foreignColumns: [customTableSchemas.id],
    }).onDelete('cascade'),
  ],
);
