import { relations } from 'drizzle-orm';
import {
  adAssetLinks,
  adIngestRuns,
  ads,
  brandChannelIdentities,
  brands,
  mediaAssets,
  researchRunBrands,
  researchRuns,
} from './tables/ads';
import { artifacts, assetPerformanceSnapshots, assets, campaigns, experiments } from './tables/campaigns';
import { productOfferPricePoints, productOffers } from './tables/offers';
import {
  clientSwipeAssets,
  companySwipeAssets,
  companySwipeBrands,
  companySwipeMedia,
} from './tables/swipes';
import { clients, orgs, users } from './tables/tenancy';
import {
  activityLogs,
  claudeContextFiles,
  deepResearchJobs,
  jobs,
  onboardingPayloads,
  workflowRuns,
} from './tables/workflows';

export const orgsRelations = relations(orgs, ({ many }) => ({
  users: many(users),
  clients: many(clients),
  productOffers: many(productOffers),
  campaigns: many(campaigns),
  artifacts: many(artifacts),
  experiments: many(experiments),
  assets: many(assets),
  companySwipeBrands: many(companySwipeBrands),
  companySwipeAssets: many(companySwipeAssets),
  companySwipeMedia: many(companySwipeMedia),
  clientSwipeAssets: many(clientSwipeAssets),
  workflowRuns: many(workflowRuns),
  deepResearchJobs: many(deepResearchJobs),
  jobs: many(jobs),
  onboardingPayloads: many(onboardingPayloads),
  brands: many(brands),
  researchRuns: many(researchRuns),
  claudeContextFiles: many(claudeContextFiles),
}));

export const usersRelations = relations(users, ({ one, many }) => ({
  org: one(orgs, { fields: [users.orgId], references: [orgs.id] }),
  artifacts: many(artifacts),
}));

export const clientsRelations = relations(clients, ({ one, many }) => ({
  org: one(orgs, { fields: [clients.orgId], references: [orgs.id] }),
  productOffers: many(productOffers),
  campaigns: many(campaigns),
  artifacts: many(artifacts),
  experiments: many(experiments),
  assets: many(assets),
  clientSwipeAssets: many(clientSwipeAssets),
  workflowRuns: many(workflowRuns),
  deepResearchJobs: many(deepResearchJobs),
  jobs: many(jobs),
  onboardingPayloads: many(onboardingPayloads),
  researchRuns: many(researchRuns),
  claudeContextFiles: many(claudeContextFiles),
}));

export const productOffersRelations = relations(productOffers, ({ one, many }) => ({
  org: one(orgs, { fields: [productOffers.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [productOffers.clientId], references: [clients.id] }),
  pricePoints: many(productOfferPricePoints),
}));

export const productOfferPricePointsRelations = relations(productOfferPricePoints, ({ one }) => ({
  offer: one(productOffers, { fields: [productOfferPricePoints.offerId], references: [productOffers.id] }),
}));

export const campaignsRelations = relations(campaigns, ({ one, many }) => ({
  org: one(orgs, { fields: [campaigns.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [campaigns.clientId], references: [clients.id] }),
  artifacts: many(artifacts),
  experiments: many(experiments),
  assets: many(assets),
  workflowRuns: many(workflowRuns),
  researchRuns: many(researchRuns),
  claudeContextFiles: many(claudeContextFiles),
}));

export const artifactsRelations = relations(artifacts, ({ one, many }) => ({
  org: one(orgs, { fields: [artifacts.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [artifacts.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [artifacts.campaignId], references: [campaigns.id] }),
  createdBy: one(users, { fields: [artifacts.createdByUser], references: [users.id] }),
  experiments: many(experiments),
  assets: many(assets),
}));

export const experimentsRelations = relations(experiments, ({ one, many }) => ({
  org: one(orgs, { fields: [experiments.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [experiments.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [experiments.campaignId], references: [campaigns.id] }),
  specArtifact: one(artifacts, {
    fields: [experiments.experimentSpecArtifactId],
    references: [artifacts.id],
  }),
  assets: many(assets),
  performanceSnapshots: many(assetPerformanceSnapshots),
}));

export const assetsRelations = relations(assets, ({ one, many }) => ({
  org: one(orgs, { fields: [assets.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [assets.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [assets.campaignId], references: [campaigns.id] }),
  experiment: one(experiments, { fields: [assets.experimentId], references: [experiments.id] }),
  briefArtifact: one(artifacts, { fields: [assets.assetBriefArtifactId], references: [artifacts.id] }),
  performanceSnapshots: many(assetPerformanceSnapshots),
}));

export const assetPerformanceSnapshotsRelations = relations(assetPerformanceSnapshots, ({ one }) => ({
  asset: one(assets, { fields: [assetPerformanceSnapshots.assetId], references: [assets.id] }),
  experiment: one(experiments, {
    fields: [assetPerformanceSnapshots.experimentId],
    references: [experiments.id],
  }),
}));

export const companySwipeBrandsRelations = relations(companySwipeBrands, ({ one, many }) => ({
  org: one(orgs, { fields: [companySwipeBrands.orgId], references: [orgs.id] }),
  assets: many(companySwipeAssets),
}));

export const companySwipeAssetsRelations = relations(companySwipeAssets, ({ one, many }) => ({
  org: one(orgs, { fields: [companySwipeAssets.orgId], references: [orgs.id] }),
  brand: one(companySwipeBrands, {
    fields: [companySwipeAssets.brandId],
    references: [companySwipeBrands.id],
  }),
  media: many(companySwipeMedia),
  clientSwipeAssets: many(clientSwipeAssets),
}));

export const companySwipeMediaRelations = relations(companySwipeMedia, ({ one }) => ({
  org: one(orgs, { fields: [companySwipeMedia.orgId], references: [orgs.id] }),
  swipeAsset: one(companySwipeAssets, {
    fields: [companySwipeMedia.swipeAssetId],
    references: [companySwipeAssets.id],
  }),
}));

export const clientSwipeAssetsRelations = relations(clientSwipeAssets, ({ one }) => ({
  org: one(orgs, { fields: [clientSwipeAssets.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [clientSwipeAssets.clientId], references: [clients.id] }),
  companySwipe: one(companySwipeAssets, {
    fields: [clientSwipeAssets.companySwipeId],
    references: [companySwipeAssets.id],
  }),
}));

export const workflowRunsRelations = relations(workflowRuns, ({ one, many }) => ({
  org: one(orgs, { fields: [workflowRuns.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [workflowRuns.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [workflowRuns.campaignId], references: [campaigns.id] }),
  activityLogs: many(activityLogs),
  deepResearchJobs: many(deepResearchJobs),
}));

export const activityLogsRelations = relations(activityLogs, ({ one }) => ({
  workflowRun: one(workflowRuns, { fields: [activityLogs.workflowRunId], references: [workflowRuns.id] }),
}));

export const onboardingPayloadsRelations = relations(onboardingPayloads, ({ one, many }) => ({
  org: one(orgs, { fields: [onboardingPayloads.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [onboardingPayloads.clientId], references: [clients.id] }),
  deepResearchJobs: many(deepResearchJobs),
}));

export const deepResearchJobsRelations = relations(deepResearchJobs, ({ one }) => ({
  org: one(orgs, { fields: [deepResearchJobs.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [deepResearchJobs.clientId], references: [clients.id] }),
  workflowRun: one(workflowRuns, { fields: [deepResearchJobs.workflowRunId], references: [workflowRuns.id] }),
  onboardingPayload: one(onboardingPayloads, {
    fields: [deepResearchJobs.onboardingPayloadId],
    references: [onboardingPayloads.id],
  }),
}));

export const jobsRelations = relations(jobs, ({ one }) => ({
  org: one(orgs, { fields: [jobs.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [jobs.clientId], references: [clients.id] }),
  researchRun: one(researchRuns, { fields: [jobs.researchRunId], references: [researchRuns.id] }),
}));

export const claudeContextFilesRelations = relations(claudeContextFiles, ({ one }) => ({
  org: one(orgs, { fields: [claudeContextFiles.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [claudeContextFiles.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [claudeContextFiles.campaignId], references: [campaigns.id] }),
}));

export const brandsRelations = relations(brands, ({ one, many }) => ({
  org: one(orgs, { fields: [brands.orgId], references: [orgs.id] }),
  channelIdentities: many(brandChannelIdentities),
  researchRunBrands: many(researchRunBrands),
  ads: many(ads),
}));

export const brandChannelIdentitiesRelations = relations(brandChannelIdentities, ({ one, many }) => ({
  brand: one(brands, { fields: [brandChannelIdentities.brandId], references: [brands.id] }),
  adIngestRuns: many(adIngestRuns),
  ads: many(ads),
}));

export const researchRunsRelations = relations(researchRuns, ({ one, many }) => ({
  org: one(orgs, { fields: [researchRuns.orgId], references: [orgs.id] }),
  client: one(clients, { fields: [researchRuns.clientId], references: [clients.id] }),
  campaign: one(campaigns, { fields: [researchRuns.campaignId], references: [campaigns.id] }),
  brands: many(researchRunBrands),
  adIngestRuns: many(adIngestRuns),
  jobs: many(jobs),
}));

export const researchRunBrandsRelations = relations(researchRunBrands, ({ one }) => ({
  researchRun: one(researchRuns, {
    fields: [researchRunBrands.researchRunId],
    references: [researchRuns.id],
  }),
  brand: one(brands, { fields: [researchRunBrands.brandId], references: [brands.id] }),
}));

export const adIngestRunsRelations = relations(adIngestRuns, ({ one }) => ({
  researchRun: one(researchRuns, { fields: [adIngestRuns.researchRunId], references: [researchRuns.id] }),
  brandChannelIdentity: one(brandChannelIdentities, {
    fields: [adIngestRuns.brandChannelIdentityId],
    references: [brandChannelIdentities.id],
  }),
}));

export const adsRelations = relations(ads, ({ one, many }) => ({
  brand: one(brands, { fields: [ads.brandId], references: [brands.id] }),
  brandChannelIdentity: one(brandChannelIdentities, {
    fields: [ads.brandChannelIdentityId],
    references: [brandChannelIdentities.id],
  }),
  assetLinks: many(adAssetLinks),
}));

export const mediaAssetsRelations = relations(mediaAssets, ({ many }) => ({
  adLinks: many(adAssetLinks),
}));

export const adAssetLinksRelations = relations(adAssetLinks, ({ one }) => ({
  ad: one(ads, { fields: [adAssetLinks.adId], references: [ads.id] }),
  mediaAsset: one(mediaAssets, { fields: [adAssetLinks.mediaAssetId], references: [mediaAssets.id] }),
}));
