import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, timestamps, timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { campaigns } from './campaigns';
import {
  adChannel,
  adIngestStatus,
  adStatus,
  brandChannelVerificationStatus,
  brandRole,
  mediaAssetType,
} from './enums';
import { clients, orgs } from './tenancy';

type Json = Record<string, unknown>;

/**
 * A brand is identified per org by its primary domain when it has one, else by its normalized
 * name (two partial unique indexes, as documented).
 */
export const brands = researchSchema.table(
  'brands',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    canonicalName: text('canonical_name').notNull(),
    normalizedName: citext('normalized_name').notNull(),
    primaryWebsiteUrl: text('primary_website_url'),
    primaryDomain: citext('primary_domain'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('uq_brands_org_domain').on(t.orgId, t.primaryDomain).where(sql`primary_domain IS NOT NULL`),
    uniqueIndex('uq_brands_org_normalized_name')
      .on(t.orgId, t.normalizedName)
      .where(sql`primary_domain IS NULL`),
    foreignKey({ name: 'brands_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const brandChannelIdentities = researchSchema.table(
  'brand_channel_identities',
  {
    id: uuidPk('id'),
    brandId: uuid('brand_id').notNull(),
    channel: adChannel('channel').notNull(),
    externalId: text('external_id'),
    externalUrl: text('external_url'),
    // Documented attribute `metadata_json`, database column `metadata`.
    metadataJson: jsonb('metadata').$type<Json>().notNull().default(sql`'{}'::jsonb`),
    verificationStatus: brandChannelVerificationStatus('verification_status').notNull().default('unverified'),
    verifiedAt: timestamptz('verified_at'),
    confidence: numeric('confidence'),
    ...timestamps(),
  },
  (t) => [
    index('brand_channel_identities_channel_external_id_idx').on(t.channel, t.externalId),
    foreignKey({
      name: 'brand_channel_identities_brand_id_fkey',
      columns: [t.brandId],
      foreignColumns: [brands.id],
    }).onDelete('cascade'),
  ],
);

export const researchRuns = researchSchema.table(
  'research_runs',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id'),
    status: text('status').notNull().default('pending'),
    brandDiscoveryPayload: jsonb('brand_discovery_payload').$type<Json>(),
    adsContext: jsonb('ads_context').$type<Json>(),
    adsContextGeneratedAt: timestamptz('ads_context_generated_at'),
    ...timestamps(),
  },
  (t) => [
    // Not documented: the target of the owner-checking FK jobs (research_run_id, org_id).
    unique('research_runs_id_org_id_key').on(t.id, t.orgId),
    foreignKey({ name: 'research_runs_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'research_runs_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'research_runs_campaign_id_fkey',
      columns: [t.campaignId],
      foreignColumns: [campaigns.id],
    }).onDelete('set null'),
  ],
);

export const researchRunBrands = researchSchema.table(
  'research_run_brands',
  {
    id: uuidPk('id'),
    researchRunId: uuid('research_run_id').notNull(),
    brandId: uuid('brand_id').notNull(),
    role: brandRole('role').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('uq_run_brand').on(t.researchRunId, t.brandId),
    foreignKey({
      name: 'research_run_brands_research_run_id_fkey',
      columns: [t.researchRunId],
      foreignColumns: [researchRuns.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'research_run_brands_brand_id_fkey',
      columns: [t.brandId],
      foreignColumns: [brands.id],
    }).onDelete('cascade'),
  ],
);

export const adIngestRuns = researchSchema.table(
  'ad_ingest_runs',
  {
    id: uuidPk('id'),
    researchRunId: uuid('research_run_id').notNull(),
    brandChannelIdentityId: uuid('brand_channel_identity_id').notNull(),
    channel: adChannel('channel').notNull(),
    requestedUrl: text('requested_url'),
    provider: text('provider').notNull().default('APIFY'),
    providerActorId: text('provider_actor_id'),
    providerRunId: text('provider_run_id'),
    providerDatasetId: text('provider_dataset_id'),
    status: adIngestStatus('status').notNull().default('RUNNING'),
    isPartial: boolean('is_partial').notNull().default(false),
    resultsLimit: integer('results_limit'),
    itemsCount: integer('items_count').notNull().default(0),
    error: text('error'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    foreignKey({
      name: 'ad_ingest_runs_research_run_id_fkey',
      columns: [t.researchRunId],
      foreignColumns: [researchRuns.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'ad_ingest_runs_brand_channel_identity_id_fkey',
      columns: [t.brandChannelIdentityId],
      foreignColumns: [brandChannelIdentities.id],
    }).onDelete('cascade'),
  ],
);

export const ads = researchSchema.table(
  'ads',
  {
    id: uuidPk('id'),
    brandId: uuid('brand_id').notNull(),
    brandChannelIdentityId: uuid('brand_channel_identity_id').notNull(),
    channel: adChannel('channel').notNull(),
    externalAdId: text('external_ad_id').notNull(),
    adStatus: adStatus('ad_status').notNull().default('unknown'),
    startedRunningAt: timestamptz('started_running_at'),
    endedRunningAt: timestamptz('ended_running_at'),
    firstSeenAt: timestamptz('first_seen_at'),
    lastSeenAt: timestamptz('last_seen_at'),
    bodyText: text('body_text'),
    headline: text('headline'),
    ctaType: text('cta_type'),
    ctaText: text('cta_text'),
    landingUrl: text('landing_url'),
    destinationDomain: citext('destination_domain'),
    rawJson: jsonb('raw_json').$type<Json>().notNull(),
    ...timestamps(),
  },
  (t) => [
    // Documented: unique (channel, external_ad_id), across orgs. Brands are per org, so a global key
    // would let one org's scrape take over or hide another org's ad: each brand keeps its own copy
    // (docs/research.md, "Ads seen by several orgs"). The leading columns still serve lookups by ad id.
    unique('ads_channel_external_ad_id_brand_id_key').on(t.channel, t.externalAdId, t.brandId),
    index('ads_last_seen_at_idx').on(t.lastSeenAt),
    foreignKey({ name: 'ads_brand_id_fkey', columns: [t.brandId], foreignColumns: [brands.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'ads_brand_channel_identity_id_fkey',
      columns: [t.brandChannelIdentityId],
      foreignColumns: [brandChannelIdentities.id],
    }).onDelete('cascade'),
  ],
);

/** Creative files, shared between ads: deduped by content hash, or by (channel, source_url). */
export const mediaAssets = researchSchema.table(
  'media_assets',
  {
    id: uuidPk('id'),
    channel: adChannel('channel').notNull(),
    assetType: mediaAssetType('asset_type').notNull(),
    sourceUrl: text('source_url'),
    storedUrl: text('stored_url'),
    sha256: text('sha256'),
    mimeType: text('mime_type'),
    sizeBytes: integer('size_bytes'),
    width: integer('width'),
    height: integer('height'),
    durationMs: integer('duration_ms'),
    metadataJson: jsonb('metadata').$type<Json>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('media_assets_sha256_key').on(t.sha256).where(sql`sha256 IS NOT NULL`),
    uniqueIndex('media_assets_channel_source_url_key')
      .on(t.channel, t.sourceUrl)
      .where(sql`source_url IS NOT NULL`),
  ],
);

export const adAssetLinks = researchSchema.table(
  'ad_asset_links',
  {
    id: uuidPk('id'),
    adId: uuid('ad_id').notNull(),
    mediaAssetId: uuid('media_asset_id').notNull(),
    role: text('role'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('uq_ad_media_link').on(t.adId, t.mediaAssetId),
    foreignKey({ name: 'ad_asset_links_ad_id_fkey', columns: [t.adId], foreignColumns: [ads.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'ad_asset_links_media_asset_id_fkey',
      columns: [t.mediaAssetId],
      foreignColumns: [mediaAssets.id],
    }).onDelete('cascade'),
  ],
);
