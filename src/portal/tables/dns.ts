import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, text, unique } from 'drizzle-orm/pg-core';
import { timestamptz, uuidPk } from '../../columns';
import { portalSchema } from '../schema';

export const dnsProviderValues = ['Google', 'Vercel', 'Render', 'Cloudflare', 'internal'] as const;
export const tierLabelValues = ['active', 'near_term', 'future', 'brand_protection', 'discontinue'] as const;
export const auditStatusValues = ['pass', 'drift', 'error'] as const;
export const ruleTypeValues = ['record_required', 'record_forbidden', 'record_value_match'] as const;
export const severityValues = ['critical', 'warning', 'info'] as const;
export const auditRunTypeValues = ['scheduled', 'manual', 'snapshot'] as const;
export const auditTriggeredByValues = ['manual', 'cron', 'claude'] as const;
export const changeTypeValues = ['auto_heal', 'approved', 'manual', 'drift_detected'] as const;
export const recordActionValues = ['create', 'update', 'delete'] as const;
export const appliedByValues = ['sentinel', 'manual', 'claude'] as const;
export const riskLevelValues = ['high', 'medium', 'low'] as const;
export const approvalStatusValues = ['pending', 'approved', 'rejected', 'expired'] as const;

/** The tier whose domains are audit-only: never queued for approval, never healed. */
export const AUDIT_ONLY_TIER = 5;

/** A DNS record as templates, policies and heal actions describe it (extra keys are kept). */
export interface DnsRecordTemplate {
  type: string;
  name: string;
  content: string;
  priority?: number;
  ttl?: number;
  proxied?: boolean;
  note?: string;
  [key: string]: unknown;
}

/** Policy check spec (`rule`). */
export interface DnsPolicyRule {
  type?: string;
  name?: string;
  content?: string;
  content_startswith?: string;
  content_contains?: string;
  content_contains_any?: string[];
  proxied?: boolean;
  note?: string;
  [key: string]: unknown;
}

/** `heal_action`: the documented record actions, plus the reference data's `description` notes and `records` lists. */
export type DnsHealAction =
  | {
      action: 'add' | 'upsert' | 'add_if_missing';
      record?: Record<string, unknown>;
      records?: Record<string, unknown>[];
      note?: string;
    }
  | { action: 'description'; note: string };

export interface DnsAuditFinding {
  domain: string;
  severity: (typeof severityValues)[number];
  policy_id: string | null;
  description: string;
  healed: boolean;
  queued_for_approval: boolean;
}

export interface DnsAuditSummary {
  pass: number;
  drift: number;
  auto_healed: number;
  pending_approval: number;
}

/** Reusable record templates, e.g. `google-workspace`. */
export const dnsServices = portalSchema.table('dns_services', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  provider: text('provider', { enum: dnsProviderValues }),
  recordTemplates: jsonb('record_templates').$type<DnsRecordTemplate[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** Per-domain source of truth: tier, Cloudflare zone, assigned services. */
export const dnsDomainConfig = portalSchema.table('dns_domain_config', {
  domain: text('domain').primaryKey(),
  tier: integer('tier').notNull(),
  tierLabel: text('tier_label', { enum: tierLabelValues }),
  cloudflareZoneId: text('cloudflare_zone_id'),
  services: text('services').array().notNull().default(sql`'{}'::text[]`),
  redirectTarget: text('redirect_target'),
  customRecords: jsonb('custom_records').$type<DnsRecordTemplate[]>().notNull().default(sql`'[]'::jsonb`),
  notes: text('notes'),
  lastAuditAt: timestamptz('last_audit_at'),
  lastAuditStatus: text('last_audit_status', { enum: auditStatusValues }),
});

/** Audit rules checked on every run. */
export const dnsPolicies = portalSchema.table('dns_policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope').notNull(),
  ruleType: text('rule_type', { enum: ruleTypeValues }).notNull(),
  rule: jsonb('rule').$type<DnsPolicyRule>().notNull(),
  severity: text('severity', { enum: severityValues }).notNull(),
  autoHeal: boolean('auto_heal').notNull().default(false),
  healAction: jsonb('heal_action').$type<DnsHealAction>(),
  enabled: boolean('enabled').notNull().default(true),
});

/** One row per audit run; `run_id` is `AUDIT-YYYYMMDD-HHMMSS` (UTC), suffixed `-2`, `-3`… within one second. */
export const dnsAuditLog = portalSchema.table(
  'dns_audit_log',
  {
    id: uuidPk('id'),
    runId: text('run_id').notNull(),
    runType: text('run_type', { enum: auditRunTypeValues }).notNull(),
    domainsScanned: integer('domains_scanned'),
    totalRecordsChecked: integer('total_records_checked'),
    findings: jsonb('findings').$type<DnsAuditFinding[]>(),
    summary: jsonb('summary').$type<DnsAuditSummary>(),
    triggeredBy: text('triggered_by', { enum: auditTriggeredByValues }).notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [unique('dns_audit_log_run_id_key').on(t.runId)],
);

/** Audit trail of every DNS record modification. */
export const dnsChangeLog = portalSchema.table(
  'dns_change_log',
  {
    id: uuidPk('id'),
    domain: text('domain').notNull(),
    changeType: text('change_type', { enum: changeTypeValues }).notNull(),
    recordType: text('record_type'),
    recordName: text('record_name'),
    action: text('action', { enum: recordActionValues }),
    beforeValue: jsonb('before_value').$type<Record<string, unknown>>(),
    afterValue: jsonb('after_value').$type<Record<string, unknown>>(),
    cloudflareRecordId: text('cloudflare_record_id'),
    auditRunId: text('audit_run_id'),
    policyId: text('policy_id'),
    appliedBy: text('applied_by', { enum: appliedByValues }),
    notes: text('notes'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('idx_dns_change_log_domain').on(t.domain, t.createdAt.desc().nullsFirst())],
);

/** Changes waiting for a human; pending items expire 7 days after creation. */
export const dnsApprovalQueue = portalSchema.table(
  'dns_approval_queue',
  {
    id: uuidPk('id'),
    domain: text('domain').notNull(),
    recordType: text('record_type'),
    recordName: text('record_name'),
    action: text('action', { enum: recordActionValues }).notNull(),
    currentValue: jsonb('current_value').$type<Record<string, unknown>>(),
    proposedValue: jsonb('proposed_value').$type<Record<string, unknown>>(),
    reason: text('reason'),
    riskLevel: text('risk_level', { enum: riskLevelValues }),
    status: text('status', { enum: approvalStatusValues }).notNull().default('pending'),
    reviewedBy: text('reviewed_by'),
    reviewNotes: text('review_notes'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull().default(sql`(now() + interval '7 days')`),
    auditRunId: text('audit_run_id'),
    policyId: text('policy_id'),
  },
  (t) => [index('idx_dns_approval_queue_status').on(t.status, t.expiresAt)],
);

/** Raw Cloudflare record snapshots; history is kept, the newest per domain is the current one. */
export const dnsSnapshots = portalSchema.table(
  'dns_snapshots',
  {
    id: uuidPk('id'),
    domain: text('domain').notNull(),
    records: jsonb('records').$type<Record<string, unknown>[]>().notNull(),
    recordCount: integer('record_count').notNull(),
    takenAt: timestamptz('taken_at').notNull().defaultNow(),
  },
  (t) => [index('idx_dns_snapshots_domain_taken').on(t.domain, t.takenAt.desc().nullsFirst())],
);
