import { foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

export const browserSessionsStatusValues = ['active', 'completed', 'failed', 'expired'] as const;

/** Browserbase browser session tracking. */
export const browserSessions = bottleneckSchema.table(
  'browser_sessions',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    sessionId: varchar('sessionId', { length: 128 }).notNull(),
    status: varchar('status', { length: 20, enum: browserSessionsStatusValues }).notNull().default('active'),
    url: text('url'),
    projectId: varchar('projectId', { length: 128 }),
    debugUrl: text('debugUrl'),
    recordingUrl: text('recordingUrl'),
    metadata: jsonb('metadata'),
    expiresAt: timestampPlain('expiresAt'),
    ...camelTimestamps(),
    completedAt: timestampPlain('completedAt'),
  },
  (t) => [
    unique('browser_sessions_sessionId_key').on(t.sessionId),
    foreignKey({ name: 'browser_sessions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** User-specific settings and defaults. */
export const userPreferences = bottleneckSchema.table(
  'user_preferences',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    defaultBrowserConfig: jsonb('defaultBrowserConfig'),
    defaultWorkflowSettings: jsonb('defaultWorkflowSettings'),
    notifications: jsonb('notifications'),
    apiKeys: jsonb('apiKeys'),
    theme: varchar('theme', { length: 20 }).default('light'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('user_preferences_userId_key').on(t.userId),
    foreignKey({ name: 'user_preferences_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);
