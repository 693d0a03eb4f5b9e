import * as dns from './dns';
import * as leadsModule from './leads';
import * as ops from './ops';
import * as rels from './relations';

export * from './approvals';
export * from './audit-runs';
export * from './dns';
export * from './dns-reference';
export * from './handoff';
export * from './lead-capture';
export * from './leads';
export * from './ops';
export * from './relations';
export * from './schema';
export * from './seed';
export * from './tasks';
export * from './validators';

/** Tables and relations of the portal system, for `drizzle(client, { schema })`. */
export const schema = {
  tasks: ops.tasks,
  decisions: ops.decisions,
  companies: ops.companies,
  documentTemplates: ops.documentTemplates,
  sessionHandoff: ops.sessionHandoff,
  sessionHandoffHistory: ops.sessionHandoffHistory,
  leads: leadsModule.leads,
  dnsServices: dns.dnsServices,
  dnsDomainConfig: dns.dnsDomainConfig,
  dnsPolicies: dns.dnsPolicies,
  dnsAuditLog: dns.dnsAuditLog,
  dnsChangeLog: dns.dnsChangeLog,
  dnsApprovalQueue: dns.dnsApprovalQueue,
  dnsSnapshots: dns.dnsSnapshots,
  ...rels,
};
