import { boolean, foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** SEO audit reports and analyses. */
export const seoReports = bottleneckSchema.table(
  'seo_reports',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    url: text('url').notNull(),
    title: text('title'),
    score: integer('score').notNull(),
    status: varchar('status', { length: 20 }).notNull().default('completed'),
    metaDescription: text('metaDescription'),
    metaKeywords: text('metaKeywords'),
    headings: jsonb('headings'),
    images: jsonb('images'),
    links: jsonb('links'),
    performance: jsonb('performance'),
    technicalSEO: jsonb('technicalSEO'),
    contentAnalysis: jsonb('contentAnalysis'),
    aiInsights: text('aiInsights'),
    recommendations: jsonb('recommendations'),
    pdfUrl: text('pdfUrl'),
    reportType: varchar('reportType', { length: 20 }).default('full'),
    ...camelTimestamps(),
  },
  (t) => [foreignKey({ name: 'seo_reports_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

export const keywordResearchTrendValues = ['up', 'down', 'stable'] as const;

/** Keyword research data. */
export const keywordResearch = bottleneckSchema.table(
  'keyword_research',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    topic: text('topic').notNull(),
    keyword: text('keyword').notNull(),
    searchVolume: integer('searchVolume').default(0),
    difficulty: integer('difficulty').default(50),
    cpc: integer('cpc').default(0),
    trend: varchar('trend', { length: 10, enum: keywordResearchTrendValues }).default('stable'),
    relatedKeywords: jsonb('relatedKeywords'),
    source: varchar('source', { length: 50 }).default('ai'),
    metadata: jsonb('metadata'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'keyword_research_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Keyword ranking tracking over time. */
export const keywordRankings = bottleneckSchema.table(
  'keyword_rankings',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    url: text('url').notNull(),
    keyword: text('keyword').notNull(),
    position: integer('position'),
    previousPosition: integer('previousPosition'),
    change: integer('change').default(0),
    searchEngine: varchar('searchEngine', { length: 20 }).default('google'),
    location: varchar('location', { length: 100 }).default('United States'),
    pageTitle: text('pageTitle'),
    pageUrl: text('pageUrl'),
    snippet: text('snippet'),
    checkedAt: timestampPlain('checkedAt').notNull().defaultNow(),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'keyword_rankings_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Backlink tracking data. */
export const backlinks = bottleneckSchema.table(
  'backlinks',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    targetUrl: text('targetUrl').notNull(),
    sourceUrl: text('sourceUrl').notNull(),
    sourceDomain: text('sourceDomain').notNull(),
    anchorText: text('anchorText'),
    isDoFollow: boolean('isDoFollow').default(true),
    isActive: boolean('isActive').default(true),
    domainRating: integer('domainRating').default(0),
    domainAuthority: integer('domainAuthority').default(0),
    pageAuthority: integer('pageAuthority').default(0),
    isToxic: boolean('isToxic').default(false),
    firstSeen: timestampPlain('firstSeen').notNull().defaultNow(),
    lastSeen: timestampPlain('lastSeen').notNull().defaultNow(),
    lastChecked: timestampPlain('lastChecked').notNull().defaultNow(),
    ...camelTimestamps(),
  },
  (t) => [foreignKey({ name: 'backlinks_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

/** Heatmap tracking sessions. */
export const heatmapSessions = bottleneckSchema.table(
  'heatmap_sessions',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    url: text('url').notNull(),
    trackingId: varchar('trackingId', { length: 100 }).notNull(),
    totalClicks: integer('totalClicks').default(0),
    totalSessions: integer('totalSessions').default(0),
    averageScrollDepth: integer('averageScrollDepth').default(0),
    bounceRate: integer('bounceRate').default(0),
    averageTimeOnPage: integer('averageTimeOnPage').default(0),
    isActive: boolean('isActive').default(true),
    ...camelTimestamps(),
  },
  (t) => [
    unique('heatmap_sessions_trackingId_key').on(t.trackingId),
    foreignKey({ name: 'heatmap_sessions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const heatmapEventsEventTypeValues = ['click', 'scroll'] as const;

/** Individual heatmap events. */
export const heatmapEvents = bottleneckSchema.table(
  'heatmap_events',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('sessionId').notNull(),
    eventType: varchar('eventType', { length: 20, enum: heatmapEventsEventTypeValues }).notNull(),
    x: integer('x'),
    y: integer('y'),
    element: text('element'),
    scrollDepth: integer('scrollDepth'),
    scrollPercentage: integer('scrollPercentage'),
    visitorId: varchar('visitorId', { length: 100 }),
    userAgent: text('userAgent'),
    ipAddress: varchar('ipAddress', { length: 45 }),
    timestamp: timestampPlain('timestamp').notNull().defaultNow(),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'heatmap_events_sessionId_fkey',
      columns: [t.sessionId],
      foreignColumns: [heatmapSessions.id],
    }),
  ],
);
