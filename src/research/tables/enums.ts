import { researchSchema } from '../schema';

// Labels in the documented order: Postgres enums sort by declaration order.
export const userRoleValues = [
  'partner',
  'strategy',
  'creative',
  'performance',
  'ops',
  'data',
  'experiment',
  'admin',
] as const;
export const clientStatusValues = ['active', 'paused', 'archived'] as const;
export const campaignStatusValues = ['draft', 'planning', 'running', 'completed', 'cancelled'] as const;
export const adChannelValues = [
  'META_ADS_LIBRARY',
  'TIKTOK_CREATIVE_CENTER',
  'GOOGLE_ADS_TRANSPARENCY',
] as const;
export const brandRoleValues = ['client', 'peer'] as const;
export const brandChannelVerificationStatusValues = ['unverified', 'verified', 'mismatch'] as const;
export const adIngestStatusValues = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export const adStatusValues = ['active', 'inactive', 'unknown'] as const;
export const mediaAssetTypeValues = ['IMAGE', 'VIDEO', 'TEXT', 'HTML', 'SCREENSHOT', 'OTHER'] as const;
export const artifactTypeValues = [
  'client_canon',
  'metric_schema',
  'strategy_sheet',
  'experiment_spec',
  'asset_brief',
  'qa_report',
  'experiment_report',
  'playbook',
] as const;
export const workflowKindValues = [
  'client_onboarding',
  'campaign_planning',
  'creative_production',
  'experiment_cycle',
  'playbook_update',
  'test_campaign',
] as const;
export const workflowStatusValues = ['running', 'completed', 'failed', 'cancelled'] as const;
export const researchJobStatusValues = [
  'created',
  'queued',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'incomplete',
  'errored',
] as const;
export const assetStatusValues = ['draft', 'qa_passed', 'approved', 'rejected'] as const;
export const assetSourceTypeValues = ['generated', 'historical', 'competitor_example'] as const;
export const claudeContextFileStatusValues = ['ready', 'failed', 'deleted'] as const;

export const userRole = researchSchema.enum('user_role', userRoleValues);
export const clientStatus = researchSchema.enum('client_status', clientStatusValues);
export const campaignStatus = researchSchema.enum('campaign_status', campaignStatusValues);
export const adChannel = researchSchema.enum('ad_channel', adChannelValues);
export const brandRole = researchSchema.enum('brand_role', brandRoleValues);
export const brandChannelVerificationStatus = researchSchema.enum(
  'brand_channel_verification_status',
  brandChannelVerificationStatusValues,
);
export const adIngestStatus = researchSchema.enum('ad_ingest_status', adIngestStatusValues);
export const adStatus = researchSchema.enum('ad_status', adStatusValues);
export const mediaAssetType = researchSchema.enum('media_asset_type', mediaAssetTypeValues);
export const artifactType = researchSchema.enum('artifact_type', artifactTypeValues);
export const workflowKind = researchSchema.enum('workflow_kind', workflowKindValues);
export const workflowStatus = researchSchema.enum('workflow_status', workflowStatusValues);
export const researchJobStatus = researchSchema.enum('research_job_status', researchJobStatusValues);
export const assetStatus = researchSchema.enum('asset_status', assetStatusValues);
export const assetSourceType = researchSchema.enum('asset_source_type', assetSourceTypeValues);
export const claudeContextFileStatus = researchSchema.enum(
  'claude_context_file_status',
  claudeContextFileStatusValues,
);
