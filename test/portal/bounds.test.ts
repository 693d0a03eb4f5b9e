import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { rowCounts, systemSchemas } from '../contract/contract';
import { useTestDb } from '../support';

// Issue 14, §2 for portal: every value is bounded by the column it lands in, so a bad one is
// INVALID_INPUT (nothing written), never a driver error; values at the bound are stored.

const t = useTestDb();
const db = () => t().db;
const counts = () => rowCounts(db(), systemSchemas.portal);
const invalid = { success: false, error: 'INVALID_INPUT' };

/** Incompressible lower-case letters and digits (an index entry of them cannot be compressed small). */
function noise(length: number): string {
  let x = 0x9e3779b9;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += 'abcdefghijklmnopqrstuvwxyz0123456789'[(x >>> 0) % 36];
  }
  return s;
}

const summary = { pass: 1, drift: 0, auto_healed: 0, pending_approval: 0 };

beforeAll(async () => {
  await portal.seedPortal(db());
});

/** Calls each input, expects INVALID_INPUT for all and no row written. */
async function refusesAll<I>(fn: (db: never, input: I) => Promise<unknown>, inputs: unknown[]) {
  const before = await counts();
  for (const input of inputs) {
    expect(await fn(db() as never, input as I), JSON.stringify(input)?.slice(0, 200)).toMatchObject(invalid);
  }
  expect(await counts()).toEqual(before);
}

describe('integers: the int4 columns', () => {
  it('finishAuditRun: counts past int4 are INVALID_INPUT; int4 max is stored', async () => {
    const run = await portal.startAuditRun(db(), { runType: 'manual', triggeredBy: 'claude' });
    if (!run.success) throw new Error(run.message);
    const base = { runId: run.run.runId, domainsScanned: 1, totalRecordsChecked: 1, findings: [], summary };
    await refusesAll(portal.finishAuditRun, [
      { ...base, totalRecordsChecked: 2 ** 40 },
      { ...base, totalRecordsChecked: 2 ** 31 },
      { ...base, domainsScanned: 2 ** 31 },
      { ...base, domainsScanned: -1 },
      { ...base, domainsScanned: 1.5 },
    ]);
    expect(
      await portal.finishAuditRun(db(), {
        ...base,
        totalRecordsChecked: 2 ** 31 - 1,
        domainsScanned: 2 ** 31 - 1,
      }),
    ).toMatchObject({
      success: true,
      run: { totalRecordsChecked: 2 ** 31 - 1, domainsScanned: 2 ** 31 - 1 },
    });
  });

  it('createTask / updateTask: duration_days past int4 is INVALID_INPUT', async () => {
    await refusesAll(portal.createTask, [
      { description: 'x', durationDays: 2 ** 31 },
      { description: 'x', durationDays: 3e9 },
    ]);
    const c = await portal.createTask(db(), { description: 'x', durationDays: 2 ** 31 - 1 });
    expect(c).toMatchObject({ success: true, task: { durationDays: 2 ** 31 - 1 } });
    const id = c.success ? c.task.id : '';
    await refusesAll(portal.updateTask, [{ id, durationDays: 2 ** 40 }]);
  });
});

describe('dates: calendar days in years 0001–9999', () => {
  it('createTask, updateTask, recordDecision and listTasks refuse year 0 and non-dates', async () => {
    const bad = ['0000-01-01', '2026-13-45', '2026-02-30', '5', '10000-01-01', '2026-1-1'];
    await refusesAll(
      portal.createTask,
      bad.map((due) => ({ description: 'x', due })),
    );
    await refusesAll(
      portal.recordDecision,
      bad.map((dateDecided) => ({ kind: 'TECH', decision: 'x', dateDecided })),
    );
    await refusesAll(
      portal.listTasks,
      bad.map((dueBefore) => ({ dueBefore })),
    );
    const c = await portal.createTask(db(), { description: 'edge', due: '0001-01-01' });
    expect(c).toMatchObject({ success: true, task: { due: '0001-01-01' } });
    const id = c.success ? c.task.id : '';
    await refusesAll(
      portal.updateTask,
      bad.map((due) => ({ id, due })),
    );
    expect(await portal.updateTask(db(), { id, due: '9999-12-31' })).toMatchObject({
      success: true,
      task: { due: '9999-12-31' },
    });
    expect(await portal.listTasks(db(), { dueBefore: '0001-01-02' })).toMatchObject({
      success: true,
      tasks: [],
    });
  });
});

describe('indexed text and ids', () => {
  it('recordLead: an e-mail longer than 320 characters is INVALID_INPUT (leads_email_idx)', async () => {
    await refusesAll(portal.recordLead, [
      { email: `${noise(9_000)}@example.com`, brand: 'om_apex_holdings' },
      { email: `${noise(309)}@example.com`, brand: 'om_apex_holdings' },
    ]);
    const email = `${noise(308)}@example.com`;
    expect(email).toHaveLength(320);
    expect(await portal.recordLead(db(), { email, brand: 'om_apex_holdings' })).toMatchObject({
      success: true,
      lead: { email },
    });
  });

  it('ids of unbounded length are INVALID_INPUT, not compared', async () => {
    await refusesAll(portal.updateTask, [{ id: `TASK-${'1'.repeat(100_000)}`, notes: 'x' }]);
    await refusesAll(portal.finishAuditRun, [
      {
        runId: `AUDIT-20260101-000000-${'9'.repeat(100_000)}`,
        domainsScanned: 1,
        totalRecordsChecked: 1,
        findings: [],
        summary,
      },
    ]);
  });

  it('upper-case uuids find the row (canonicalised to lower case)', async () => {
    const lead = await portal.recordLead(db(), { email: 'upper@example.com', brand: 'om_ai_solutions' });
    if (!lead.success) throw new Error(lead.message);
    expect(
      await portal.markLeadSynced(db(), { id: lead.lead.id.toUpperCase(), hubspotContactId: 'hs-9' }),
    ).toMatchObject({ success: true, lead: { id: lead.lead.id, hubspotContactId: 'hs-9' } });
    const q = await portal.queueApproval(db(), {
      domain: 'omapex.com',
      action: 'update',
      proposedValue: { content: 'x' },
    });
    if (!q.success) throw new Error(q.message);
    expect(
      await portal.reviewApproval(db(), {
        id: q.approval.id.toUpperCase(),
        decision: 'rejected',
        reviewedBy: 'N',
      }),
    ).toMatchObject({ success: true, approval: { id: q.approval.id, status: 'rejected' } });
  });
});

describe('JSON: what JSON.stringify would drop or rewrite is refused', () => {
  it('recordLead metadata, finishAuditRun findings/summary, queueApproval values, recordSnapshot records', async () => {
    await refusesAll(portal.recordLead, [
      { email: 'j@example.com', brand: 'om_apex_holdings', metadata: { f: () => 1 } },
      { email: 'j@example.com', brand: 'om_apex_holdings', metadata: { m: new Map([[1, 2]]) } },
      { email: 'j@example.com', brand: 'om_apex_holdings', metadata: { a: [undefined, Symbol('s')] } },
    ]);
    const run = await portal.startAuditRun(db(), { runType: 'manual', triggeredBy: 'cron' });
    if (!run.success) throw new Error(run.message);
    const finding = {
      domain: 'omapex.com',
      severity: 'info',
      policy_id: null,
      description: 'd',
      healed: false,
      queued_for_approval: false,
    };
    await refusesAll(portal.finishAuditRun, [
      {
        runId: run.run.runId,
        domainsScanned: 1,
        totalRecordsChecked: 1,
        findings: [{ ...finding, extra: () => 1 }],
        summary,
      },
      {
        runId: run.run.runId,
        domainsScanned: 1,
        totalRecordsChecked: 1,
        findings: [finding],
        summary: { ...summary, extra: new Set([1]) },
      },
    ]);
    await refusesAll(portal.queueApproval, [
      { domain: 'omapex.com', action: 'update', proposedValue: { f: () => 1 } },
      { domain: 'omapex.com', action: 'update', proposedValue: [1, 2] },
    ]);
    await refusesAll(portal.recordSnapshot, [{ domain: 'omapex.com', records: [{ f: () => 1 }] }]);
  });
});

describe('computed values fit', () => {
  it('startAuditRun finds a free run id past 1,000 runs in one second', async () => {
    const runId = await db().transaction(async (tx) => {
      // now() is fixed within the transaction: fill base, base-2 … base-1000 first.
      await tx.execute(sql`
        insert into portal.dns_audit_log (run_id, run_type, triggered_by)
        select 'AUDIT-' || to_char(now() at time zone 'UTC', 'YYYYMMDD-HH24MISS')
               || case when n = 1 then '' else '-' || n end, 'manual', 'cron'
        from generate_series(1, 1000) n
        on conflict (run_id) do nothing`);
      const r = await portal.startAuditRun(tx, { runType: 'scheduled', triggeredBy: 'cron' });
      if (!r.success) throw new Error(r.message);
      return r.run.runId;
    });
    expect(runId).toMatch(/^AUDIT-\d{8}-\d{6}-1001$/);
  });

  it('updateTask with only undefined fields is INVALID_INPUT (no empty UPDATE … SET)', async () => {
    const c = await portal.createTask(db(), { description: 'u' });
    const id = c.success ? c.task.id : '';
    await refusesAll(portal.updateTask, [
      { id, notes: undefined },
      { id, notes: undefined, owner: undefined },
    ]);
  });

  it('commit refs with array-literal characters round-trip', async () => {
    const refs = ['NULL', 'a,b', '{x}', '"q"', 'back\\slash', ' spaced ', "it's"];
    const c = await portal.createTask(db(), { description: 'refs', commitRefs: refs });
    expect(c).toMatchObject({ success: true, task: { commitRefs: refs } });
    const id = c.success ? c.task.id : '';
    expect(await portal.completeTask(db(), { id, commitRefs: ['NULL', 'new,one'] })).toMatchObject({
      success: true,
      task: { commitRefs: [...refs, 'new,one'] },
    });
  });
});

describe('functions without input take nothing or {}', () => {
  it('getHandoff, expireApprovals, latestSnapshots', async () => {
    for (const fn of [portal.getHandoff, portal.expireApprovals, portal.latestSnapshots]) {
      await refusesAll(fn as (db: never, input: unknown) => Promise<unknown>, [
        null,
        [],
        1,
        'x',
        { limit: 1 },
      ]);
    }
    expect(await portal.expireApprovals(db())).toMatchObject({ success: true });
    expect(await portal.expireApprovals(db(), {})).toMatchObject({ success: true });
    expect(await portal.latestSnapshots(db(), {})).toMatchObject({ success: true });
    expect(await portal.getHandoff(db(), {})).toMatchObject({ success: false, error: 'NOT_FOUND' });
  });
});
