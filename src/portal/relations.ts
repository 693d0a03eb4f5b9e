import { relations } from 'drizzle-orm';
import {
  dnsApprovalQueue,
  dnsAuditLog,
  dnsChangeLog,
  dnsDomainConfig,
  dnsPolicies,
  dnsSnapshots,
} from './tables/dns';
import { companies } from './tables/ops';

// DNS links (domain, audit_run_id, policy_id) are documented as links, not foreign keys: these
// relations let drizzle's query API follow them without constraining the audit trail.
export const companiesRelations = relations(companies, ({ one, many }) => ({
  parent: one(companies, {
    fields: [companies.parentCompanyId],
    references: [companies.id],
    relationName: 'company_parent',
  }),
  subsidiaries: many(companies, { relationName: 'company_parent' }),
}));

export const dnsDomainConfigRelations = relations(dnsDomainConfig, ({ many }) => ({
  changes: many(dnsChangeLog),
  approvals: many(dnsApprovalQueue),
  snapshots: many(dnsSnapshots),
}));

export const dnsPoliciesRelations = relations(dnsPolicies, ({ many }) => ({
  changes: many(dnsChangeLog),
  approvals: many(dnsApprovalQueue),
}));

export const dnsAuditLogRelations = relations(dnsAuditLog, ({ many }) => ({
  changes: many(dnsChangeLog),
  approvals: many(dnsApprovalQueue),
}));

export const dnsChangeLogRelations = relations(dnsChangeLog, ({ one }) => ({
  domainConfig: one(dnsDomainConfig, { fields: [dnsChangeLog.domain], references: [dnsDomainConfig.domain] }),
  auditRun: one(dnsAuditLog, { fields: [dnsChangeLog.auditRunId], references: [dnsAuditLog.runId] }),
  policy: one(dnsPolicies, { fields: [dnsChangeLog.policyId], references: [dnsPolicies.id] }),
}));

export const dnsApprovalQueueRelations = relations(dnsApprovalQueue, ({ one }) => ({
  domainConfig: one(dnsDomainConfig, {
    fields: [dnsApprovalQueue.domain],
    references: [dnsDomainConfig.domain],
  }),
  auditRun: one(dnsAuditLog, { fields: [dnsApprovalQueue.auditRunId], references: [dnsAuditLog.runId] }),
  policy: one(dnsPolicies, { fields: [dnsApprovalQueue.policyId], references: [dnsPolicies.id] }),
}));

export const dnsSnapshotsRelations = relations(dnsSnapshots, ({ one }) => ({
  domainConfig: one(dnsDomainConfig, { fields: [dnsSnapshots.domain], references: [dnsDomainConfig.domain] }),
}));
