import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import {
  INDEX_ENTRY_BUDGET,
  insertSchema,
  jsonObject as jsonObjectInput,
  updateSchema,
  utf8Bytes,
} from '../input';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
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
} from './tables/enums';
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
  jobStatusValues,
  jobs,
  onboardingPayloads,
  workflowRuns,
} from './tables/workflows';

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

export const insertOrgSchema: InsertSchemaOf<typeof orgs> = insertSchema(orgs, { name });
export const selectOrgSchema: SelectSchemaOf<typeof orgs> = createSelectSchema(orgs);
export const updateOrgSchema: UpdateSchemaOf<typeof orgs> = updateSchema(orgs);

export const insertUserSchema = insertSchema(users, { email: () => citextKey(z.email()), clerkUserId: name });
export const selectUserSchema: SelectSchemaOf<typeof users> = createSelectSchema(users, {
  email: citextString,
});
export const updateUserSchema = updateSchema(users, { email: () => citextKey(z.email()) });

export const insertClientSchema: InsertSchemaOf<typeof clients> = insertSchema(clients, { name });
export const selectClientSchema: SelectSchemaOf<typeof clients> = createSelectSchema(clients);
export const updateClientSchema: UpdateSchemaOf<typeof clients> = updateSchema(clients);

export const insertProductOfferSchema: InsertSchemaOf<typeof productOffers> = insertSchema(productOffers, {
  name,
});
export const selectProductOfferSchema: SelectSchemaOf<typeof productOffers> =
  createSelectSchema(productOffers);
export const updateProductOfferSchema: UpdateSchemaOf<typeof productOffers> = updateSchema(productOffers);

export const insertProductOfferPricePointSchema: InsertSchemaOf<typeof productOfferPricePoints> =
  insertSchema(productOfferPricePoints, {
    currency: () => z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
    amountCents: (s) => s.int(),
  });
export const selectProductOfferPricePointSchema: SelectSchemaOf<typeof productOfferPricePoints> =
  createSelectSchema(productOfferPricePoints);
export const updateProductOfferPricePointSchema: UpdateSchemaOf<typeof productOfferPricePoints> =
  updateSchema(productOfferPricePoints);

export const insertCampaignSchema = insertSchema(campaigns, {
  name,
  numericTarget: numericString,
  baseline: numericString,
  budgetMin: numericString,
  budgetMax: numericString,
});
export const selectCampaignSchema: SelectSchemaOf<typeof campaigns> = createSelectSchema(campaigns);
export const updateCampaignSchema: UpdateSchemaOf<typeof campaigns> = updateSchema(campaigns, {
  name,
  numericTarget: numericString,
  baseline: numericString,
  budgetMin: numericString,
  budgetMax: numericString,
});

export const insertArtifactSchema = insertSchema(artifacts, {
  data: () => jsonObject,
  version: (s) => s.int().min(1),
});
export const selectArtifactSchema: SelectSchemaOf<typeof artifacts> = createSelectSchema(artifacts, {
  data: () => jsonObject,
});
export const updateArtifactSchema: UpdateSchemaOf<typeof artifacts> = updateSchema(artifacts, {
  data: () => jsonObject,
});

export const insertExperimentSchema: InsertSchemaOf<typeof experiments> = insertSchema(experiments, { name });
export const selectExperimentSchema: SelectSchemaOf<typeof experiments> = createSelectSchema(experiments);
export const updateExperimentSchema: UpdateSchemaOf<typeof experiments> = updateSchema(experiments);

export const insertAssetSchema: InsertSchemaOf<typeof assets> = insertSchema(assets, {
  content: () => jsonObject,
});
export const selectAssetSchema: SelectSchemaOf<typeof assets> = createSelectSchema(assets, {
  content: () => jsonObject,
});
export const updateAssetSchema: UpdateSchemaOf<typeof assets> = updateSchema(assets, {
  content: () => jsonObject,
});

export const insertAssetPerformanceSnapshotSchema: InsertSchemaOf<typeof assetPerformanceSnapshots> =
  insertSchema(assetPerformanceSnapshots, {
    metrics: () => jsonObject,
    segments: () => jsonObject,
  }).refine((s) => s.timeTo >= s.timeFrom, {
    message: 'timeTo must not be before timeFrom',
    path: ['timeTo'],
  });
export const selectAssetPerformanceSnapshotSchema: SelectSchemaOf<typeof assetPerformanceSnapshots> =
  createSelectSchema(assetPerformanceSnapshots, {
    metrics: () => jsonObject,
    segments: () => jsonObject,
  });
export const updateAssetPerformanceSnapshotSchema: UpdateSchemaOf<typeof assetPerformanceSnapshots> =
  updateSchema(assetPerformanceSnapshots, {
    metrics: () => jsonObject,
    segments: () => jsonObject,
  });

export const insertCompanySwipeBrandSchema: InsertSchemaOf<typeof companySwipeBrands> = insertSchema(
  companySwipeBrands,
  { name },
);
export const selectCompanySwipeBrandSchema: SelectSchemaOf<typeof companySwipeBrands> =
  createSelectSchema(companySwipeBrands);
export const updateCompanySwipeBrandSchema: UpdateSchemaOf<typeof companySwipeBrands> =
  updateSchema(companySwipeBrands);

export const insertCompanySwipeAssetSchema = insertSchema(companySwipeAssets, {
  euTotalReach: numericString,
});
export const selectCompanySwipeAssetSchema: SelectSchemaOf<typeof companySwipeAssets> =
  createSelectSchema(companySwipeAssets);
export const updateCompanySwipeAssetSchema: UpdateSchemaOf<typeof companySwipeAssets> = updateSchema(
  companySwipeAssets,
  {
    euTotalReach: numericString,
  },
);

export const insertCompanySwipeMediaSchema = insertSchema(companySwipeMedia, {
  sizeBytes: (s) => s.int().min(0),
});
export const selectCompanySwipeMediaSchema: SelectSchemaOf<typeof companySwipeMedia> =
  createSelectSchema(companySwipeMedia);
export const updateCompanySwipeMediaSchema: UpdateSchemaOf<typeof companySwipeMedia> =
  updateSchema(companySwipeMedia);

export const insertClientSwipeAssetSchema: InsertSchemaOf<typeof clientSwipeAssets> =
  insertSchema(clientSwipeAssets);
export const selectClientSwipeAssetSchema: SelectSchemaOf<typeof clientSwipeAssets> =
  createSelectSchema(clientSwipeAssets);
export const updateClientSwipeAssetSchema: UpdateSchemaOf<typeof clientSwipeAssets> =
  updateSchema(clientSwipeAssets);

export const insertWorkflowRunSchema: InsertSchemaOf<typeof workflowRuns> = insertSchema(workflowRuns);
export const selectWorkflowRunSchema: SelectSchemaOf<typeof workflowRuns> = createSelectSchema(workflowRuns);
export const updateWorkflowRunSchema: UpdateSchemaOf<typeof workflowRuns> = updateSchema(workflowRuns);

export const insertActivityLogSchema = insertSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const selectActivityLogSchema: SelectSchemaOf<typeof activityLogs> = createSelectSchema(activityLogs, {
  payloadIn: () => jsonObject,
  payloadOut: () => jsonObject,
});
export const updateActivityLogSchema: UpdateSchemaOf<typeof activityLogs> = updateSchema(activityLogs);

export const insertOnboardingPayloadSchema: InsertSchemaOf<typeof onboardingPayloads> = insertSchema(
  onboardingPayloads,
  {
    data: () => jsonObject,
  },
);
export const selectOnboardingPayloadSchema: SelectSchemaOf<typeof onboardingPayloads> = createSelectSchema(
  onboardingPayloads,
  {
    data: () => jsonObject,
  },
);
export const updateOnboardingPayloadSchema: UpdateSchemaOf<typeof onboardingPayloads> = updateSchema(
  onboardingPayloads,
  {
    data: () => jsonObject,
  },
);

export const insertDeepResearchJobSchema = insertSchema(deepResearchJobs, {
  promptSha256: () => sha256Hex,
  maxOutputTokens: (s) => s.int().min(1),
  fullResponseJson: () => jsonObject,
  incompleteDetails: () => jsonObject,
  metadata: () => jsonObject,
});
export const selectDeepResearchJobSchema: SelectSchemaOf<typeof deepResearchJobs> =
  createSelectSchema(deepResearchJobs);
export const updateDeepResearchJobSchema: UpdateSchemaOf<typeof deepResearchJobs> =
  updateSchema(deepResearchJobs);

export const insertJobSchema = insertSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
  attempts: (s) => s.int().min(0),
});
export const selectJobSchema: SelectSchemaOf<typeof jobs> = createSelectSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});
export const updateJobSchema: UpdateSchemaOf<typeof jobs> = updateSchema(jobs, {
  input: () => jsonObject,
  output: () => jsonObject,
});

export const insertClaudeContextFileSchema = insertSchema(claudeContextFiles, {
  sha256: () => sha256Hex,
  sizeBytes: (s) => s.int().min(0),
});
export const selectClaudeContextFileSchema: SelectSchemaOf<typeof claudeContextFiles> =
  createSelectSchema(claudeContextFiles);
export const updateClaudeContextFileSchema: UpdateSchemaOf<typeof claudeContextFiles> =
  updateSchema(claudeContextFiles);

export const insertBrandSchema = insertSchema(brands, {
  canonicalName: name,
  normalizedName: () => citextKey(z.string().min(1)),
  primaryDomain: () => citextKey(),
});
export const selectBrandSchema: SelectSchemaOf<typeof brands> = createSelectSchema(brands, {
  normalizedName: citextString,
  primaryDomain: citextString,
});
export const updateBrandSchema = updateSchema(brands, {
  normalizedName: () => citextKey(z.string().min(1)),
  primaryDomain: () => citextKey(),
});

export const insertBrandChannelIdentitySchema = insertSchema(brandChannelIdentities, {
  metadataJson: () => jsonObject,
  confidence: numericString,
});
export const selectBrandChannelIdentitySchema: SelectSchemaOf<typeof brandChannelIdentities> =
  createSelectSchema(brandChannelIdentities, {
    metadataJson: () => jsonObject,
  });
export const updateBrandChannelIdentitySchema: UpdateSchemaOf<typeof brandChannelIdentities> = updateSchema(
  brandChannelIdentities,
  {
    metadataJson: () => jsonObject,
    confidence: numericString,
  },
);

export const insertResearchRunSchema = insertSchema(researchRuns, {
  brandDiscoveryPayload: () => jsonObject,
  adsContext: () => jsonObject,
});
export const selectResearchRunSchema: SelectSchemaOf<typeof researchRuns> = createSelectSchema(researchRuns);
export const updateResearchRunSchema: UpdateSchemaOf<typeof researchRuns> = updateSchema(researchRuns);

export const insertResearchRunBrandSchema: InsertSchemaOf<typeof researchRunBrands> =
  insertSchema(researchRunBrands);
export const selectResearchRunBrandSchema: SelectSchemaOf<typeof researchRunBrands> =
  createSelectSchema(researchRunBrands);
export const updateResearchRunBrandSchema: UpdateSchemaOf<typeof researchRunBrands> =
  updateSchema(researchRunBrands);

export const insertAdIngestRunSchema = insertSchema(adIngestRuns, {
  resultsLimit: (s) => s.int().min(1),
  itemsCount: (s) => s.int().min(0),
});
export const selectAdIngestRunSchema: SelectSchemaOf<typeof adIngestRuns> = createSelectSchema(adIngestRuns);
export const updateAdIngestRunSchema: UpdateSchemaOf<typeof adIngestRuns> = updateSchema(adIngestRuns);

export const insertAdSchema = insertSchema(ads, {
  externalAdId: (s) => (s as z.ZodString).min(1),
  destinationDomain: citextText,
  rawJson: () => jsonObject,
});
export const selectAdSchema: SelectSchemaOf<typeof ads> = createSelectSchema(ads, {
  destinationDomain: citextString,
  rawJson: () => jsonObject,
});
export const updateAdSchema: UpdateSchemaOf<typeof ads> = updateSchema(ads, {
  destinationDomain: citextText,
  rawJson: () => jsonObject,
});

export const insertMediaAssetSchema = insertSchema(mediaAssets, {
  sha256: () => sha256Hex,
  metadataJson: () => jsonObject,
  sizeBytes: (s) => s.int().min(0),
});
export const selectMediaAssetSchema: SelectSchemaOf<typeof mediaAssets> = createSelectSchema(mediaAssets, {
  metadataJson: () => jsonObject,
});
export const updateMediaAssetSchema: UpdateSchemaOf<typeof mediaAssets> = updateSchema(mediaAssets, {
  metadataJson: () => jsonObject,
});

export const insertAdAssetLinkSchema: InsertSchemaOf<typeof adAssetLinks> = insertSchema(adAssetLinks);
export const selectAdAssetLinkSchema: SelectSchemaOf<typeof adAssetLinks> = createSelectSchema(adAssetLinks);
export const updateAdAssetLinkSchema: UpdateSchemaOf<typeof adAssetLinks> = updateSchema(adAssetLinks);

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type Org = typeof orgs.$inferSelect;
export type NewOrg = typeof orgs.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Client = typeof clients.$inferSelect;
export type NewClient = typeof clients.$inferInsert;
export type ProductOffer = typeof productOffers.$inferSelect;
export type NewProductOffer = typeof productOffers.$inferInsert;
export type ProductOfferPricePoint = typeof productOfferPricePoints.$inferSelect;
export type NewProductOfferPricePoint = typeof productOfferPricePoints.$inferInsert;
export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;
export type Artifact = typeof artifacts.$inferSelect;
export type NewArtifact = typeof artifacts.$inferInsert;
export type Experiment = typeof experiments.$inferSelect;
export type NewExperiment = typeof experiments.$inferInsert;
export type Asset = typeof assets.$inferSelect;
export type NewAsset = typeof assets.$inferInsert;
export type AssetPerformanceSnapshot = typeof assetPerformanceSnapshots.$inferSelect;
export type NewAssetPerformanceSnapshot = typeof assetPerformanceSnapshots.$inferInsert;
export type CompanySwipeBrand = typeof companySwipeBrands.$inferSelect;
export type NewCompanySwipeBrand = typeof companySwipeBrands.$inferInsert;
export type CompanySwipeAsset = typeof companySwipeAssets.$inferSelect;
export type NewCompanySwipeAsset = typeof companySwipeAssets.$inferInsert;
export type CompanySwipeMedia = typeof companySwipeMedia.$inferSelect;
export type NewCompanySwipeMedia = typeof companySwipeMedia.$inferInsert;
export type ClientSwipeAsset = typeof clientSwipeAssets.$inferSelect;
export type NewClientSwipeAsset = typeof clientSwipeAssets.$inferInsert;
export type WorkflowRun = typeof workflowRuns.$inferSelect;
export type NewWorkflowRun = typeof workflowRuns.$inferInsert;
export type ActivityLog = typeof activityLogs.$inferSelect;
export type NewActivityLog = typeof activityLogs.$inferInsert;
export type OnboardingPayload = typeof onboardingPayloads.$inferSelect;
export type NewOnboardingPayload = typeof onboardingPayloads.$inferInsert;
export type DeepResearchJob = typeof deepResearchJobs.$inferSelect;
export type NewDeepResearchJob = typeof deepResearchJobs.$inferInsert;
export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
export type ClaudeContextFile = typeof claudeContextFiles.$inferSelect;
export type NewClaudeContextFile = typeof claudeContextFiles.$inferInsert;
export type Brand = typeof brands.$inferSelect;
export type NewBrand = typeof brands.$inferInsert;
export type BrandChannelIdentity = typeof brandChannelIdentities.$inferSelect;
export type NewBrandChannelIdentity = typeof brandChannelIdentities.$inferInsert;
export type ResearchRun = typeof researchRuns.$inferSelect;
export type NewResearchRun = typeof researchRuns.$inferInsert;
export type ResearchRunBrand = typeof researchRunBrands.$inferSelect;
export type NewResearchRunBrand = typeof researchRunBrands.$inferInsert;
export type AdIngestRun = typeof adIngestRuns.$inferSelect;
export type NewAdIngestRun = typeof adIngestRuns.$inferInsert;
export type Ad = typeof ads.$inferSelect;
export type NewAd = typeof ads.$inferInsert;
export type MediaAsset = typeof mediaAssets.$inferSelect;
export type NewMediaAsset = typeof mediaAssets.$inferInsert;
export type AdAssetLink = typeof adAssetLinks.$inferSelect;
export type NewAdAssetLink = typeof adAssetLinks.$inferInsert;
