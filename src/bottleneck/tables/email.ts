import { boolean, foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

export const emailConnectionsProviderValues = ['gmail', 'outlook'] as const;

/** OAuth connections for email accounts. */
export const emailConnections = bottleneckSchema.table(
  'email_connections',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    provider: varchar('provider', { length: 20, enum: emailConnectionsProviderValues }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    accessToken: text('accessToken').notNull(),
    refreshToken: text('refreshToken').notNull(),
    expiresAt: timestampPlain('expiresAt').notNull(),
    scope: text('scope').notNull(),
    metadata: jsonb('metadata'),
    isActive: boolean('isActive').notNull().default(true),
    lastSyncedAt: timestampPlain('lastSyncedAt'),
    syncCursor: text('syncCursor'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'email_connections_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const syncedEmailsBodyTypeValues = ['html', 'text'] as const;

/** Fetched emails from connected accounts. */
export const syncedEmails = bottleneckSchema.table(
  'synced_emails',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    connectionId: integer('connectionId').notNull(),
    messageId: text('messageId').notNull(),
    threadId: text('threadId'),
    subject: text('subject'),
    from: jsonb('from').notNull(),
    to: jsonb('to').notNull(),
    cc: jsonb('cc'),
    bcc: jsonb('bcc'),
    replyTo: jsonb('replyTo'),
    date: timestampPlain('date').notNull(),
    body: text('body'),
    bodyType: varchar('bodyType', { length: 10, enum: syncedEmailsBodyTypeValues }),
    snippet: text('snippet'),
    labels: jsonb('labels'),
    isRead: boolean('isRead').notNull().default(false),
    isStarred: boolean('isStarred').notNull().default(false),
    hasAttachments: boolean('hasAttachments').notNull().default(false),
    attachments: jsonb('attachments'),
    headers: jsonb('headers'),
    rawData: jsonb('rawData'),
    sentiment: varchar('sentiment', { length: 20 }),
    sentimentScore: integer('sentimentScore'),
    importance: varchar('importance', { length: 20 }),
    category: varchar('category', { length: 50 }),
    requiresResponse: boolean('requiresResponse'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('synced_emails_messageId_key').on(t.messageId),
    foreignKey({ name: 'synced_emails_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'synced_emails_connectionId_fkey',
      columns: [t.connectionId],
      foreignColumns: [emailConnections.id],
    }),
  ],
);

export const emailDraftsBodyTypeValues = ['html', 'text'] as const;

/** AI-generated email draft responses. */
export const emailDrafts = bottleneckSchema.table(
  'email_drafts',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    emailId: integer('emailId').notNull(),
    connectionId: integer('connectionId').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    bodyType: varchar('bodyType', { length: 10, enum: emailDraftsBodyTypeValues }).notNull().default('html'),
    tone: varchar('tone', { length: 20 }),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    model: varchar('model', { length: 50 }),
    generatedAt: timestampPlain('generatedAt').notNull().defaultNow(),
    sentAt: timestampPlain('sentAt'),
    providerId: text('providerId'),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'email_drafts_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'email_drafts_emailId_fkey',
      columns: [t.emailId],
      foreignColumns: [syncedEmails.id],
    }),
    foreignKey({
      name: 'email_drafts_connectionId_fkey',
      columns: [t.connectionId],
      foreignColumns: [emailConnections.id],
    }),
  ],
);
