import { sql } from 'drizzle-orm';
import { boolean, integer, numeric, text, unique, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { quorumSchema } from '../schema';

export const configVersionStatusValues = ['draft', 'active', 'deprecated', 'archived'] as const;
export type ConfigVersionStatus = (typeof configVersionStatusValues)[number];

/** Master list of the LLMs the orchestrator can use, with their stage 0/1 benchmark stats. */
export const llmMaster = quorumSchema.table('llm_master', {
  id: uuidPk('id'),
  modelCode: varchar('model_code', { length: 20 }),
  modelId: text('model_id'),
  modelName: text('model_name'),
  modelType: text('model_type'),
  provider: text('provider'),
  providerCode: text('provider_code'),
  apiIdentifier: text('api_identifier'),
  tier: text('tier'),
  contextLength: integer('context_length'),
  inputCostPerMtok: numeric('input_cost_per_mtok'),
  outputCostPerMtok: numeric('output_cost_per_mtok'),
  isAvailable: boolean('is_available').notNull().default(true),
  brandTerms: text('brand_terms'),
  s0TestCount: integer('s0_test_count').notNull().default(0),
  s0LastTestedAt: timestamptz('s0_last_tested_at'),
  s1Rank: integer('s1_rank'),
  s1AccuracyPct: numeric('s1_accuracy_pct'),
  s1AvgLatencyMs: integer('s1_avg_latency_ms'),
  s1IsRecommended: boolean('s1_is_recommended').notNull().default(false),
  s1TestCount: integer('s1_test_count').notNull().default(0),
  s1LastTestedAt: timestamptz('s1_last_tested_at'),
  ...timestamps(),
});

/** Orchestration configuration versions; at most one is `active` (activateConfigVersion). */
export const orchConfigVersions = quorumSchema.table(
  'orch_config_versions',
  {
    id: uuidPk('id'),
    versionNumber: integer('version_number').notNull(),
    versionName: varchar('version_name', { length: 100 }),
    description: text('description'),
    status: varchar('status', { length: 20, enum: configVersionStatusValues }).notNull().default('draft'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    activatedAt: timestamptz('activated_at'),
    deprecatedAt: timestamptz('deprecated_at'),
  },
  (t) => [
    unique('orch_config_versions_version_number_key').on(t.versionNumber),
    // "At most one active version ever", enforced by the database rather than by callers.
    uniqueIndex('orch_config_versions_one_active_key').on(t.status).where(sql`status = 'active'`),
  ],
);
