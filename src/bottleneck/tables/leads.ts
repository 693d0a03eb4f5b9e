import { boolean, foreignKey, integer, jsonb, serial, text, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

export const userCreditsCreditTypeValues = ['enrichment', 'calling', 'scraping'] as const;

/** User credit balances for different credit types. */
export const userCredits = bottleneckSchema.table(
  'user_credits',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    creditType: varchar('creditType', { length: 50, enum: userCreditsCreditTypeValues }).notNull(),
    balance: integer('balance').notNull().default(0),
    totalPurchased: integer('totalPurchased').notNull().default(0),
    totalUsed: integer('totalUsed').notNull().default(0),
    ...camelTimestamps(),
  },
  (t) => [foreignKey({ name: 'user_credits_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

/** Available credit packages for purchase. */
export const creditPackages = bottleneckSchema.table('credit_packages', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 200 }).notNull(),
  description: text('description'),
  creditAmount: integer('creditAmount').notNull(),
  price: integer('price').notNull(),
  creditType: varchar('creditType', { length: 50 }).notNull(),
  isActive: boolean('isActive').notNull().default(true),
  sortOrder: integer('sortOrder').notNull().default(0),
  metadata: jsonb('metadata'),
  ...camelTimestamps(),
});

/** Uploaded lead list containers. */
export const leadLists = bottleneckSchema.table(
  'lead_lists',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: varchar('name', { length: 500 }).notNull(),
    description: text('description'),
    fileName: varchar('fileName', { length: 500 }),
    fileSize: integer('fileSize'),
    status: varchar('status', { length: 50 }).notNull().default('uploading'),
    totalLeads: integer('totalLeads').notNull().default(0),
    enrichedLeads: integer('enrichedLeads').notNull().default(0),
    failedLeads: integer('failedLeads').notNull().default(0),
    costInCredits: integer('costInCredits').notNull().default(0),
    metadata: jsonb('metadata'),
    uploadedAt: timestampPlain('uploadedAt').notNull().defaultNow(),
    processingStartedAt: timestampPlain('processingStartedAt'),
    processedAt: timestampPlain('processedAt'),
  },
  (t) => [foreignKey({ name: 'lead_lists_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

/** Individual lead records with enrichment data. */
export const leads = bottleneckSchema.table(
  'leads',
  {
    id: serial('id').primaryKey(),
    listId: integer('listId').notNull(),
    userId: integer('userId').notNull(),
    rawData: jsonb('rawData').notNull(),
    enrichedData: jsonb('enrichedData'),
    enrichmentStatus: varchar('enrichmentStatus', { length: 50 }).notNull().default('pending'),
    creditsUsed: integer('creditsUsed').notNull().default(0),
    error: text('error'),
    ...camelTimestamps(),
    enrichedAt: timestampPlain('enrichedAt'),
  },
  (t) => [
    foreignKey({ name: 'leads_listId_fkey', columns: [t.listId], foreignColumns: [leadLists.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'leads_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** AI-powered phone call campaigns. */
export const aiCallCampaigns = bottleneckSchema.table(
  'ai_call_campaigns',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    listId: integer('listId'),
    name: varchar('name', { length: 500 }).notNull(),
    description: text('description'),
    script: text('script').notNull(),
    status: varchar('status', { length: 50 }).notNull().default('draft'),
    callsMade: integer('callsMade').notNull().default(0),
    callsSuccessful: integer('callsSuccessful').notNull().default(0),
    callsFailed: integer('callsFailed').notNull().default(0),
    callsAnswered: integer('callsAnswered').notNull().default(0),
    totalDuration: integer('totalDuration').notNull().default(0),
    costInCredits: integer('costInCredits').notNull().default(0),
    settings: jsonb('settings'),
    ...camelTimestamps(),
    startedAt: timestampPlain('startedAt'),
    completedAt: timestampPlain('completedAt'),
  },
  (t) => [
    foreignKey({ name: 'ai_call_campaigns_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'ai_call_campaigns_listId_fkey',
      columns: [t.listId],
      foreignColumns: [leadLists.id],
    }),
  ],
);

/** Individual AI call records. */
export const aiCalls = bottleneckSchema.table(
  'ai_calls',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaignId').notNull(),
    userId: integer('userId').notNull(),
    leadId: integer('leadId'),
    phoneNumber: varchar('phoneNumber', { length: 20 }).notNull(),
    status: varchar('status', { length: 50 }).notNull().default('pending'),
    outcome: varchar('outcome', { length: 50 }),
    vapiCallId: varchar('vapiCallId', { length: 255 }),
    duration: integer('duration'),
    recordingUrl: text('recordingUrl'),
    transcript: text('transcript'),
    analysis: jsonb('analysis'),
    notes: text('notes'),
    creditsUsed: integer('creditsUsed').notNull().default(1),
    error: text('error'),
    calledAt: timestampPlain('calledAt').notNull().defaultNow(),
    answeredAt: timestampPlain('answeredAt'),
    completedAt: timestampPlain('completedAt'),
  },
  (t) => [
    foreignKey({
      name: 'ai_calls_campaignId_fkey',
      columns: [t.campaignId],
      foreignColumns: [aiCallCampaigns.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'ai_calls_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ name: 'ai_calls_leadId_fkey', columns: [t.leadId], foreignColumns: [leads.id] }),
  ],
);
