// Issue 18 §4: policiesForDomain — the enabled policies that apply to a domain through its scope
// (`global`, `tier:N`, `service:<id>`, `domain:<name>`), over the seeded 21 domains and 15 policies.
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { useTestDb } from '../support';

const t = useTestDb();
const db = () => t().db;
beforeAll(async () => {
  await portal.seedPortal(db());
});

const GLOBAL = ['global-dmarc-required', 'global-no-open-spf', 'global-spf-required'];
const GOOGLE = [
  'email-dkim-required',
  'email-dmarc-policy',
  'email-dmarc-rua',
  'email-mx-google',
  'email-spf-google',
  'email-spf-softfail',
];
const BASELINE = ['non-email-dmarc-reject', 'non-email-no-mx', 'non-email-spf-reject'];
const REDIRECT = ['redirect-has-a-record'];
const TIER1 = ['tier1-caa-required'];
const TIER5 = ['tier5-audit-only'];

/** Written out by hand from the reference rows (tier and services of each seeded domain). */
const expected: Record<string, string[]> = {
  'aiquorum.ai': [...GLOBAL, ...TIER1, ...BASELINE],
  'omaisolutions.com': [...GLOBAL, ...TIER1, ...GOOGLE],
  'omapex.com': [...GLOBAL, ...TIER1, ...GOOGLE],
  'omcortex.ai': [...GLOBAL, ...TIER1, ...BASELINE],
  'omluxeproperties.com': [...GLOBAL, ...TIER1, ...GOOGLE],
  'omlms.com': [...GLOBAL, ...BASELINE],
  'omtms.com': [...GLOBAL, ...BASELINE],
  'omvoice.ai': [...GLOBAL, ...BASELINE],
  'omvoiceai.com': [...GLOBAL, ...BASELINE, ...REDIRECT],
  'omwms.com': [...GLOBAL, ...BASELINE],
  'omepos.com': [...GLOBAL, ...BASELINE],
  'omintegrator.com': [...GLOBAL, ...BASELINE],
  'omintm.com': [...GLOBAL, ...BASELINE],
  'omsfm.com': [...GLOBAL, ...BASELINE],
  'omshopfloor.com': [...GLOBAL, ...BASELINE],
  'omstorefront.com': [...GLOBAL, ...BASELINE],
  'omquorum.com': [...GLOBAL, ...BASELINE, ...REDIRECT],
  'omsupplychain.ai': [...GLOBAL, ...BASELINE],
  'omsupplychain.com': [...GLOBAL, ...GOOGLE],
  'omsupplychainsolutions.com': [...GLOBAL, ...BASELINE],
  'theomgroup.ai': [...GLOBAL, ...TIER5],
};

async function ids(domain: string) {
  const r = await portal.policiesForDomain(db(), { domain });
  if (!r.success) throw new Error(r.message);
  return r.policies.map((p) => p.id);
}

describe('policiesForDomain', () => {
  it('the seeded 21 domains get exactly their policies, in id order, as full rows', async () => {
    expect(Object.keys(expected)).toHaveLength(21);
    expect((await db().select().from(portal.dnsDomainConfig)).map((d) => d.domain).sort()).toEqual(
      Object.keys(expected).sort(),
    );
    for (const [domain, list] of Object.entries(expected))
      expect(await ids(domain), domain).toEqual([...list].sort());
    // Every one of the 15 seeded policies applies somewhere.
    expect(new Set(Object.values(expected).flat()).size).toBe(15);
    const r = await portal.policiesForDomain(db(), { domain: 'theomgroup.ai' });
    const [audit] = await db()
      .select()
      .from(portal.dnsPolicies)
      .where(eq(portal.dnsPolicies.id, 'tier5-audit-only'));
    expect(r.success && r.policies.find((p) => p.id === 'tier5-audit-only')).toEqual(audit);
  });

  it('counts per domain group: 10 Google tier-1, 9 Google tier-4, 7 baseline tier-1 or redirect, 6 baseline, 4 tier-5', async () => {
    const counts: Record<string, number> = {};
    for (const domain of Object.keys(expected)) counts[domain] = (await ids(domain)).length;
    expect(counts['omapex.com']).toBe(10);
    expect(counts['omsupplychain.com']).toBe(9);
    expect(counts['aiquorum.ai']).toBe(7);
    expect(counts['omquorum.com']).toBe(7);
    expect(counts['omtms.com']).toBe(6);
    expect(counts['theomgroup.ai']).toBe(4);
  });

  it('disabled policies are left out; domain:, tier: and service: scopes match whole values only', async () => {
    const added = [
      { id: 't-domain', scope: 'domain:omapex.com' },
      { id: 't-domain-other', scope: 'domain:omapex.co' },
      { id: 't-domain-case', scope: 'domain:OMAPEX.COM' },
      { id: 't-service-prefix', scope: 'service:google' },
      { id: 't-service-unused', scope: 'service:vercel-hosting' },
      { id: 't-tier-padded', scope: 'tier:01' },
      { id: 't-tier-2', scope: 'tier:2' },
      { id: 't-global-case', scope: 'Global' },
      { id: 't-global-disabled', scope: 'global', enabled: false },
    ];
    await db()
      .insert(portal.dnsPolicies)
      .values(
        added.map((p) => ({
          name: p.id,
          ruleType: 'record_required' as const,
          rule: { type: 'TXT', name: '@' },
          severity: 'info' as const,
          enabled: true,
          ...p,
        })),
      );
    await db()
      .update(portal.dnsPolicies)
      .set({ enabled: false })
      .where(eq(portal.dnsPolicies.id, 'email-dmarc-rua'));
    try {
      expect(await ids('omapex.com')).toEqual(
        [...GLOBAL, ...TIER1, ...GOOGLE.filter((p) => p !== 'email-dmarc-rua'), 't-domain'].sort(),
      );
      expect(await ids('omtms.com')).toEqual([...GLOBAL, ...BASELINE, 't-tier-2'].sort());
      expect(await ids('theomgroup.ai')).toEqual([...GLOBAL, ...TIER5].sort());
    } finally {
      await db()
        .delete(portal.dnsPolicies)
        .where(
          inArray(
            portal.dnsPolicies.id,
            added.map((p) => p.id),
          ),
        );
      await db()
        .update(portal.dnsPolicies)
        .set({ enabled: true })
        .where(eq(portal.dnsPolicies.id, 'email-dmarc-rua'));
    }
  });

  it('follows the domain row: a changed tier or service list changes the answer', async () => {
    await db()
      .update(portal.dnsDomainConfig)
      .set({ tier: 1, services: ['google-workspace', 'cloudflare-redirect'] })
      .where(eq(portal.dnsDomainConfig.domain, 'omtms.com'));
    try {
      expect(await ids('OMTMS.com ')).toEqual([...GLOBAL, ...TIER1, ...GOOGLE, ...REDIRECT].sort());
    } finally {
      await portal.seedPortal(db());
    }
    expect(await ids('omtms.com')).toEqual(expected['omtms.com']!.slice().sort());
  });

  it('a domain with no policy at all is an empty list; unknown domains and bad input fail', async () => {
    await db().insert(portal.dnsDomainConfig).values({ domain: 'bare.example', tier: 3, services: [] });
    await db()
      .update(portal.dnsPolicies)
      .set({ enabled: false })
      .where(eq(portal.dnsPolicies.scope, 'global'));
    try {
      expect(await portal.policiesForDomain(db(), { domain: 'bare.example' })).toEqual({
        success: true,
        policies: [],
      });
    } finally {
      await db()
        .update(portal.dnsPolicies)
        .set({ enabled: true })
        .where(eq(portal.dnsPolicies.scope, 'global'));
      await db().delete(portal.dnsDomainConfig).where(eq(portal.dnsDomainConfig.domain, 'bare.example'));
    }
    expect(await portal.policiesForDomain(db(), { domain: 'unknown.example' })).toEqual({
      success: false,
      error: 'UNKNOWN_DOMAIN',
      message: 'unknown.example is not in dns_domain_config',
    });
    for (const bad of [{}, { domain: '' }, { domain: 'no dots' }, { domain: 5 }, null])
      expect(await portal.policiesForDomain(db(), bad as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
  });
});
