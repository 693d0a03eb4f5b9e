import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { jsonObject as jsonObjectInput } from '../input';
import {
  adAssetLinks,
  adIngestRuns,
  ads,
  brandChannelIdentities,
  brands,
  mediaAssets,
  researchRunBrands,
  researchRuns,
} from './ads';
import { artifacts, assetPerformanceSnapshots, assets, campaigns, experiments } from './campaigns';
import {
  adChannelValues,
  adIngestStatusValues,
  adStatusValues,
  artifactTypeValues,
  assetSourceTypeValues,
  assetStatusValues,
  brandChannelVerificationStatusValues,
  brandRoleValues,
  campaignStatusValues,
  claudeContextFileStatusValues,
  clientStatusValues,
  mediaAssetTypeValues,
  researchJobStatusValues,
  userRoleValues,
  workflowKindValues,
  workflowStatusValues,
} from './enums';
import { productOfferPricePoints, productOffers } from './offers';
import { clientSwipeAssets, companySwipeAssets, companySwipeBrands, companySwipeMedia } from './swipes';
import { clients, orgs, users } from './tenancy';
import {
  activityLogs,
  claudeContextFiles,
  deepResearchJobs,
  jobStatusValues,
  jobs,
  onboardingPayloads,
  workflowRuns,
} from './workflows';

// Value lists as zod enums, for callers validating before they reach the database.
export const userRoleSchema = z.enum(userRoleValues);
export const clientStatusSchema = z.enum(clientStatusValues);
export const campaignStatusSchema = z.enum(campaignStatusValues);
export const adChannelSchema = z.enum(adChannelValues);
export const brandRoleSchema = z.enum(brandRoleValues);
export const brandChannelVerificationStatusSchema = z.enum(brandChannelVerificationStatusValues);
export const adIngestStatusSchema = z.enum(adIngestStatusValues);
export const adStatusSchema = z.enum(adStatusValues);
export const mediaAssetTypeSchema = z.enum(mediaAssetTypeValues);
export const artifactTypeSchema = z.enum(artifactTypeValues);
export const workflowKindSchema = z.enum(workflowKindValues);
export const workflowStatusSchema = z.enum(workflowStatusValues);
export const researchJobStatusSchema = z.enum(researchJobStatusValues);
export const assetStatusSchema = z.enum(assetStatusValues);
export const assetSourceTypeSchema = z.enum(assetSourceTypeValues);
export const claudeContextFileStatusSchema = z.enum(claudeContextFileStatusValues);
export const jobStatusSchema = z.enum(jobStatusValues);

/** JSON object columns (`{}` defaults, snapshots, provider payloads). */
export const jsonObject = jsonObjectInput();
/** A lower-case hex SHA-256 digest, as stored in sha256 / prompt_sha256. */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 digest');
const name = () => z.string().trim().min(1).max(500);
const citextString = () => z.string();
const numericString = () => z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number');

export const orgInsertSchema = createInsertSchema(orgs, { name });
export const orgSelectSchema = createSelectSchema(orgs);
export const orgUpdateSchema = createUpdateSchema(orgs);

export const userInsertSchema = createInsertSchema(users, { email: () => z.email(), clerkUserId: name });
export const userSelectSchema = createSelectSchema(users, { email: citextString });
export const userUpdateSchema = createUpdateSchema(users, { email: () => z.email() });

export const clientInsertSchema = createInsertSchema(clients, { name });
export const clientSelectSchema = createSelectSchema(clients);
export const clientUpdateSchema = createUpdateSchema(clients);

export const productOfferInsertSchema = createInsertSchema(productOffers, { name });
export const productOfferSelectSchema = createSelectSchema(productOffers);
export const productOfferUpdateSchema = createUpdateSchema(productOffers);

export const productOfferPricePointInsertSchema = createInsertSchema(productOfferPricePoints, {
  currency: () => z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  amountCents: (s) => s.int(),
});
export const productOfferPricePointSelectSchema = createSelectSchema(productOfferPricePoints);
export const productOfferPricePointUpdateSchema = createUpdateSchema(productOfferPricePoints);

export const campaignInsertSchema = createInsertSchema(campaigns, {
  name,
  numericTarget: numericString,
  baseline: numericString,
  budgetMin: numericString,
  budgetMax: numericString,
});
export const campaignSelectSchema = createSelectSchema(campaigns);
export const campaignUpdateSchema = createUpdateSchema(campaigns);

export const artifactInsertSchema = createInsertSchema(artifacts, {
  data: () => jsonObject,
  version: (s) => s.int().min(1),
});
export const artifactSelectSchema = createSelectSchema(artifacts, { data: () => jsonObject });
export const artifactUpdateSchema = createUpdateSchema(artifacts, { data: () => jsonObject });

export const experimentInsertSchema = createInsertSchema(experiments, { name });
export const experimentSelectSchema = createSelectSchema(experiments);
export const experimentUpdateSchema = createUpdateSchema(experiments);

export const assetInsertSchema = createInsertSchema(assets, { content: () => jsonObject });
export const assetSelectSchema = createSelectSchema(assets, { content: () => jsonObject });
export const assetUpdateSchema = createUpdateSchema(assets, { content: () => jsonObject });

export const assetPerformanceSnapshotInsertSchema = createInsertSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
}).refine((s) => s.timeTo >= s.timeFrom, { message: 'timeTo must not be before timeFrom', path: ['timeTo'] });
export const assetPerformanceSnapshotSelectSchema = createSelectSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
});
export const assetPerformanceSnapshotUpdateSchema = createUpdateSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
});

export const companySwipeBrandInsertSchema = createInsertSchema(companySwipeBrands, { name });
export const companySwipeBrandSelectSchema = createSelectSchema(companySwipeBrands);
export const companySwipeBrandUpdateSchema = createUpdateSchema(companySwipeBrands);

export const companySwipeAssetInsertSchema = createInsertSchema(companySwipeAssets, {
  euTotalReach: numericString,
});
export const companySwipeAssetSelectSchema = createSelectSchema(companySwipeAssets);
export const companySwipeAssetUpdateSchema = createUpdateSchema(companySwipeAssets);

export const companySwipeMediaInsertSchema = createInsertSchema(companySwipeMedia, {
  sizeBytes: (s) => s.int().min(0),
});
export const companySwipeMediaSelectSchema = createSelectSchema(companySwipeMedia);
export const companySwipeMediaUpdateSchema = createUpdateSchema(companySwipeMedia);

export const clientSwipeAssetInsertSchema = createInsertSchema(clientSwipeAssets);
export const clientSwipeAssetSelectSchema = createSelectSchema(clientSwipeAssets);
export const clientSwipeAssetUpdateSchema = createUpdateSchema(clientSwipeAssets);

export const workflowRunInsertSchema = createInsertSchema(workflowRuns);
export const workflowRunSelectSchema = createSelectSchema(workflowRuns);
export const workflowRunUpdateSchema = createUpdateSchema(workflowRuns);

export const activityLogInsertSchema = createInsertSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const activityLogSelectSchema = createSelectSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const activityLogUpdateSchema = createUpdateSchema(activityLogs);

export const onboardingPayloadInsertSchema = createInsertSchema(onboardingPayloads, {
  data: () => jsonObject,
});
export const onboardingPayloadSelectSchema = createSelectSchema(onboardingPayloads, {
  data: () => jsonObject,
});
export const onboardingPayloadUpdateSchema = createUpdateSchema(onboardingPayloads, {
  data: () => jsonObject,
});

export const deepResearchJobInsertSchema = createInsertSchema(deepResearchJobs, {
  promptSha256: () => sha256Hex,
  maxOutputTokens: (s) => s.int().min(1),
  fullResponseJson: () => jsonObject,
  incompleteDetails: () => jsonObject,
  metadata: () => jsonObject,
});
export const deepResearchJobSelectSchema = createSelectSchema(deepResearchJobs);
export const deepResearchJobUpdateSchema = createUpdateSchema(deepResearchJobs);

export const jobInsertSchema = createInsertSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
  attempts: (s) => s.int().min(0),
});
export const jobSelectSchema = createSelectSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});
export const jobUpdateSchema = createUpdateSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});

export const claudeContextFileInsertSchema = createInsertSchema(claudeContextFiles, {
  sha256: () => sha256Hex,
  sizeBytes: (s) => s.int().min(0),
});
export const claudeContextFileSelectSchema = createSelectSchema(claudeContextFiles);
export const claudeContextFileUpdateSchema = createUpdateSchema(claudeContextFiles);

export const brandInsertSchema = createInsertSchema(brands, {
  canonicalName: name,
  normalizedName: () => z.string().min(1),
  primaryDomain: citextString,
});
export const brandSelectSchema = createSelectSchema(brands, {
  normalizedName: citextString,
  primaryDomain: citextString,
});
export const brandUpdateSchema = createUpdateSchema(brands, {
  normalizedName: citextString,
  primaryDomain: citextString,
});

export const brandChannelIdentityInsertSchema = createInsertSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
  confidence: numericString,
});
export const brandChannelIdentitySelectSchema = createSelectSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
});
export const brandChannelIdentityUpdateSchema = createUpdateSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
});

export const researchRunInsertSchema = createInsertSchema(researchRuns, {
  brandDiscoveryPayload: () => jsonObject,
  adsContext: () => jsonObject,
});
export const researchRunSelectSchema = createSelectSchema(researchRuns);
export const researchRunUpdateSchema = createUpdateSchema(researchRuns);

export const researchRunBrandInsertSchema = createInsertSchema(researchRunBrands);
export const researchRunBrandSelectSchema = createSelectSchema(researchRunBrands);
export const researchRunBrandUpdateSchema = createUpdateSchema(researchRunBrands);

export const adIngestRunInsertSchema = createInsertSchema(adIngestRuns, {
  resultsLimit: (s) => s.int().min(1),
  itemsCount: (s) => s.int().min(0),
});
export const adIngestRunSelectSchema = createSelectSchema(adIngestRuns);
export const adIngestRunUpdateSchema = createUpdateSchema(adIngestRuns);

export const adInsertSchema = createInsertSchema(ads, {
  externalAdId: () => z.string().min(1),
  destinationDomain: citextString,
  rawJson: () => jsonObject,
});
export const adSelectSchema = createSelectSchema(ads, {
  destinationDomain: citextString,
  rawJson: () => jsonObject,
});
export const adUpdateSchema = createUpdateSchema(ads, {
  destinationDomain: citextString,
  rawJson: () => jsonObject,
});

export const mediaAssetInsertSchema = createInsertSchema(mediaAssets, {
  sha256: () => sha256Hex,
  metadataJson: () => jsonObject,
  sizeBytes: (s) => s.int().min(0),
});
export const mediaAssetSelectSchema = createSelectSchema(mediaAssets, { metadataJson: () => jsonObject });
export const mediaAssetUpdateSchema = createUpdateSchema(mediaAssets, { metadataJson: () => jsonObject });

export const adAssetLinkInsertSchema = createInsertSchema(adAssetLinks);
export const adAssetLinkSelectSchema = createSelectSchema(adAssetLinks);
export const adAssetLinkUpdateSchema = createUpdateSchema(adAssetLinks);
