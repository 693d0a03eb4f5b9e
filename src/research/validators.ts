import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import {
  INDEX_ENTRY_BUDGET,
  insertSchema,
  jsonObject as jsonObjectInput,
  updateSchema,
  utf8Bytes,
} from '../input';
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
/** A citext value read back (drizzle-zod types custom columns as `any`). */
const citextString = () => z.string();
/**
 * A citext value written to an indexed column (uq_users_org_email, uq_brands_org_*): the kit
 * cannot bound a custom column's `any` schema, so the index budget is applied here.
 */
const citextKey = (s: z.ZodType<string> = z.string()) =>
  s.refine((v: string) => utf8Bytes(v) <= INDEX_ENTRY_BUDGET, {
    error: `at most ${INDEX_ENTRY_BUDGET} bytes (UTF-8): the column is indexed`,
  });
/** A citext value in an unindexed column. */
const citextText = () => z.string().max(100_000);
/**
 * An unbounded `numeric` column, as a decimal string: at most 1,000 digits before and after the
 * point (PostgreSQL takes 131,072 / 16,383; no value here needs more than a few).
 */
const numericString = () =>
  z
    .string()
    .max(2_002)
    .regex(/^-?\d{1,1000}(\.\d{1,1000})?$/, 'a decimal number');

export const orgInsertSchema = insertSchema(orgs, { name });
export const orgSelectSchema = createSelectSchema(orgs);
export const orgUpdateSchema = updateSchema(orgs);

export const userInsertSchema = insertSchema(users, { email: () => citextKey(z.email()), clerkUserId: name });
export const userSelectSchema = createSelectSchema(users, { email: citextString });
export const userUpdateSchema = updateSchema(users, { email: () => citextKey(z.email()) });

export const clientInsertSchema = insertSchema(clients, { name });
export const clientSelectSchema = createSelectSchema(clients);
export const clientUpdateSchema = updateSchema(clients);

export const productOfferInsertSchema = insertSchema(productOffers, { name });
export const productOfferSelectSchema = createSelectSchema(productOffers);
export const productOfferUpdateSchema = updateSchema(productOffers);

export const productOfferPricePointInsertSchema = insertSchema(productOfferPricePoints, {
  currency: () => z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  amountCents: (s) => s.int(),
});
export const productOfferPricePointSelectSchema = createSelectSchema(productOfferPricePoints);
export const productOfferPricePointUpdateSchema = updateSchema(productOfferPricePoints);

export const campaignInsertSchema = insertSchema(campaigns, {
  name,
  numericTarget: numericString,
  baseline: numericString,
  budgetMin: numericString,
  budgetMax: numericString,
});
export const campaignSelectSchema = createSelectSchema(campaigns);
export const campaignUpdateSchema = updateSchema(campaigns, {
  name,
  numericTarget: numericString,
  baseline: numericString,
  budgetMin: numericString,
  budgetMax: numericString,
});

export const artifactInsertSchema = insertSchema(artifacts, {
  data: () => jsonObject,
  version: (s) => s.int().min(1),
});
export const artifactSelectSchema = createSelectSchema(artifacts, { data: () => jsonObject });
export const artifactUpdateSchema = updateSchema(artifacts, { data: () => jsonObject });

export const experimentInsertSchema = insertSchema(experiments, { name });
export const experimentSelectSchema = createSelectSchema(experiments);
export const experimentUpdateSchema = updateSchema(experiments);

export const assetInsertSchema = insertSchema(assets, { content: () => jsonObject });
export const assetSelectSchema = createSelectSchema(assets, { content: () => jsonObject });
export const assetUpdateSchema = updateSchema(assets, { content: () => jsonObject });

export const assetPerformanceSnapshotInsertSchema = insertSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
}).refine((s) => s.timeTo >= s.timeFrom, { message: 'timeTo must not be before timeFrom', path: ['timeTo'] });
export const assetPerformanceSnapshotSelectSchema = createSelectSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
});
export const assetPerformanceSnapshotUpdateSchema = updateSchema(assetPerformanceSnapshots, {
  metrics: () => jsonObject,
  segments: () => jsonObject,
});

export const companySwipeBrandInsertSchema = insertSchema(companySwipeBrands, { name });
export const companySwipeBrandSelectSchema = createSelectSchema(companySwipeBrands);
export const companySwipeBrandUpdateSchema = updateSchema(companySwipeBrands);

export const companySwipeAssetInsertSchema = insertSchema(companySwipeAssets, {
  euTotalReach: numericString,
});
export const companySwipeAssetSelectSchema = createSelectSchema(companySwipeAssets);
export const companySwipeAssetUpdateSchema = updateSchema(companySwipeAssets, {
  euTotalReach: numericString,
});

export const companySwipeMediaInsertSchema = insertSchema(companySwipeMedia, {
  sizeBytes: (s) => s.int().min(0),
});
export const companySwipeMediaSelectSchema = createSelectSchema(companySwipeMedia);
export const companySwipeMediaUpdateSchema = updateSchema(companySwipeMedia);

export const clientSwipeAssetInsertSchema = insertSchema(clientSwipeAssets);
export const clientSwipeAssetSelectSchema = createSelectSchema(clientSwipeAssets);
export const clientSwipeAssetUpdateSchema = updateSchema(clientSwipeAssets);

export const workflowRunInsertSchema = insertSchema(workflowRuns);
export const workflowRunSelectSchema = createSelectSchema(workflowRuns);
export const workflowRunUpdateSchema = updateSchema(workflowRuns);

export const activityLogInsertSchema = insertSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const activityLogSelectSchema = createSelectSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const activityLogUpdateSchema = updateSchema(activityLogs);

export const onboardingPayloadInsertSchema = insertSchema(onboardingPayloads, {
  data: () => jsonObject,
});
export const onboardingPayloadSelectSchema = createSelectSchema(onboardingPayloads, {
  data: () => jsonObject,
});
export const onboardingPayloadUpdateSchema = updateSchema(onboardingPayloads, {
  data: () => jsonObject,
});

export const deepResearchJobInsertSchema = insertSchema(deepResearchJobs, {
  promptSha256: () => sha256Hex,
  maxOutputTokens: (s) => s.int().min(1),
  fullResponseJson: () => jsonObject,
  incompleteDetails: () => jsonObject,
  metadata: () => jsonObject,
});
export const deepResearchJobSelectSchema = createSelectSchema(deepResearchJobs);
export const deepResearchJobUpdateSchema = updateSchema(deepResearchJobs);

export const jobInsertSchema = insertSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
  attempts: (s) => s.int().min(0),
});
export const jobSelectSchema = createSelectSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});
export const jobUpdateSchema = updateSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});

export const claudeContextFileInsertSchema = insertSchema(claudeContextFiles, {
  sha256: () => sha256Hex,
  sizeBytes: (s) => s.int().min(0),
});
export const claudeContextFileSelectSchema = createSelectSchema(claudeContextFiles);
export const claudeContextFileUpdateSchema = updateSchema(claudeContextFiles);

export const brandInsertSchema = insertSchema(brands, {
  canonicalName: name,
  normalizedName: () => citextKey(z.string().min(1)),
  primaryDomain: () => citextKey(),
});
export const brandSelectSchema = createSelectSchema(brands, {
  normalizedName: citextString,
  primaryDomain: citextString,
});
export const brandUpdateSchema = updateSchema(brands, {
  normalizedName: () => citextKey(z.string().min(1)),
  primaryDomain: () => citextKey(),
});

export const brandChannelIdentityInsertSchema = insertSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
  confidence: numericString,
});
export const brandChannelIdentitySelectSchema = createSelectSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
});
export const brandChannelIdentityUpdateSchema = updateSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
  confidence: numericString,
});

export const researchRunInsertSchema = insertSchema(researchRuns, {
  brandDiscoveryPayload: () => jsonObject,
  adsContext: () => jsonObject,
});
export const researchRunSelectSchema = createSelectSchema(researchRuns);
export const researchRunUpdateSchema = updateSchema(researchRuns);

export const researchRunBrandInsertSchema = insertSchema(researchRunBrands);
export const researchRunBrandSelectSchema = createSelectSchema(researchRunBrands);
export const researchRunBrandUpdateSchema = updateSchema(researchRunBrands);

export const adIngestRunInsertSchema = insertSchema(adIngestRuns, {
  resultsLimit: (s) => s.int().min(1),
  itemsCount: (s) => s.int().min(0),
});
export const adIngestRunSelectSchema = createSelectSchema(adIngestRuns);
export const adIngestRunUpdateSchema = updateSchema(adIngestRuns);

export const adInsertSchema = insertSchema(ads, {
  externalAdId: (s) => (s as z.ZodString).min(1),
  destinationDomain: citextText,
  rawJson: () => jsonObject,
});
export const adSelectSchema = createSelectSchema(ads, {
  destinationDomain: citextString,
  rawJson: () => jsonObject,
});
export const adUpdateSchema = updateSchema(ads, {
  destinationDomain: citextText,
  rawJson: () => jsonObject,
});

export const mediaAssetInsertSchema = insertSchema(mediaAssets, {
  sha256: () => sha256Hex,
  metadataJson: () => jsonObject,
  sizeBytes: (s) => s.int().min(0),
});
export const mediaAssetSelectSchema = createSelectSchema(mediaAssets, { metadataJson: () => jsonObject });
export const mediaAssetUpdateSchema = updateSchema(mediaAssets, { metadataJson: () => jsonObject });

export const adAssetLinkInsertSchema = insertSchema(adAssetLinks);
export const adAssetLinkSelectSchema = createSelectSchema(adAssetLinks);
export const adAssetLinkUpdateSchema = updateSchema(adAssetLinks);
