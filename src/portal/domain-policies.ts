import { and, eq, getTableColumns, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { dnsDomainConfig, dnsPolicies } from './tables/dns';
import { type DnsPolicy, domainNameSchema } from './validators';

export const policiesForDomainInput = z.object({ domain: domainNameSchema });
export const policiesForDomainErrors = ['INVALID_INPUT', 'UNKNOWN_DOMAIN'] as const;

/**
 * The enabled policies that apply to one domain of dns_domain_config, by scope: `global`,
 * `tier:<its tier>`, `service:<one of its services>` and `domain:<its name>`, each compared as a
 * whole string (`service:google` does not match `google-workspace`, `tier:01` is not tier 1), in
 * policy id order (byte order, whatever the database collation). One statement: the domain's row left-joined to its policies, so an unknown
 * domain (UNKNOWN_DOMAIN) and a domain without policies (an empty list) are told apart.
 */
export async function policiesForDomain(
  db: AnyDb,
  input: z.input<typeof policiesForDomainInput>,
): Promise<Result<{ policies: DnsPolicy[] }, (typeof policiesForDomainErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(policiesForDomainInput, input);
  if (!parsed.success) return parsed;
  const { domain } = parsed.data;
  const applies = or(
    eq(dnsPolicies.scope, 'global'),
    eq(dnsPolicies.scope, sql`'tier:' || ${dnsDomainConfig.tier}`),
    eq(dnsPolicies.scope, sql`'domain:' || ${dnsDomainConfig.domain}`),
    sql`${dnsPolicies.scope} = any (select 'service:' || s from unnest(${dnsDomainConfig.services}) as s)`,
  );
  const rows = await db
    .select({ policy: getTableColumns(dnsPolicies) })
    .from(dnsDomainConfig)
    .leftJoin(dnsPolicies, and(eq(dnsPolicies.enabled, true), applies))
    .where(eq(dnsDomainConfig.domain, domain))
    .orderBy(sql`${dnsPolicies.id} collate "C"`);
  if (rows.length === 0) return fail('UNKNOWN_DOMAIN', `${domain} is not in dns_domain_config`);
  return ok({ policies: rows.flatMap((r) => (r.policy ? [r.policy] : [])) });
}
