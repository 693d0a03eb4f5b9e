import { text } from 'drizzle-orm/pg-core';
import { checkIn, jsonArray, jsonObject, textId, timestamptz, updatedAt } from '../../columns';
import { ownpilotSchema } from '../schema';

export const pluginStatusValues = ['enabled', 'disabled', 'error'] as const;

/** §16.1 Installed plugins and their state. */
export const plugins = ownpilotSchema.table(
  'plugins',
  {
    id: textId(),
    name: text('name').notNull(),
    version: text('version').notNull().default('1.0.0'),
    status: text('status', { enum: pluginStatusValues }).notNull().default('enabled'),
    settings: jsonObject('settings').notNull(),
    grantedPermissions: jsonArray<string>('granted_permissions').notNull(),
    errorMessage: text('error_message'),
    installedAt: timestamptz('installed_at').notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  () => [checkIn('plugins', 'status', pluginStatusValues)],
);
