import * as adsTables from './ads';
import * as campaignsTables from './campaigns';
import * as offersTables from './offers';
import * as relationsAll from './relations';
import * as swipesTables from './swipes';
import * as tenancyTables from './tenancy';
import * as workflowsTables from './workflows';

export * from './ads';
export * from './artifact-versions';
export * from './campaigns';
export * from './context-files';
export * from './enums';
export * from './ingest';
export * from './offers';
export * from './queue';
export * from './relations';
export * from './schema';
export * from './swipes';
export * from './tenancy';
export * from './upsert-brand';
export * from './validators';
export * from './webhook';
export * from './workflows';

const { orgs, users, clients } = tenancyTables;
const { productOffers, productOfferPricePoints } = offersTables;
const { campaigns, artifacts, experiments, assets, assetPerformanceSnapshots } = campaignsTables;
const { companySwipeBrands, companySwipeAssets, companySwipeMedia, clientSwipeAssets } = swipesTables;
const { workflowRuns, activityLogs, onboardingPayloads, deepResearchJobs, jobs, claudeContextFiles } =
  workflowsTables;
const {
  brands,
  brandChannelIdentities,
  researchRuns,
  researchRunBrands,
  adIngestRuns,
  ads,
  mediaAssets,
  adAssetLinks,
} = adsTables;

/** The 28 tables of the research system. */
export const tables = {
  orgs,
  users,
  clients,
  productOffers,
  productOfferPricePoints,
  campaigns,
  artifacts,
  experiments,
  assets,
  assetPerformanceSnapshots,
  companySwipeBrands,
  companySwipeAssets,
  companySwipeMedia,
  clientSwipeAssets,
  workflowRuns,
  activityLogs,
  onboardingPayloads,
  deepResearchJobs,
  jobs,
  claudeContextFiles,
  brands,
  brandChannelIdentities,
  researchRuns,
  researchRunBrands,
  adIngestRuns,
  ads,
  mediaAssets,
  adAssetLinks,
};

/** Pass to `drizzle(client, { schema })` for relational queries. */
export const schema = { ...tables, ...relationsAll };
