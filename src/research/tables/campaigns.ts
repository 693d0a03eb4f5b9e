import { foreignKey, integer, jsonb, numeric, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { artifactType, assetSourceType, assetStatus, campaignStatus } from './enums';
import { clients, orgs, users } from './tenancy';

type Json = Record<string, unknown>;

export const campaigns = researchSchema.table(
  'campaigns',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    name: text('name').notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    goalDescription: text('goal_description'),
    objectiveType: text('objective_type'),
    numericTarget: numeric('numeric_target'),
    baseline: numeric('baseline'),
    timeframeDays: integer('timeframe_days'),
    budgetMin: numeric('budget_min'),
    budgetMax: numeric('budget_max'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Not documented: targets of the owner-checking FKs (campaign_id, org_id) and (campaign_id, client_id).
    unique('campaigns_id_org_id_key').on(t.id, t.orgId),
    unique('campaigns_id_client_id_key').on(t.id, t.clientId),
    foreignKey({ name: 'campaigns_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'campaigns_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
  ],
);

export const artifacts = researchSchema.table(
  'artifacts',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id'),
    type: artifactType('type').notNull(),
    version: integer('version').notNull().default(1),
    data: jsonb('data').$type<Json>().notNull(),
    createdByUser: uuid('created_by_user'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Not in the document: versions are numbered per (client, campaign, type), so a duplicate
    // version is a bug; NULLS NOT DISTINCT makes client-level (campaign_id null) artifacts count too.
    unique('artifacts_client_id_campaign_id_type_version_key')
      .on(t.clientId, t.campaignId, t.type, t.version)
      .nullsNotDistinct(),
    foreignKey({ name: 'artifacts_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'artifacts_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'artifacts_campaign_id_fkey',
      columns: [t.campaignId],
      foreignColumns: [campaigns.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'artifacts_created_by_user_fkey',
      columns: [t.createdByUser],
      foreignColumns: [users.id],
    }).onDelete('set null'),
  ],
);

export const experiments = researchSchema.table(
  'experiments',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    name: text('name').notNull(),
    experimentSpecArtifactId: uuid('experiment_spec_artifact_id').notNull(),
    status: text('status').notNull().default('planned'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    foreignKey({ name: 'experiments_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'experiments_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'experiments_campaign_id_fkey',
      columns: [t.campaignId, t.clientId],
      foreignColumns: [campaigns.id, campaigns.clientId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'experiments_experiment_spec_artifact_id_fkey',
      columns: [t.experimentSpecArtifactId],
      foreignColumns: [artifacts.id],
    }).onDelete('cascade'),
  ],
);

export const assets = researchSchema.table(
  'assets',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id'),
    experimentId: uuid('experiment_id'),
    assetBriefArtifactId: uuid('asset_brief_artifact_id'),
    variantId: text('variant_id'),
    sourceType: assetSourceType('source_type').notNull(),
    status: assetStatus('status').notNull().default('draft'),
    channelId: text('channel_id').notNull(),
    format: text('format').notNull(),
    icpId: text('icp_id'),
    funnelStageId: text('funnel_stage_id'),
    conceptId: text('concept_id'),
    angleType: text('angle_type'),
    content: jsonb('content').$type<Json>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'assets_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'assets_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'assets_campaign_id_fkey',
      columns: [t.campaignId],
      foreignColumns: [campaigns.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'assets_experiment_id_fkey',
      columns: [t.experimentId],
      foreignColumns: [experiments.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'assets_asset_brief_artifact_id_fkey',
      columns: [t.assetBriefArtifactId],
      foreignColumns: [artifacts.id],
    }).onDelete('set null'),
  ],
);

export const assetPerformanceSnapshots = researchSchema.table(
  'asset_performance_snapshots',
  {
    id: uuidPk('id'),
    assetId: uuid('asset_id').notNull(),
    experimentId: uuid('experiment_id'),
    timeFrom: timestamptz('time_from').notNull(),
    timeTo: timestamptz('time_to').notNull(),
    metrics: jsonb('metrics').$type<Json>().notNull(),
    segments: jsonb('segments').$type<Json>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'asset_performance_snapshots_asset_id_fkey',
      columns: [t.assetId],
      foreignColumns: [assets.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'asset_performance_snapshots_experiment_id_fkey',
      columns: [t.experimentId],
      foreignColumns: [experiments.id],
    }).onDelete('set null'),
  ],
);
