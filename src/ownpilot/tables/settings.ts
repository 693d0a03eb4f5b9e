import { text } from 'drizzle-orm/pg-core';
import { updatedAt } from '../../columns';
import { ownpilotSchema } from '../schema';

/** §10.1 Application key-value settings (`api_key:<provider>`, `default_ai_provider`, …). */
export const settings = ownpilotSchema.table('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});
