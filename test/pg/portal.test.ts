import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import * as portal from '../../src/portal';
import { countRows } from '../../src/testing';
import { useTestDb } from '../support';

// Real-Postgres only: a pool of 40 connections, calls fired together with Promise.all.
const t = useTestDb({ max: 40 });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pad = (n: number) => String(n).padStart(3, '0');

describe('portal under concurrency', () => {
  it('50 concurrent createTask calls get 50 distinct ids TASK-001…TASK-050', async () => {
    const results = await Promise.all(
      range(50).map((i) => portal.createTask(t().db, { description: `task ${i}` })),
    );
    const ids = results.map((r) => (r.success ? r.task.id : `failed: ${r.message}`));
    for (const id of ids) expect(id).toMatch(/^TASK-\d{3,}$/);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(range(50).map((i) => `TASK-${pad(i + 1)}`));
    expect(await countRows(t().db, 'portal.tasks')).toBe(50);
  });

  it('concurrent recordDecision calls are numbered per prefix without duplicates', async () => {
    const kinds = range(40).map((i) => (i % 2 === 0 ? 'TECH' : 'BIZ') as 'TECH' | 'BIZ');
    const results = await Promise.all(
      kinds.map((kind, i) => portal.recordDecision(t().db, { kind, decision: `d${i}` })),
    );
    const ids = results.map((r) => (r.success ? r.decision.id : 'failed'));
    expect(ids.filter((id) => id.startsWith('TECH-')).sort()).toEqual(
      range(20).map((i) => `TECH-${pad(i + 1)}`),
    );
    expect(ids.filter((id) => id.startsWith('BIZ-')).sort()).toEqual(
      range(20).map((i) => `BIZ-${pad(i + 1)}`),
    );
  });

  it('concurrent saveHandoff calls lose nothing, even on an empty table', async () => {
    const contents = range(12).map((i) => `handoff ${i}`);
    const results = await Promise.all(
      contents.map((content) =>
        portal.saveHandoff(t().db, { content, createdBy: 'Nishad', interface: 'code' }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);
    // Exactly one save found the table empty; every other archived what the previous one wrote.
    expect(results.filter((r) => r.success && r.archived === null)).toHaveLength(1);
    const current = await portal.getHandoff(t().db);
    const history = await portal.listHandoffHistory(t().db, { limit: 100 });
    const seen = [
      ...(history.success ? history.history.map((h) => h.content) : []),
      current.success ? current.handoff.content : '',
    ];
    expect(seen.sort()).toEqual([...contents].sort());

    // A second wave on top of an existing handoff: the 12th content must be archived too.
    const more = range(8).map((i) => `second wave ${i}`);
    await Promise.all(
      more.map((content) => portal.saveHandoff(t().db, { content, createdBy: 'Sumedha', interface: 'chat' })),
    );
    const after = await portal.listHandoffHistory(t().db, { limit: 100 });
    const now = await portal.getHandoff(t().db);
    const all = [
      ...(after.success ? after.history.map((h) => h.content) : []),
      now.success ? now.handoff.content : '',
    ];
    expect(all.sort()).toEqual([...contents, ...more].sort());
  });

  it('of concurrent reviews of one approval exactly one wins', async () => {
    await portal.seedPortal(t().db);
    const q = await portal.queueApproval(t().db, {
      domain: 'omapex.com',
      recordType: 'TXT',
      recordName: '@',
      action: 'update',
      proposedValue: { content: 'v=spf1 include:_spf.google.com ~all' },
      riskLevel: 'low',
    });
    if (!q.success) throw new Error(q.message);
    const results = await Promise.all(
      range(20).map((i) =>
        portal.reviewApproval(t().db, {
          id: q.approval.id,
          decision: i % 2 === 0 ? 'approved' : 'rejected',
          reviewedBy: `reviewer ${i}`,
        }),
      ),
    );
    const winners = results.filter((r) => r.success);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.success && r.error === 'NOT_PENDING')).toHaveLength(19);
    const winner = winners[0]!;
    if (winner.success) {
      const [row] = await t()
        .db.select()
        .from(portal.dnsApprovalQueue)
        .where(eq(portal.dnsApprovalQueue.id, q.approval.id));
      expect(row).toMatchObject({ status: winner.approval.status, reviewedBy: winner.approval.reviewedBy });
    }
  });

  it('concurrent startAuditRun calls get distinct run ids', async () => {
    const results = await Promise.all(
      range(20).map(() => portal.startAuditRun(t().db, { runType: 'scheduled', triggeredBy: 'cron' })),
    );
    const ids = results.map((r) => (r.success ? r.run.runId : 'failed'));
    for (const id of ids) expect(id).toMatch(/^AUDIT-\d{8}-\d{6}(-\d+)?$/);
    expect(new Set(ids).size).toBe(20);
    // Runs that share a second are numbered base, base-2, base-3, … without holes.
    const bySecond = new Map<string, string[]>();
    for (const id of ids) {
      const base = id.slice(0, 21);
      bySecond.set(base, [...(bySecond.get(base) ?? []), id]);
    }
    for (const [base, group] of bySecond) {
      expect(group.sort((a, b) => a.length - b.length || a.localeCompare(b))).toEqual(
        range(group.length).map((i) => (i === 0 ? base : `${base}-${i + 1}`)),
      );
    }
  });

  it('concurrent markLeadSynced with different contacts: one wins, the rest ALREADY_SYNCED', async () => {
    const lead = await portal.recordLead(t().db, { email: 'race@example.com', brand: 'om_apex_holdings' });
    if (!lead.success) throw new Error(lead.message);
    const results = await Promise.all(
      range(10).map((i) => portal.markLeadSynced(t().db, { id: lead.lead.id, hubspotContactId: `hs-${i}` })),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    expect(results.filter((r) => !r.success && r.error === 'ALREADY_SYNCED')).toHaveLength(9);
  });

  it('concurrent expireApprovals over the same overdue rows: no deadlock, each row expired once', async () => {
    await portal.seedPortal(t().db);
    await t().db.delete(portal.dnsApprovalQueue);
    await t()
      .db.insert(portal.dnsApprovalQueue)
      .values(
        range(300).map(() => ({
          domain: 'omapex.com',
          action: 'update' as const,
          expiresAt: sql`now() - interval '1 minute'`,
        })),
      );
    for (let round = 0; round < 3; round++) {
      if (round > 0) await t().db.update(portal.dnsApprovalQueue).set({ status: 'pending' });
      const results = await Promise.all(range(8).map(() => portal.expireApprovals(t().db)));
      const ids = results.flatMap((r) => (r.success ? r.expired.map((a) => a.id) : ['failed']));
      expect(ids).toHaveLength(300);
      expect(new Set(ids).size).toBe(300);
    }
  });

  it('a linked run or policy cannot be deleted between the check and the insert (FOR KEY SHARE)', async () => {
    await portal.seedPortal(t().db);
    const run = await portal.startAuditRun(t().db, { runType: 'manual', triggeredBy: 'claude' });
    if (!run.success) throw new Error(run.message);
    const other = await t().connect({ max: 1 });
    try {
      await t().db.transaction(async (tx) => {
        const change = await portal.recordDnsChange(tx, {
          domain: 'omapex.com',
          changeType: 'manual',
          action: 'update',
          auditRunId: run.run.runId,
          policyId: 'global-spf-required',
        });
        expect(change.success).toBe(true);
        // Still inside the writing transaction: the run and the policy are locked against deletion.
        for (const statement of [
          sql`delete from portal.dns_audit_log where run_id = ${run.run.runId}`,
          sql`delete from portal.dns_policies where id = 'global-spf-required'`,
        ]) {
          const attempt = other.db.transaction(async (o) => {
            await o.execute(sql`set local lock_timeout = '200ms'`);
            await o.execute(statement);
          });
          await expect(attempt).rejects.toMatchObject({ cause: { code: '55P03' } });
        }
        // A non-key update of the run (finishing it) is not blocked.
        const done = await portal.finishAuditRun(other.db, {
          runId: run.run.runId,
          domainsScanned: 1,
          totalRecordsChecked: 1,
          findings: [],
          summary: { pass: 1, drift: 0, auto_healed: 0, pending_approval: 0 },
        });
        expect(done.success).toBe(true);
      });
    } finally {
      await other.close();
    }
  });
});

// Issue 18: ids after imports and restores, and the audit state of domains, under concurrency.
describe('portal under concurrency: issue 18', () => {
  const seqLast = async () =>
    Number(
      rowsOf<{ v: string }>(await t().db.execute(sql`select last_value as v from portal.tasks_id_seq`))[0]!.v,
    );
  const taskNumbers = (results: Awaited<ReturnType<typeof portal.createTask>>[]) =>
    results.map((r) => (r.success ? Number(r.task.id.slice(5)) : `failed: ${r.message}`));

  it('8 concurrent createTask calls after an import get distinct new ids, none an error', async () => {
    await t().db.execute(sql`truncate portal.tasks`);
    await t().db.execute(sql`alter sequence portal.tasks_id_seq restart`);
    await t().db.execute(
      sql`insert into portal.tasks (id, description) select portal.format_seq_id('TASK', g), 'imported' from generate_series(1, 10) g`,
    );
    const first = await Promise.all(
      range(8).map((i) => portal.createTask(t().db, { description: `after ${i}` })),
    );
    expect(taskNumbers(first).sort((a, b) => Number(a) - Number(b))).toEqual(range(8).map((i) => 11 + i));

    // A restore the sequence never saw (triggers off), with one id far above: every caller's
    // first candidate is taken, each jumps, the jumps are serialised and never go backwards.
    await t().db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`insert into portal.tasks (id, description) select portal.format_seq_id('TASK', g), 'restored' from generate_series(19, 40) g`,
      );
      await tx.execute(sql`insert into portal.tasks (id, description) values ('TASK-90000', 'restored')`);
    });
    const second = await Promise.all(
      range(8).map((i) => portal.createTask(t().db, { description: `jump ${i}` })),
    );
    expect(taskNumbers(second).sort((a, b) => Number(a) - Number(b))).toEqual(range(8).map((i) => 90001 + i));
    expect(await seqLast()).toBe(90008);
    expect(await countRows(t().db, 'portal.tasks')).toBe(10 + 8 + 22 + 1 + 8);
  });

  it('8 concurrent recordDecision calls per prefix after an import: distinct, after the imported ids', async () => {
    await t().db.execute(sql`truncate portal.decisions`);
    for (const s of ['decisions_tech_id_seq', 'decisions_biz_id_seq'])
      await t().db.execute(sql.raw(`alter sequence portal.${s} restart`));
    await t().db.execute(
      sql`insert into portal.decisions (id, decision) select portal.format_seq_id(k, g), 'imported' from generate_series(1, 5) g, unnest(array['TECH', 'BIZ']) k`,
    );
    const results = await Promise.all(
      range(16).map((i) =>
        portal.recordDecision(t().db, { kind: i % 2 ? 'BIZ' : 'TECH', decision: `d${i}` }),
      ),
    );
    const ids = results.map((r) => (r.success ? r.decision.id : `failed: ${r.message}`));
    expect(ids.filter((id) => id.startsWith('TECH-')).sort()).toEqual(
      range(8).map((i) => `TECH-${pad(6 + i)}`),
    );
    expect(ids.filter((id) => id.startsWith('BIZ-')).sort()).toEqual(
      range(8).map((i) => `BIZ-${pad(6 + i)}`),
    );
  });

  it('createTask racing an uncommitted import of its id waits for it, then takes the next id', async () => {
    const next = (await seqLast()) + 1;
    const other = await t().connect({ max: 1 });
    try {
      let inserted!: () => void;
      let release!: () => void;
      const isInserted = new Promise<void>((r) => (inserted = r));
      const gate = new Promise<void>((r) => (release = r));
      // The import does not move the sequence (triggers off), as if createTask had taken the
      // number just before the imported row arrived.
      const importing = other.db.transaction(async (o) => {
        await o.execute(sql`set local session_replication_role = replica`);
        await o.execute(
          sql`insert into portal.tasks (id, description) values (${`TASK-${next}`}, 'imported')`,
        );
        inserted();
        await gate;
      });
      await isInserted;
      let settled = false;
      const creating = portal.createTask(t().db, { description: 'racing' }).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // waiting on the uncommitted row with its key
      release();
      await importing;
      expect(await creating).toMatchObject({ success: true, task: { id: `TASK-${next + 1}` } });
    } finally {
      await other.close();
    }
  });

  it('concurrent finishAuditRun calls over the same domains: no deadlock, the newest run wins', async () => {
    await portal.seedPortal(t().db);
    await t().db.update(portal.dnsDomainConfig).set({ lastAuditAt: null, lastAuditStatus: null });
    const domains = (
      await t().db.select({ d: portal.dnsDomainConfig.domain }).from(portal.dnsDomainConfig)
    ).map((r) => r.d);
    const runs = [];
    for (let i = 0; i < 10; i++) {
      const r = await portal.startAuditRun(t().db, { runType: 'scheduled', triggeredBy: 'cron' });
      if (!r.success) throw new Error(r.message);
      runs.push(r.run.runId);
    }
    // Each run: its own domain order and its own mix of pass / drift / error, so the per-status
    // updates would meet in opposite orders without the ordered lock.
    const finishes = runs.map((runId, i) => {
      const order = i % 2 ? [...domains].reverse() : domains;
      const failedDomains = order.filter((_, j) => (j + i) % 3 === 0);
      const drifting = order.filter((_, j) => (j + i) % 3 === 1);
      return portal.finishAuditRun(t().db, {
        runId,
        domainsScanned: order.length,
        totalRecordsChecked: 0,
        domains: order,
        failedDomains,
        findings: drifting.map((domain) => ({
          domain,
          severity: 'warning' as const,
          policy_id: null,
          description: 'drift',
          healed: false,
          queued_for_approval: false,
        })),
        summary: { pass: 0, drift: drifting.length, auto_healed: 0, pending_approval: 0 },
      });
    });
    const results = await Promise.all(finishes);
    const done = results.map((r) => {
      if (!r.success) throw new Error(r.message);
      return r;
    });
    const newest = Math.max(...done.map((r) => r.run.completedAt!.getTime()));
    const rows = await t().db.select().from(portal.dnsDomainConfig);
    for (const row of rows) {
      expect(row.lastAuditAt?.getTime(), row.domain).toBe(newest);
      const winners = done.filter((r) => r.run.completedAt!.getTime() === newest);
      const statuses = winners.map((w) => w.audited.find((a) => a.domain === row.domain)?.status);
      expect(statuses, row.domain).toContain(row.lastAuditStatus);
    }
  });
});
