import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import * as portal from '../../src/portal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';

const t = useTestDb();
beforeAll(async () => {
  await portal.seedPortal(t().db);
});

describe('leads', () => {
  it('recordLead normalises the email and applies the defaults', async () => {
    const r = await portal.recordLead(t().db, {
      email: '  Sales@OmApex.com ',
      brand: 'om_apex_holdings',
      firstname: 'Ann',
      message: 'Hello',
    });
    expect(r).toMatchObject({
      success: true,
      lead: {
        email: 'sales@omapex.com',
        formType: 'general',
        metadata: {},
        hubspotSynced: false,
        hubspotContactId: null,
      },
    });
    const demo = await portal.recordLead(t().db, {
      email: 'b@example.com',
      brand: 'om_supply_chain',
      formType: 'demo_request',
      metadata: { utm: 'x' },
    });
    expect(demo).toMatchObject({ success: true, lead: { formType: 'demo_request', metadata: { utm: 'x' } } });
  });

  it('recordLead rejects bad input without writing', async () => {
    const before = await countRows(t().db, 'portal.leads');
    for (const input of [
      { email: 'nope', brand: 'om_apex_holdings' },
      { email: 'a@b.co', brand: 'other' },
      { email: 'a@b.co', brand: 'om_apex_holdings', formType: 'newsletter' },
      { brand: 'om_apex_holdings' },
    ]) {
      expect(await portal.recordLead(t().db, input as never)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await countRows(t().db, 'portal.leads')).toBe(before);
  });

  it('markLeadSynced: success, idempotent repeat, ALREADY_SYNCED, NOT_FOUND', async () => {
    const r = await portal.recordLead(t().db, { email: 'sync@example.com', brand: 'om_ai_solutions' });
    const id = r.success ? r.lead.id : '';
    const synced = await portal.markLeadSynced(t().db, { id, hubspotContactId: 'hs-1' });
    expect(synced).toMatchObject({ success: true, lead: { hubspotSynced: true, hubspotContactId: 'hs-1' } });
    expect(await portal.markLeadSynced(t().db, { id, hubspotContactId: 'hs-1' })).toMatchObject({
      success: true,
    });
    expect(await portal.markLeadSynced(t().db, { id, hubspotContactId: 'hs-2' })).toMatchObject({
      success: false,
      error: 'ALREADY_SYNCED',
    });
    expect(
      await portal.markLeadSynced(t().db, {
        id: '00000000-0000-4000-8000-000000000000',
        hubspotContactId: 'hs-1',
      }),
    ).toMatchObject({ success: false, error: 'NOT_FOUND' });
    expect(await portal.markLeadSynced(t().db, { id: 'x', hubspotContactId: 'hs-1' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('audit runs', () => {
  it('startAuditRun gives AUDIT-YYYYMMDD-HHMMSS (UTC) and suffixes runs of the same second', async () => {
    // One transaction: now() is the same instant for all three runs.
    const runs = await t().db.transaction(async (tx) => {
      const out = [];
      for (let i = 0; i < 3; i++)
        out.push(await portal.startAuditRun(tx, { runType: 'scheduled', triggeredBy: 'cron' }));
      return out;
    });
    const ids = runs.map((r) => (r.success ? r.run.runId : ''));
    const started = runs[0]!.success ? runs[0]!.run.startedAt : new Date(0);
    const base = `AUDIT-${started.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
    expect(ids).toEqual([base, `${base}-2`, `${base}-3`]);
    expect(runs[0]).toMatchObject({
      success: true,
      run: { runType: 'scheduled', triggeredBy: 'cron', completedAt: null },
    });
    expect(
      await portal.startAuditRun(t().db, { runType: 'hourly', triggeredBy: 'cron' } as never),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('finishAuditRun records the result once', async () => {
    const s = await portal.startAuditRun(t().db, { runType: 'manual', triggeredBy: 'claude' });
    const runId = s.success ? s.run.runId : '';
    const result = {
      runId,
      domainsScanned: 21,
      totalRecordsChecked: 150,
      findings: [
        {
          domain: 'omapex.com',
          severity: 'critical' as const,
          policy_id: 'global-spf-required',
          description: 'SPF missing',
          healed: true,
          queued_for_approval: false,
        },
      ],
      summary: { pass: 20, drift: 1, auto_healed: 1, pending_approval: 0 },
    };
    const done = await portal.finishAuditRun(t().db, result);
    expect(done).toMatchObject({
      success: true,
      run: {
        runId,
        domainsScanned: 21,
        totalRecordsChecked: 150,
        findings: result.findings,
        summary: result.summary,
      },
    });
    expect(done.success && done.run.completedAt).toBeInstanceOf(Date);
    expect(await portal.finishAuditRun(t().db, result)).toMatchObject({
      success: false,
      error: 'ALREADY_FINISHED',
    });
    expect(await portal.finishAuditRun(t().db, { ...result, runId: 'AUDIT-19990101-000000' })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(await portal.finishAuditRun(t().db, { ...result, summary: { pass: -1 } } as never)).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('approvals', () => {
  const proposal = {
    domain: 'omapex.com',
    recordType: 'TXT',
    recordName: '_dmarc',
    action: 'update' as const,
    currentValue: { content: 'v=DMARC1; p=none' },
    proposedValue: { content: 'v=DMARC1; p=reject' },
    reason: 'DMARC policy too weak',
    riskLevel: 'medium' as const,
    policyId: 'email-dmarc-policy',
  };

  it('queueApproval: pending, expires in 7 days; refuses tier-5 and unknown domains', async () => {
    const q = await portal.queueApproval(t().db, proposal);
    expect(q).toMatchObject({
      success: true,
      approval: { status: 'pending', domain: 'omapex.com', riskLevel: 'medium' },
    });
    if (q.success)
      expect(q.approval.expiresAt.getTime() - q.approval.createdAt.getTime()).toBe(7 * 86_400_000);
    const before = await countRows(t().db, 'portal.dns_approval_queue');
    expect(await portal.queueApproval(t().db, { ...proposal, domain: 'theomgroup.ai' })).toMatchObject({
      success: false,
      error: 'AUDIT_ONLY_DOMAIN',
    });
    expect(await portal.queueApproval(t().db, { ...proposal, domain: 'unknown-domain.com' })).toMatchObject({
      success: false,
      error: 'UNKNOWN_DOMAIN',
    });
    expect(await portal.queueApproval(t().db, { ...proposal, action: 'create' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await countRows(t().db, 'portal.dns_approval_queue')).toBe(before);
  });

  it('reviewApproval: approved/rejected once; NOT_PENDING, EXPIRED, NOT_FOUND', async () => {
    const a = await portal.queueApproval(t().db, proposal);
    const b = await portal.queueApproval(t().db, proposal);
    const c = await portal.queueApproval(t().db, proposal);
    const id = (r: typeof a) => (r.success ? r.approval.id : '');
    expect(
      await portal.reviewApproval(t().db, {
        id: id(a),
        decision: 'approved',
        reviewedBy: 'Nishad',
        notes: 'ok',
      }),
    ).toMatchObject({
      success: true,
      approval: { status: 'approved', reviewedBy: 'Nishad', reviewNotes: 'ok' },
    });
    expect(
      await portal.reviewApproval(t().db, { id: id(b), decision: 'rejected', reviewedBy: 'Sumedha' }),
    ).toMatchObject({
      success: true,
      approval: { status: 'rejected', reviewNotes: null },
    });
    expect(
      await portal.reviewApproval(t().db, { id: id(a), decision: 'rejected', reviewedBy: 'Sumedha' }),
    ).toMatchObject({
      success: false,
      error: 'NOT_PENDING',
    });
    await t()
      .db.update(portal.dnsApprovalQueue)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(portal.dnsApprovalQueue.id, id(c)));
    expect(
      await portal.reviewApproval(t().db, { id: id(c), decision: 'approved', reviewedBy: 'Nishad' }),
    ).toMatchObject({
      success: false,
      error: 'EXPIRED',
    });
    expect(
      await portal.reviewApproval(t().db, {
        id: '00000000-0000-4000-8000-000000000000',
        decision: 'approved',
        reviewedBy: 'Nishad',
      }),
    ).toMatchObject({ success: false, error: 'NOT_FOUND' });
    expect(
      await portal.reviewApproval(t().db, { id: id(c), decision: 'expired', reviewedBy: 'N' } as never),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('expireApprovals marks exactly the overdue pending items', async () => {
    await t().db.delete(portal.dnsApprovalQueue);
    const fresh = await portal.queueApproval(t().db, proposal);
    const old = await portal.queueApproval(t().db, proposal);
    const oldReviewed = await portal.queueApproval(t().db, proposal);
    const ids = [old, oldReviewed].map((r) => (r.success ? r.approval.id : ''));
    await portal.reviewApproval(t().db, { id: ids[1]!, decision: 'approved', reviewedBy: 'N' });
    for (const id of ids) {
      await t()
        .db.update(portal.dnsApprovalQueue)
        .set({ expiresAt: sql`now() - interval '1 day'` })
        .where(eq(portal.dnsApprovalQueue.id, id));
    }
    const r = await portal.expireApprovals(t().db);
    if (!r.success) throw new Error(r.message);
    expect(r.expired.map((x) => [x.id, x.status])).toEqual([[ids[0], 'expired']]);
    const again = await portal.expireApprovals(t().db);
    expect(again.success && again.expired).toEqual([]);
    const statuses = await t()
      .db.select({ status: portal.dnsApprovalQueue.status })
      .from(portal.dnsApprovalQueue);
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'expired', 'pending']);
    expect(fresh.success).toBe(true);
  });
});

describe('changes and snapshots', () => {
  it('recordDnsChange appends to the change log and checks before/after values', async () => {
    const r = await portal.recordDnsChange(t().db, {
      domain: 'omapex.com',
      changeType: 'auto_heal',
      recordType: 'TXT',
      recordName: '@',
      action: 'update',
      beforeValue: { content: 'v=spf1 +all' },
      afterValue: { content: 'v=spf1 -all' },
      policyId: 'global-no-open-spf',
      appliedBy: 'sentinel',
    });
    expect(r).toMatchObject({
      success: true,
      change: { domain: 'omapex.com', action: 'update', appliedBy: 'sentinel' },
    });
    expect(
      await portal.recordDnsChange(t().db, {
        domain: 'omapex.com',
        changeType: 'manual',
        action: 'delete',
        afterValue: { a: 1 },
      }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(
      await portal.recordDnsChange(t().db, { domain: 'omapex.com', changeType: 'undo' } as never),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('recordSnapshot counts the records; latestSnapshots returns the newest per domain', async () => {
    const snap = async (domain: string, n: number, takenAt: string) => {
      const r = await portal.recordSnapshot(t().db, {
        domain,
        records: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'TXT' })),
      });
      if (!r.success) throw new Error(r.message);
      expect(r.snapshot.recordCount).toBe(n);
      await t()
        .db.update(portal.dnsSnapshots)
        .set({ takenAt: new Date(takenAt) })
        .where(eq(portal.dnsSnapshots.id, r.snapshot.id));
    };
    await snap('omapex.com', 3, '2026-02-01T00:00:00Z');
    await snap('omapex.com', 5, '2026-02-03T00:00:00Z');
    await snap('omapex.com', 4, '2026-02-02T00:00:00Z');
    await snap('aiquorum.ai', 2, '2026-01-01T00:00:00Z');
    const latest = await portal.latestSnapshots(t().db);
    if (!latest.success) throw new Error(latest.message);
    expect(latest.snapshots.map((s) => [s.domain, s.recordCount])).toEqual([
      ['aiquorum.ai', 2],
      ['omapex.com', 5],
    ]);
    expect(await portal.recordSnapshot(t().db, { domain: 'not a domain', records: [] })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('latestSnapshots can be served by idx_dns_snapshots_domain_taken', async () => {
    const plan = await t().db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      const q = tx
        .selectDistinctOn([portal.dnsSnapshots.domain])
        .from(portal.dnsSnapshots)
        .orderBy(portal.dnsSnapshots.domain, sql`${portal.dnsSnapshots.takenAt} desc`)
        .toSQL();
      return rowsOf<Record<string, string>>(await tx.execute(sql.raw(`explain ${q.sql}`)));
    });
    const text = plan.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toContain('idx_dns_snapshots_domain_taken');
    expect(text).not.toMatch(/\bSort\b/);
  });
});
