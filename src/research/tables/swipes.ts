import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  integer,
  jsonb,
  numeric,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { clients, orgs } from './tenancy';

export const companySwipeBrands = researchSchema.table(
  'company_swipe_brands',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    externalBrandId: text('external_brand_id'),
    name: text('name').notNull(),
    slug: text('slug'),
    adLibraryLink: text('ad_library_link'),
    brandPageLink: text('brand_page_link'),
    logoUrl: text('logo_url'),
    categories: jsonb('categories').$type<unknown>(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('uq_company_swipe_brand_org_ext').on(t.orgId, t.externalBrandId),
    foreignKey({
      name: 'company_swipe_brands_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
  ],
);

/** A saved competitor ad, mirroring the swipe-file provider's ad object. */
export const companySwipeAssets = researchSchema.table(
  'company_swipe_assets',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    externalAdId: text('external_ad_id'),
    externalPlatformAdId: text('external_platform_ad_id'),
    brandId: uuid('brand_id'),
    title: text('title'),
    body: text('body'),
    platforms: text('platforms'),
    ctaType: text('cta_type'),
    ctaText: text('cta_text'),
    displayFormat: text('display_format'),
    landingPage: text('landing_page'),
    linkDescription: text('link_description'),
    adSourceLink: text('ad_source_link'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    daysActive: integer('days_active'),
    activeInLibrary: boolean('active_in_library'),
    active: boolean('active'),
    usedCount: integer('used_count'),
    savedCount: integer('saved_count'),
    likes: integer('likes'),
    winningScore: integer('winning_score'),
    winningScoreData: jsonb('winning_score_data').$type<unknown>(),
    performanceScore: integer('performance_score'),
    performanceScoreData: jsonb('performance_score_data').$type<unknown>(),
    ageAudienceMin: integer('age_audience_min'),
    ageAudienceMax: integer('age_audience_max'),
    genderAudience: text('gender_audience'),
    euTotalReach: numeric('eu_total_reach'),
    adSpendRangeScore: integer('ad_spend_range_score'),
    adSpendRangeScoreData: jsonb('ad_spend_range_score_data').$type<unknown>(),
    addedHumanTime: text('added_human_time'),
    addedByUserHumanTime: text('added_by_user_human_time'),
    savedByThisUser: boolean('saved_by_this_user'),
    shareUrl: text('share_url'),
    embedUrl: text('embed_url'),
    isAaaEligible: boolean('is_aaa_eligible'),
    isSaved: boolean('is_saved'),
    isUsed: boolean('is_used'),
    isLiked: boolean('is_liked'),
    adScript: jsonb('ad_script').$type<unknown>(),
    adReachByLocation: jsonb('ad_reach_by_location').$type<unknown>(),
    adSpend: jsonb('ad_spend').$type<unknown>(),
    adLibraryObject: jsonb('ad_library_object').$type<unknown>(),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'company_swipe_assets_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'company_swipe_assets_brand_id_fkey',
      columns: [t.brandId],
      foreignColumns: [companySwipeBrands.id],
    }).onDelete('set null'),
  ],
);

export const companySwipeMedia = researchSchema.table(
  'company_swipe_media',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    swipeAssetId: uuid('swipe_asset_id').notNull(),
    externalMediaId: text('external_media_id'),
    path: text('path'),
    url: text('url'),
    thumbnailPath: text('thumbnail_path'),
    thumbnailUrl: text('thumbnail_url'),
    disk: text('disk'),
    type: text('type'),
    mimeType: text('mime_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    videoLength: integer('video_length'),
    downloadUrl: text('download_url'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'company_swipe_media_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'company_swipe_media_swipe_asset_id_fkey',
      columns: [t.swipeAssetId],
      foreignColumns: [companySwipeAssets.id],
    }).onDelete('cascade'),
  ],
);

export const clientSwipeAssets = researchSchema.table(
  'client_swipe_assets',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    companySwipeId: uuid('company_swipe_id'),
    customTitle: text('custom_title'),
    customBody: text('custom_body'),
    customChannel: text('custom_channel'),
    customFormat: text('custom_format'),
    customLandingPage: text('custom_landing_page'),
    customMedia: jsonb('custom_media').$type<unknown>(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    isGoodExample: boolean('is_good_example'),
    isBadExample: boolean('is_bad_example'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'client_swipe_assets_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'client_swipe_assets_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'client_swipe_assets_company_swipe_id_fkey',
      columns: [t.companySwipeId],
      foreignColumns: [companySwipeAssets.id],
    }).onDelete('set null'),
  ],
);
