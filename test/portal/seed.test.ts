import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';

const t = useTestDb();

describe('seedPortal', () => {
  it('the shipped reference rows pass the validators', () => {
    for (const r of portal.dnsServicesReference) portal.insertDnsServiceSchema.parse(r);
    for (const r of portal.dnsDomainConfigReference) portal.insertDnsDomainConfigSchema.parse(r);
    for (const r of portal.dnsPoliciesReference) portal.insertDnsPolicySchema.parse(r);
    // The document's counts: 4 email domains, 16 with the baseline, 2 redirects, 1 audit-only.
    const uses = (s: string) => portal.dnsDomainConfigReference.filter((d) => d.services?.includes(s)).length;
    expect(uses('google-workspace')).toBe(4);
    expect(uses('email-security-baseline')).toBe(16);
    expect(uses('cloudflare-redirect')).toBe(2);
    expect(portal.dnsDomainConfigReference.filter((d) => d.tier === 5).map((d) => d.domain)).toEqual([
      'theomgroup.ai',
    ]);
  });

  it('loads 5 services, 21 domains, 15 policies; a second run changes nothing', async () => {
    expect(await portal.seedPortal(t().db)).toEqual({
      'portal.dns_services': 5,
      'portal.dns_domain_config': 21,
      'portal.dns_policies': 15,
    });
    expect(await portal.seedPortal(t().db)).toEqual({
      'portal.dns_services': 0,
      'portal.dns_domain_config': 0,
      'portal.dns_policies': 0,
    });
    expect(await countRows(t().db, 'portal.dns_services')).toBe(5);
    expect(await countRows(t().db, 'portal.dns_domain_config')).toBe(21);
    expect(await countRows(t().db, 'portal.dns_policies')).toBe(15);
    const [gw] = await t()
      .db.select()
      .from(portal.dnsServices)
      .where(eq(portal.dnsServices.id, 'google-workspace'));
    expect(gw!.recordTemplates).toHaveLength(8);
    expect(gw!.recordTemplates[6]).toMatchObject({ name: 'google._domainkey', note: expect.any(String) });
  });

  it('restores a changed reference row, keeps user rows and runtime columns', async () => {
    await t().db.insert(portal.dnsServices).values({ id: 'user-service', name: 'Mine' });
    await t().db.insert(portal.dnsDomainConfig).values({ domain: 'user-domain.com', tier: 3 });
    await t()
      .db.update(portal.dnsDomainConfig)
      .set({ tier: 2, cloudflareZoneId: 'zone-123', lastAuditStatus: 'drift' })
      .where(eq(portal.dnsDomainConfig.domain, 'theomgroup.ai'));
    await t()
      .db.update(portal.dnsPolicies)
      .set({ rule: { name: 'x' }, enabled: false })
      .where(eq(portal.dnsPolicies.id, 'global-spf-required'));
    await t().db.execute(
      sql`update portal.dns_services set record_templates = '[]' where id = 'vercel-hosting'`,
    );

    expect(await portal.seedPortal(t().db)).toEqual({
      'portal.dns_services': 1,
      'portal.dns_domain_config': 1,
      'portal.dns_policies': 1,
    });
    const [domain] = await t()
      .db.select()
      .from(portal.dnsDomainConfig)
      .where(eq(portal.dnsDomainConfig.domain, 'theomgroup.ai'));
    expect(domain).toMatchObject({ tier: 5, cloudflareZoneId: 'zone-123', lastAuditStatus: 'drift' });
    const [policy] = await t()
      .db.select()
      .from(portal.dnsPolicies)
      .where(eq(portal.dnsPolicies.id, 'global-spf-required'));
    expect(policy).toMatchObject({
      rule: { name: '@', type: 'TXT', content_startswith: 'v=spf1' },
      enabled: false,
    });
    expect(await countRows(t().db, 'portal.dns_services')).toBe(6);
    expect(await countRows(t().db, 'portal.dns_domain_config')).toBe(22);
    expect(await portal.seedPortal(t().db)).toEqual({
      'portal.dns_services': 0,
      'portal.dns_domain_config': 0,
      'portal.dns_policies': 0,
    });
  });
});
