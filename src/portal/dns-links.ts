// The links of DNS log and queue rows (domain → dns_domain_config, audit_run_id →
// dns_audit_log.run_id, policy_id → dns_policies): checked when a row is written, not enforced by
// foreign keys (see docs/portal.md, "Owner isolation"). Not exported from the package.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { type Failure, fail } from '../result';
import { dnsAuditLog, dnsDomainConfig, dnsPolicies } from './tables/dns';

export const dnsLinkErrors = ['UNKNOWN_DOMAIN', 'UNKNOWN_AUDIT_RUN', 'UNKNOWN_POLICY'] as const;
export type DnsLinkError = (typeof dnsLinkErrors)[number];

export interface DnsLinks {
  domain: string;
  auditRunId?: string | null;
  policyId?: string | null;
}

/**
 * Checks, inside the caller's transaction, that the rows a DNS row links to exist, and locks them
 * until the write commits: the domain's config row FOR SHARE when its tier matters (`tier: true`),
 * otherwise FOR KEY SHARE, the run and the policy FOR KEY SHARE (neither deletable nor re-keyed
 * meanwhile; updates of other columns are not blocked). Always in the same order — domain, run,
 * policy — so concurrent writers never wait on each other in a cycle. Each missing link answers
 * with its own code and a message naming only the value given, whatever else exists.
 */
export async function lockDnsLinks(
  tx: DbOrTx,
  links: DnsLinks,
  options: { tier?: boolean } = {},
): Promise<{ success: true; tier: number } | Failure<DnsLinkError>> {
  const [config] = await tx
    .select({ tier: dnsDomainConfig.tier })
    .from(dnsDomainConfig)
    .where(eq(dnsDomainConfig.domain, links.domain))
    .for(options.tier ? 'share' : 'key share');
  if (!config) return fail('UNKNOWN_DOMAIN', `${links.domain} is not in dns_domain_config`);
  if (links.auditRunId != null) {
    const [run] = await tx
      .select({ id: dnsAuditLog.id })
      .from(dnsAuditLog)
      .where(eq(dnsAuditLog.runId, links.auditRunId))
      .for('key share');
    if (!run) return fail('UNKNOWN_AUDIT_RUN', `${links.auditRunId} is not a run in dns_audit_log`);
  }
  if (links.policyId != null) {
    const [policy] = await tx
      .select({ id: dnsPolicies.id })
      .from(dnsPolicies)
      .where(eq(dnsPolicies.id, links.policyId))
      .for('key share');
    if (!policy) return fail('UNKNOWN_POLICY', `${links.policyId} is not in dns_policies`);
  }
  return { success: true, tier: config.tier };
}
