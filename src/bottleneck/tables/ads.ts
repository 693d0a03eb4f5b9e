import { foreignKey, integer, jsonb, numeric, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** GPT-4 Vision analysis of ad screenshots. */
export const adAnalyses = bottleneckSchema.table(
  'ad_analyses',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    adId: varchar('adId', { length: 128 }),
    screenshotUrl: text('screenshotUrl').notNull(),
    impressions: integer('impressions'),
    clicks: integer('clicks'),
    ctr: numeric('ctr', { precision: 5, scale: 2 }),
    cpc: numeric('cpc', { precision: 10, scale: 2 }),
    spend: numeric('spend', { precision: 10, scale: 2 }),
    conversions: integer('conversions'),
    roas: numeric('roas', { precision: 10, scale: 2 }),
    insights: jsonb('insights'),
    suggestions: jsonb('suggestions'),
    sentiment: varchar('sentiment', { length: 20 }),
    confidence: numeric('confidence', { precision: 3, scale: 2 }),
    rawAnalysis: jsonb('rawAnalysis'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [foreignKey({ name: 'ad_analyses_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

export const adRecommendationsTypeValues = ['copy', 'targeting', 'budget', 'creative', 'schedule'] as const;
export const adRecommendationsPriorityValues = ['high', 'medium', 'low'] as const;

/** AI-generated ad improvement recommendations. */
export const adRecommendations = bottleneckSchema.table(
  'ad_recommendations',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    analysisId: integer('analysisId'),
    adId: varchar('adId', { length: 128 }),
    type: varchar('type', { length: 50, enum: adRecommendationsTypeValues }).notNull(),
    priority: varchar('priority', { length: 20, enum: adRecommendationsPriorityValues }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    expectedImpact: text('expectedImpact'),
    actionable: varchar('actionable', { length: 10 }).notNull().default('true'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    appliedAt: timestampPlain('appliedAt'),
    appliedBy: integer('appliedBy'),
    resultMetrics: jsonb('resultMetrics'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'ad_recommendations_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'ad_recommendations_analysisId_fkey',
      columns: [t.analysisId],
      foreignColumns: [adAnalyses.id],
    }),
    foreignKey({
      name: 'ad_recommendations_appliedBy_fkey',
      columns: [t.appliedBy],
      foreignColumns: [users.id],
    }),
  ],
);

/** Cached Meta ad account information. */
export const metaAdAccounts = bottleneckSchema.table(
  'meta_ad_accounts',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    accountId: varchar('accountId', { length: 128 }).notNull(),
    accountName: text('accountName').notNull(),
    accountStatus: varchar('accountStatus', { length: 50 }),
    currency: varchar('currency', { length: 10 }),
    metadata: jsonb('metadata'),
    lastSyncedAt: timestampPlain('lastSyncedAt'),
    isActive: varchar('isActive', { length: 10 }).notNull().default('true'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('meta_ad_accounts_accountId_key').on(t.accountId),
    foreignKey({ name: 'meta_ad_accounts_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Cached campaign information. */
export const metaCampaigns = bottleneckSchema.table(
  'meta_campaigns',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    accountId: integer('accountId').notNull(),
    campaignId: varchar('campaignId', { length: 128 }).notNull(),
    campaignName: text('campaignName').notNull(),
    status: varchar('status', { length: 50 }),
    objective: varchar('objective', { length: 100 }),
    dailyBudget: numeric('dailyBudget', { precision: 10, scale: 2 }),
    lifetimeBudget: numeric('lifetimeBudget', { precision: 10, scale: 2 }),
    metadata: jsonb('metadata'),
    lastSyncedAt: timestampPlain('lastSyncedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('meta_campaigns_campaignId_key').on(t.campaignId),
    foreignKey({ name: 'meta_campaigns_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'meta_campaigns_accountId_fkey',
      columns: [t.accountId],
      foreignColumns: [metaAdAccounts.id],
    }),
  ],
);

/** Cached ad set information. */
export const metaAdSets = bottleneckSchema.table(
  'meta_ad_sets',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    campaignId: integer('campaignId').notNull(),
    adSetId: varchar('adSetId', { length: 128 }).notNull(),
    adSetName: text('adSetName').notNull(),
    status: varchar('status', { length: 50 }),
    dailyBudget: numeric('dailyBudget', { precision: 10, scale: 2 }),
    lifetimeBudget: numeric('lifetimeBudget', { precision: 10, scale: 2 }),
    targetingDescription: text('targetingDescription'),
    targeting: jsonb('targeting'),
    metadata: jsonb('metadata'),
    lastSyncedAt: timestampPlain('lastSyncedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('meta_ad_sets_adSetId_key').on(t.adSetId),
    foreignKey({ name: 'meta_ad_sets_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'meta_ad_sets_campaignId_fkey',
      columns: [t.campaignId],
      foreignColumns: [metaCampaigns.id],
    }),
  ],
);

/** Cached individual ad information. */
export const metaAds = bottleneckSchema.table(
  'meta_ads',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    adSetId: integer('adSetId').notNull(),
    adId: varchar('adId', { length: 128 }).notNull(),
    adName: text('adName').notNull(),
    status: varchar('status', { length: 50 }),
    headline: text('headline'),
    primaryText: text('primaryText'),
    description: text('description'),
    imageUrl: text('imageUrl'),
    videoUrl: text('videoUrl'),
    callToAction: varchar('callToAction', { length: 50 }),
    creative: jsonb('creative'),
    latestMetrics: jsonb('latestMetrics'),
    lastSyncedAt: timestampPlain('lastSyncedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('meta_ads_adId_key').on(t.adId),
    foreignKey({ name: 'meta_ads_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ name: 'meta_ads_adSetId_fkey', columns: [t.adSetId], foreignColumns: [metaAdSets.id] }),
  ],
);
