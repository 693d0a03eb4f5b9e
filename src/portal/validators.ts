import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { count4, dateInput, insertSchema, jsonObject as jsonObjectInput, updateSchema } from '../input';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
import { dnsApprovalValuesRefinement, dnsChangeValuesRefinement, storedJson } from './internal';
import {
  auditRunTypeValues,
  auditTriggeredByValues,
  dnsApprovalQueue,
  dnsAuditLog,
  dnsChangeLog,
  dnsDomainConfig,
  dnsPolicies,
  dnsProviderValues,
  dnsServices,
  dnsSnapshots,
  severityValues,
} from './tables/dns';
import { leadBrandValues, leadFormTypeValues, leads } from './tables/leads';
import {
  companies,
  decisions,
  documentTemplates,
  handoffInterfaceValues,
  sessionHandoff,
  sessionHandoffHistory,
  tasks,
} from './tables/ops';

// Bounds keep hostile input out of the database: identifiers are short, bodies are not. The
// insert/update schemas come from the input kit (src/input.ts), which adds the bounds the column
// types imply (timestamps in years 0001–9999, uuids lower-cased, JSON checked, indexed text
// byte-limited); a refinement below that replaces a column's schema keeps to the same bounds.
// In insert schemas, refinements of nullable or defaulted columns end in .optional(): drizzle-zod
// makes them optional at run time but its types would otherwise mark them required.
const short = () => z.string().min(1).max(200);
const body = () => z.string().max(200_000);
/** A `date` column value: a calendar day in years 0001–9999 (z.iso.date() lets year 0000 through). */
const isoDate = () => dateInput();
const slug = () =>
  z
    .string()
    .max(200)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case slug such as om-apex-holdings');
/** A JSON object read back from a row. */
const jsonObject = z.record(z.string(), z.unknown());
/** A JSON object written to a jsonb column: plain, storable, at most MAX_DEPTH deep. */
const jsonObjectIn = () => jsonObjectInput();
/** Generated ids carry at most 19 digits (a bigint sequence); longer strings are never ids. */
const ID_MAX = 40;

export const taskIdSchema = z
  .string()
  .max(ID_MAX)
  .regex(/^TASK-\d{3,}$/, 'a task id such as TASK-001');
export const decisionIdSchema = z
  .string()
  .max(ID_MAX)
  .regex(/^(TECH|BIZ)-\d{3,}$/, 'a decision id such as TECH-001 or BIZ-001');
export const domainNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'a domain name such as omapex.com');
/** Emails are stored trimmed and lower-cased; at most 320 characters (64 + @ + 255, and leads_email_idx). */
export const emailSchema = z.string().trim().toLowerCase().max(320).pipe(z.email());

// ---- ops ----
export const insertTaskSchema = insertSchema(tasks, {
  id: () => taskIdSchema.optional(),
  description: () => body().min(1),
  owner: () => short().optional(),
  notes: () => body().optional(),
  projectCode: () => short().optional(),
  durationDays: (s) => s.int().min(0).optional(),
  due: () => isoDate().optional(),
  completionNotes: () => body().optional(),
  commitRefs: () => z.array(short()).optional(),
  issueRef: () => short().optional(),
});
export const selectTaskSchema: SelectSchemaOf<typeof tasks> = createSelectSchema(tasks);
export const updateTaskSchema: UpdateSchemaOf<typeof tasks> = updateSchema(tasks, {
  id: () => taskIdSchema,
  description: () => body().min(1),
  durationDays: (s) => s.int().min(0),
  due: isoDate,
  commitRefs: () => z.array(short()),
});

export const insertDecisionSchema = insertSchema(decisions, {
  id: () => decisionIdSchema,
  area: () => short().optional(),
  decision: () => body().min(1),
  rationale: () => body().optional(),
  company: () => short().optional(),
  alternativesConsidered: () => body().optional(),
  dateDecided: () => isoDate().optional(),
});
export const selectDecisionSchema: SelectSchemaOf<typeof decisions> = createSelectSchema(decisions);
export const updateDecisionSchema: UpdateSchemaOf<typeof decisions> = updateSchema(decisions, {
  decision: () => body().min(1),
  dateDecided: isoDate,
});

export const insertCompanySchema = insertSchema(companies, {
  id: slug,
  legalName: () => short(),
  parentCompanyId: () => slug().optional(),
  domain: () => domainNameSchema.optional(),
});
export const selectCompanySchema: SelectSchemaOf<typeof companies> = createSelectSchema(companies);
export const updateCompanySchema: UpdateSchemaOf<typeof companies> = updateSchema(companies, {
  legalName: () => short(),
  parentCompanyId: slug,
});

export const insertDocumentTemplateSchema = insertSchema(documentTemplates, {
  id: slug,
  name: () => short(),
  companies: () => z.array(slug()).optional(),
});
export const selectDocumentTemplateSchema: SelectSchemaOf<typeof documentTemplates> =
  createSelectSchema(documentTemplates);
export const updateDocumentTemplateSchema: UpdateSchemaOf<typeof documentTemplates> = updateSchema(
  documentTemplates,
  { name: () => short() },
);

export const handoffInterfaceSchema = z.enum(handoffInterfaceValues);
export const insertSessionHandoffSchema = insertSchema(sessionHandoff, {
  id: () => z.literal(1).optional(),
  content: () => body().min(1),
  createdBy: () => short().optional(),
});
export const selectSessionHandoffSchema: SelectSchemaOf<typeof sessionHandoff> =
  createSelectSchema(sessionHandoff);
export const updateSessionHandoffSchema = updateSchema(sessionHandoff, {
  id: () => z.literal(1),
  content: () => body().min(1),
  createdBy: () => short(),
});
export const insertSessionHandoffHistorySchema = insertSchema(sessionHandoffHistory, {
  content: () => body().min(1),
  createdBy: () => short().optional(),
  sessionDate: () => isoDate().optional(),
});
export const selectSessionHandoffHistorySchema: SelectSchemaOf<typeof sessionHandoffHistory> =
  createSelectSchema(sessionHandoffHistory);
export const updateSessionHandoffHistorySchema: UpdateSchemaOf<typeof sessionHandoffHistory> = updateSchema(
  sessionHandoffHistory,
  {
    content: () => body().min(1),
    createdBy: () => short(),
    sessionDate: isoDate,
  },
);

// ---- leads ----
export const leadBrandSchema = z.enum(leadBrandValues);
export const leadFormTypeSchema = z.enum(leadFormTypeValues);
export const insertLeadSchema = insertSchema(leads, {
  email: () => emailSchema,
  firstname: () => short().optional(),
  lastname: () => short().optional(),
  company: () => short().optional(),
  phone: () => z.string().max(50).optional(),
  message: () => body().optional(),
  metadata: () => jsonObjectIn().optional(),
  hubspotContactId: () => short().optional(),
});
export const selectLeadSchema: SelectSchemaOf<typeof leads> = createSelectSchema(leads, {
  metadata: () => jsonObject,
});
export const updateLeadSchema = updateSchema(leads, {
  email: () => emailSchema,
  metadata: () => jsonObjectIn(),
});

// ---- dns: JSONB shapes ----
const recordType = () => z.string().min(1).max(20);
const recordName = () => z.string().min(1).max(253);

/** A DNS record in a heal action or change log: CAA records carry `data` instead of `content`. */
export const dnsRecordSchema = z.looseObject({
  type: recordType(),
  name: recordName(),
  content: z.string().optional(),
  data: jsonObject.optional(),
  priority: z.number().int().min(0).optional(),
  ttl: z.number().int().min(1).optional(),
  proxied: z.boolean().optional(),
});

/** `dns_services.record_templates` items: `{type, name, content, priority?, ttl?, proxied?}` (+ an optional `note`). */
export const dnsRecordTemplateSchema = z.looseObject({
  type: recordType(),
  name: recordName(),
  content: z.string().min(1),
  priority: z.number().int().min(0).optional(),
  ttl: z.number().int().min(1).optional(),
  proxied: z.boolean().optional(),
  note: z.string().optional(),
});

/** `dns_policies.rule`: which record a policy is about and how its content must look. */
export const dnsPolicyRuleSchema = z.looseObject({
  type: recordType().optional(),
  name: recordName().optional(),
  content: z.string().optional(),
  content_startswith: z.string().optional(),
  content_contains: z.string().optional(),
  content_contains_any: z.array(z.string()).min(1).optional(),
  proxied: z.boolean().optional(),
  note: z.string().optional(),
});

/** `dns_policies.heal_action`: `{action: add|upsert|add_if_missing, record}`; the reference data also has `records` lists and `description` notes. */
export const dnsHealActionSchema = z.discriminatedUnion('action', [
  z.looseObject({ action: z.enum(['add', 'upsert']), record: dnsRecordSchema, note: z.string().optional() }),
  z
    .looseObject({
      action: z.literal('add_if_missing'),
      record: dnsRecordSchema.optional(),
      records: z.array(dnsRecordSchema).min(1).optional(),
      note: z.string().optional(),
    })
    .refine((a) => (a.record === undefined) !== (a.records === undefined), 'either record or records'),
  z.looseObject({ action: z.literal('description'), note: z.string().min(1) }),
]);

export const dnsScopeSchema = z
  .string()
  .regex(
    /^(global|tier:[1-5]|service:[a-z0-9]+(-[a-z0-9]+)*|domain:[a-z0-9.-]+)$/,
    'global, tier:N, service:<id> or domain:<domain>',
  );

export const dnsAuditFindingSchema = z.looseObject({
  domain: z.string().min(1),
  severity: z.enum(severityValues),
  policy_id: z.string().nullable(),
  description: z.string(),
  healed: z.boolean(),
  queued_for_approval: z.boolean(),
});
export const dnsAuditFindingsSchema = z.array(dnsAuditFindingSchema);
/** Counts inside the summary JSON (any safe integer ≥ 0: JSON numbers have no column range). */
const count = () => z.number().int().min(0);
export const dnsAuditSummarySchema = z.looseObject({
  pass: count(),
  drift: count(),
  auto_healed: count(),
  pending_approval: count(),
});

// ---- dns tables ----
export const dnsProviderSchema = z.enum(dnsProviderValues);
export const insertDnsServiceSchema = insertSchema(dnsServices, {
  id: slug,
  name: () => short(),
  description: () => body().optional(),
  recordTemplates: () => storedJson(z.array(dnsRecordTemplateSchema)).optional(),
});
export const selectDnsServiceSchema: SelectSchemaOf<typeof dnsServices> = createSelectSchema(dnsServices, {
  recordTemplates: () => z.array(dnsRecordTemplateSchema),
});
export const updateDnsServiceSchema: UpdateSchemaOf<typeof dnsServices> = updateSchema(dnsServices, {
  recordTemplates: () => storedJson(z.array(dnsRecordTemplateSchema)),
});

export const dnsTierSchema = z.number().int().min(1).max(5);
export const insertDnsDomainConfigSchema = insertSchema(dnsDomainConfig, {
  domain: () => domainNameSchema,
  tier: () => dnsTierSchema,
  services: () => z.array(slug()).optional(),
  redirectTarget: () => domainNameSchema.optional(),
  customRecords: () => storedJson(z.array(dnsRecordSchema)).optional(),
  notes: () => body().optional(),
});
export const selectDnsDomainConfigSchema = createSelectSchema(dnsDomainConfig, {
  tier: () => dnsTierSchema,
  customRecords: () => z.array(dnsRecordSchema),
});
export const updateDnsDomainConfigSchema = updateSchema(dnsDomainConfig, {
  tier: () => dnsTierSchema,
  services: () => z.array(slug()),
  customRecords: () => storedJson(z.array(dnsRecordSchema)),
});

export const insertDnsPolicySchema = insertSchema(dnsPolicies, {
  id: slug,
  name: () => short(),
  scope: () => dnsScopeSchema,
  rule: () => storedJson(dnsPolicyRuleSchema),
  healAction: () => storedJson(dnsHealActionSchema).optional(),
});
export const selectDnsPolicySchema: SelectSchemaOf<typeof dnsPolicies> = createSelectSchema(dnsPolicies, {
  rule: () => dnsPolicyRuleSchema,
  healAction: () => dnsHealActionSchema,
});
export const updateDnsPolicySchema: UpdateSchemaOf<typeof dnsPolicies> = updateSchema(dnsPolicies, {
  scope: () => dnsScopeSchema,
  rule: () => storedJson(dnsPolicyRuleSchema),
  healAction: () => storedJson(dnsHealActionSchema),
});

export const auditRunIdSchema = z
  .string()
  .max(ID_MAX)
  .regex(/^AUDIT-\d{8}-\d{6}(-\d+)?$/, 'a run id such as AUDIT-20260225-143022');
export const auditRunTypeSchema = z.enum(auditRunTypeValues);
export const auditTriggeredBySchema = z.enum(auditTriggeredByValues);
export const insertDnsAuditLogSchema = insertSchema(dnsAuditLog, {
  runId: () => auditRunIdSchema,
  domainsScanned: () => count4().optional(),
  totalRecordsChecked: () => count4().optional(),
  findings: () => storedJson(dnsAuditFindingsSchema).optional(),
  summary: () => storedJson(dnsAuditSummarySchema).optional(),
});
export const selectDnsAuditLogSchema: SelectSchemaOf<typeof dnsAuditLog> = createSelectSchema(dnsAuditLog, {
  findings: () => dnsAuditFindingsSchema,
  summary: () => dnsAuditSummarySchema,
});
export const updateDnsAuditLogSchema: UpdateSchemaOf<typeof dnsAuditLog> = updateSchema(dnsAuditLog, {
  runId: () => auditRunIdSchema,
  domainsScanned: () => count4(),
  totalRecordsChecked: () => count4(),
  findings: () => storedJson(dnsAuditFindingsSchema),
  summary: () => storedJson(dnsAuditSummarySchema),
});

const dnsChangeLogColumns = {
  domain: () => domainNameSchema,
  recordType: () => recordType().optional(),
  recordName: () => recordName().optional(),
  beforeValue: () => jsonObjectIn().optional(),
  afterValue: () => jsonObjectIn().optional(),
  cloudflareRecordId: () => short().optional(),
  auditRunId: () => auditRunIdSchema.optional(),
  policyId: () => short().optional(),
  notes: () => body().optional(),
};
/** Unrefined, for .omit()/.pick(); use insertDnsChangeLogSchema to validate rows. */
export const insertDnsChangeLogBaseSchema = insertSchema(dnsChangeLog, dnsChangeLogColumns);
export const insertDnsChangeLogSchema = insertDnsChangeLogBaseSchema.superRefine(dnsChangeValuesRefinement);
export const selectDnsChangeLogSchema: SelectSchemaOf<typeof dnsChangeLog> = createSelectSchema(
  dnsChangeLog,
  {
    beforeValue: () => jsonObject,
    afterValue: () => jsonObject,
  },
);
/** The documented value rule holds for the fields an update sets (create: no before_value; delete: no after_value). */
export const updateDnsChangeLogSchema: UpdateSchemaOf<typeof dnsChangeLog> = updateSchema(dnsChangeLog, {
  domain: () => domainNameSchema,
  recordType: () => recordType(),
  recordName: () => recordName(),
  beforeValue: () => jsonObjectIn(),
  afterValue: () => jsonObjectIn(),
  cloudflareRecordId: () => short(),
  auditRunId: () => auditRunIdSchema,
  policyId: () => short(),
  notes: () => body(),
}).superRefine(dnsChangeValuesRefinement);

/** Unrefined, for .omit()/.pick(); use insertDnsApprovalSchema to validate rows. */
export const insertDnsApprovalBaseSchema = insertSchema(dnsApprovalQueue, {
  domain: () => domainNameSchema,
  recordType: () => recordType().optional(),
  recordName: () => recordName().optional(),
  currentValue: () => jsonObjectIn().optional(),
  proposedValue: () => jsonObjectIn().optional(),
  reason: () => body().optional(),
  reviewedBy: () => short().optional(),
  reviewNotes: () => body().optional(),
  auditRunId: () => auditRunIdSchema.optional(),
  policyId: () => short().optional(),
});
/** Documented: current_value is null for create. */
export const insertDnsApprovalSchema = insertDnsApprovalBaseSchema.superRefine(dnsApprovalValuesRefinement);
export const selectDnsApprovalSchema: SelectSchemaOf<typeof dnsApprovalQueue> = createSelectSchema(
  dnsApprovalQueue,
  {
    currentValue: () => jsonObject,
    proposedValue: () => jsonObject,
  },
);
/** The documented value rule holds for the fields an update sets (create: no current_value). */
export const updateDnsApprovalSchema: UpdateSchemaOf<typeof dnsApprovalQueue> = updateSchema(
  dnsApprovalQueue,
  {
    domain: () => domainNameSchema,
    recordType: () => recordType(),
    recordName: () => recordName(),
    currentValue: () => jsonObjectIn(),
    proposedValue: () => jsonObjectIn(),
    reason: () => body(),
    reviewedBy: () => short(),
    reviewNotes: () => body(),
    auditRunId: () => auditRunIdSchema,
    policyId: () => short(),
  },
).superRefine(dnsApprovalValuesRefinement);

export const insertDnsSnapshotSchema: InsertSchemaOf<typeof dnsSnapshots> = insertSchema(dnsSnapshots, {
  domain: () => domainNameSchema,
  records: () => storedJson(z.array(jsonObject)),
  recordCount: () => count4(),
});
export const selectDnsSnapshotSchema: SelectSchemaOf<typeof dnsSnapshots> = createSelectSchema(dnsSnapshots, {
  records: () => z.array(jsonObject),
});
export const updateDnsSnapshotSchema: UpdateSchemaOf<typeof dnsSnapshots> = updateSchema(dnsSnapshots, {
  domain: () => domainNameSchema,
  records: () => storedJson(z.array(jsonObject)),
  recordCount: () => count4(),
});

// ---- types ----
export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type Decision = typeof decisions.$inferSelect;
export type NewDecision = typeof decisions.$inferInsert;
export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type DocumentTemplate = typeof documentTemplates.$inferSelect;
export type NewDocumentTemplate = typeof documentTemplates.$inferInsert;
export type SessionHandoff = typeof sessionHandoff.$inferSelect;
export type SessionHandoffHistory = typeof sessionHandoffHistory.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type NewLead = typeof leads.$inferInsert;
export type DnsService = typeof dnsServices.$inferSelect;
export type NewDnsService = typeof dnsServices.$inferInsert;
export type DnsDomainConfig = typeof dnsDomainConfig.$inferSelect;
export type NewDnsDomainConfig = typeof dnsDomainConfig.$inferInsert;
export type DnsPolicy = typeof dnsPolicies.$inferSelect;
export type NewDnsPolicy = typeof dnsPolicies.$inferInsert;
export type DnsAuditLog = typeof dnsAuditLog.$inferSelect;
export type DnsChangeLog = typeof dnsChangeLog.$inferSelect;
export type DnsApproval = typeof dnsApprovalQueue.$inferSelect;
export type DnsSnapshot = typeof dnsSnapshots.$inferSelect;

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type NewSessionHandoff = typeof sessionHandoff.$inferInsert;
export type NewSessionHandoffHistory = typeof sessionHandoffHistory.$inferInsert;
export type NewDnsAuditLog = typeof dnsAuditLog.$inferInsert;
export type NewDnsChangeLog = typeof dnsChangeLog.$inferInsert;
export type NewDnsApproval = typeof dnsApprovalQueue.$inferInsert;
export type NewDnsSnapshot = typeof dnsSnapshots.$inferInsert;
