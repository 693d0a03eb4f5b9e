import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { researchRuns } from './ads';
import { campaigns } from './campaigns';
import { claudeContextFileStatus, researchJobStatus, workflowKind, workflowStatus } from './enums';
import { clients, orgs } from './tenancy';

type Json = Record<string, unknown>;

export const jobStatusValues = ['queued', 'running', 'succeeded', 'failed'] as const;

export const workflowRuns = researchSchema.table(
  'workflow_runs',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id'),
    campaignId: uuid('campaign_id'),
    temporalWorkflowId: text('temporal_workflow_id').notNull(),
    temporalRunId: text('temporal_run_id').notNull(),
    kind: workflowKind('kind').notNull(),
    status: workflowStatus('status').notNull().default('running'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    foreignKey({ name: 'workflow_runs_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'workflow_runs_client_id_fkey',
      columns: [t.clientId],
      foreignColumns: [clients.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'workflow_runs_campaign_id_fkey',
      columns: [t.campaignId],
      foreignColumns: [campaigns.id],
    }).onDelete('set null'),
  ],
);

export const activityLogs = researchSchema.table(
  'activity_logs',
  {
    id: uuidPk('id'),
    workflowRunId: uuid('workflow_run_id').notNull(),
    step: text('step').notNull(),
    status: text('status').notNull(),
    payloadIn: jsonb('payload_in').$type<Json>(),
    payloadOut: jsonb('payload_out').$type<Json>(),
    error: text('error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'activity_logs_workflow_run_id_fkey',
      columns: [t.workflowRunId],
      foreignColumns: [workflowRuns.id],
    }).onDelete('cascade'),
  ],
);

export const onboardingPayloads = researchSchema.table(
  'onboarding_payloads',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    data: jsonb('data').$type<Json>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'onboarding_payloads_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'onboarding_payloads_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
  ],
);

/** One call to a deep-research model; webhooks move it through research_job_status. */
export const deepResearchJobs = researchSchema.table(
  'deep_research_jobs',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    workflowRunId: uuid('workflow_run_id'),
    onboardingPayloadId: uuid('onboarding_payload_id'),
    temporalWorkflowId: text('temporal_workflow_id'),
    stepKey: text('step_key').notNull().default('04'),
    model: text('model').notNull(),
    prompt: text('prompt').notNull(),
    promptSha256: text('prompt_sha256'),
    useWebSearch: boolean('use_web_search').notNull().default(false),
    maxOutputTokens: integer('max_output_tokens'),
    responseId: text('response_id'),
    status: researchJobStatus('status').notNull().default('created'),
    outputText: text('output_text'),
    fullResponseJson: jsonb('full_response_json').$type<Json>(),
    error: text('error'),
    incompleteDetails: jsonb('incomplete_details').$type<Json>(),
    lastWebhookId: text('last_webhook_id'),
    metadata: jsonb('metadata').$type<Json>(),
    ...timestamps(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    uniqueIndex('deep_research_jobs_response_id_key').on(t.responseId).where(sql`response_id IS NOT NULL`),
    foreignKey({
      name: 'deep_research_jobs_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'deep_research_jobs_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'deep_research_jobs_workflow_run_id_fkey',
      columns: [t.workflowRunId],
      foreignColumns: [workflowRuns.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'deep_research_jobs_onboarding_payload_id_fkey',
      columns: [t.onboardingPayloadId],
      foreignColumns: [onboardingPayloads.id],
    }).onDelete('set null'),
  ],
);

/** Background jobs of a research run (e.g. add_creative_breakdown on an ad), claimed with SKIP LOCKED. */
export const jobs = researchSchema.table(
  'jobs',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id'),
    researchRunId: uuid('research_run_id'),
    jobType: text('job_type').notNull(),
    subjectType: text('subject_type').notNull(),
    // Logical reference to the subject's table, deliberately not a foreign key.
    subjectId: uuid('subject_id').notNull(),
    status: text('status', { enum: jobStatusValues }).notNull(),
    dedupeKey: text('dedupe_key'),
    input: jsonb('input').$type<Json>().notNull().default(sql`'{}'::jsonb`),
    output: jsonb('output').$type<Json>().notNull().default(sql`'{}'::jsonb`),
    rawOutputText: text('raw_output_text'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('uq_jobs_dedupe_key').on(t.dedupeKey).where(sql`dedupe_key IS NOT NULL`),
    // Not documented: lets claimResearchJobs find the oldest queued jobs without a scan.
    index('jobs_status_created_at_idx').on(t.status, t.createdAt),
    foreignKey({ name: 'jobs_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'jobs_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'jobs_research_run_id_fkey',
      columns: [t.researchRunId],
      foreignColumns: [researchRuns.id],
    }).onDelete('set null'),
  ],
);

/** Documents uploaded to Claude's Files API, one row per content version of a doc in a workspace. */
export const claudeContextFiles = researchSchema.table(
  'claude_context_files',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    ideaWorkspaceId: text('idea_workspace_id').notNull(),
    clientId: uuid('client_id'),
    campaignId: uuid('campaign_id'),
    docKey: text('doc_key').notNull(),
    docTitle: text('doc_title'),
    sourceKind: text('source_kind').notNull(),
    stepKey: text('step_key'),
    sha256: text('sha256').notNull(),
    claudeFileId: text('claude_file_id'),
    filename: text('filename'),
    mimeType: text('mime_type'),
    sizeBytes: integer('size_bytes'),
    driveDocId: text('drive_doc_id'),
    driveUrl: text('drive_url'),
    status: claudeContextFileStatus('status').notNull().default('ready'),
    error: text('error'),
    ...timestamps(),
  },
  (t) => [
    // Postgres-style name, shortened: the full one exceeds the 63-byte identifier limit.
    unique('claude_context_files_org_workspace_doc_sha256_key').on(
      t.orgId,
      t.ideaWorkspaceId,
      t.docKey,
      t.sha256,
    ),
    foreignKey({
      name: 'claude_context_files_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'claude_context_files_client_id_fkey',
      columns: [t.clientId],
      foreignColumns: [clients.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'claude_context_files_campaign_id_fkey',
      columns: [t.campaignId],
      foreignColumns: [campaigns.id],
    }).onDelete('set null'),
  ],
);
