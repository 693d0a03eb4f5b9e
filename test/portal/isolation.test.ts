import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as portal from '../../src/portal';
import { functionsTakingReferences, rowCounts, systemSchemas } from '../contract/contract';
import { useTestDb } from '../support';

// Portal is a single-owner system: no table has a user / tenant / org column, so there is no
// "other owner". What a reference must do instead is name an existing row of the right kind
// (docs/portal.md, "Owner isolation"). Each case calls a function with a value that names some
// *other* existing thing — a row of another table, a link whose target is gone, a row since
// deleted — and with a random value of the same format: both must answer alike (same `success`,
// same `error`) and write nothing.

const t = useTestDb();
const db = () => t().db;
const counts = () => rowCounts(db(), systemSchemas.portal);

/** No owner keys: portal has no owner column. */
const ownerKeys: string[] = [];

type Outcome = { success: boolean; error?: string };
type Case = {
  /** The input field holding the reference. */
  field: string;
  /** What `wrong` is. */
  what: string;
  /** A value naming another existing thing (wrong kind / gone target). */
  wrong: () => string;
  /** A random value of the same format, naming nothing. */
  random: () => string;
  /** The call, with the reference under test. */
  call: (ref: string) => Promise<Outcome>;
  /** The documented code both must answer. */
  code: string;
  /** A value that does name the right row: the call succeeds (the check is not a blanket refusal). */
  valid?: () => string;
};

// Fixtures, filled in beforeAll.
const f = {
  taskId: '',
  deletedTaskId: '',
  leadId: '',
  approvalId: '',
  runId: '',
  /** A run id that some row links to, whose run no longer exists. */
  goneRunId: '',
  /** A key of another table in the policy-id format (a dns_services id). */
  serviceId: 'google-workspace',
  /** A domain a change-log row names that is not (any longer) in dns_domain_config. */
  legacyDomain: 'legacy-domain.com',
};

const randomRunId = () => `AUDIT-1999${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}-000000`;
const randomTaskId = () => `TASK-${900_000 + Math.floor(Math.random() * 99_999)}`;
const proposal = {
  domain: 'omapex.com',
  recordType: 'TXT',
  recordName: '_dmarc',
  action: 'update' as const,
  proposedValue: { content: 'v=DMARC1; p=reject' },
  riskLevel: 'low' as const,
};
const change = {
  domain: 'omapex.com',
  changeType: 'auto_heal' as const,
  recordType: 'TXT',
  recordName: '@',
  action: 'update' as const,
  beforeValue: { content: 'v=spf1 +all' },
  afterValue: { content: 'v=spf1 -all' },
  appliedBy: 'sentinel' as const,
};
const findings = {
  domainsScanned: 1,
  totalRecordsChecked: 1,
  findings: [],
  summary: { pass: 1, drift: 0, auto_healed: 0, pending_approval: 0 },
};

const cases: Record<string, Case[]> = {
  updateTask: [
    {
      field: 'id',
      what: 'a task id that existed (deleted since)',
      wrong: () => f.deletedTaskId,
      random: randomTaskId,
      call: (id) => portal.updateTask(db(), { id, notes: 'x' }),
      code: 'NOT_FOUND',
      valid: () => f.taskId,
    },
  ],
  completeTask: [
    {
      field: 'id',
      what: 'a task id that existed (deleted since)',
      wrong: () => f.deletedTaskId,
      random: randomTaskId,
      call: (id) => portal.completeTask(db(), { id, completionNotes: 'done' }),
      code: 'NOT_FOUND',
      valid: () => f.taskId,
    },
  ],
  markLeadSynced: [
    {
      field: 'id',
      what: 'the id of an existing approval (another table)',
      wrong: () => f.approvalId,
      random: randomUUID,
      call: (id) => portal.markLeadSynced(db(), { id, hubspotContactId: 'hs-1' }),
      code: 'NOT_FOUND',
      valid: () => f.leadId,
    },
  ],
  reviewApproval: [
    {
      field: 'id',
      what: 'the id of an existing lead (another table)',
      wrong: () => f.leadId,
      random: randomUUID,
      call: (id) => portal.reviewApproval(db(), { id, decision: 'approved', reviewedBy: 'Nishad' }),
      code: 'NOT_FOUND',
      valid: () => f.approvalId,
    },
  ],
  finishAuditRun: [
    {
      field: 'runId',
      what: 'a run id a change-log row links to, whose run is gone',
      wrong: () => f.goneRunId,
      random: randomRunId,
      call: (runId) => portal.finishAuditRun(db(), { runId, ...findings }),
      code: 'NOT_FOUND',
      valid: () => f.runId,
    },
  ],
  queueApproval: [
    {
      field: 'auditRunId',
      what: 'a run id a change-log row links to, whose run is gone',
      wrong: () => f.goneRunId,
      random: randomRunId,
      call: (auditRunId) => portal.queueApproval(db(), { ...proposal, auditRunId }),
      code: 'UNKNOWN_AUDIT_RUN',
      valid: () => f.runId,
    },
    {
      field: 'policyId',
      what: 'the id of an existing DNS service (another table)',
      wrong: () => f.serviceId,
      random: () => `no-such-policy-${randomUUID()}`,
      call: (policyId) => portal.queueApproval(db(), { ...proposal, policyId }),
      code: 'UNKNOWN_POLICY',
      valid: () => 'email-dmarc-policy',
    },
  ],
  recordDnsChange: [
    {
      field: 'auditRunId',
      what: 'a run id a change-log row links to, whose run is gone',
      wrong: () => f.goneRunId,
      random: randomRunId,
      call: (auditRunId) => portal.recordDnsChange(db(), { ...change, auditRunId }),
      code: 'UNKNOWN_AUDIT_RUN',
      valid: () => f.runId,
    },
    {
      field: 'policyId',
      what: 'the id of an existing DNS service (another table)',
      wrong: () => f.serviceId,
      random: () => `no-such-policy-${randomUUID()}`,
      call: (policyId) => portal.recordDnsChange(db(), { ...change, policyId }),
      code: 'UNKNOWN_POLICY',
      valid: () => 'global-no-open-spf',
    },
  ],
};

/**
 * Reference fields the enumeration finds that name nothing in this database, so there is no
 * isolation to test — the functions still have cases above for their other references:
 * - markLeadSynced.hubspotContactId: HubSpot's contact id (an external system), stored as given.
 * - recordDnsChange.cloudflareRecordId: Cloudflare's record id (an external system), stored as given.
 * - recordSnapshot.cloudflareZoneId: Cloudflare's zone id (an external system), stored as given on
 *   the domain (its `domain` link has a case in domainCases).
 */
const exemptFields: Record<string, string[]> = {
  markLeadSynced: ['hubspotContactId'],
  recordDnsChange: ['cloudflareRecordId'],
  recordSnapshot: ['cloudflareZoneId'],
};
/** Functions whose only enumerated references are exempt fields: recordSnapshot (cloudflareZoneId). */
const exemptFunctions: string[] = ['recordSnapshot'];

/** Domains are links too (not `…Id` fields, so not enumerated): the same rule, tested the same way. */
const domainCases: Record<string, Case> = {
  queueApproval: {
    field: 'domain',
    what: 'a domain a change-log row names, not in dns_domain_config',
    wrong: () => f.legacyDomain,
    random: () => `never-${randomUUID().slice(0, 8)}.com`,
    call: (domain) => portal.queueApproval(db(), { ...proposal, domain }),
    code: 'UNKNOWN_DOMAIN',
    valid: () => 'omapex.com',
  },
  recordDnsChange: {
    field: 'domain',
    what: 'a domain a change-log row names, not in dns_domain_config',
    wrong: () => f.legacyDomain,
    random: () => `never-${randomUUID().slice(0, 8)}.com`,
    call: (domain) => portal.recordDnsChange(db(), { ...change, domain }),
    code: 'UNKNOWN_DOMAIN',
    valid: () => 'omapex.com',
  },
  recordSnapshot: {
    field: 'domain',
    what: 'a domain a change-log row names, not in dns_domain_config',
    wrong: () => f.legacyDomain,
    random: () => `never-${randomUUID().slice(0, 8)}.com`,
    call: (domain) => portal.recordSnapshot(db(), { domain, records: [{ type: 'A' }] }),
    code: 'UNKNOWN_DOMAIN',
    valid: () => 'omapex.com',
  },
  policiesForDomain: {
    field: 'domain',
    what: 'a domain a change-log row names, not in dns_domain_config',
    wrong: () => f.legacyDomain,
    random: () => `never-${randomUUID().slice(0, 8)}.com`,
    call: (domain) => portal.policiesForDomain(db(), { domain }),
    code: 'UNKNOWN_DOMAIN',
    valid: () => 'omapex.com',
  },
};

const must = <T extends { success: boolean; message?: string }>(r: T) => {
  if (!r.success) throw new Error(`fixture: ${r.message}`);
  return r as Extract<T, { success: true }>;
};

beforeAll(async () => {
  await portal.seedPortal(db());
  f.taskId = must(await portal.createTask(db(), { description: 'mine' })).task.id;
  f.deletedTaskId = must(await portal.createTask(db(), { description: 'gone' })).task.id;
  await db().delete(portal.tasks).where(eq(portal.tasks.id, f.deletedTaskId));
  await portal.recordDecision(db(), { kind: 'TECH', decision: 'a decision' });
  f.leadId = must(
    await portal.recordLead(db(), { email: 'a@example.com', brand: 'om_apex_holdings' }),
  ).lead.id;
  f.approvalId = must(await portal.queueApproval(db(), proposal)).approval.id;
  f.runId = must(await portal.startAuditRun(db(), { runType: 'manual', triggeredBy: 'claude' })).run.runId;
  const gone = must(await portal.startAuditRun(db(), { runType: 'manual', triggeredBy: 'cron' })).run;
  f.goneRunId = gone.runId;
  // A change made during that run, written while it existed; the run is deleted afterwards (the
  // trail outlives it: no foreign key), and a legacy row names a domain no longer configured.
  must(await portal.recordDnsChange(db(), { ...change, auditRunId: gone.runId }));
  await db().delete(portal.dnsAuditLog).where(eq(portal.dnsAuditLog.runId, gone.runId));
  await db()
    .insert(portal.dnsChangeLog)
    .values({ ...change, domain: f.legacyDomain });
});

describe('portal: references name existing rows of the right kind', () => {
  it('covers every exported function that takes a reference (enumerated from the exports)', async () => {
    const enumerated = await functionsTakingReferences('portal', ownerKeys);
    expect(Object.keys(enumerated).sort()).toEqual([...Object.keys(cases), ...exemptFunctions].sort());
    // Each enumerated field is either exempt (an external id) or the subject of a case.
    for (const [fn, fields] of Object.entries(enumerated)) {
      const tested = (cases[fn] ?? []).map((c) => c.field);
      const untested = fields.filter(
        (field) => !tested.includes(field) && !exemptFields[fn]?.includes(field),
      );
      expect(untested, `${fn}: reference fields without a case`).toEqual([]);
    }
  });

  const all = [
    ...Object.entries(cases).flatMap(([fn, list]) =>
      list.map((c) => [`${fn}.${c.field}`, c.what, c] as const),
    ),
    ...Object.entries(domainCases).map(([fn, c]) => [`${fn}.${c.field}`, c.what, c] as const),
  ];
  it.each(all)('%s: %s answers like a random value, writes nothing', async (_name, _what, c) => {
    const before = await counts();
    const wrong = await c.call(c.wrong());
    const random = await c.call(c.random());
    expect(await counts()).toEqual(before);
    expect({ success: wrong.success, error: wrong.error }).toEqual({
      success: random.success,
      error: random.error,
    });
    expect(wrong).toMatchObject({ success: false, error: c.code });
    if (c.valid) expect(await c.call(c.valid())).toMatchObject({ success: true });
  });
});
