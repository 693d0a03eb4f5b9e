// Issue 18 §2 and §3: the runtime columns of dns_domain_config — cloudflare_zone_id (written by
// recordSnapshot) and last_audit_at / last_audit_status (written by finishAuditRun).
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';

const t = useTestDb();
const db = () => t().db;
beforeAll(async () => {
  await portal.seedPortal(db());
});

const config = async (domains: string[]) =>
  (
    await db()
      .select({
        domain: portal.dnsDomainConfig.domain,
        zone: portal.dnsDomainConfig.cloudflareZoneId,
        at: portal.dnsDomainConfig.lastAuditAt,
        status: portal.dnsDomainConfig.lastAuditStatus,
      })
      .from(portal.dnsDomainConfig)
      .where(inArray(portal.dnsDomainConfig.domain, domains))
  ).sort((a, b) => a.domain.localeCompare(b.domain));

const clearAuditState = () =>
  db().update(portal.dnsDomainConfig).set({ lastAuditAt: null, lastAuditStatus: null });

async function run(runType: 'scheduled' | 'manual' | 'snapshot' = 'scheduled') {
  const r = await portal.startAuditRun(db(), { runType, triggeredBy: 'cron' });
  if (!r.success) throw new Error(r.message);
  return r.run.runId;
}
const finding = (domain: string, healed: boolean, queued = false) => ({
  domain,
  severity: 'critical' as const,
  policy_id: 'global-spf-required',
  description: 'SPF missing',
  healed,
  queued_for_approval: queued,
});
const summary = { pass: 0, drift: 0, auto_healed: 0, pending_approval: 0 };

describe('recordSnapshot stores the zone id on the domain', () => {
  it('sets cloudflare_zone_id; the latest snapshot wins; without one the stored id is kept', async () => {
    expect(await config(['omapex.com'])).toMatchObject([{ zone: null }]);
    const first = await portal.recordSnapshot(db(), {
      domain: 'omapex.com',
      records: [{ type: 'A' }],
      cloudflareZoneId: '023e105f4ecef8ad9ca31a8372d0c353',
    });
    expect(first).toMatchObject({ success: true, snapshot: { domain: 'omapex.com', recordCount: 1 } });
    expect(await config(['omapex.com'])).toMatchObject([{ zone: '023e105f4ecef8ad9ca31a8372d0c353' }]);

    await portal.recordSnapshot(db(), { domain: 'omapex.com', records: [] });
    expect(await config(['omapex.com'])).toMatchObject([{ zone: '023e105f4ecef8ad9ca31a8372d0c353' }]);

    await portal.recordSnapshot(db(), { domain: 'OMAPEX.com', records: [], cloudflareZoneId: ' zone-2 ' });
    expect(await config(['omapex.com'])).toMatchObject([{ zone: 'zone-2' }]);
    // Only that domain.
    expect(
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(portal.dnsDomainConfig)
        .where(sql`${portal.dnsDomainConfig.cloudflareZoneId} is not null`),
    ).toEqual([{ n: 1 }]);
  });

  it('an unknown domain or a bad zone id writes nothing', async () => {
    const snapshots = await countRows(db(), 'portal.dns_snapshots');
    expect(
      await portal.recordSnapshot(db(), {
        domain: 'never-configured.com',
        records: [],
        cloudflareZoneId: 'z',
      }),
    ).toMatchObject({ success: false, error: 'UNKNOWN_DOMAIN' });
    for (const cloudflareZoneId of ['', '   ', 'z'.repeat(201), 5])
      expect(
        await portal.recordSnapshot(db(), { domain: 'aiquorum.ai', records: [], cloudflareZoneId } as never),
      ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await countRows(db(), 'portal.dns_snapshots')).toBe(snapshots);
    expect(await config(['aiquorum.ai'])).toMatchObject([{ zone: null }]);
  });
});

describe('finishAuditRun records the audit state of the domains it covered', () => {
  it('pass, drift and error per domain; last_audit_at is the run completed_at; others untouched', async () => {
    await clearAuditState();
    const runId = await run();
    const r = await portal.finishAuditRun(db(), {
      runId,
      domainsScanned: 5,
      totalRecordsChecked: 40,
      domains: ['omapex.com', 'aiquorum.ai', 'omcortex.ai', 'omlms.com'],
      failedDomains: ['omtms.com'],
      findings: [
        finding('aiquorum.ai', false, true), // queued for approval: still drift
        finding('omcortex.ai', true), // healed: pass
        finding('OMLMS.com', true),
        finding('omlms.com', false), // one unhealed finding is enough
        finding('not-configured.example', false), // skipped: not in dns_domain_config
      ],
      summary,
    });
    if (!r.success) throw new Error(r.message);
    expect(r.audited).toEqual([
      { domain: 'aiquorum.ai', status: 'drift' },
      { domain: 'omapex.com', status: 'pass' },
      { domain: 'omcortex.ai', status: 'pass' },
      { domain: 'omlms.com', status: 'drift' },
      { domain: 'omtms.com', status: 'error' },
    ]);
    const at = r.run.completedAt;
    expect(
      await config(['aiquorum.ai', 'omapex.com', 'omcortex.ai', 'omlms.com', 'omtms.com', 'omvoice.ai']),
    ).toEqual([
      { domain: 'aiquorum.ai', zone: null, at, status: 'drift' },
      { domain: 'omapex.com', zone: 'zone-2', at, status: 'pass' },
      { domain: 'omcortex.ai', zone: null, at, status: 'pass' },
      { domain: 'omlms.com', zone: null, at, status: 'drift' },
      { domain: 'omtms.com', zone: null, at, status: 'error' },
      { domain: 'omvoice.ai', zone: null, at: null, status: null },
    ]);
    // Exactly equal in the database, not only to the millisecond.
    const [same] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(portal.dnsDomainConfig)
      .innerJoin(portal.dnsAuditLog, eq(portal.dnsAuditLog.completedAt, portal.dnsDomainConfig.lastAuditAt))
      .where(eq(portal.dnsAuditLog.runId, runId));
    expect(same).toEqual({ n: 5 });
  });

  it('without a domain list: the domains of the findings and failedDomains only', async () => {
    await clearAuditState();
    const r = await portal.finishAuditRun(db(), {
      runId: await run('manual'),
      domainsScanned: 21,
      totalRecordsChecked: 0,
      findings: [finding('omapex.com', false)],
      failedDomains: ['theomgroup.ai'],
      summary,
    });
    expect(r).toMatchObject({
      success: true,
      audited: [
        { domain: 'omapex.com', status: 'drift' },
        { domain: 'theomgroup.ai', status: 'error' },
      ],
    });
    expect(
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(portal.dnsDomainConfig)
        .where(sql`${portal.dnsDomainConfig.lastAuditStatus} is not null`),
    ).toEqual([{ n: 2 }]);
  });

  it('a snapshot run records no audit state', async () => {
    await clearAuditState();
    const r = await portal.finishAuditRun(db(), {
      runId: await run('snapshot'),
      domainsScanned: 1,
      totalRecordsChecked: 3,
      domains: ['omapex.com'],
      failedDomains: ['aiquorum.ai'],
      findings: [],
      summary,
    });
    expect(r).toMatchObject({ success: true, audited: [] });
    expect(await config(['aiquorum.ai', 'omapex.com'])).toMatchObject([
      { at: null, status: null },
      { at: null, status: null },
    ]);
  });

  it('a newer audit state is not overwritten by a run finishing with an older time', async () => {
    await clearAuditState();
    const future = new Date('2999-01-01T00:00:00Z');
    await db()
      .update(portal.dnsDomainConfig)
      .set({ lastAuditAt: future, lastAuditStatus: 'error' })
      .where(eq(portal.dnsDomainConfig.domain, 'omapex.com'));
    const r = await portal.finishAuditRun(db(), {
      runId: await run(),
      domainsScanned: 2,
      totalRecordsChecked: 2,
      domains: ['omapex.com', 'aiquorum.ai'],
      findings: [],
      summary,
    });
    expect(r).toMatchObject({ success: true, audited: [{ domain: 'aiquorum.ai', status: 'pass' }] });
    expect(await config(['omapex.com'])).toMatchObject([{ at: future, status: 'error' }]);
  });

  it('a failed finish writes no audit state; bad domain lists are INVALID_INPUT', async () => {
    await clearAuditState();
    const runId = await run();
    const input = {
      runId,
      domainsScanned: 1,
      totalRecordsChecked: 1,
      domains: ['omapex.com'],
      findings: [],
      summary,
    };
    expect(await portal.finishAuditRun(db(), input)).toMatchObject({ success: true });
    await clearAuditState();
    expect(await portal.finishAuditRun(db(), input)).toMatchObject({
      success: false,
      error: 'ALREADY_FINISHED',
    });
    expect(await portal.finishAuditRun(db(), { ...input, runId: 'AUDIT-19990101-000000' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    const open = await run();
    for (const bad of [{ domains: ['not a domain'] }, { failedDomains: [5] }, { domains: 'omapex.com' }])
      expect(await portal.finishAuditRun(db(), { ...input, runId: open, ...bad } as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    expect(await config(['omapex.com'])).toMatchObject([{ at: null, status: null }]);
  });
});
