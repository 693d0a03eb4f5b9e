// One valid row per research table, for the validator round-trip test (test/fixtures/round-trip.ts
// finds each table and its validators by the case's name).
import * as r from '../../src/research';
import type { SystemTables } from '../fixtures/round-trip';
import { sha, uniq } from './fixtures';

/** Research for the round-trip harness: every entity is the singular of its table's TS name. */
export const research: SystemTables = { tables: r.tables, module: r };

export type Ctx = Record<string, { id: string }>;
export interface Case {
  /** The SQL table name. */
  name: string;
  row: (c: Ctx) => Record<string, unknown>;
}

export const t0 = new Date('2026-01-01T00:00:00.000Z');
export const t1 = new Date('2026-01-02T00:00:00.000Z');

// In dependency order: each case's row may reference the rows inserted before it (by case name).
export const cases: Case[] = [
  { name: 'orgs', row: () => ({ name: 'Org', externalId: uniq('ext') }) },
  {
    name: 'users',
    row: (c) => ({ orgId: c.orgs!.id, clerkUserId: 'user_1', email: 'Ann@Example.com', role: 'admin' }),
  },
  {
    name: 'clients',
    row: (c) => ({
      orgId: c.orgs!.id,
      name: 'Client',
      industry: 'retail',
      primaryMarkets: ['US', 'DE'],
      primaryLanguages: ['en'],
    }),
  },
  {
    name: 'product_offers',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      name: 'Pro',
      businessModel: 'subscription',
      differentiationBullets: ['fast'],
    }),
  },
  {
    name: 'product_offer_price_points',
    row: (c) => ({ offerId: c.product_offers!.id, label: 'monthly', amountCents: 4900, currency: 'USD' }),
  },
  {
    name: 'campaigns',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      name: 'Q1',
      numericTarget: '1.5',
      budgetMin: '1000',
      budgetMax: '2500.75',
      timeframeDays: 30,
    }),
  },
  {
    name: 'artifacts',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      campaignId: c.campaigns!.id,
      type: 'experiment_spec',
      data: { hypotheses: [1] },
      createdByUser: c.users!.id,
    }),
  },
  {
    name: 'experiments',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      campaignId: c.campaigns!.id,
      name: 'E1',
      experimentSpecArtifactId: c.artifacts!.id,
    }),
  },
  {
    name: 'assets',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      experimentId: c.experiments!.id,
      sourceType: 'generated',
      channelId: 'meta',
      format: 'video',
      content: { hook: 'x' },
    }),
  },
  {
    name: 'asset_performance_snapshots',
    row: (c) => ({ assetId: c.assets!.id, timeFrom: t0, timeTo: t1, metrics: { ctr: 0.02 }, segments: {} }),
  },
  {
    name: 'company_swipe_brands',
    row: (c) => ({ orgId: c.orgs!.id, externalBrandId: 'b1', name: 'Brand', categories: ['a', 'b'] }),
  },
  {
    name: 'company_swipe_assets',
    row: (c) => ({
      orgId: c.orgs!.id,
      brandId: c.company_swipe_brands!.id,
      title: 'Ad',
      startDate: '2026-01-01',
      euTotalReach: '123456',
      isLiked: true,
      adScript: { lines: [] },
    }),
  },
  {
    name: 'company_swipe_media',
    row: (c) => ({
      orgId: c.orgs!.id,
      swipeAssetId: c.company_swipe_assets!.id,
      url: 'https://cdn/x.mp4',
      sizeBytes: 5_000_000_000,
      videoLength: 30,
    }),
  },
  {
    name: 'client_swipe_assets',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      companySwipeId: c.company_swipe_assets!.id,
      tags: ['hook'],
      isGoodExample: true,
    }),
  },
  {
    name: 'workflow_runs',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      temporalWorkflowId: 'wf',
      temporalRunId: 'run',
      kind: 'client_onboarding',
    }),
  },
  {
    name: 'activity_logs',
    row: (c) => ({ workflowRunId: c.workflow_runs!.id, step: 'fetch', status: 'ok', payloadIn: { a: 1 } }),
  },
  {
    name: 'onboarding_payloads',
    row: (c) => ({ orgId: c.orgs!.id, clientId: c.clients!.id, data: { answers: {} } }),
  },
  {
    name: 'deep_research_jobs',
    row: (c) => ({
      orgId: c.orgs!.id,
      clientId: c.clients!.id,
      workflowRunId: c.workflow_runs!.id,
      onboardingPayloadId: c.onboarding_payloads!.id,
      model: 'o3-deep-research',
      prompt: 'p',
      promptSha256: sha('p'),
      responseId: uniq('resp'),
    }),
  },
  {
    name: 'research_runs',
    row: (c) => ({ orgId: c.orgs!.id, clientId: c.clients!.id, brandDiscoveryPayload: { peers: [] } }),
  },
  {
    name: 'jobs',
    row: (c) => ({
      orgId: c.orgs!.id,
      researchRunId: c.research_runs!.id,
      jobType: 'add_creative_breakdown',
      subjectType: 'ad',
      subjectId: c.orgs!.id,
      status: 'queued',
      dedupeKey: uniq('dk'),
    }),
  },
  {
    name: 'claude_context_files',
    row: (c) => ({
      orgId: c.orgs!.id,
      ideaWorkspaceId: 'ws',
      docKey: 'precanon:04',
      sourceKind: 'precanon_step',
      sha256: sha('doc'),
    }),
  },
  {
    name: 'brands',
    row: (c) => ({
      orgId: c.orgs!.id,
      canonicalName: 'Nike',
      normalizedName: 'nike',
      primaryWebsiteUrl: 'https://www.nike.com/',
      primaryDomain: 'nike.com',
    }),
  },
  {
    name: 'brand_channel_identities',
    row: (c) => ({
      brandId: c.brands!.id,
      channel: 'TIKTOK_CREATIVE_CENTER',
      externalId: 'nike',
      confidence: '0.9',
    }),
  },
  {
    name: 'research_run_brands',
    row: (c) => ({ researchRunId: c.research_runs!.id, brandId: c.brands!.id, role: 'peer' }),
  },
  {
    name: 'ad_ingest_runs',
    row: (c) => ({
      researchRunId: c.research_runs!.id,
      brandChannelIdentityId: c.brand_channel_identities!.id,
      channel: 'TIKTOK_CREATIVE_CENTER',
      resultsLimit: 100,
    }),
  },
  {
    name: 'ads',
    row: (c) => ({
      brandId: c.brands!.id,
      brandChannelIdentityId: c.brand_channel_identities!.id,
      channel: 'TIKTOK_CREATIVE_CENTER',
      externalAdId: 'ad-1',
      destinationDomain: 'Nike.com',
      rawJson: { id: 'ad-1' },
      lastSeenAt: t1,
    }),
  },
  {
    name: 'media_assets',
    row: () => ({
      channel: 'TIKTOK_CREATIVE_CENTER',
      assetType: 'VIDEO',
      sourceUrl: 'https://cdn/v.mp4',
      sha256: sha('v'),
      width: 1080,
      height: 1920,
      durationMs: 15000,
    }),
  },
  {
    name: 'ad_asset_links',
    row: (c) => ({ adId: c.ads!.id, mediaAssetId: c.media_assets!.id, role: 'primary' }),
  },
];
