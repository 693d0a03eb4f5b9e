import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4 } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { lockDnsLinks } from './dns-links';
import { dnsChangeValuesRefinement, noInput, storedJson } from './internal';
import {
  auditRunTypeValues,
  auditStatusValues,
  auditTriggeredByValues,
  dnsAuditLog,
  dnsChangeLog,
  dnsDomainConfig,
  dnsSnapshots,
} from './tables/dns';
import {
  auditRunIdSchema,
  type DnsAuditLog,
  type DnsChangeLog,
  type DnsSnapshot,
  dnsAuditFindingsSchema,
  dnsAuditSummarySchema,
  domainNameSchema,
  insertDnsChangeLogBaseSchema,
} from './validators';

export const startAuditRunInput = z.object({
  runType: z.enum(auditRunTypeValues),
  triggeredBy: z.enum(auditTriggeredByValues),
});
export const startAuditRunErrors = ['INVALID_INPUT', 'BUSY'] as const;

const MAX_RUN_ID_ATTEMPTS = 20;

/**
 * Opens an audit run with id AUDIT-YYYYMMDD-HHMMSS (UTC, from the run's started_at). Runs started
 * in the same second get -2, -3, …: each attempt takes the first free suffix and inserts with
 * ON CONFLICT DO NOTHING on the unique run_id, so a concurrent winner just means one more attempt.
 * BUSY when concurrent runs of the same second took the candidate id on every attempt.
 */
export async function startAuditRun(
  db: AnyDb,
  input: z.input<typeof startAuditRunInput>,
): Promise<Result<{ run: DnsAuditLog }, (typeof startAuditRunErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(startAuditRunInput, input);
  if (!parsed.success) return parsed;
  const { runType, triggeredBy } = parsed.data;
  // One transaction: now() (the run's second) stays the same across attempts.
  return transactionResult(db, async (tx) => {
    const base = sql`'AUDIT-' || to_char(now() at time zone 'UTC', 'YYYYMMDD-HH24MISS')`;
    const idFor = (n: SQL) => sql`${base} || case when ${n} = 1 then '' else '-' || ${n} end`;
    // The first free suffix: probe base, base-2, … (one index lookup each) until one is free.
    const candidate = sql`(
      with recursive probe(n) as (
        select 1
        union all
        select probe.n + 1 from probe
        where exists (select 1 from ${dnsAuditLog} l where l.run_id = ${idFor(sql`probe.n`)})
      )
      select ${idFor(sql`probe.n`)} from probe order by probe.n desc limit 1)`;
    for (let attempt = 0; attempt < MAX_RUN_ID_ATTEMPTS; attempt++) {
      const [run] = await tx
        .insert(dnsAuditLog)
        .values({ runId: candidate, runType, triggeredBy, startedAt: sql`now()` })
        .onConflictDoNothing({ target: dnsAuditLog.runId })
        .returning();
      if (run) return ok({ run });
    }
    return fail(
      'BUSY',
      `no free run id after ${MAX_RUN_ID_ATTEMPTS} attempts: too many runs started at once`,
    );
  });
}

export const finishAuditRunInput = z.object({
  runId: auditRunIdSchema,
  domainsScanned: count4(),
  totalRecordsChecked: count4(),
  findings: storedJson(dnsAuditFindingsSchema),
  summary: storedJson(dnsAuditSummarySchema),
  /** The domains the run checked (with or without findings): each gets its audit state. */
  domains: z.array(domainNameSchema).max(10_000).optional(),
  /** Domains the run could not check (e.g. the Cloudflare API failed): audit status `error`. */
  failedDomains: z.array(domainNameSchema).max(10_000).optional(),
});
export const finishAuditRunErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ALREADY_FINISHED'] as const;

/** The audit state finishAuditRun recorded for one domain of dns_domain_config. */
export interface DomainAuditState {
  domain: string;
  status: (typeof auditStatusValues)[number];
}

/**
 * The status of each domain a run covered: `error` for a domain it could not check, `drift` for
 * one with a finding that was not healed (queued for approval or not), `pass` otherwise (no
 * findings, or every finding healed). Covered: `domains`, `failedDomains` and every finding's domain.
 */
function coveredDomains(
  input: Pick<z.output<typeof finishAuditRunInput>, 'domains' | 'failedDomains' | 'findings'>,
): Map<string, DomainAuditState['status']> {
  const status = new Map<string, DomainAuditState['status']>();
  for (const d of input.domains ?? []) status.set(d, 'pass');
  for (const f of input.findings) {
    const d = f.domain.trim().toLowerCase();
    if (!f.healed) status.set(d, 'drift');
    else if (!status.has(d)) status.set(d, 'pass');
  }
  for (const d of input.failedDomains ?? []) status.set(d, 'error');
  return status;
}

/**
 * Closes a run with its counts, findings and summary; a run is finished once (conditional UPDATE).
 * In the same transaction, every covered domain that is in dns_domain_config gets
 * `last_audit_at` = the run's `completed_at` and `last_audit_status` (see coveredDomains); domains
 * not configured are skipped. The config rows are locked in domain order (FOR NO KEY UPDATE), and a
 * domain whose `last_audit_at` is newer than this run's is left alone, so the newest run wins.
 * Snapshot runs (`run_type = 'snapshot'`) check no policies and record no audit state. `audited`
 * lists the domains written, in domain order.
 */
export async function finishAuditRun(
  db: AnyDb,
  input: z.input<typeof finishAuditRunInput>,
): Promise<Result<{ run: DnsAuditLog; audited: DomainAuditState[] }, (typeof finishAuditRunErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(finishAuditRunInput, input);
  if (!parsed.success) return parsed;
  const { runId, domains, failedDomains, ...result } = parsed.data;
  return transactionResult(db, async (tx) => {
    const [run] = await tx
      .update(dnsAuditLog)
      .set({ ...result, completedAt: sql`now()` })
      .where(and(eq(dnsAuditLog.runId, runId), isNull(dnsAuditLog.completedAt)))
      .returning();
    if (!run) {
      const [existing] = await tx
        .select({ id: dnsAuditLog.id })
        .from(dnsAuditLog)
        .where(eq(dnsAuditLog.runId, runId));
      return existing
        ? fail('ALREADY_FINISHED', `audit run ${runId} is already finished`)
        : fail('NOT_FOUND', `no audit run ${runId}`);
    }
    const covered = coveredDomains({ domains, failedDomains, findings: result.findings });
    if (run.runType === 'snapshot' || covered.size === 0) return ok({ run, audited: [] });
    // Lock first, in one canonical order, so concurrent finishers never wait on each other in a cycle.
    const locked = await tx
      .select({ domain: dnsDomainConfig.domain })
      .from(dnsDomainConfig)
      .where(inArray(dnsDomainConfig.domain, [...covered.keys()]))
      .orderBy(asc(dnsDomainConfig.domain))
      .for('no key update');
    const audited: DomainAuditState[] = [];
    for (const status of auditStatusValues) {
      const names = locked.map((l) => l.domain).filter((d) => covered.get(d) === status);
      if (names.length === 0) continue;
      const written = await tx
        .update(dnsDomainConfig)
        // now(): the transaction's start, exactly the completed_at just written.
        .set({ lastAuditAt: sql`now()`, lastAuditStatus: status })
        .where(
          and(
            inArray(dnsDomainConfig.domain, names),
            or(isNull(dnsDomainConfig.lastAuditAt), lte(dnsDomainConfig.lastAuditAt, sql`now()`)),
          ),
        )
        .returning({ domain: dnsDomainConfig.domain });
      for (const w of written) audited.push({ domain: w.domain, status });
    }
    audited.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
    return ok({ run, audited });
  });
}

export const recordDnsChangeInput = insertDnsChangeLogBaseSchema
  .omit({ id: true, createdAt: true })
  .superRefine(dnsChangeValuesRefinement);
export const recordDnsChangeErrors = [
  'INVALID_INPUT',
  'UNKNOWN_DOMAIN',
  'UNKNOWN_AUDIT_RUN',
  'UNKNOWN_POLICY',
] as const;

/**
 * Appends to the DNS change log (before_value null for create, after_value null for delete). The
 * domain must be in dns_domain_config and a given `auditRunId` / `policyId` must name an existing
 * run / policy, checked (and locked FOR KEY SHARE) in the same transaction as the insert.
 */
export async function recordDnsChange(
  db: AnyDb,
  input: z.input<typeof recordDnsChangeInput>,
): Promise<Result<{ change: DnsChangeLog }, (typeof recordDnsChangeErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordDnsChangeInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  return transactionResult(db, async (tx) => {
    const links = await lockDnsLinks(tx, data);
    if (!links.success) return links;
    const [change] = await tx.insert(dnsChangeLog).values(data).returning();
    return ok({ change: change! });
  });
}

export const recordSnapshotInput = z.object({
  domain: domainNameSchema,
  records: storedJson(z.array(z.record(z.string(), z.unknown()))),
  /** The domain's Cloudflare zone id, as the snapshot read it: stored on dns_domain_config. */
  cloudflareZoneId: z.string().trim().min(1).max(200).optional(),
});
export const recordSnapshotErrors = ['INVALID_INPUT', 'UNKNOWN_DOMAIN'] as const;

/**
 * Stores a raw Cloudflare snapshot of one domain of dns_domain_config (checked and locked FOR KEY
 * SHARE in the same transaction); record_count is the number of records. A given
 * `cloudflareZoneId` is written to the domain's `cloudflare_zone_id` in the same transaction
 * ("populated by dns_snapshot"; the latest snapshot wins); without one the stored id is kept.
 */
export async function recordSnapshot(
  db: AnyDb,
  input: z.input<typeof recordSnapshotInput>,
): Promise<Result<{ snapshot: DnsSnapshot }, (typeof recordSnapshotErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordSnapshotInput, input);
  if (!parsed.success) return parsed;
  const { domain, records, cloudflareZoneId } = parsed.data;
  return transactionResult(db, async (tx) => {
    // Without a run or policy, the only missing link can be the domain.
    const links = await lockDnsLinks(tx, { domain });
    if (!links.success) return fail('UNKNOWN_DOMAIN', links.message);
    if (cloudflareZoneId !== undefined)
      await tx
        .update(dnsDomainConfig)
        .set({ cloudflareZoneId })
        .where(
          and(
            eq(dnsDomainConfig.domain, domain),
            sql`${dnsDomainConfig.cloudflareZoneId} is distinct from ${cloudflareZoneId}`,
          ),
        );
    const [snapshot] = await tx
      .insert(dnsSnapshots)
      .values({ domain, records, recordCount: records.length })
      .returning();
    return ok({ snapshot: snapshot! });
  });
}

export const latestSnapshotsInput = noInput();
export const latestSnapshotsErrors = ['INVALID_INPUT'] as const;

/**
 * The newest snapshot of every domain: DISTINCT ON (domain) ordered by (domain, taken_at DESC),
 * which is exactly idx_dns_snapshots_domain_taken, so Postgres reads it in index order. Takes no
 * input (nothing or `{}`).
 */
export async function latestSnapshots(
  db: AnyDb,
  input: z.input<typeof latestSnapshotsInput> = {},
): Promise<Result<{ snapshots: DnsSnapshot[] }, (typeof latestSnapshotsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(latestSnapshotsInput, input);
  if (!parsed.success) return parsed;
  const snapshots = await db
    .selectDistinctOn([dnsSnapshots.domain])
    .from(dnsSnapshots)
    .orderBy(asc(dnsSnapshots.domain), sql`${dnsSnapshots.takenAt} desc`);
  return ok({ snapshots });
}
