import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { rowsOf } from '../../src/db';
import * as portal from '../../src/portal';
import {
  missingValidators,
  type RoundTripOptions,
  roundTrip,
  roundTripEntry,
  type SystemTables,
  strayValidators,
} from '../fixtures/round-trip';
import { expectPgError, useTestDb } from '../support';

const t = useTestDb();

/** Portal for the round-trip harness; `dnsApprovalQueue` rows are `DnsApproval` (validators.ts). */
const system: SystemTables = {
  tables: portal.tables,
  module: portal,
  names: { dnsApprovalQueue: 'DnsApproval' },
};

/** insert-schema parse → insert → select → select-schema parse: the stored row is what was validated. */
async function trip(
  key: keyof typeof portal.tables,
  input: Record<string, unknown>,
  options?: RoundTripOptions,
) {
  return (await roundTrip(t().db, roundTripEntry(system, key), input, options)).back;
}

describe('portal tables: round trips through the validators', () => {
  it('every table has its insert, select and update validators', () => {
    expect(missingValidators(system)).toEqual([]);
    // Unrefined bases for .omit()/.pick() (the refined insert schemas are what validates rows).
    expect(strayValidators(system)).toEqual(['insertDnsApprovalBaseSchema', 'insertDnsChangeLogBaseSchema']);
  });

  it('tasks (id from the sequence, defaults)', async () => {
    const row = await trip('tasks', {
      description: 'Register the LLC',
      category: 'Legal',
      company: 'Om Apex Holdings',
      priority: 'High',
      owner: 'Nishad',
      durationDays: 3,
      due: '2026-03-01',
      commitRefs: ['abc123'],
      issueRef: 'om-apex/repo#123',
    });
    expect(row.id).toMatch(/^TASK-\d{3}$/);
    expect(row.status).toBe('pending');
    expect(row.taskType).toBe('manual');
    expect(row.completedAt).toBeNull();
  });

  it('decisions', async () => {
    await trip('decisions', {
      id: 'TECH-900',
      area: 'Frontend Framework',
      decision: 'Next.js',
      confidence: 'High',
      dateDecided: '2026-01-02',
    });
  });

  it('companies (self reference)', async () => {
    await trip('companies', {
      id: 'om-apex-holdings',
      legalName: 'Om Apex Holdings LLC',
      stateOfFormation: 'Georgia',
      domain: 'omapex.com',
    });
    const child = await trip('companies', {
      id: 'om-ai-solutions',
      legalName: 'Om AI Solutions LLC',
      bankAccountType: 'Checking',
      status: 'active',
      parentCompanyId: 'om-apex-holdings',
    });
    expect(child.parentCompanyId).toBe('om-apex-holdings');
  });

  it('document_templates', async () => {
    await trip('documentTemplates', {
      id: 'operating-agreement',
      name: 'Operating Agreement',
      content: '# {{company}}',
      variables: { company: { type: 'string' } },
      documentVariableDefaults: { state: 'Georgia' },
      companies: ['om-apex-holdings'],
      pageSize: 'letter',
    });
  });

  it('session_handoff and session_handoff_history', async () => {
    await trip('sessionHandoff', { content: '# Handoff', createdBy: 'Nishad', interface: 'code' });
    const h = await trip('sessionHandoffHistory', {
      content: '# Old',
      createdBy: 'Sumedha',
      interface: 'chat',
      sessionDate: '2026-02-24',
    });
    expect(typeof h.id).toBe('number');
  });

  it('leads (defaults, email normalised by the validator)', async () => {
    const row = await trip(
      'leads',
      { email: ' Jane@Example.COM ', brand: 'om_ai_solutions', firstname: 'Jane' },
      { normalised: true },
    );
    expect(row).toMatchObject({
      email: 'jane@example.com',
      formType: 'general',
      metadata: {},
      hubspotSynced: false,
    });
  });

  it('dns_services, dns_domain_config, dns_policies', async () => {
    await trip('dnsServices', {
      id: 'fastmail',
      name: 'Fastmail',
      provider: 'internal',
      recordTemplates: [
        { type: 'MX', name: '@', content: 'in1-smtp.messagingengine.com', priority: 10, ttl: 3600 },
      ],
    });
    await trip('dnsDomainConfig', {
      domain: 'example-portal.com',
      tier: 2,
      tierLabel: 'near_term',
      services: ['fastmail'],
      lastAuditStatus: 'pass',
    });
    await trip('dnsPolicies', {
      id: 'custom-a-required',
      name: 'A record',
      scope: 'domain:example-portal.com',
      ruleType: 'record_required',
      rule: { type: 'A', name: '@' },
      severity: 'info',
      autoHeal: true,
      healAction: { action: 'add', record: { type: 'A', name: '@', content: '192.0.2.1', ttl: 1 } },
    });
  });

  it('dns_audit_log, dns_change_log, dns_approval_queue, dns_snapshots', async () => {
    await trip('dnsAuditLog', {
      runId: 'AUDIT-20260225-143022',
      runType: 'manual',
      triggeredBy: 'claude',
      domainsScanned: 21,
      totalRecordsChecked: 140,
      findings: [
        {
          domain: 'omapex.com',
          severity: 'warning',
          policy_id: 'email-dmarc-rua',
          description: 'no rua',
          healed: false,
          queued_for_approval: true,
        },
      ],
      summary: { pass: 20, drift: 1, auto_healed: 0, pending_approval: 1 },
    });
    await trip('dnsChangeLog', {
      domain: 'omapex.com',
      changeType: 'auto_heal',
      recordType: 'TXT',
      recordName: '_dmarc',
      action: 'create',
      afterValue: { type: 'TXT', content: 'v=DMARC1; p=reject' },
      auditRunId: 'AUDIT-20260225-143022',
      policyId: 'global-dmarc-required',
      appliedBy: 'sentinel',
    });
    const approval = await trip('dnsApprovalQueue', {
      domain: 'omapex.com',
      recordType: 'MX',
      recordName: '@',
      action: 'delete',
      currentValue: { type: 'MX', content: 'old.example.com' },
      riskLevel: 'high',
    });
    expect(approval.status).toBe('pending');
    const days =
      ((approval.expiresAt as Date).getTime() - (approval.createdAt as Date).getTime()) / 86_400_000;
    expect(days).toBe(7);
    await trip('dnsSnapshots', { domain: 'omapex.com', records: [{ id: 'cf1', type: 'A' }], recordCount: 1 });
  });
});

describe('portal tables: constraints', () => {
  it('session_handoff holds only row 1', async () => {
    await expectPgError(
      t().db.insert(portal.sessionHandoff).values({ id: 2, content: 'x' }),
      '23514',
      'session_handoff_id_check',
    );
    expect(portal.insertSessionHandoffSchema.safeParse({ id: 2, content: 'x' }).success).toBe(false);
  });

  it('companies.parent_company_id must reference a company', async () => {
    await expectPgError(
      t()
        .db.insert(portal.companies)
        .values({ id: 'orphan', legalName: 'Orphan LLC', parentCompanyId: 'nope' }),
      '23503',
      'companies_parent_company_id_fkey',
    );
  });

  it('primary keys reject duplicates', async () => {
    await t().db.insert(portal.dnsServices).values({ id: 'dup-service', name: 'A' });
    await expectPgError(
      t().db.insert(portal.dnsServices).values({ id: 'dup-service', name: 'B' }),
      '23505',
      'dns_services_pkey',
    );
  });

  it('dns_audit_log.run_id is unique', async () => {
    const row = {
      runId: 'AUDIT-20260101-000000',
      runType: 'manual' as const,
      triggeredBy: 'manual' as const,
    };
    await t().db.insert(portal.dnsAuditLog).values(row);
    await expectPgError(t().db.insert(portal.dnsAuditLog).values(row), '23505', 'dns_audit_log_run_id_key');
  });

  it('NOT NULL columns reject missing values', async () => {
    await expectPgError(t().db.execute(sql`insert into portal.leads (email) values ('a@b.co')`), '23502');
    await expectPgError(t().db.execute(sql`insert into portal.tasks (description) values (null)`), '23502');
  });

  it('validators reject values outside the documented lists and shapes', () => {
    const bad: [z.ZodType, unknown][] = [
      [portal.insertTaskSchema, { description: 'x', status: 'done' }],
      [portal.insertTaskSchema, { description: 'x', category: 'Finance' }],
      [portal.insertTaskSchema, { description: 'x', taskType: 'bug' }],
      [portal.insertLeadSchema, { email: 'not-an-email', brand: 'om_apex_holdings' }],
      [portal.insertLeadSchema, { email: 'a@b.co', brand: 'om_cortex' }],
      [portal.insertLeadSchema, { email: 'a@b.co', brand: 'om_apex_holdings', formType: 'newsletter' }],
      [portal.insertDnsDomainConfigSchema, { domain: 'x.com', tier: 6 }],
      [portal.insertDnsDomainConfigSchema, { domain: 'x.com', tier: 1, tierLabel: 'legacy' }],
      [
        portal.insertDnsPolicySchema,
        { id: 'p', name: 'p', scope: 'everywhere', ruleType: 'record_required', rule: {}, severity: 'info' },
      ],
      [
        portal.insertDnsPolicySchema,
        { id: 'p', name: 'p', scope: 'global', ruleType: 'record_missing', rule: {}, severity: 'info' },
      ],
      [
        portal.insertDnsPolicySchema,
        { id: 'p', name: 'p', scope: 'global', ruleType: 'record_required', rule: {}, severity: 'fatal' },
      ],
      [
        portal.insertDnsPolicySchema,
        {
          id: 'p',
          name: 'p',
          scope: 'global',
          ruleType: 'record_required',
          rule: {},
          severity: 'info',
          healAction: { action: 'delete', record: { type: 'A', name: '@' } },
        },
      ],
      [portal.insertDnsServiceSchema, { id: 's', name: 's', recordTemplates: [{ type: 'A', name: '@' }] }],
      [portal.insertDnsAuditLogSchema, { runId: 'AUDIT-1', runType: 'manual', triggeredBy: 'cron' }],
      [
        portal.insertDnsAuditLogSchema,
        { runId: 'AUDIT-20260101-000000', runType: 'nightly', triggeredBy: 'cron' },
      ],
      [
        portal.insertDnsAuditLogSchema,
        { runId: 'AUDIT-20260101-000000', runType: 'manual', triggeredBy: 'robot' },
      ],
      [
        portal.insertDnsAuditLogSchema,
        { runId: 'AUDIT-20260101-000000', runType: 'manual', triggeredBy: 'cron', summary: { pass: 1 } },
      ],
      [
        portal.insertDnsChangeLogSchema,
        { domain: 'x.com', changeType: 'auto_heal', action: 'create', beforeValue: { a: 1 } },
      ],
      [
        portal.insertDnsChangeLogSchema,
        { domain: 'x.com', changeType: 'auto_heal', action: 'delete', afterValue: { a: 1 } },
      ],
      [portal.insertDnsChangeLogSchema, { domain: 'x.com', changeType: 'rollback' }],
      [portal.insertDnsChangeLogSchema, { domain: 'x.com', changeType: 'manual', appliedBy: 'robot' }],
      [portal.insertDnsApprovalSchema, { domain: 'x.com', action: 'update', riskLevel: 'extreme' }],
      [portal.insertDnsApprovalSchema, { domain: 'x.com', action: 'update', status: 'cancelled' }],
    ];
    for (const [schema, value] of bad)
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
  });

  it('update validators take a partial row and refuse a bad value at its path', () => {
    const summary = { pass: 20, drift: 0, auto_healed: 1, pending_approval: 0 };
    const cases: [z.ZodType, Record<string, unknown>, Record<string, unknown>, string][] = [
      [portal.updateSessionHandoffSchema, { content: '# Next', interface: 'chat' }, { id: 2 }, 'id'],
      [
        portal.updateSessionHandoffHistorySchema,
        { createdBy: null },
        { sessionDate: '2026-02-30' },
        'sessionDate',
      ],
      [
        portal.updateDnsAuditLogSchema,
        { completedAt: new Date('2026-02-25T14:31:00Z'), summary },
        { domainsScanned: -1 },
        'domainsScanned',
      ],
      [
        portal.updateDnsChangeLogSchema,
        { notes: 'rolled back', appliedBy: 'manual' },
        { action: 'create', beforeValue: { type: 'A' } },
        'beforeValue',
      ],
      [
        portal.updateDnsApprovalSchema,
        { status: 'approved', reviewedBy: 'Nishad', reviewNotes: 'ok' },
        { action: 'create', currentValue: { type: 'MX' } },
        'currentValue',
      ],
      [
        portal.updateDnsSnapshotSchema,
        {
          records: [
            { id: 'cf1', type: 'A' },
            { id: 'cf2', type: 'MX' },
          ],
          recordCount: 2,
        },
        { recordCount: 1.5 },
        'recordCount',
      ],
    ];
    for (const [schema, partial, bad, path] of cases) {
      expect(schema.parse(partial)).toEqual(partial);
      expect(schema.safeParse(bad).error?.issues.map((i) => i.path)).toEqual([[path]]);
    }
  });

  it('updated_at is kept current by the trigger', async () => {
    const [c] = await t()
      .db.insert(portal.companies)
      .values({ id: 'trigger-co', legalName: 'T LLC' })
      .returning();
    await t().db.execute(sql`update portal.companies set updated_at = '2000-01-01' where id = 'trigger-co'`);
    const [after] = await t().db.select().from(portal.companies).where(eq(portal.companies.id, 'trigger-co'));
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(c!.updatedAt.getTime() - 1000);
    expect(after!.updatedAt.getFullYear()).toBeGreaterThan(2000);
  });

  it('has the documented indexes, with their names and sort order', async () => {
    const rows = rowsOf<{ indexname: string; indexdef: string }>(
      await t().db.execute(
        sql`select indexname, indexdef from pg_indexes where schemaname = 'portal' and indexname not like '%_pkey' order by 1`,
      ),
    );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING /, '')]));
    expect(defs).toEqual({
      dns_audit_log_run_id_key: 'btree (run_id)',
      idx_dns_approval_queue_status: 'btree (status, expires_at)',
      idx_dns_change_log_domain: 'btree (domain, created_at DESC)',
      idx_dns_snapshots_domain_taken: 'btree (domain, taken_at DESC)',
      leads_brand_idx: 'btree (brand)',
      leads_email_idx: 'btree (email)',
    });
  });
});

describe('portal.leads row-level security', () => {
  const asRole = (role: 'anon' | 'authenticated' | 'service_role', q: ReturnType<typeof sql>) =>
    t().db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${role}`));
      return rowsOf<Record<string, unknown>>(await tx.execute(q));
    });

  it('anon and authenticated see nothing and cannot insert; service_role can', async () => {
    await t().db.insert(portal.leads).values({ email: 'rls@example.com', brand: 'om_apex_holdings' });
    for (const role of ['anon', 'authenticated'] as const) {
      expect(await asRole(role, sql`select * from portal.leads`)).toEqual([]);
      await expectPgError(
        asRole(
          role,
          sql`insert into portal.leads (email, brand) values ('x@example.com', 'om_apex_holdings')`,
        ),
        '42501',
      );
      expect(await asRole(role, sql`update portal.leads set hubspot_synced = true returning id`)).toEqual([]);
      expect(await asRole(role, sql`delete from portal.leads returning id`)).toEqual([]);
    }
    const seen = await asRole(
      'service_role',
      sql`select email from portal.leads where email = 'rls@example.com'`,
    );
    expect(seen).toEqual([{ email: 'rls@example.com' }]);
    const inserted = await asRole(
      'service_role',
      sql`insert into portal.leads (email, brand) values ('svc@example.com', 'om_supply_chain') returning email`,
    );
    expect(inserted).toEqual([{ email: 'svc@example.com' }]);
  });
});
